"""Petitions of a pair's participants (Положение 4.1, 5.1; ТК РФ ст. 351.8).

- The mentee asks to replace the mentor (Положение 5.1: «ходатайствовать о замене наставника»).
- The mentor asks to be released from the duties (Положение 4.1: «ходатайствовать об освобождении от
  выполнения обязанностей наставника»); the additional agreement then ends with three working days'
  notice (ТК РФ ст. 351.8), counted by the municipality's production calendar (app/pairs/calendar.py).

A petition is filed in the app by a current participant of an active pair, reviewed by the curator (who
proposes the new mentor: an approved mentor of the bank with free capacity, Положение 3.2, 3.5), decided
by the director with a reason (Положение 3.3), and executed by the director's order: the orders' signing
calls ``apply_decision``, and the pair continues with the new mentor keeping its programme, plan, journal
and history — or, for a release with nobody to take over, ends early at the mentor's initiative
(Положение 7.1). Each step is a row of ``petition_events`` (who, when, why; append-only); a petition is
never deleted.
"""
from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (Date, DateTime, Enum, ForeignKey, ForeignKeyConstraint, Index, String, Text, Uuid, and_,
                        func, select, text)
from sqlalchemy.orm import Mapped, mapped_column

from app.audit import services as audit
from app.banks.common import own_teacher
from app.banks.models import MentorEntry, MentorStatus
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import IdMixin, OrgOwned, utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.pairs import calendar
from app.pairs.models import Pair, PairParticipant, PairStatus, ParticipantRole
from app.teachers.models import Teacher
from app.teachers.young import today
from tenants.scope import require_scope

NOTICE_WORKING_DAYS = 3  # ТК РФ ст. 351.8


def _enum(kind, name: str, length: int = 20):
    return Enum(kind, name=name, native_enum=False, length=length, create_constraint=False)


class PetitionKind(str, enum.Enum):
    replace_mentor = "replace_mentor"  # the mentee's (Положение 5.1)
    release = "release"                # the mentor's (Положение 4.1; ТК РФ ст. 351.8)


# Who may file which petition.
ROLE_OF_KIND = {PetitionKind.replace_mentor: ParticipantRole.mentee, PetitionKind.release: ParticipantRole.mentor}
KIND_OF_ROLE = {role: kind for kind, role in ROLE_OF_KIND.items()}


class PetitionStatus(str, enum.Enum):
    filed = "filed"        # by the participant
    reviewed = "reviewed"  # by the curator (a new mentor proposed for a replacement)
    granted = "granted"    # by the director; waits for the order
    refused = "refused"    # by the director, with a reason
    executed = "executed"  # the order is signed: the mentor replaced or the pair ended


OPEN = (PetitionStatus.filed, PetitionStatus.reviewed, PetitionStatus.granted)


class Petition(IdMixin, OrgOwned, db.Model):
    __tablename__ = "petitions"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_petitions_org_municipality"),
        ForeignKeyConstraint(["pair_id", "org_id"], ["pairs.id", "pairs.org_id"], name="fk_petitions_pair"),
        ForeignKeyConstraint(["filed_by_teacher_id", "org_id"], ["teachers.id", "teachers.org_id"],
                             name="fk_petitions_filed_by"),
        ForeignKeyConstraint(["proposed_mentor_id", "org_id"], ["teachers.id", "teachers.org_id"],
                             name="fk_petitions_proposed_mentor"),
        db.UniqueConstraint("id", "org_id", name="uq_petitions_id_org"),
        # One open petition of a kind per person and pair.
        Index("uq_petitions_open", "pair_id", "kind", "filed_by_teacher_id", unique=True,
              postgresql_where=text("status IN ('filed', 'reviewed', 'granted')")),
        Index("ix_petitions_org_filed", "org_id", "filed_at", "id"),
        Index("ix_petitions_org_status_filed", "org_id", "status", "filed_at", "id"),
        Index("ix_petitions_org_teacher", "org_id", "filed_by_teacher_id", "filed_at"),
    )

    pair_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[PetitionKind] = mapped_column(_enum(PetitionKind, "petition_kind"))
    filed_by_teacher_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    filed_by_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    filed_on: Mapped[date] = mapped_column(Date)
    # ТК РФ ст. 351.8: the third working day after the mentor's notice (a release only).
    notice_ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[PetitionStatus] = mapped_column(_enum(PetitionStatus, "petition_status"),
                                                   default=PetitionStatus.filed)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reviewed_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    review_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    proposed_mentor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    executed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PetitionEvent(IdMixin, OrgOwned, db.Model):
    """A step of a petition: who, when, to which status, why. Append-only."""

    __tablename__ = "petition_events"
    __table_args__ = (
        ForeignKeyConstraint(["org_id", "municipality_id"], ["organizations.id", "organizations.municipality_id"],
                             name="fk_petition_events_org_municipality"),
        ForeignKeyConstraint(["petition_id", "org_id"], ["petitions.id", "petitions.org_id"],
                             name="fk_petition_events_petition"),
        Index("ix_petition_events_petition", "org_id", "petition_id", "at"),
    )

    petition_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


REASON_MAX = 2000


def _text(value: str | None, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    if len(value) > REASON_MAX:
        raise ServiceError(_l("The text is too long (at most 2,000 characters)."), field=field)
    return value


def _event(petition: Petition, note: str | None) -> None:
    db.session.add(PetitionEvent(id=uuid.uuid4(), petition_id=petition.id, status=petition.status.value,
                                 by_id=require_scope().user_id, note=note))


def teacher_name(teacher_id: uuid.UUID) -> str:
    teacher = db.session.get(Teacher, teacher_id)
    return teacher.full_name if teacher else ""


_name = teacher_name


# ------------------------------------------------------------------------------- the participant


@dataclass(frozen=True)
class MyPair:
    pair: Pair
    role: ParticipantRole
    others: list  # the names of the other current participants

    @property
    def kind(self) -> PetitionKind:
        return KIND_OF_ROLE[self.role]


def my_active_pairs(teacher: Teacher) -> list[MyPair]:
    """The active pairs the teacher takes part in now, with the others' names (two statements)."""
    mine = db.session.execute(
        select(Pair, PairParticipant.role).join(PairParticipant, and_(PairParticipant.pair_id == Pair.id,
                                                                      PairParticipant.pair_org_id == Pair.org_id))
        .where(PairParticipant.org_id == teacher.org_id, PairParticipant.teacher_id == teacher.id,
               PairParticipant.left_at.is_(None), Pair.status == PairStatus.active)
        .order_by(Pair.created_at, Pair.id)).all()
    if not mine:
        return []
    names: dict[uuid.UUID, list] = {}
    for pair_id, name in db.session.execute(
            select(PairParticipant.pair_id, Teacher.last_name + " " + Teacher.first_name)
            .join(Teacher, and_(Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id))
            .where(PairParticipant.pair_id.in_([pair.id for pair, _ in mine]), PairParticipant.left_at.is_(None),
                   PairParticipant.teacher_id != teacher.id)):
        names.setdefault(pair_id, []).append(name)
    return [MyPair(pair, role, names.get(pair.id, [])) for pair, role in mine]


def my_petitions(teacher: Teacher, limit: int = 100) -> list[Petition]:
    """The person's own petitions, newest first (a person files a few; the list is bounded)."""
    return list(db.session.scalars(select(Petition).where(
        Petition.org_id == teacher.org_id, Petition.filed_by_teacher_id == teacher.id)
        .order_by(Petition.filed_at.desc(), Petition.id.desc()).limit(limit)))


def file(pair_id: uuid.UUID, kind: PetitionKind, reason: str) -> Petition:
    """A participant of an active pair files a petition: the mentee to replace the mentor (Положение 5.1),
    the mentor to be released (Положение 4.1, with the notice of ТК РФ ст. 351.8). The pair's row is
    locked, so two requests of the same person cannot both pass the «one open petition» check (the
    partial unique index uq_petitions_open holds it too)."""
    scope = require_scope()
    teacher = own_teacher()
    if teacher is None:
        raise ServiceError(_l("Your account is not linked to a teacher record of this school."))
    reason = _text(reason, "reason", _l("Write the reason of the petition."))
    pair = db.session.scalars(select(Pair).where(Pair.id == pair_id, Pair.org_id == scope.org_id)
                              .with_for_update()).one_or_none()
    role = ROLE_OF_KIND[kind]
    participant = None if pair is None else db.session.scalars(select(PairParticipant).where(
        PairParticipant.pair_id == pair.id, PairParticipant.teacher_id == teacher.id,
        PairParticipant.left_at.is_(None))).one_or_none()
    if pair is None or participant is None or pair.status != PairStatus.active:
        raise ServiceError(_l("A petition is filed by a participant of an active pair."), field="pair")
    if participant.role != role:
        raise ServiceError(_l("The mentee asks to replace the mentor; the mentor asks to be released."),
                           field="kind")
    already = db.session.scalar(select(Petition.id).where(
        Petition.pair_id == pair.id, Petition.kind == kind, Petition.filed_by_teacher_id == teacher.id,
        Petition.status.in_(OPEN)))
    if already is not None:
        raise ServiceError(_l("You already have an open petition of this kind for this pair."), field="kind")
    filed_on = today()
    petition = Petition(id=uuid.uuid4(), pair_id=pair.id, kind=kind, filed_by_teacher_id=teacher.id,
                        filed_by_user_id=scope.user_id, reason=reason, filed_on=filed_on,
                        notice_ends_on=(calendar.add_working_days(scope.municipality_id, filed_on, NOTICE_WORKING_DAYS)
                                        if kind == PetitionKind.release else None))
    db.session.add(petition)
    db.session.flush()
    _event(petition, reason)
    audit.record("file_petition", "petition", petition.id, object_name=teacher.full_name,
                 details={"petition_kind": kind.value, "reason": reason})
    return petition


# --------------------------------------------------------------------------------- the curator


def get(petition_id: uuid.UUID, *, lock: bool = False) -> Petition | None:
    """A petition of the current school (another school's is as unknown as a random id)."""
    stmt = select(Petition).where(Petition.id == petition_id, Petition.org_id == require_scope().org_id)
    return db.session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


@dataclass(frozen=True)
class Participant:
    teacher_id: uuid.UUID
    name: str
    role: ParticipantRole
    current: bool


def participants(pair_id: uuid.UUID) -> list[Participant]:
    """Everyone who took part in the pair, replaced mentors included (one statement)."""
    rows = db.session.execute(
        select(PairParticipant.teacher_id, Teacher, PairParticipant.role, PairParticipant.left_at)
        .join(Teacher, and_(Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id))
        .where(PairParticipant.pair_id == pair_id).order_by(PairParticipant.joined_at, PairParticipant.id))
    return [Participant(tid, teacher.full_name, role, left_at is None) for tid, teacher, role, left_at in rows]


def history(petition: Petition) -> list[PetitionEvent]:
    return list(db.session.scalars(select(PetitionEvent).where(
        PetitionEvent.org_id == petition.org_id, PetitionEvent.petition_id == petition.id)
        .order_by(PetitionEvent.at, PetitionEvent.id)))


CANDIDATES_SHOWN = 200


def mentor_candidates(petition: Petition) -> list[tuple[uuid.UUID, str, int, int]]:
    """Approved mentors of the school's bank (Положение 3.2) with free capacity, active in the registry
    and not in this pair now: (teacher id, name, load, capacity), by name (one statement)."""
    in_pair = select(PairParticipant.teacher_id).where(PairParticipant.pair_id == petition.pair_id,
                                                       PairParticipant.left_at.is_(None))
    # The new mentor takes every mentee of the pair or group (the lifecycle checks it again under locks).
    mentees = (select(func.count()).select_from(PairParticipant)
               .where(PairParticipant.pair_id == petition.pair_id, PairParticipant.left_at.is_(None),
                      PairParticipant.role == ParticipantRole.mentee).scalar_subquery())
    rows = db.session.execute(
        select(Teacher, MentorEntry.load, MentorEntry.capacity)
        .join(MentorEntry, and_(MentorEntry.teacher_id == Teacher.id, MentorEntry.org_id == Teacher.org_id))
        .where(Teacher.org_id == petition.org_id, Teacher.is_active.is_(True),
               MentorEntry.status == MentorStatus.approved, MentorEntry.load + mentees <= MentorEntry.capacity,
               Teacher.id.not_in(in_pair))
        .order_by(Teacher.sort_name, Teacher.id).limit(CANDIDATES_SHOWN))
    return [(teacher.id, teacher.full_name, load, capacity) for teacher, load, capacity in rows]


def check_reviewable(petition: Petition) -> None:
    if petition.status != PetitionStatus.filed:
        raise ServiceError(_l("The petition has already been reviewed."))


def review(petition_id: uuid.UUID, note: str, proposed_mentor_id: uuid.UUID | None) -> Petition:
    """The curator reviews the petition (Положение 3.5) and, for a replacement, proposes the new mentor
    from the approved mentors with free capacity; for a release the proposal is optional (nobody: the
    pair ends early at the mentor's initiative, Положение 7.1)."""
    scope = require_scope()
    petition = get(petition_id, lock=True)
    if petition is None:
        raise ServiceError(_l("The petition is not found."))
    check_reviewable(petition)
    note = _text(note, "note", _l("Write the curator's conclusion."))
    if proposed_mentor_id is None and petition.kind == PetitionKind.replace_mentor:
        raise ServiceError(_l("Choose the new mentor."), field="mentor")
    if proposed_mentor_id is not None:
        entry = db.session.scalars(select(MentorEntry).where(
            MentorEntry.org_id == petition.org_id, MentorEntry.teacher_id == proposed_mentor_id).with_for_update()
        ).one_or_none()
        if entry is None or proposed_mentor_id not in {c[0] for c in mentor_candidates(petition)}:
            raise ServiceError(_l("Choose an approved mentor with free capacity who is not in this pair."),
                               field="mentor")
    petition.status, petition.reviewed_at, petition.reviewed_by_id = PetitionStatus.reviewed, utcnow(), scope.user_id
    petition.review_note, petition.proposed_mentor_id = note, proposed_mentor_id
    _event(petition, note)
    details = {"note": note}
    if proposed_mentor_id is not None:
        details["proposed_mentor"] = _name(proposed_mentor_id)
    audit.record("review_petition", "petition", petition.id, object_name=_name(petition.filed_by_teacher_id),
                 details=details)
    return petition


# -------------------------------------------------------------------------------- the director


def check_decidable(petition: Petition) -> None:
    if petition.status == PetitionStatus.filed:
        raise ServiceError(_l("The curator has not reviewed the petition yet."))
    if petition.status != PetitionStatus.reviewed:
        raise ServiceError(_l("The petition has already been decided."))


def decide(petition_id: uuid.UUID, granted: bool, reason: str) -> Petition:
    """The director grants or refuses the petition with a reason (Положение 3.3). A granted petition is
    executed by the director's order (``apply_decision``, called when the order is signed)."""
    scope = require_scope()
    petition = get(petition_id, lock=True)
    if petition is None:
        raise ServiceError(_l("The petition is not found."))
    check_decidable(petition)
    reason = _text(reason, "reason", _l("Write the reason of the decision."))
    petition.status = PetitionStatus.granted if granted else PetitionStatus.refused
    petition.decided_at, petition.decided_by_id, petition.decision_reason = utcnow(), scope.user_id, reason
    _event(petition, reason)
    audit.record("grant_petition" if granted else "refuse_petition", "petition", petition.id,
                 object_name=_name(petition.filed_by_teacher_id), details={"reason": reason})
    return petition


def awaiting_order() -> list[Petition]:
    """Granted petitions of the school that wait for their order (the orders feature drafts it)."""
    return list(db.session.scalars(select(Petition).where(
        Petition.org_id == require_scope().org_id, Petition.status == PetitionStatus.granted)
        .order_by(Petition.decided_at, Petition.id).limit(CANDIDATES_SHOWN)))


def apply_decision(petition_id: uuid.UUID, order_id: uuid.UUID) -> Petition:
    """The director's order on a granted petition is signed (called by the orders' signing, in its
    transaction): the pair gets the proposed mentor — keeping its programme, plan, journal and history —
    or, for a release with nobody proposed, ends early at the mentor's initiative (Положение 7.1).
    Idempotent: the same order applied again changes nothing."""
    petition = get(petition_id, lock=True)
    if petition is None:
        raise ServiceError(_l("The petition is not found."))
    if petition.status == PetitionStatus.executed and petition.order_id == order_id:
        return petition
    if petition.status != PetitionStatus.granted:
        raise ServiceError(_l("Only a granted petition is executed by an order."))
    from app.pairs import lifecycle  # the pair's lifecycle, beside this module
    from app.pairs.models import EndReason

    if petition.proposed_mentor_id is not None:
        lifecycle.replace_mentor(petition.pair_id, petition.proposed_mentor_id, order_id)
        note = _name(petition.proposed_mentor_id)
    else:
        note = (petition.decision_reason or "")[:1000]  # a pair's end note holds 1,000 characters
        lifecycle.end(petition.pair_id, EndReason.mentor_initiative, note, order_id)
    petition.status, petition.order_id, petition.executed_at = PetitionStatus.executed, order_id, utcnow()
    _event(petition, note)
    audit.record("execute_petition", "petition", petition.id, object_name=_name(petition.filed_by_teacher_id),
                 details={"note": note})
    return petition


# ------------------------------------------------------------------------------------- the lists


@dataclass
class PetitionRow:
    petition: Petition
    filed_by: str


KEYS = Keys(((Petition.filed_at, lambda row: row[0].filed_at), (Petition.id, lambda row: row[0].id)),
            descending=True)


def page(status: PetitionStatus | None = None) -> Window:
    """The school's petitions, newest first, optionally of one status (keyset; a capped count)."""
    org_id = require_scope().org_id
    stmt = (select(Petition, Teacher).join(Teacher, and_(Teacher.id == Petition.filed_by_teacher_id,
                                                         Teacher.org_id == Petition.org_id))
            .where(Petition.org_id == org_id))
    count = select(Petition.id).where(Petition.org_id == org_id)
    if status is not None:
        stmt, count = stmt.where(Petition.status == status), count.where(Petition.status == status)
    window = keyset_page(stmt, KEYS, count_stmt=count, entity=False)
    window.items = [PetitionRow(petition, teacher.full_name) for petition, teacher in window.items]
    return window


def waiting_for_director() -> Window:
    """The director's queue: reviewed petitions waiting for a decision (Положение 3.3)."""
    return page(PetitionStatus.reviewed)


# ------------------------------------------------------------------------------------- UI words

KIND_WORDS = {
    PetitionKind.replace_mentor: _l("Replacement of the mentor (Положение 5.1)"),
    PetitionKind.release: _l("Release from the mentor's duties (Положение 4.1)"),
}

STATUS_WORDS = {
    PetitionStatus.filed: _l("Filed, waits for the curator"),
    PetitionStatus.reviewed: _l("Reviewed, waits for the director"),
    PetitionStatus.granted: _l("Granted, waits for the order"),
    PetitionStatus.refused: _l("Refused"),
    PetitionStatus.executed: _l("Executed by the order"),
}

ROLE_WORDS = {ParticipantRole.mentor: _l("mentor"), ParticipantRole.mentee: _l("mentee")}

AUDIT_ACTIONS = {
    "file_petition": _l("Filed a petition"),
    "review_petition": _l("Reviewed a petition"),
    "grant_petition": _l("Granted a petition"),
    "refuse_petition": _l("Refused a petition"),
    "execute_petition": _l("Executed a petition by an order"),
    "set_calendar_day": _l("Recorded a day of the production calendar"),
    "remove_calendar_day": _l("Removed a day of the production calendar"),
}

AUDIT_OBJECTS = {
    "petition": _l("Petition"),
    "calendar_day": _l("Production calendar"),
}


def audit_fields() -> dict:
    from app.audit.details import words_of, yes_no
    from app.audit.labels import Field

    return {
        "petition_kind": Field(_l("Petition"), words_of({k.value: w for k, w in KIND_WORDS.items()})),
        "proposed_mentor": Field(_l("New mentor")),
        "calendar_working": Field(_l("The day is"), yes_no(_l("a working day"), _l("a day off"))),
    }
