"""A pair's personalized programme (Положение 1.2, 7.2; roadmap 5.2), its plan of activities with their
evidence, the pair's journal of meetings and the revisions agreed by both sides.

The programme's own fields change before it is approved (a draft) and afterwards only by an approved
revision (Положение 7.2): each revision is a row with the full snapshot of the programme after the
change, never rewritten (the app role cannot update ``snapshot``), so the history is the chain of
snapshots."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (Date, DateTime, Enum, ForeignKey, ForeignKeyConstraint, Index, Integer, LargeBinary,
                        String, Text, UniqueConstraint, Uuid)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, utcnow


def _enum(kind, name: str, length: int = 20):
    return Enum(kind, name=name, native_enum=False, length=length, create_constraint=False)


def _of_org(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                                name=f"fk_{table}_org_municipality")


class ProgrammeStatus(str, enum.Enum):
    draft = "draft"            # written by the curator with the pair; edited freely
    active = "active"          # approved: changes only by revisions (Положение 7.2)
    completed = "completed"    # closed by the curator (at the end date or when the pair ends, Положение 7.1)


class ActivityKind(str, enum.Enum):
    lesson_visit = "lesson_visit"
    open_lesson = "open_lesson"
    consultation = "consultation"
    joint_planning = "joint_planning"
    self_study = "self_study"
    seminar = "seminar"
    contest = "contest"
    course = "course"
    other = "other"


class ActivityStatus(str, enum.Enum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class RevisionKind(str, enum.Enum):
    initial = "initial"        # the programme as approved
    extension = "extension"    # the term extended (Положение 7.2)
    plan = "plan"              # the plan changed (Положение 7.2)
    form = "form"              # the form of mentoring changed (Положение 7.2)


class RevisionStatus(str, enum.Enum):
    proposed = "proposed"      # one side proposed
    confirmed = "confirmed"    # the other side confirmed (mutual agreement)
    approved = "approved"      # the curator approved: the programme now reads as the snapshot
    rejected = "rejected"      # declined by the other side or by the curator


class Programme(IdMixin, OrgOwned, db.Model):
    __tablename__ = "programmes"
    __table_args__ = (
        _of_org("programmes"),
        ForeignKeyConstraint(["pair_id", "org_id"], ["pairs.id", "pairs.org_id"], name="fk_programmes_pair"),
        # One programme per pair or group (Положение 1.2).
        UniqueConstraint("org_id", "pair_id", name="uq_programmes_org_pair"),
        UniqueConstraint("id", "org_id", name="uq_programmes_id_org"),
        # The curator's list: by end date (ending soon first).
        Index("ix_programmes_org_ends", "org_id", "ends_on", "id"),
    )

    pair_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[ProgrammeStatus] = mapped_column(_enum(ProgrammeStatus, "programme_status"),
                                                    default=ProgrammeStatus.draft)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    form_code: Mapped[str] = mapped_column(String(40))
    goals: Mapped[str] = mapped_column(Text, default="")
    # [{"code": competence code, "text": the mentee's words}] chosen from the mentees' requests, and free text.
    difficulties: Mapped[list] = mapped_column(JSONB, default=list)
    difficulties_note: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    directions: Mapped[str] = mapped_column(Text, default="")
    activity_forms: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    # Set when an approved extension (Положение 7.2) took the term past one year.
    extended_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The daily job's proposal to the curator (complete or extend): for which end date it was made, so
    # it is made once per end date (an extension moves the end and brings a new proposal).
    end_proposed_for: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_proposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Evidence(IdMixin, OrgOwned, db.Model):
    """A file proving an activity (a lesson plan, a certificate): checked by its content, kept as uploaded."""

    __tablename__ = "programme_evidence"
    __table_args__ = (
        _of_org("programme_evidence"),
        ForeignKeyConstraint(["activity_id", "org_id"], ["programme_activities.id", "programme_activities.org_id"],
                             name="fk_programme_evidence_activity"),
        Index("ix_programme_evidence_activity", "org_id", "activity_id"),
    )

    activity_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)


class Activity(IdMixin, OrgOwned, db.Model):
    """An activity of the plan (мероприятие). Never deleted: a dropped one is cancelled."""

    __tablename__ = "programme_activities"
    __table_args__ = (
        _of_org("programme_activities"),
        ForeignKeyConstraint(["programme_id", "org_id"], ["programmes.id", "programmes.org_id"],
                             name="fk_programme_activities_programme"),
        ForeignKeyConstraint(["responsible_teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                             name="fk_programme_activities_teacher"),
        UniqueConstraint("id", "org_id", name="uq_programme_activities_id_org"),
        # The plan in date order; the overdue counts of the curator's list.
        Index("ix_programme_activities_plan", "org_id", "programme_id", "due_on", "id"),
    )

    programme_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[ActivityKind] = mapped_column(_enum(ActivityKind, "programme_activity_kind"))
    due_on: Mapped[date] = mapped_column(Date)
    responsible_teacher_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    status: Mapped[ActivityStatus] = mapped_column(_enum(ActivityStatus, "programme_activity_status"),
                                                   default=ActivityStatus.planned)
    result: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)

    def overdue_on(self, today: date) -> bool:
        """Past its date and neither done nor cancelled."""
        return self.due_on < today and self.status in (ActivityStatus.planned, ActivityStatus.in_progress)


class JournalEntry(IdMixin, OrgOwned, db.Model):
    """A meeting of the pair: for the pair and the curator only. Append-only."""

    __tablename__ = "programme_journal"
    __table_args__ = (
        _of_org("programme_journal"),
        ForeignKeyConstraint(["programme_id", "org_id"], ["programmes.id", "programmes.org_id"],
                             name="fk_programme_journal_programme"),
        Index("ix_programme_journal_programme", "org_id", "programme_id", "met_on", "id"),
    )

    programme_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    met_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    written_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)


class Revision(IdMixin, OrgOwned, db.Model):
    """The programme after a change (Положение 7.2), as a full snapshot; its number orders the history.
    The snapshot is never rewritten: only the steps of the agreement (confirmed, decided) are filled in."""

    __tablename__ = "programme_revisions"
    __table_args__ = (
        _of_org("programme_revisions"),
        ForeignKeyConstraint(["programme_id", "org_id"], ["programmes.id", "programmes.org_id"],
                             name="fk_programme_revisions_programme"),
        UniqueConstraint("org_id", "programme_id", "number", name="uq_programme_revisions_number"),
        Index("ix_programme_revisions_programme", "org_id", "programme_id", "number"),
    )

    programme_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RevisionKind] = mapped_column(_enum(RevisionKind, "programme_revision_kind"))
    status: Mapped[RevisionStatus] = mapped_column(_enum(RevisionStatus, "programme_revision_status"))
    reason: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSONB)
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    proposed_by_teacher_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    decision_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
