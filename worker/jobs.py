"""Job functions. Each is idempotent and runs under the scope it was enqueued with."""
from __future__ import annotations

import uuid
from datetime import timedelta

from app.models.base import utcnow
from worker.context import scoped_job


@scoped_job
def deliver_email(message_id: str) -> bool:
    from app.services import mail

    return mail.deliver(uuid.UUID(message_id))


@scoped_job
def purge_sessions() -> int:
    """Periodic: forget sessions that ended more than a week ago (user_sessions is not a tenant table)."""
    from app.services import sessions

    return sessions.purge_older_than(utcnow() - timedelta(days=7))
