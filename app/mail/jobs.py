"""Jobs of the outbox. Each is idempotent and runs under the scope it was enqueued with."""
from __future__ import annotations

import uuid

from app.mail import services
from worker.context import scoped_job


@scoped_job
def deliver_email(message_id: str) -> bool:
    return services.deliver(uuid.UUID(message_id))


@scoped_job
def sweep_outbox() -> int:
    """A system job (worker/cron_config.py, every minute and at every worker start): enqueue the
    letters that are due and not yet delivered — those whose enqueue after commit failed (Redis was
    down), whose retries ran out, whose worker died."""
    return services.sweep()
