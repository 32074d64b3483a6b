"""Server-side sessions (ASVS 7.x): the browser holds a random token; the server holds its hash and
can end it at once — on logout, deactivation, a password change — and enforces idle and absolute
timeouts, stricter for privileged roles."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Boolean, String, Uuid, column, exists, select, table, text, update
from sqlalchemy.dialects.postgresql import ARRAY

from app.accounts.models import User, UserSession
from app.core.extensions import db
from app.core.models import utcnow
from app.core.roles import PRIVILEGED_ROLES
from tenants.rls import person_set_by_lookup, session_lookup
from tenants.switches import as_person

# The orgs feature's memberships, named by string (accounts sits below orgs).
_memberships = table("memberships", column("user_id", Uuid), column("roles", ARRAY(String(32))),
                     column("is_active", Boolean))

# last_seen_at is written at most this often, to keep reads cheap.
_TOUCH_EVERY = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User, ip: str | None, user_agent: str | None) -> str:
    token = secrets.token_urlsafe(32)
    # A new session starts in the organization the person was in last (no query: the row is loaded).
    db.session.add(UserSession(id=_hash(token), user_id=user.id, ip=ip, user_agent=(user_agent or "")[:300],
                               last_seen_at=utcnow(), current_org_id=user.last_org_id))
    return token


def is_privileged(user: User) -> bool:
    if user.is_platform_admin:
        return True
    known = getattr(user, "privileged", None)  # computed by the person loader of the request
    if known is not None:
        return known
    with as_person(user.id):
        return bool(db.session.scalar(select(exists().where(
            _memberships.c.user_id == user.id, _memberships.c.is_active.is_(True),
            _memberships.c.roles.overlap(sorted(r.value for r in PRIVILEGED_ROLES))))))


def limits(privileged: bool) -> tuple[timedelta, timedelta]:
    cfg = current_app.config
    if privileged:
        return (timedelta(minutes=cfg["PRIVILEGED_SESSION_IDLE_MINUTES"]),
                timedelta(hours=cfg["PRIVILEGED_SESSION_ABSOLUTE_HOURS"]))
    return timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]), timedelta(hours=cfg["SESSION_ABSOLUTE_HOURS"])


def expired(session: UserSession, privileged: bool, now: datetime) -> bool:
    idle, absolute = limits(privileged)
    return now - session.last_seen_at > idle or now - session.created_at > absolute


# Built once (a statement built per request costs its building and its cache key).
_FIND = select(UserSession).from_statement(session_lookup()).execution_options(session_lookup=True)


def find(token: str) -> UserSession | None:
    """The session of a cookie token: one statement, through the named lookup by the token's hash
    (tenants/rls.py session_lookup), before anyone is known."""
    session = db.session.scalars(_FIND, {"token_hash": _hash(token)}).one_or_none()
    if session is not None and session.revoked_at is None:
        person_set_by_lookup(db.session(), session.user_id)
    return session


def init_app(app, load_person=None) -> None:
    """``load_person(user_id) -> User`` loads the signed-in person of a request (orgs gives one that
    brings their memberships in the same query, and sets ``user.privileged``); by default, the row."""
    app.extensions["nastavnik.load_person"] = load_person


def resolve(token: str) -> tuple[User, UserSession] | None:
    """The live session and its user for a cookie token, or None (and the session is ended)."""
    session = find(token)
    if session is None or session.revoked_at is not None:
        return None
    load = current_app.extensions.get("nastavnik.load_person")
    with as_person(session.user_id):  # a person reads their own record
        user = load(session.user_id) if load else db.session.get(User, session.user_id)
    if user is None or not user.is_active:
        return None
    now = utcnow()
    if expired(session, is_privileged(user), now):
        session.revoked_at = now  # kept by the access layer's commit of the session's activity
        return None
    if now - session.last_seen_at > _TOUCH_EVERY:
        session.last_seen_at = now
    return user, session


def revoke(token_or_session: str | UserSession) -> None:
    session = token_or_session if isinstance(token_or_session, UserSession) else find(token_or_session)
    if session is not None and session.revoked_at is None:
        session.revoked_at = utcnow()


def revoke_all(user_id: uuid.UUID, keep: UserSession | None = None) -> int:
    """End every session of a person (but ``keep``). Sessions are visible only in their person's own
    scope, so this runs there, whoever asked (deactivation by an admin, a password change...)."""
    stmt = (update(UserSession)
            .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow()))
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    with as_person(user_id):
        return db.session.execute(stmt).rowcount


def purge_older_than(cutoff: datetime) -> int:
    """Delete sessions that ended or started before ``cutoff`` (periodic job). The app role deletes no
    session itself: the owner-defined function does, and only sessions dead for more than a day."""
    return db.session.execute(text("SELECT purge_user_sessions(:cutoff)"), {"cutoff": cutoff}).scalar_one()


def active_of(user: User) -> list[UserSession]:
    """The person's live sessions, the latest activity first (the "my sessions" page): one query."""
    with as_person(user.id):
        rows = db.session.scalars(select(UserSession).where(
            UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
            .order_by(UserSession.last_seen_at.desc())).all()
    now, privileged = utcnow(), is_privileged(user)
    return [s for s in rows if not expired(s, privileged, now)]


def own_by_public_id(user: User, public_id: uuid.UUID) -> UserSession | None:
    """One of the person's own live sessions by the id the page shows, else None (also for another
    person's id: the person's scope sees only their own)."""
    with as_person(user.id):
        return db.session.scalars(select(UserSession).where(
            UserSession.user_id == user.id, UserSession.public_id == public_id,
            UserSession.revoked_at.is_(None))).one_or_none()
