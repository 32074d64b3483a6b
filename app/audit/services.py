"""Writing and reading the audit trail (152-ФЗ ст. 19, ASVS V16): who, when, which org, which object
(and its name at the time), what action and what changed, from which address. Every feature records
its events here."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, String, Uuid, column, select, table

from app.audit.models import AuditEvent
from app.core.extensions import db
from app.core.http import CLIENT_IP
from app.core.pagination import Keys, Window, keyset_page
from tenants.scope import current_scope, require_scope
from tenants.switches import as_person

# The actor's name is read from the accounts feature's table by name (audit sits below accounts).
_users = table("users", column("id", Uuid), column("full_name", String))

# Views of personal records: logged every time (152-ФЗ ст. 19), shown in the log only when asked for.
VIEW_ACTIONS = frozenset({"view"})
PER_PAGE = 50
# The log counts its events up to this many (a count never scans an organization's whole trail);
# past it the page says «more than», and the period or the other filters narrow the search.


def _actor_name(user_id: uuid.UUID) -> str | None:
    return db.session.scalar(select(_users.c.full_name).where(_users.c.id == user_id))


def record(action: str, object_type: str, object_id: uuid.UUID | str | None = None,
           *, object_name: str | None = None, details: dict | None = None, tenant: bool = True) -> AuditEvent:
    """Append an event in the current transaction. ``object_name`` is the object's name as it is now
    (a person's name, an invitation's e-mail, an organization's short name): the log shows it as it
    was. ``tenant=False`` is for a person's own account events (sign-in, password change), which
    belong to no organization."""
    scope = current_scope()
    event = AuditEvent(
        municipality_id=scope.municipality_id if (scope and tenant) else None,
        org_id=scope.org_id if (scope and tenant) else None,
        actor_id=scope.user_id if scope else None,
        actor_name=_actor_name(scope.user_id) if scope and scope.user_id else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        object_name=object_name[:300] if object_name else None,
        ip=CLIENT_IP.get(),
        details=details or {},
    )
    db.session.add(event)
    if not tenant and scope is not None and scope.org_id is not None and scope.user_id is not None:
        # A person's own account event seen from inside an organization: written (and read back) in the
        # person's own scope, the only one that sees account events.
        with as_person(scope.user_id):
            db.session.flush()
    else:
        db.session.flush()  # written under the scope it was recorded in (RLS checks the row now)
    return event


@dataclass(frozen=True)
class LogFilter:
    """What the reader of an organization's log asks for; every part is optional."""

    actor: str | None = None  # a part of the actor's name, any case
    action: str | None = None
    since: datetime | None = None  # from this moment on
    until: datetime | None = None  # before this moment
    include_views: bool = False  # views of personal records


def log_statement(org_id: uuid.UUID, log_filter: LogFilter) -> Select:
    """An organization's events under ``log_filter``, newest first. Plain conditions on the event's
    own columns and a total order (at, id) that ix_audit_events_org_at_id holds: a keyset cursor
    (at, id) < (:at, :id) can replace the OFFSET without touching the rest."""
    stmt = select(AuditEvent).where(AuditEvent.org_id == org_id)
    if log_filter.actor:
        stmt = stmt.where(AuditEvent.actor_name.icontains(log_filter.actor, autoescape=True))
    if log_filter.action:
        stmt = stmt.where(AuditEvent.action == log_filter.action)
    elif not log_filter.include_views:
        stmt = stmt.where(AuditEvent.action.not_in(VIEW_ACTIONS))
    if log_filter.since is not None:
        stmt = stmt.where(AuditEvent.at >= log_filter.since)
    if log_filter.until is not None:
        stmt = stmt.where(AuditEvent.at < log_filter.until)
    return stmt


# Newest first: ix_audit_events_org_at_id (org_id, at DESC, id DESC).
LOG_ORDER = Keys(((AuditEvent.at, lambda e: e.at), (AuditEvent.id, lambda e: e.id)), descending=True)


def log_page(log_filter: LogFilter) -> Window:
    """The page of the current organization's own events (its staff administrators read them) that
    the request asks for, with the number of events found (at most COUNT_CAP)."""
    scope = require_scope()
    return keyset_page(log_statement(scope.org_id, log_filter), LOG_ORDER, per_page=PER_PAGE)
