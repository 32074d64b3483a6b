"""Shared columns and the tenant contract of models (see tenants/orm.py)."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, Uuid
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> uuid.UUID:
    # Public ids are random UUIDs: never sequential, never guessable (DESIGN.md §2, ASVS 8.2.2).
    return uuid.uuid4()


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OrgOwned:
    """A row that belongs to exactly one organization (and, through it, one municipality)."""

    @declared_attr
    def municipality_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(Uuid, ForeignKey("municipalities.id"), nullable=False)

    @declared_attr
    def org_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(Uuid, ForeignKey("organizations.id"), nullable=False)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.org_id, lambda org: cls.org_id == org))

    @staticmethod
    def __tenant_stamp__(obj, scope: TenantScope) -> None:
        if scope.org_id is None:
            raise TenantScopeMissing(f"{type(obj).__name__} needs an organization scope")
        if obj.org_id is None:
            obj.org_id = scope.org_id
        if obj.municipality_id is None:
            obj.municipality_id = scope.municipality_id
        if obj.org_id != scope.org_id or obj.municipality_id != scope.municipality_id:
            raise TenantScopeMissing(f"{type(obj).__name__} written outside the current organization")

