"""Writing the audit trail: who, when, which org, which object, what action, from which address."""
from __future__ import annotations

import uuid
from contextvars import ContextVar

from app.extensions import db
from app.models.accounts import User
from app.models.audit import AuditEvent
from tenants.scope import current_scope

# Set by the web layer for each request; jobs leave it empty.
client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def record(action: str, object_type: str, object_id: uuid.UUID | str | None = None,
           *, details: dict | None = None, tenant: bool = True) -> AuditEvent:
    """Append an event in the current transaction. ``tenant=False`` is for a person's own account
    events (sign-in, password change), which belong to no organization."""
    scope = current_scope()
    actor = db.session.get(User, scope.user_id) if scope and scope.user_id else None
    event = AuditEvent(
        municipality_id=scope.municipality_id if (scope and tenant) else None,
        org_id=scope.org_id if (scope and tenant) else None,
        actor_id=scope.user_id if scope else None,
        actor_name=actor.full_name if actor else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        ip=client_ip.get(),
        details=details or {},
    )
    db.session.add(event)
    db.session.flush()  # written under the scope it was recorded in (RLS checks the row now)
    return event
