"""The banks of mentors and mentees (roadmap stages 2 and 3; Положение 3.2, 3.4, 3.5, 4, 5): one entry per
teacher record and bank, the status history of both banks, the waiting list's support, the yearly
reviews, the questionnaires sent, and the municipality's additions to the dictionaries."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (CheckConstraint, Date, DateTime, Enum, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, Numeric, String, Text, UniqueConstraint, Uuid, text)
# The PostgreSQL array: its containment (@>) filters the bank by competence and form.
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, utcnow
from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing


def _enum(kind, name: str, length: int = 20):
    return Enum(kind, name=name, native_enum=False, length=length, create_constraint=False)


class DictionaryKind(str, enum.Enum):
    competence = "competence"  # Положение 3.5: the areas of a mentor's competence and of a mentee's difficulties
    form = "form"              # Положение 2.3: the forms of mentoring


class MentorStatus(str, enum.Enum):
    candidate = "candidate"  # the questionnaire is in; waiting for the director's order
    approved = "approved"    # appointed by the director's order (Положение 3.2)
    inactive = "inactive"    # left the bank (released, left the school, consent withdrawn)


class MenteeStatus(str, enum.Enum):
    needs_mentor = "needs_mentor"  # waiting for a pair
    in_pair = "in_pair"
    supported = "supported"        # waiting, and supported meanwhile (roadmap 5.3)
    completed = "completed"


# The waiting list: those without a pair (roadmap 5.3).
WAITING = (MenteeStatus.needs_mentor, MenteeStatus.supported)


class MenteeCategory(str, enum.Enum):
    young_specialist = "young_specialist"  # молодой специалист
    new_employee = "new_employee"          # новый сотрудник
    changed_role = "changed_role"          # смена должности или предмета
    after_break = "after_break"            # после длительного перерыва
    personal_request = "personal_request"  # по личному запросу


class FilledBy(str, enum.Enum):
    self = "self"        # by the teacher in the app
    curator = "curator"  # by the curator from a signed paper form


class BasisKind(str, enum.Enum):
    """The legal basis of the mentoring duty (ТК РФ ст. 351.8)."""

    agreement = "agreement"              # an additional agreement to the employment contract
    job_description = "job_description"  # the duty is in the job description


class PayKind(str, enum.Enum):
    amount = "amount"  # a surcharge of a stated amount
    unpaid = "unpaid"  # «без оплаты», stated explicitly


class SupportKind(str, enum.Enum):
    """What a waiting mentee gets while no pair is found (roadmap 5.3)."""

    consultations = "consultations"
    methodical_association = "methodical_association"  # методическое объединение
    psychological = "psychological"                    # психолого-педагогическая поддержка
    other = "other"


class Bank(str, enum.Enum):
    mentor = "mentor"
    mentee = "mentee"


def _of_org(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name=f"fk_{table}_org_municipality")


def _teacher(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                                name=f"fk_{table}_teacher")


class DictionaryEntry(IdMixin, db.Model):
    """A municipality's own competence or form of mentoring, beside the built-ins of the code
    (app/banks/dictionary.py). Read in the whole municipality; written only in the scope of its
    education department (the policy checks the kind of the current organization). Never deleted:
    entries chosen in questionnaires keep their names; a retired one is deactivated."""

    __tablename__ = "bank_dictionary_entries"
    __table_args__ = (
        UniqueConstraint("municipality_id", "kind", "code", name="uq_bank_dictionary_code"),
        Index("ix_bank_dictionary_order", "municipality_id", "kind", "title"),
    )

    municipality_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("municipalities.id"))
    kind: Mapped[DictionaryKind] = mapped_column(_enum(DictionaryKind, "bank_dictionary_kind"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.municipality_id, lambda municipality: cls.municipality_id == municipality))

    @staticmethod
    def __tenant_stamp__(obj: "DictionaryEntry", scope: TenantScope) -> None:
        if scope.municipality_id is None or obj.municipality_id not in (None, scope.municipality_id):
            raise TenantScopeMissing("the dictionaries are written inside the current municipality only")
        obj.municipality_id = scope.municipality_id


class MentorEntry(IdMixin, OrgOwned, db.Model):
    """A teacher's entry in the bank of mentors: the potential mentor's questionnaire (roadmap 3.1), its
    status and the legal basis of the duty. The status changes are rows of ``bank_status_changes``."""

    __tablename__ = "mentor_entries"
    __table_args__ = (
        _of_org("mentor_entries"), _teacher("mentor_entries"),
        UniqueConstraint("org_id", "teacher_id", name="uq_mentor_entries_org_teacher"),
        UniqueConstraint("id", "org_id", name="uq_mentor_entries_id_org"),
        CheckConstraint("capacity BETWEEN 1 AND 10", name="ck_mentor_entries_capacity"),
        # The pairs feature raises the load under the row's lock; the database holds the capacity.
        CheckConstraint("load >= 0 AND load <= capacity", name="ck_mentor_entries_load"),
        # ТК РФ ст. 351.8: an agreement states the pay — an amount, or «без оплаты» explicitly.
        CheckConstraint("basis <> 'agreement' OR (pay_kind IS NOT NULL AND agreement_content IS NOT NULL "
                        "AND agreement_form IS NOT NULL AND agreement_from IS NOT NULL)",
                        name="ck_mentor_entries_agreement"),
        CheckConstraint("(pay_kind IS NULL AND pay_amount IS NULL) OR (pay_kind = 'amount' AND pay_amount > 0) "
                        "OR (pay_kind = 'unpaid' AND pay_amount IS NULL)", name="ck_mentor_entries_pay"),
        CheckConstraint("basis <> 'job_description' OR job_description_ref IS NOT NULL",
                        name="ck_mentor_entries_job_description"),
        CheckConstraint("status <> 'approved' OR approved_at IS NOT NULL", name="ck_mentor_entries_approved"),
        # The director's page of candidates waiting, oldest first.
        Index("ix_mentor_entries_candidates", "org_id", "submitted_at", "id",
              postgresql_where=text("status = 'candidate'")),
    )

    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[MentorStatus] = mapped_column(_enum(MentorStatus, "mentor_status"), default=MentorStatus.candidate)
    # The questionnaire (its content is destroyed when the processing consent is withdrawn: 152-ФЗ ст. 21).
    competences: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    subjects: Mapped[list[str]] = mapped_column(ARRAY(String(100)), default=list)
    topics: Mapped[str | None] = mapped_column(Text, nullable=True)
    forms: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    # Current mentees; the pairs feature keeps it under the row's lock.
    load: Mapped[int] = mapped_column(Integer, default=0)
    availability: Mapped[str | None] = mapped_column(String(500), nullable=True)
    experience: Mapped[str | None] = mapped_column(Text, nullable=True)
    filled_by: Mapped[FilledBy] = mapped_column(_enum(FilledBy, "bank_filled_by", 10))
    filled_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    content_destroyed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The legal basis of the duty (ТК РФ ст. 351.8).
    basis: Mapped[BasisKind | None] = mapped_column(_enum(BasisKind, "mentor_basis"), nullable=True)
    agreement_content: Mapped[str | None] = mapped_column(Text, nullable=True)
    agreement_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    agreement_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    agreement_form: Mapped[str | None] = mapped_column(String(40), nullable=True)
    pay_kind: Mapped[PayKind | None] = mapped_column(_enum(PayKind, "mentor_pay_kind", 10), nullable=True)
    pay_amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2), nullable=True)
    job_description_ref: Mapped[str | None] = mapped_column(String(300), nullable=True)
    # Approval (Положение 3.2: the director's order). The orders feature adds the foreign key.
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    approval_order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    approval_order_ref: Mapped[str | None] = mapped_column(String(100), nullable=True)


class MenteeEntry(IdMixin, OrgOwned, db.Model):
    """A teacher's entry in the bank of mentees: professional difficulties and requests (roadmap 2.1),
    in the teacher's words, one text per competence category."""

    __tablename__ = "mentee_entries"
    __table_args__ = (
        _of_org("mentee_entries"), _teacher("mentee_entries"),
        UniqueConstraint("org_id", "teacher_id", name="uq_mentee_entries_org_teacher"),
        UniqueConstraint("id", "org_id", name="uq_mentee_entries_id_org"),
    )

    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[MenteeStatus] = mapped_column(_enum(MenteeStatus, "mentee_status"),
                                                 default=MenteeStatus.needs_mentor)
    # Empty after the content is destroyed (152-ФЗ ст. 21).
    category: Mapped[MenteeCategory | None] = mapped_column(_enum(MenteeCategory, "mentee_category"), nullable=True)
    # {competence code: the difficulty in the teacher's words}
    difficulties: Mapped[dict] = mapped_column(JSONB, default=dict)
    request_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    filled_by: Mapped[FilledBy] = mapped_column(_enum(FilledBy, "bank_filled_by", 10))
    filled_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    content_destroyed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class StatusChange(IdMixin, OrgOwned, db.Model):
    """Who changed an entry's status, when and why: append-only, kept when the content is destroyed."""

    __tablename__ = "bank_status_changes"
    __table_args__ = (
        _of_org("bank_status_changes"),
        ForeignKeyConstraint(["mentor_entry_id", "org_id"], ["mentor_entries.id", "mentor_entries.org_id"],
                             name="fk_bank_status_changes_mentor"),
        ForeignKeyConstraint(["mentee_entry_id", "org_id"], ["mentee_entries.id", "mentee_entries.org_id"],
                             name="fk_bank_status_changes_mentee"),
        CheckConstraint("num_nonnulls(mentor_entry_id, mentee_entry_id) = 1", name="ck_bank_status_changes_entry"),
        Index("ix_bank_status_changes_mentor", "org_id", "mentor_entry_id", "at"),
        Index("ix_bank_status_changes_mentee", "org_id", "mentee_entry_id", "at"),
    )

    mentor_entry_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    mentee_entry_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    old_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    new_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)


class MenteeSupport(IdMixin, OrgOwned, db.Model):
    """What a mentee on the waiting list gets meanwhile, with its dates (roadmap 5.3)."""

    __tablename__ = "mentee_support"
    __table_args__ = (
        _of_org("mentee_support"),
        ForeignKeyConstraint(["mentee_entry_id", "org_id"], ["mentee_entries.id", "mentee_entries.org_id"],
                             name="fk_mentee_support_entry"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ck_mentee_support_dates"),
        Index("ix_mentee_support_entry", "org_id", "mentee_entry_id", "starts_on"),
    )

    mentee_entry_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[SupportKind] = mapped_column(_enum(SupportKind, "mentee_support_kind", 30))
    description: Mapped[str | None] = mapped_column(String(500), nullable=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)


class BankReview(IdMixin, OrgOwned, db.Model):
    """The curator's review of the bank of mentees (Положение 3.4: at least once a year). Append-only."""

    __tablename__ = "bank_reviews"
    __table_args__ = (
        _of_org("bank_reviews"),
        Index("ix_bank_reviews_org_at", "org_id", "reviewed_at"),
    )

    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    note: Mapped[str | None] = mapped_column(String(1000), nullable=True)


class BankInvitation(IdMixin, OrgOwned, db.Model):
    """The questionnaire (or the request form) the curator sent to a teacher, and when it was answered:
    the teacher's to-do and the curator's «who answered»."""

    __tablename__ = "bank_invitations"
    __table_args__ = (
        _of_org("bank_invitations"), _teacher("bank_invitations"),
        UniqueConstraint("org_id", "teacher_id", "bank", name="uq_bank_invitations_org_teacher_bank"),
    )

    teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    bank: Mapped[Bank] = mapped_column(_enum(Bank, "bank_kind", 10))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
