"""Municipalities (the customer, a hard boundary) and organizations (the tenants)."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, String, UniqueConstraint, Uuid, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import IdMixin, TimestampMixin
from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing


class OrgKind(str, enum.Enum):
    school = "school"
    partner = "partner"
    municipal = "municipal"  # the municipal education department


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
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    municipality: Mapped[Municipality] = relationship(back_populates="organizations", lazy="joined")

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        from app.models.accounts import Membership

        return when_set((scope.municipality_id, lambda municipality: cls.municipality_id == municipality),
                        (scope.user_id, lambda user: cls.id.in_(
                            select(Membership.org_id).where(Membership.user_id == user))))

    @staticmethod
    def __tenant_stamp__(obj: "Organization", scope: TenantScope) -> None:
        if scope.municipality_id is None or obj.municipality_id not in (None, scope.municipality_id):
            raise TenantScopeMissing("an organization is created inside the current municipality only")
        obj.municipality_id = scope.municipality_id
