"""Jobs of the staff-file import (app/teachers/imports.py). Each runs under the scope it was enqueued
with and is idempotent: a batch already written, or an import already finished, does nothing."""
from __future__ import annotations

import uuid

from app.teachers import imports
from worker.context import scoped_job


@scoped_job
def run_import(import_id: str, offset: int) -> bool:
    """Write one batch of a confirmed import (one transaction) and enqueue the next."""
    return imports.run_batch(uuid.UUID(import_id), int(offset))


@scoped_job
def sweep_imports() -> int:
    """A system job (worker/cron_config.py, every minute and at every worker start): enqueue again the
    confirmed imports that show no progress (their enqueue failed, their worker died)."""
    return imports.sweep()


@scoped_job
def sweep_stale_drafts() -> int:
    """A system job (worker/cron_config.py, hourly): the expiry of the drafts nobody confirmed."""
    return imports.sweep_stale_drafts()


@scoped_job
def expire_draft(import_id: str) -> bool:
    """Clear one unconfirmed draft's file and values, in its school's scope."""
    return imports.expire_draft(uuid.UUID(import_id))
