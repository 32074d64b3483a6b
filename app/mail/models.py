"""The outbox: a message is recorded in PostgreSQL and a job delivers it (idempotently)."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, Uuid, and_, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, TimestampMixin
from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing


class OutboundEmail(IdMixin, TimestampMixin, db.Model):
    __tablename__ = "outbound_emails"
    __table_args__ = (Index("ix_outbound_emails_org_created", "org_id", "created_at"),
                      Index("ix_outbound_emails_undelivered", "created_at", postgresql_where=text("sent_at IS NULL")))

    # An organization's letter (an invitation), a person's own (no org), or a letter to an address whose
    # recipient the delivery decides (``builder``; no org, no person: migrations 0005_outbox).
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("municipalities.id"), nullable=True)
    org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organizations.id"), nullable=True)
    recipient_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    to_address: Mapped[str] = mapped_column(String(254))
    # What the delivery job renders, in the recipient's language: the template (its ``subject`` and its
    # text) and its parameters as JSON. The parameters may hold a one-time link: cleared once sent.
    template: Mapped[str | None] = mapped_column(String(200), nullable=True)
    context: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # A function named by path (app.mail.services.letter_builder) that decides at delivery whom the
    # letter is for and adds what only then is known (a reset link); None: nobody, nothing is sent.
    builder: Mapped[str | None] = mapped_column(String(200), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(300), nullable=True)  # as sent
    body: Mapped[str | None] = mapped_column(Text, nullable=True)  # letters recorded before 0003 only
    request_id: Mapped[str | None] = mapped_column(String(128), nullable=True)  # the request that wrote it
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The address never appears in it (redacted): the platform admin reads it across tenants.
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.org_id, lambda org: cls.org_id == org),
                        (scope.user_id, lambda user: and_(cls.org_id.is_(None), cls.recipient_user_id == user)))

    @staticmethod
    def __tenant_stamp__(obj: "OutboundEmail", scope: TenantScope) -> None:
        # (A letter to an address is written under ``unscoped``, which is not stamped: app/mail/services.py.)
        if obj.org_id is None and obj.recipient_user_id is None:
            raise TenantScopeMissing("an e-mail belongs to an organization or to its recipient")
        if obj.org_id is not None and obj.org_id != scope.org_id:
            raise TenantScopeMissing("an organization's e-mail is written in its scope")
