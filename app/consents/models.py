"""The consent ledger: versioned consent texts of the school as operator, one consent record per
person and purpose, scans of signed paper forms. Records are never overwritten: a consent changes only
by its withdrawal (column grants, tenants/provisioning.py); a new text is a new version."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (ARRAY, JSON, Date, DateTime, Enum, ForeignKey, ForeignKeyConstraint, Index, Integer,
                        LargeBinary, String, Text, UniqueConstraint, Uuid, text)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, utcnow


class Purpose(str, enum.Enum):
    """What a consent is given for: one separate document per purpose (152-ФЗ ст. 9 ч. 1 as amended
    from 01.09.2025)."""

    processing = "processing"        # processing for the mentoring system (152-ФЗ ст. 9)
    transfer = "transfer"            # transfer to another operator, one per recipient (ст. 9)
    dissemination = "dissemination"  # publication of chosen data (ст. 10.1)
    mentor_duty = "mentor_duty"      # the mentor's written consent to mentoring duties (Положение 3.2; ТК ст. 351.8)
    pair_duty = "pair_duty"          # consent to the duties of a pair or group (Положение 3.3, 6.2)


class Channel(str, enum.Enum):
    in_app = "in_app"  # given in the app by the person (address and user agent recorded)
    paper = "paper"    # a signed paper form, scanned and uploaded by the curator


class ConsentText(IdMixin, OrgOwned, db.Model):
    """A version of the text a consent is given on. Append-only: the app never updates or deletes one,
    so what a person signed stays what they read."""

    __tablename__ = "consent_texts"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_consent_texts_org_municipality"),
        UniqueConstraint("org_id", "purpose", "version", name="uq_consent_texts_org_purpose_version"),
        UniqueConstraint("id", "org_id", name="uq_consent_texts_id_org"),
    )

    purpose: Mapped[Purpose] = mapped_column(Enum(Purpose, name="consent_purpose", native_enum=False, length=20))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)


class ConsentScan(IdMixin, OrgOwned, db.Model):
    """The scan of a signed paper form (PDF, JPEG or PNG, checked by content), kept in PostgreSQL under
    the school's row-level security: another school cannot fetch it even with its exact id."""

    __tablename__ = "consent_scans"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_consent_scans_org_municipality"),
        ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                             name="fk_consent_scans_teacher"),
        UniqueConstraint("id", "org_id", name="uq_consent_scans_id_org"),
    )

    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)


class Consent(IdMixin, OrgOwned, db.Model):
    """One consent of one person for one purpose (and, for a transfer, one recipient). It changes only
    when withdrawn; giving it again after a withdrawal is a new record, so the ledger proves every
    state the person was ever in."""

    __tablename__ = "consents"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_consents_org_municipality"),
        ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"], name="fk_consents_teacher"),
        ForeignKeyConstraint(["text_id", "org_id"], ["consent_texts.id", "consent_texts.org_id"],
                             name="fk_consents_text"),
        ForeignKeyConstraint(["scan_id", "org_id"], ["consent_scans.id", "consent_scans.org_id"],
                             name="fk_consents_scan"),
        ForeignKeyConstraint(["withdrawal_scan_id", "org_id"], ["consent_scans.id", "consent_scans.org_id"],
                             name="fk_consents_withdrawal_scan"),
        # Target of the act of destruction's composite foreign key (migration 0011_consents).
        UniqueConstraint("id", "org_id", name="uq_consents_id_org"),
        # One standing consent per person, purpose and recipient.
        Index("uq_consents_standing", "org_id", "teacher_id", "purpose", text("coalesce(recipient, '')"),
              unique=True, postgresql_where=text("withdrawn_at IS NULL")),
        # The consents overview and a person's page: by person, newest first.
        Index("ix_consents_org_teacher", "org_id", "teacher_id", "purpose", "given_at"),
        # The destruction sweeper: withdrawn consents whose data is due for destruction.
        Index("ix_consents_destroy_due", "destroy_due_on", postgresql_where=text(
            "withdrawn_at IS NOT NULL AND destroyed_at IS NULL")),
    )

    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    purpose: Mapped[Purpose] = mapped_column(Enum(Purpose, name="consent_purpose", native_enum=False, length=20))
    # A transfer's recipient, as the form names it (the municipality, another school, a partner).
    recipient: Mapped[str | None] = mapped_column(String(300), nullable=True)
    recipient_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organizations.id"), nullable=True)
    # Dissemination (152-ФЗ ст. 10.1): exactly which data may be published, and where.
    published_fields: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    published_where: Mapped[str | None] = mapped_column(String(300), nullable=True)
    # The same places as codes (PLACES in app/consents/texts.py), for the public views to ask (gate.py);
    # ``published_where`` keeps the words the person read.
    published_places: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    # The mentor's consent (ТК РФ ст. 351.8): the term, the form of mentoring and the pay («без оплаты»
    # said explicitly) the person agreed to: {"term": ..., "form": ..., "pay": ...}.
    terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    text_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    given_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    channel: Mapped[Channel] = mapped_column(Enum(Channel, name="consent_channel", native_enum=False, length=10))
    client_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(300), nullable=True)
    scan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    withdrawn_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    withdrawal_channel: Mapped[Channel | None] = mapped_column(
        Enum(Channel, name="consent_channel", native_enum=False, length=10), nullable=True)
    withdrawal_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A withdrawal recorded from a signed paper statement keeps its scan as proof.
    withdrawal_scan_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    # 152-ФЗ ст. 21 ч. 5: the data no longer covered is destroyed within 30 days of the withdrawal.
    destroy_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    destroyed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DestructionAct(IdMixin, OrgOwned, db.Model):
    """The act of destruction of the data a withdrawn consent no longer covers (152-ФЗ ст. 21 ч. 5),
    with the extract of the event log about that person and consent: the DOCX as produced, kept as
    proof. Append-only (tenants/provisioning.py); one per consent."""

    __tablename__ = "consent_destruction_acts"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_consent_destruction_acts_org_municipality"),
        ForeignKeyConstraint(["consent_id", "org_id"], ["consents.id", "consents.org_id"],
                             name="fk_consent_destruction_acts_consent"),
        ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                             name="fk_consent_destruction_acts_teacher"),
        UniqueConstraint("org_id", "consent_id", name="uq_consent_destruction_acts_org_consent"),
    )

    consent_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    destroyed_on: Mapped[date] = mapped_column(Date)
    # What was destroyed, as the act lists it.
    lines: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
