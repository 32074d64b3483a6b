"""The outbox: a message is recorded in PostgreSQL and a job delivers it (idempotently)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, Uuid, and_
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, TimestampMixin
from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing


class OutboundEmail(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "outbound_emails"
    __table_args__ = (Index("ix_outbound_emails_org_created", "org_id", "created_at"),)

    # An organization's message (an invitation), or a person's own (a password reset) with no org.
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("municipalities.id"), nullable=True)
    org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organizations.id"), nullable=True)
    recipient_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # Holds a one-time link until delivery, then is cleared: the link must not outlive its purpose.
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.org_id, lambda org: cls.org_id == org),
                        (scope.user_id, lambda user: and_(cls.org_id.is_(None), cls.recipient_user_id == user)))

    @staticmethod
    def __tenant_stamp__(obj: "OutboundEmail", scope: TenantScope) -> None:
        if obj.org_id is None and obj.recipient_user_id is None:
            raise TenantScopeMissing("an e-mail belongs to an organization or to its recipient")
        if obj.org_id is not None and obj.org_id != scope.org_id:
            raise TenantScopeMissing("an organization's e-mail is written in its scope")
