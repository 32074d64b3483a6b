"""Jobs of the consent ledger: the daily destruction sweeper (a system job, worker/cron_config.py) and
the destruction of one consent's data in its school's scope. Each is idempotent."""
from __future__ import annotations

import uuid
from datetime import date

from app.consents import destruction
from worker.context import scoped_job


@scoped_job
def sweep_destructions() -> int:
    """Enqueue the destruction of the withdrawn consents due today (152-ФЗ ст. 21 ч. 5)."""
    return destruction.sweep()


@scoped_job
def destroy_consent(consent_id: str, today: str) -> bool:
    return destruction.destroy(uuid.UUID(consent_id), date.fromisoformat(today)) is not None
