"""Jobs of the outbox. Each is idempotent and runs under the scope it was enqueued with."""
from __future__ import annotations

import uuid

from app.mail import services
from worker.context import scoped_job


@scoped_job
def deliver_email(message_id: str) -> bool:
    return services.deliver(uuid.UUID(message_id))
