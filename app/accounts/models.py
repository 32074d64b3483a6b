"""People and their server-side sessions. A person is a global identity (one person may belong to
several organizations, DESIGN.md §1); what others may see of them goes through memberships, which
the orgs feature keeps: the criteria below name that table by string, so accounts imports no orgs."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table, Uuid, column, exists,
                        table)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, TimestampMixin, new_id, utcnow
from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing

_memberships = table("memberships", column("user_id", Uuid), column("org_id", Uuid))


class User(IdMixin, TimestampMixin, db.Model):
    """A person. Global identity: one person may belong to several organizations (DESIGN.md §1);
    what others may see of them goes through memberships."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    totp_secret: Mapped[str | None] = mapped_column(String(255), nullable=True)  # sealed (app/accounts/sealed.py)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(nullable=True)  # replay guard
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The organization the person was in last: the next sign-in lands there (accounts/current.py).
    last_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)

    # The sign-in lookup by e-mail may read this model without a scope (tenants/rls.py login_lookup).
    __login_lookup__ = True

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        # Mirrors the RLS policy: the person themself, and the people with a membership visible in
        # the scope (the current organization's staff).
        return when_set((scope.user_id, lambda user: cls.id == user),
                        (scope.org_id, lambda org: exists().where(
                            _memberships.c.user_id == cls.id, _memberships.c.org_id == org)))

    # Flask-Login: the id kept in the cookie is the server-side session token, not the user id, so
    # ending the session on the server ends it for the browser (the "alternative token" pattern).
    session_token = None
    # Whether the person holds a role that requires the second factor, when the request's person
    # loader computed it with their memberships (app/orgs/people.py); None: not known yet.
    privileged = None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None


def _own_rows_only(obj, scope: TenantScope) -> None:
    """A person's own rows (sessions, recovery codes) are written in that person's scope."""
    if scope.user_id is None or obj.user_id != scope.user_id:
        raise TenantScopeMissing(f"{type(obj).__name__} written outside its person's own scope")


class UserSession(TimestampMixin, db.Model):
    """A server-side session: the cookie holds only its random token, so the server can end it.

    Under row-level security (migration 0006_accounts): a request reads its own session by the hash of
    its token (tenants/rls.py session_lookup), a person reads their own sessions in their own scope."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user", "user_id"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie token
    # What the person's "my sessions" page names a session by (the id is the lookup key: never shown).
    public_id: Mapped[uuid.UUID] = mapped_column(Uuid, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    second_factor_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(300), nullable=True)
    current_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)

    # The session lookup of a request may read this model without a scope (tenants/rls.py session_lookup).
    __session_lookup__ = True

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.user_id, lambda user: cls.user_id == user))

    __tenant_stamp__ = staticmethod(_own_rows_only)


class RecoveryCode(IdMixin, TimestampMixin, db.Model):
    """A one-time code that stands in for a lost second factor: stored hashed, used once, visible in
    its person's own scope only (row-level security, migration 0006_accounts)."""

    __tablename__ = "recovery_codes"
    __table_args__ = (Index("ix_recovery_codes_user", "user_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.user_id, lambda user: cls.user_id == user))

    __tenant_stamp__ = staticmethod(_own_rows_only)


# Counters of failed attempts while Redis is down (app/accounts/throttle.py). UNLOGGED: losing them in
# a crash only forgets some failures. Keys are keyed hashes of (purpose, kind, value): no personal
# data, hence no row-level security.
throttle_counters = Table(
    "throttle_counters", db.metadata,
    Column("key", String(64), primary_key=True),
    Column("hits", Integer, nullable=False),
    Column("blocked_until", DateTime(timezone=True), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    prefixes=["UNLOGGED"],
)
