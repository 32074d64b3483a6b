"""Database layer of isolation: the scope reaches PostgreSQL once per transaction.

``set_config(name, value, true)`` is local to the transaction, so a pooled connection never carries
one request's scope into the next (a plain ``SET`` would, and so would PgBouncer's transaction mode).
Policies read the values with ``NULLIF(current_setting(name, true), '')``: unset means no rows.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tenants.scope import TenantScope, current_scope, on_scope_change

SETTINGS = ("app.user_id", "app.municipality_id", "app.org_id")

_APPLY = text(
    "SELECT set_config('app.user_id', :user_id, true),"
    " set_config('app.municipality_id', :municipality_id, true),"
    " set_config('app.org_id', :org_id, true)"
)


_APPLIED = "tenant_scope_applied"


def apply_scope(connection: Connection, scope: TenantScope | None) -> None:
    values = scope.as_dict() if scope else {}
    connection.execute(
        _APPLY,
        {
            "user_id": values.get("user_id") or "",
            "municipality_id": values.get("municipality_id") or "",
            "org_id": values.get("org_id") or "",
        },
    )


@contextmanager
def login_lookup(session: Session, email: str) -> Iterator[None]:
    """The one deliberate path around tenant scope (DESIGN.md §2): before sign-in no organization is
    known, so the ``users`` policy lets exactly the row with this e-mail through, for this lookup only."""
    connection = session.connection()
    connection.execute(text("SELECT set_config('app.login_email', :e, true)"), {"e": email})
    try:
        yield
    finally:
        connection.execute(text("SELECT set_config('app.login_email', '', true)"))


@contextmanager
def outbox_letter(session: Session, letter_id) -> Iterator[None]:
    """The outbox's narrow path (migrations/versions/0003_outbox.py): a letter to an address whose
    recipient is decided at delivery (a password reset) belongs to no organization and to no known
    person yet, so its row is visible to whoever names its id — the delivery job that carries it —
    for this transaction only. Rows of organizations and of people are not affected by it."""
    connection = session.connection()
    connection.execute(text("SELECT set_config('app.outbox_id', :i, true)"), {"i": str(letter_id)})
    yield
    # Not reset when the body raised: the transaction then ends (and forgets the setting) with the job.
    connection.execute(text("SELECT set_config('app.outbox_id', '', true)"))


def install(get_session, session_class=Session) -> None:
    """Apply the scope at the start of every transaction and again whenever the scope changes."""

    @event.listens_for(session_class, "after_begin")
    def _on_begin(session: Session, transaction, connection: Connection) -> None:
        scope = current_scope()
        apply_scope(connection, scope)
        session.info[_APPLIED] = scope

    @event.listens_for(session_class, "after_transaction_end")
    def _on_savepoint_end(session: Session, transaction) -> None:
        # A rolled-back savepoint also rolls back set_config: apply again at the next change.
        if transaction.nested:
            session.info.pop(_APPLIED, None)

    def _before_change() -> None:
        session = get_session()
        if session is not None and (session.new or session.dirty or session.deleted):
            session.flush()

    def _on_change(scope: TenantScope | None) -> None:
        session = get_session()
        if session is None or not session.in_transaction() or session.info.get(_APPLIED) == scope:
            return  # the transaction already carries this scope
        apply_scope(session.connection(), scope)
        session.info[_APPLIED] = scope

    on_scope_change(_on_change, before=_before_change)
