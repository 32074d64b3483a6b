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
_UNSET = object()


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


def _connection(session_or_connection: Session | Connection) -> Connection:
    if isinstance(session_or_connection, Connection):
        return session_or_connection
    return session_or_connection.connection()


@contextmanager
def login_lookup(session: Session | Connection, email: str) -> Iterator[None]:
    """The one deliberate path around tenant scope (DESIGN.md §2): before sign-in no organization is
    known, so the ``users`` policy lets exactly the row with this e-mail through, for this lookup only."""
    connection = _connection(session)
    connection.execute(text("SELECT set_config('app.login_email', :e, true)"), {"e": email})
    try:
        yield
    finally:
        connection.execute(text("SELECT set_config('app.login_email', '', true)"))


@contextmanager
def outbox_letter(session: Session, letter_id) -> Iterator[None]:
    """The outbox's narrow path (migrations/versions/0005_outbox.py): a letter to an address whose
    recipient is decided at delivery (a password reset) belongs to no organization and to no known
    person yet, so its row is visible to whoever names its id — the delivery job that carries it —
    for this transaction only. Rows of organizations and of people are not affected by it."""
    connection = session.connection()
    connection.execute(text("SELECT set_config('app.outbox_id', :i, true)"), {"i": str(letter_id)})
    yield
    # Not reset when the body raised: the transaction then ends (and forgets the setting) with the job.
    connection.execute(text("SELECT set_config('app.outbox_id', '', true)"))
# The session lookup of every request, one statement: the function (migration 0008_speed) sets
# app.session_id for the rest of the transaction and returns the row with that id, if any; when the
# session is live it also sets app.user_id to its person (see person_set_by_lookup).
_SESSION_LOOKUP = text("SELECT * FROM session_of_token(:token_hash)")


def session_lookup():
    """The one path to a session before anyone is known (the cookie holds only a random token): the
    ``user_sessions`` policy lets the row whose id is the hash given as ``token_hash`` through, and
    only it. The hash stays set for the rest of the transaction, so the request may update its own
    session before its scope is known (an expired session is ended). Use with the ORM's
    ``session_lookup`` option."""
    return _SESSION_LOOKUP


@contextmanager
def creating_user(session: Session | Connection, user_id) -> Iterator[None]:
    """The one path by which a person's row is inserted (the ``users`` INSERT policy requires it):
    accounts.services.create_user, which an accepted invitation and the platform admin's command use.
    Flush inside the block."""
    connection = _connection(session)
    connection.execute(text("SELECT set_config('app.new_user_id', :u, true)"), {"u": str(user_id)})
    try:
        yield
    finally:
        connection.execute(text("SELECT set_config('app.new_user_id', '', true)"))


def person_scope_on(connection: Connection, user_id) -> None:
    """A person's own scope for the transaction of a connection outside the ORM session (the owner
    role's connection of a command-line provisioning step)."""
    apply_scope(connection, TenantScope(user_id=user_id))


def ensure_applied(session: Session) -> None:
    """Bring the transaction's settings to the current scope, if they differ: one statement, and only
    when a statement is about to run under a scope the transaction does not carry yet. A request that
    switches scope without querying in between pays nothing for it."""
    connection = session.connection()  # begins the transaction (which starts with no settings) if needed
    scope = current_scope()
    if session.info.get(_APPLIED, _UNSET) == scope:
        return
    apply_scope(connection, scope)
    session.info[_APPLIED] = scope


def mark_applied(session: Session, scope: TenantScope | None) -> None:
    """A statement set the settings of ``scope`` itself (the session lookup of a request sets the
    person): nothing needs to be sent for it."""
    session.info[_APPLIED] = scope


def person_set_by_lookup(session: Session, user_id) -> None:
    """The session lookup found a live session: the transaction now carries its person's scope."""
    mark_applied(session, TenantScope(user_id=user_id))


def install(get_session, session_class=Session) -> None:
    """Keep the transaction's settings equal to the scope under which each statement runs.

    A new transaction starts with no settings, which is the empty scope; the settings are sent just
    before the first statement (a query through the session, or a flush) that runs under another
    scope, and again only when the scope has really changed since."""

    @event.listens_for(session_class, "after_begin")
    def _on_begin(session: Session, transaction, connection: Connection) -> None:
        if not transaction.nested:
            session.info[_APPLIED] = None  # set_config(..., true) settings end with the transaction

    @event.listens_for(session_class, "after_transaction_end")
    def _on_transaction_end(session: Session, transaction) -> None:
        # A rolled-back savepoint also rolls back set_config: the settings are unknown until re-sent.
        if transaction.nested or transaction.parent is None:
            session.info.pop(_APPLIED, None)

    @event.listens_for(session_class, "do_orm_execute")
    def _before_statement(state) -> None:
        ensure_applied(state.session)

    @event.listens_for(session_class, "before_flush")
    def _before_flush(session: Session, flush_context, instances) -> None:
        if session.new or session.dirty or session.deleted:
            ensure_applied(session)

    def _before_change() -> None:
        session = get_session()
        if session is not None and (session.new or session.dirty or session.deleted):
            session.flush()

    on_scope_change(before=_before_change)
