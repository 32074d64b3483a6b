"""Municipalities (the customer, a hard boundary), organizations (the tenants), the memberships of
people in them with their roles, and invitations."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (ARRAY, Boolean, CheckConstraint, Computed, DateTime, Enum, ForeignKey, ForeignKeyConstraint,
                        Index, Integer, SmallInteger, String, Text, UniqueConstraint, Uuid, event, or_, select, text)
from sqlalchemy.orm import Mapped, mapped_column, object_session, query_expression, relationship

from app.accounts.models import User
from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, TimestampMixin, utcnow
from app.core.roles import OrgKind, Role
from tenants.orm import first_set, when_set
from tenants.scope import TenantScope, TenantScopeMissing


class PartnerKind(str, enum.Enum):
    university = "university"
    college = "college"
    culture_sport = "culture_sport"
    continuing_education = "continuing_education"
    enterprise = "enterprise"
    other = "other"


class Municipality(IdMixin, TimestampMixin, db.Model):
    """Platform table: created by the platform admin; holds no personal data."""

    __tablename__ = "municipalities"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(63), unique=True)

    organizations: Mapped[list["Organization"]] = relationship(back_populates="municipality", viewonly=True)


class Organization(IdMixin, TimestampMixin, db.Model):
    """A tenant. Its directory row (names, kind, slug) is visible across its municipality, so that
    schools can find each other and partners for network mentoring (DESIGN.md §5); everything the
    organization owns is visible to it alone."""

    __tablename__ = "organizations"
    __table_args__ = (
        UniqueConstraint("municipality_id", "short_name", name="uq_organizations_municipality_short_name"),
        # Target of the composite foreign keys that keep (org_id, municipality_id) of owned rows consistent.
        UniqueConstraint("id", "municipality_id", name="uq_organizations_id_municipality"),
        # A school (or the department) never carries a kind of partner (migration 0003).
        CheckConstraint("partner_kind IS NULL OR kind = 'partner'", name="ck_organizations_partner_kind"),
        # Archived <=> not active: the archive keeps the organization and says since when.
        CheckConstraint("(archived_at IS NULL) = is_active", name="ck_organizations_archived"),
        # The municipality's list and keyset pagination: kind, natural order of names, id.
        Index("ix_organizations_municipality_sort", "municipality_id", "kind", "sort_key", "id"),
        # The requisites' formats (migration 0011_requisites); their checksums are the service's.
        CheckConstraint("inn ~ '^[0-9]{10}$'", name="ck_organizations_inn"),
        CheckConstraint("ogrn ~ '^[0-9]{13}$'", name="ck_organizations_ogrn"),
        CheckConstraint("document_font_size BETWEEN 10 AND 16", name="ck_organizations_document_font_size"),
    )

    municipality_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("municipalities.id"))
    kind: Mapped[OrgKind] = mapped_column(Enum(OrgKind, name="org_kind", native_enum=False, length=20))
    partner_kind: Mapped[PartnerKind | None] = mapped_column(
        Enum(PartnerKind, name="partner_kind", native_enum=False, length=30), nullable=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(120))
    # URL slugs route requests (/<slug>/…), so they are unique platform-wide; a slug names a school,
    # which is public information, and an unknown slug and a foreign one answer the same 404.
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    # Archived organizations stay (history, legal records): is_active False since archived_at; they
    # leave the switcher and their members cannot enter; the municipality may restore them.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # How many active members hold the head role (director, partner coordinator, municipal officer):
    # an aggregate without personal data, kept by a trigger on memberships (migration 0003), so that
    # the municipality knows whether to invite a head without seeing the school's staff.
    active_heads: Mapped[int] = mapped_column(Integer, server_default="0")
    # Natural order of names («№1, №5, №11»): lower-cased, ё as е, digit runs zero-padded, compared
    # byte-wise; computed by PostgreSQL (natural_sort_key(), migration 0003), no ICU needed.
    sort_key: Mapped[str] = mapped_column(Text(collation="C"), Computed("natural_sort_key(short_name)",
                                                                        persisted=True))

    # The requisites its documents print (app/orgs/requisites.py); written only in its own scope
    # (the trigger of migration 0011_requisites).
    address: Mapped[str | None] = mapped_column(String(500), nullable=True)
    locality: Mapped[str | None] = mapped_column(String(200), nullable=True)
    inn: Mapped[str | None] = mapped_column(String(10), nullable=True)
    ogrn: Mapped[str | None] = mapped_column(String(13), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(50), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    document_font: Mapped[str | None] = mapped_column(String(100), nullable=True)
    document_font_size: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)

    municipality: Mapped[Municipality] = relationship(back_populates="organizations")

    # The open invitation of a head that the acting department sent: filled only by the department's
    # list of organizations (app/orgs/services.py ``municipality_organizations``), in its one query.
    head_invitation_id: Mapped[uuid.UUID | None] = query_expression()
    head_invitation_email: Mapped[str | None] = query_expression()
    head_invitation_until: Mapped[datetime | None] = query_expression()

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        # Mirrors the RLS policy (migration 0008_speed): the municipality's directory, or, in a
        # person's own scope, the organizations they belong to.
        return first_set((scope.municipality_id, lambda municipality: cls.municipality_id == municipality),
                         (scope.user_id, lambda user: cls.id.in_(
                             select(Membership.org_id).where(Membership.user_id == user))))

    @staticmethod
    def __tenant_stamp__(obj: "Organization", scope: TenantScope) -> None:
        if scope.municipality_id is None or obj.municipality_id not in (None, scope.municipality_id):
            raise TenantScopeMissing("an organization is created inside the current municipality only")
        obj.municipality_id = scope.municipality_id


class Membership(IdMixin, TimestampMixin, OrgOwned, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("org_id", "user_id", name="uq_memberships_org_user"),
        ForeignKeyConstraint(["org_id", "municipality_id"],
                             ["organizations.id", "organizations.municipality_id"],
                             name="fk_memberships_org_municipality"),
        Index("ix_memberships_user", "user_id"),
        # The staff list's order and its keyset pages (migration 0008_speed).
        Index("ix_memberships_org_staff_order", "org_id", text("(NOT is_active)"), "sort_name", "id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"))
    # The person's name as the staff list sorts it (name_key), kept here so that one index serves the
    # list; written when the membership is created (below). A later change of a person's name must
    # write it too.
    sort_name: Mapped[str] = mapped_column(String(200, collation="C"))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    position: Mapped[str | None] = mapped_column(String(200), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    # Loaded when asked for (a page that lists people joins them itself): a list of one organization's
    # staff needs neither the organization again on every row nor a join it does not use.
    user: Mapped[User] = relationship()
    organization: Mapped[Organization] = relationship(foreign_keys="Membership.org_id")

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        # Mirrors the RLS policy (migration 0008_speed): the current organization's memberships, or,
        # in a person's own scope, their own.
        return first_set((scope.org_id, lambda org: cls.org_id == org),
                         (scope.user_id, lambda user: cls.user_id == user))

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r) for r in self.roles)

    def has_any(self, roles) -> bool:
        return bool(self.role_set & frozenset(roles))


def name_key(full_name: str) -> str:
    """A name's key in the staff list: lower case, ё as е (byte order then sorts Russian names as the
    alphabet does; migration 0008_speed writes the same in SQL)."""
    return full_name.replace("ё", "е").replace("Ё", "Е").lower()


@event.listens_for(Membership, "before_insert")
def _sort_name(mapper, connection, membership: Membership) -> None:
    """The creator of a membership has the person at hand (an accepted invitation, the demo): the name
    comes from the session's identity map, not from a query."""
    if membership.sort_name:
        return
    session = object_session(membership)
    person = membership.user or (session.get(User, membership.user_id) if session is not None else None)
    if person is None:
        raise ValueError("a membership is created with its person at hand (sort_name)")
    membership.sort_name = name_key(person.full_name)


class Invitation(IdMixin, TimestampMixin, OrgOwned, db.Model):
    """An e-mailed, single-use, expiring link to join an organization with given roles."""

    __tablename__ = "invitations"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"],
                             ["organizations.id", "organizations.municipality_id"],
                             name="fk_invitations_org_municipality"),
        ForeignKeyConstraint(["founder_org_id", "municipality_id"],
                             ["organizations.id", "organizations.municipality_id"],
                             name="fk_invitations_founder_municipality"),
        Index("ix_invitations_org_created", "org_id", "created_at"),
        Index("ix_invitations_founder", "founder_org_id", "org_id",
              postgresql_where=text("founder_org_id IS NOT NULL")),
    )

    email: Mapped[str] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)))
    token_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    # Who invited, as the invitation page names them: the inviter may be outside the organization
    # (the municipal officer inviting a head) and so invisible in its scope; kept like audit's actor_name.
    inviter_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    inviter_org_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # The education department that invited the organization's head (the founder's path): it sees the
    # invitation (its list of organizations) and may revoke it; it writes it only in the
    # organization's scope (migration 0009_walk).
    founder_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        # Mirrors the RLS policies: the organization's invitations, and those its department sent.
        return when_set((scope.org_id, lambda org: or_(cls.org_id == org, cls.founder_org_id == org)))

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()
