"""Writing the audit trail (152-ФЗ ст. 19, ASVS V16): who, when, which org, which object, what
action, from which address. Every feature records its events here."""
from __future__ import annotations

import uuid

from sqlalchemy import Uuid, String, column, select, table

from app.audit.models import AuditEvent
from app.core.extensions import db
from app.core.http import CLIENT_IP
from app.core.pagination import paginate
from tenants.scope import current_scope

# The actor's name is read from the accounts feature's table by name (audit sits below accounts).
_users = table("users", column("id", Uuid), column("full_name", String))


def _actor_name(user_id: uuid.UUID) -> str | None:
    return db.session.scalar(select(_users.c.full_name).where(_users.c.id == user_id))


def record(action: str, object_type: str, object_id: uuid.UUID | str | None = None,
           *, details: dict | None = None, tenant: bool = True) -> AuditEvent:
    """Append an event in the current transaction. ``tenant=False`` is for a person's own account
    events (sign-in, password change), which belong to no organization."""
    scope = current_scope()
    event = AuditEvent(
        municipality_id=scope.municipality_id if (scope and tenant) else None,
        org_id=scope.org_id if (scope and tenant) else None,
        actor_id=scope.user_id if scope else None,
        actor_name=_actor_name(scope.user_id) if scope and scope.user_id else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        ip=CLIENT_IP.get(),
        details=details or {},
    )
    db.session.add(event)
    db.session.flush()  # written under the scope it was recorded in (RLS checks the row now)
    return event


def page(page: int, per_page: int = 50):
    """An organization's own events, newest first (its admins read them)."""
    scope = current_scope()
    stmt = (select(AuditEvent).where(AuditEvent.org_id == scope.org_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    return paginate(stmt, page, per_page)
