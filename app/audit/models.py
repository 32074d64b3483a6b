"""The audit trail (152-ФЗ ст. 19, ASVS V16): append-only, enforced by grants (tenants/provisioning.py)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, String, Uuid, and_
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import utcnow
from tenants.orm import first_set
from tenants.scope import TenantScope, TenantScopeMissing


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # NULL for events of a person's own account (sign-in, password), which belong to no tenant.
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("municipalities.id"), nullable=True)
    org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organizations.id"), nullable=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    # The actor's name as it was, so the record needs no later look-up (and survives a rename).
    actor_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The object's name as it was (a person's name, an invitation's e-mail, an organization's short
    # name): the log reads like a register with no later look-up, and a rename does not rewrite it.
    object_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        # Mirrors the RLS policy (migration 0008_speed): the organization's events, or, in a person's
        # own scope, their own account events.
        return first_set((scope.org_id, lambda org: cls.org_id == org),
                         (scope.user_id, lambda user: and_(cls.org_id.is_(None), cls.actor_id == user)))

    @staticmethod
    def __tenant_stamp__(obj: "AuditEvent", scope: TenantScope) -> None:
        if obj.org_id is not None and obj.org_id != scope.org_id:
            raise TenantScopeMissing("an audit event is written in the scope of its organization")


# An organization's log, newest first: the index leads with the tenant and holds the page's order
# (at DESC, id DESC), so a page and a period are read in order, never sorted.
# The log's order, and its capped counts as index-only scans: the policy and the usual filters read only
# the included columns (migration 0008_speed).
Index("ix_audit_events_org_at_id", AuditEvent.org_id, AuditEvent.at.desc(), AuditEvent.id.desc(),
      postgresql_include=["action", "actor_id"])
