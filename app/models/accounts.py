"""People, their memberships and roles in organizations, invitations and server-side sessions."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (ARRAY, Boolean, DateTime, ForeignKey, ForeignKeyConstraint, Index, String,
                        UniqueConstraint, Uuid, select)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import IdMixin, OrgOwned, TimestampMixin, utcnow
from app.models.orgs import OrgKind, Organization
from tenants.orm import when_set
from tenants.scope import TenantScope


class Role(str, enum.Enum):
    """Roles of DESIGN.md §1. The platform admin is a flag on the user, not a membership."""

    director = "director"
    curator = "curator"
    methodist = "methodist"
    school_admin = "school_admin"
    teacher = "teacher"
    municipal_officer = "municipal_officer"
    network_coordinator = "network_coordinator"
    partner_coordinator = "partner_coordinator"
    external_mentor = "external_mentor"


ROLES_BY_KIND: dict[OrgKind, tuple[Role, ...]] = {
    OrgKind.school: (Role.director, Role.curator, Role.methodist, Role.school_admin, Role.teacher),
    OrgKind.municipal: (Role.municipal_officer, Role.network_coordinator),
    OrgKind.partner: (Role.partner_coordinator, Role.external_mentor),
}

# Roles whose accounts must have a second factor and get the stricter session limits.
PRIVILEGED_ROLES = frozenset({Role.director, Role.curator, Role.municipal_officer, Role.network_coordinator})

# Roles that keep their organization's staff list (invite, change roles, deactivate).
STAFF_ADMIN_ROLES = frozenset({Role.director, Role.school_admin, Role.municipal_officer,
                               Role.partner_coordinator})

# Roles that may be the first account of a new organization, by kind.
FIRST_ACCOUNT_ROLES: dict[OrgKind, tuple[Role, ...]] = {
    OrgKind.school: (Role.director, Role.curator, Role.school_admin),
    OrgKind.partner: (Role.partner_coordinator,),
    OrgKind.municipal: (Role.municipal_officer, Role.network_coordinator),
}


class User(IdMixin, TimestampMixin, db.Model):
    """A person. Global identity: one person may belong to several organizations (DESIGN.md §1);
    what others may see of them goes through memberships."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(nullable=True)  # replay guard
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    # The sign-in lookup by e-mail may read this model without a scope (tenants/rls.py login_lookup).
    __login_lookup__ = True

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        # Mirrors the RLS policy: the person themself, and the people with a membership visible in
        # the scope (the current organization's staff).
        return when_set((scope.user_id, lambda user: cls.id == user),
                        (scope.org_id, lambda org: cls.id.in_(
                            select(Membership.user_id).where(Membership.org_id == org))))

    # Flask-Login: the id kept in the cookie is the server-side session token, not the user id, so
    # ending the session on the server ends it for the browser (the "alternative token" pattern).
    session_token = None

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


class Membership(IdMixin, TimestampMixin, OrgOwned, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("org_id", "user_id", name="uq_memberships_org_user"),
        ForeignKeyConstraint(["org_id", "municipality_id"],
                             ["organizations.id", "organizations.municipality_id"],
                             name="fk_memberships_org_municipality"),
        Index("ix_memberships_user", "user_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    position: Mapped[str | None] = mapped_column(String(200), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    organization: Mapped[Organization] = relationship(lazy="joined", innerjoin=True,
                                                      foreign_keys="Membership.org_id")

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        # Mirrors the RLS policy: the current org's memberships, and the acting person's own.
        return when_set((scope.org_id, lambda org: cls.org_id == org),
                        (scope.user_id, lambda user: cls.user_id == user))

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r) for r in self.roles)

    def has_any(self, roles) -> bool:
        return bool(self.role_set & frozenset(roles))


class Invitation(IdMixin, TimestampMixin, OrgOwned, db.Model):
    """An e-mailed, single-use, expiring link to join an organization with given roles."""

    __tablename__ = "invitations"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"],
                             ["organizations.id", "organizations.municipality_id"],
                             name="fk_invitations_org_municipality"),
        Index("ix_invitations_org_created", "org_id", "created_at"),
    )

    email: Mapped[str] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()


class UserSession(TimestampMixin, db.Model):
    """A server-side session: the cookie holds only its random id, so the server can end it."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user", "user_id"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie token
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    second_factor_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(300), nullable=True)
    current_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
