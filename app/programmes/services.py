"""The rules of a personalized programme (Положение 1.2, 7.2; roadmap 5.2).

Who (the views pass the actor as plain values): the curator and the methodist (Положение 3.5) write and
approve the programme and approve revisions; the pair's current participants (their teacher records
linked to their accounts, ``left_at IS NULL``) mark the plan, write the journal, propose and confirm
revisions; the director reads the programme and the plan, never the journal. Anybody else — and another
school's programme — finds nothing (the same 404 as a random id)."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

import filetype
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased, undefer

from app.accounts.models import User
from app.audit import services as audit
from app.banks import dictionary
from app.banks.models import MenteeEntry
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.forms import CONTROL_CHARACTERS
from app.core.models import utcnow
from app.core.roles import Role
from app.orgs.models import Membership
from app.pairs.models import ENDED_STATUSES, EndReason, Pair, PairParticipant, ParticipantRole
from app.programmes import terms
from app.programmes.models import (Activity, ActivityKind, ActivityStatus, Evidence, JournalEntry, Programme,
                                   ProgrammeStatus, Revision, RevisionKind, RevisionStatus)
from app.teachers.models import Teacher
from tenants.scope import require_scope

CURATORS = frozenset({Role.curator.value, Role.methodist.value})
DIRECTOR = Role.director.value
OPEN = (ActivityStatus.planned, ActivityStatus.in_progress)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What evidence may be, as its content says, with the extension it is served as.
ACCEPTED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", DOCX: "docx", XLSX: "xlsx"}
FIELDS = ("starts_on", "ends_on", "form_code", "goals", "difficulties", "difficulties_note", "strengths",
          "directions", "activity_forms", "expected_results")


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    roles: frozenset = frozenset()

    @property
    def curator(self) -> bool:
        return bool(self.roles & CURATORS)

    @property
    def director(self) -> bool:
        return DIRECTOR in self.roles


@dataclass
class Seat:
    """What the actor is to a programme."""

    programme: Programme
    pair: Pair
    curator: bool
    director: bool
    teacher_id: uuid.UUID | None  # the actor's own teacher record when they are a participant
    role: ParticipantRole | None
    participants: list = field(default_factory=list)  # [(PairParticipant, Teacher)]

    @property
    def participant(self) -> bool:
        return self.teacher_id is not None

    @property
    def reads_journal(self) -> bool:
        """The journal is the pair's and the curator's only (issue 8): not the director's."""
        return self.participant or self.curator

    @property
    def pair_ended(self) -> bool:
        """The pair completed or ended early (Положение 7.1): its programme is a record, nothing more
        is done in it (the pages offer no action, the services refuse)."""
        return self.pair.status in ENDED_STATUSES


@dataclass
class ProgrammeValues:
    starts_on: date
    ends_on: date
    form_code: str
    goals: str = ""
    difficulty_codes: list = field(default_factory=list)  # competence codes chosen from the mentees' requests
    difficulties_note: str = ""
    strengths: str = ""
    directions: str = ""
    activity_forms: str = ""
    expected_results: str = ""


@dataclass
class ActivityValues:
    title: str
    kind: str
    due_on: date
    responsible_teacher_id: uuid.UUID | None = None


@dataclass
class RevisionValues:
    kind: str
    reason: str
    ends_on: date | None = None
    form_code: str | None = None
    postpone_id: uuid.UUID | None = None
    postpone_to: date | None = None
    cancel_id: uuid.UUID | None = None
    add: ActivityValues | None = None


def _refuse(message, field: str | None = None):
    raise ServiceError(message, field=field)


# ----------------------------------------------------------------------------- who sees what


def participants_of(pair_id: uuid.UUID) -> list[tuple[PairParticipant, Teacher]]:
    """The pair's current people with their teacher records, mentor first."""
    rows = db.session.execute(
        select(PairParticipant, Teacher).join(Teacher, Teacher.id == PairParticipant.teacher_id)
        .where(PairParticipant.pair_id == pair_id, PairParticipant.left_at.is_(None))
        .order_by(PairParticipant.role.desc(), Teacher.last_name, Teacher.id)).all()
    return [(p, t) for p, t in rows]


def seat(programme_id: uuid.UUID, actor: Actor, *, lock: bool = False) -> Seat | None:
    """The programme of this school with the actor's place at it, or None (not found, or not theirs)."""
    scope = require_scope()
    query = select(Programme).where(Programme.id == programme_id, Programme.org_id == scope.org_id)
    programme = db.session.scalars(query.with_for_update() if lock else query).one_or_none()
    if programme is None:
        return None
    pair = db.session.get(Pair, programme.pair_id)
    people = participants_of(pair.id)
    own = next(((p, t) for p, t in people if t.user_id == actor.user_id), None)
    if own is None and not actor.curator and not actor.director:
        return None
    return Seat(programme=programme, pair=pair, curator=actor.curator, director=actor.director,
                teacher_id=own[1].id if own else None, role=own[0].role if own else None, participants=people)


def _seat_or_refuse(programme_id: uuid.UUID, actor: Actor, *, lock: bool = False) -> Seat:
    found = seat(programme_id, actor, lock=lock)
    if found is None:
        _refuse(_l("The programme was not found."))
    return found


def _curator(found: Seat) -> None:
    if not found.curator:
        _refuse(_l("Only the curator or the methodist does this (Положение 3.5)."))


def _participant(found: Seat) -> None:
    if not found.participant:
        _refuse(_l("Only the pair's mentor and mentees do this."))


def _pair_open(found: Seat) -> None:
    if found.pair_ended:
        _refuse(_l("The pair has ended (Положение 7.1): its programme no longer changes."))


def pair_for_new(pair_id: uuid.UUID) -> Pair | None:
    scope = require_scope()
    return db.session.scalars(select(Pair).where(Pair.id == pair_id, Pair.org_id == scope.org_id)).one_or_none()


def mentee_difficulties(pair_id: uuid.UUID) -> list[tuple[str, str, str]]:
    """(competence code, the mentee's words, the mentee's name) of the pair's mentees' requests (app/banks)."""
    rows = db.session.execute(
        select(MenteeEntry.difficulties, Teacher).join(Teacher, Teacher.id == MenteeEntry.teacher_id)
        .join(PairParticipant, PairParticipant.teacher_id == MenteeEntry.teacher_id)
        .where(PairParticipant.pair_id == pair_id, PairParticipant.left_at.is_(None),
               PairParticipant.role == ParticipantRole.mentee)
        .order_by(Teacher.last_name, Teacher.id)).all()
    return [(code, text, teacher.full_name) for difficulties, teacher in rows
            for code, text in (difficulties or {}).items() if text]


# ----------------------------------------------------------------------------- the programme


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _checked(values: ProgrammeValues, pair_id: uuid.UUID, *, extended: bool = False) -> dict:
    if values.starts_on is None or values.ends_on is None:
        _refuse(_l("Give the start and the end of the term."), "ends_on")
    if values.ends_on < terms.shortest_end(values.starts_on):
        _refuse(_l("The term of a programme is at least three months (Положение 1.2): it may end on "
                   "%(day)s at the earliest.", day=terms.shortest_end(values.starts_on).strftime("%d.%m.%Y")),
                "ends_on")
    if values.ends_on > terms.longest_end(values.starts_on, extended=extended):
        _refuse(_l("The term of a programme is at most one year (Положение 1.2): it may end on %(day)s at the "
                   "latest; a longer term comes only by an agreed extension (Положение 7.2).",
                   day=terms.longest_end(values.starts_on).strftime("%d.%m.%Y")), "ends_on")
    forms = dictionary.load().names(dictionary.DictionaryKind.form)
    if values.form_code not in forms:
        _refuse(_l("Choose a form of mentoring from the dictionary (Положение 2.3)."), "form_code")
    offered = {code: text for code, text, _ in mentee_difficulties(pair_id)}
    chosen = []
    for code in values.difficulty_codes or []:
        if code not in offered:
            _refuse(_l("Choose the difficulties among the mentees' requests."), "difficulties")
        chosen.append({"code": code, "text": offered[code]})
    return {"starts_on": values.starts_on, "ends_on": values.ends_on, "form_code": values.form_code,
            "goals": _clean(values.goals), "difficulties": chosen, "difficulties_note": _clean(values.difficulties_note),
            "strengths": _clean(values.strengths), "directions": _clean(values.directions),
            "activity_forms": _clean(values.activity_forms), "expected_results": _clean(values.expected_results)}


def create(pair_id: uuid.UUID, values: ProgrammeValues, actor: Actor) -> Programme:
    """The curator writes the programme of a pair or group (one per pair, Положение 1.2)."""
    if not actor.curator:
        _refuse(_l("Only the curator or the methodist does this (Положение 3.5)."))
    scope = require_scope()
    pair = db.session.scalars(select(Pair).where(Pair.id == pair_id, Pair.org_id == scope.org_id)
                              .with_for_update()).one_or_none()
    if pair is None:
        _refuse(_l("The pair was not found."))
    if pair.status in ENDED_STATUSES:
        _refuse(_l("The pair has ended: it gets no programme."))
    if db.session.scalar(select(Programme.id).where(Programme.org_id == scope.org_id, Programme.pair_id == pair.id)):
        _refuse(_l("The pair already has its programme (one per pair or group, Положение 1.2)."))
    programme = Programme(id=uuid.uuid4(), pair_id=pair.id, status=ProgrammeStatus.draft,
                          created_by_id=actor.user_id, **_checked(values, pair.id))
    db.session.add(programme)
    db.session.flush()
    audit.record("create", "programme", programme.id, object_name=_name(programme))
    return programme


def edit(programme_id: uuid.UUID, values: ProgrammeValues, actor: Actor) -> Programme:
    """A draft is edited freely; an approved programme changes only by revisions (Положение 7.2)."""
    found = _seat_or_refuse(programme_id, actor, lock=True)
    _curator(found)
    _pair_open(found)
    programme = found.programme
    if programme.status != ProgrammeStatus.draft:
        _refuse(_l("The programme is approved: it changes only by a revision agreed by both sides (Положение 7.2)."))
    for name, value in _checked(values, programme.pair_id).items():
        setattr(programme, name, value)
    audit.record("edit", "programme", programme.id, object_name=_name(programme))
    return programme


def _responsible(found: Seat, teacher_id: uuid.UUID | None) -> uuid.UUID | None:
    if teacher_id is not None and teacher_id not in {t.id for _, t in found.participants}:
        _refuse(_l("The person responsible is one of the pair."), "responsible")
    return teacher_id


def _activity_checked(found: Seat, values: ActivityValues) -> dict:
    title = _clean(values.title)
    if not title:
        _refuse(_l("Name the activity."), "title")
    try:
        kind = ActivityKind(values.kind)
    except ValueError:
        _refuse(_l("Choose the kind of the activity."), "kind")
    programme = found.programme
    if values.due_on is None or not (programme.starts_on <= values.due_on <= programme.ends_on):
        _refuse(_l("The date of an activity lies within the programme's term."), "due_on")
    return {"title": title[:300], "kind": kind, "due_on": values.due_on,
            "responsible_teacher_id": _responsible(found, values.responsible_teacher_id)}


def add_activity(programme_id: uuid.UUID, values: ActivityValues, actor: Actor) -> Activity:
    found = _seat_or_refuse(programme_id, actor, lock=True)
    _curator(found)
    _pair_open(found)
    if found.programme.status != ProgrammeStatus.draft:
        _refuse(_l("The programme is approved: its plan changes only by a revision agreed by both sides "
                   "(Положение 7.2)."))
    activity = Activity(id=uuid.uuid4(), programme_id=found.programme.id, updated_by_id=actor.user_id,
                        **_activity_checked(found, values))
    db.session.add(activity)
    db.session.flush()
    audit.record("add_activity", "programme", found.programme.id, object_name=_name(found.programme),
                 details={"activity": activity.title})
    return activity


def plan(programme_id: uuid.UUID) -> list[Activity]:
    scope = require_scope()
    return list(db.session.scalars(select(Activity).where(Activity.org_id == scope.org_id,
                                                          Activity.programme_id == programme_id)
                                   .order_by(Activity.due_on, Activity.id)))


def evidence_of(activity_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Evidence]]:
    if not activity_ids:
        return {}
    scope = require_scope()
    found: dict = {}
    for item in db.session.scalars(select(Evidence).where(Evidence.org_id == scope.org_id,
                                                          Evidence.activity_id.in_(activity_ids))
                                   .order_by(Evidence.uploaded_at, Evidence.id)):
        found.setdefault(item.activity_id, []).append(item)
    return found


def snapshot(programme: Programme, activities: list[Activity]) -> dict:
    """The programme as it reads now: its fields and its plan (a revision keeps this, Положение 7.2)."""
    values = {name: getattr(programme, name) for name in FIELDS}
    values["starts_on"], values["ends_on"] = programme.starts_on.isoformat(), programme.ends_on.isoformat()
    values["plan"] = [{"id": str(a.id), "title": a.title, "kind": a.kind.value, "due_on": a.due_on.isoformat(),
                       "responsible_teacher_id": str(a.responsible_teacher_id) if a.responsible_teacher_id else None,
                       "cancelled": a.status == ActivityStatus.cancelled} for a in activities]
    return values


def check_approve(found: Seat) -> None:
    """What approving asks (the confirmation page asks it first): the curator, a draft, the pair open."""
    _curator(found)
    _pair_open(found)
    if found.programme.status != ProgrammeStatus.draft:
        _refuse(_l("The programme is approved already."))


def check_complete(found: Seat) -> None:
    _curator(found)
    if found.programme.status != ProgrammeStatus.active:
        _refuse(_l("Only an approved programme in progress is completed."))


def approve(programme_id: uuid.UUID, actor: Actor) -> Programme:
    """The curator approves the programme: it becomes active and its first revision keeps it as approved."""
    found = _seat_or_refuse(programme_id, actor, lock=True)
    check_approve(found)
    programme = found.programme
    activities = plan(programme.id)
    if not activities:
        _refuse(_l("Plan at least one activity before approving the programme."))
    programme.status, programme.approved_at, programme.approved_by_id = ProgrammeStatus.active, utcnow(), actor.user_id
    now = utcnow()
    db.session.add(Revision(id=uuid.uuid4(), programme_id=programme.id, number=1, kind=RevisionKind.initial,
                            status=RevisionStatus.approved, snapshot=snapshot(programme, activities),
                            proposed_by_id=actor.user_id, proposed_at=now, decided_at=now, decided_by_id=actor.user_id))
    db.session.flush()
    audit.record("approve", "programme", programme.id, object_name=_name(programme))
    return programme


def complete(programme_id: uuid.UUID, actor: Actor) -> Programme:
    """The curator closes the programme (at its end date, as the daily job proposes, Положение 7.1)."""
    found = _seat_or_refuse(programme_id, actor, lock=True)
    check_complete(found)
    programme = found.programme
    programme.status, programme.completed_at = ProgrammeStatus.completed, utcnow()
    _decline_waiting(programme)
    audit.record("complete", "programme", programme.id, object_name=_name(programme))
    return programme


def _decline_waiting(programme: Programme) -> None:
    """A revision still waiting when the programme closes can never be agreed (only a programme in
    progress is revised): it is declined with a note saying why, so it waits for nobody."""
    scope = require_scope()
    waiting = db.session.scalars(select(Revision).where(
        Revision.org_id == scope.org_id, Revision.programme_id == programme.id,
        Revision.status.in_((RevisionStatus.proposed, RevisionStatus.confirmed))).with_for_update())
    for revision in waiting:
        revision.status, revision.decided_at, revision.decided_by_id = RevisionStatus.rejected, utcnow(), scope.user_id
        revision.decision_note = str(_l("The programme has been completed."))


def complete_with_pair(pair_id: uuid.UUID, reason: EndReason) -> Programme | None:
    """The pair has ended (Положение 7.1: its plan fulfilled, or early for a reason of 7.1): its active
    programme ends with it. Called by the pairs feature's ``pair_ended`` signal inside the school's scope
    and the ending's transaction, so no actor check here: whoever ended the pair was checked by pairs
    (the curator, or the order that ended it). A draft was never approved and stays as written; its
    pages offer nothing more (``Seat.pair_ended``)."""
    scope = require_scope()
    programme = db.session.scalars(select(Programme).where(Programme.org_id == scope.org_id,
                                                           Programme.pair_id == pair_id)
                                   .with_for_update()).one_or_none()
    if programme is None or programme.status != ProgrammeStatus.active:
        return None
    programme.status, programme.completed_at = ProgrammeStatus.completed, utcnow()
    _decline_waiting(programme)
    # The audit says why it closed without the curator: the pair's end and its reason.
    audit.record("complete", "programme", programme.id, object_name=_name(programme),
                 details={"pair_ended": EndReason(reason).value})
    return programme


# ----------------------------------------------------------------------------- the plan at work


def checked_evidence(content: bytes) -> str:
    """The evidence's media type read from its content; refuses what is not a PDF, JPEG, PNG, DOCX or
    XLSX, an empty file and one over the limit. A DOCX or XLSX is a ZIP: its parts say which it is."""
    if not content:
        _refuse(_l("The file is empty."), "evidence")
    if len(content) > MAX_EVIDENCE_BYTES:
        _refuse(_l("The file is larger than 10 MB."), "evidence")
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    if mime in ("application/zip", DOCX, XLSX):
        mime = _office_kind(content)
    if mime not in ACCEPTED:
        _refuse(_l("The evidence must be a PDF, JPEG, PNG, DOCX or XLSX file (its content is checked, not its "
                   "name)."), "evidence")
    return mime


def _office_kind(content: bytes) -> str | None:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if archive.testzip() is not None:
                return None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _clean_name(filename: str | None, media_type: str) -> str:
    name = CONTROL_CHARACTERS.sub("", (filename or "").replace("/", "_").replace("\\", "_")).strip()
    stem = name.rsplit(".", 1)[0][:150] or "evidence"
    return f"{stem}.{ACCEPTED[media_type]}"


def activity_seat(activity_id: uuid.UUID, actor: Actor, *, lock: bool = False) -> tuple[Activity, Seat] | None:
    scope = require_scope()
    query = select(Activity).where(Activity.id == activity_id, Activity.org_id == scope.org_id)
    activity = db.session.scalars(query.with_for_update() if lock else query).one_or_none()
    if activity is None:
        return None
    found = seat(activity.programme_id, actor)
    return None if found is None else (activity, found)


def mark(activity_id: uuid.UUID, status: str, result: str, content: bytes | None, filename: str | None,
         actor: Actor) -> Activity:
    """The mentor or a mentee marks the progress of an activity, with its result and evidence."""
    pair_ = activity_seat(activity_id, actor, lock=True)
    if pair_ is None:
        _refuse(_l("The activity was not found."))
    activity, found = pair_
    _participant(found)
    _pair_open(found)
    if found.programme.status != ProgrammeStatus.active:
        _refuse(_l("Progress is marked on an approved programme in progress."))
    try:
        new_status = ActivityStatus(status)
    except ValueError:
        _refuse(_l("Choose the state of the activity."), "status")
    if new_status == ActivityStatus.cancelled or activity.status == ActivityStatus.cancelled:
        _refuse(_l("An activity is dropped only by a revision of the plan (Положение 7.2)."), "status")
    before = activity.status
    activity.status, activity.result = new_status, _clean(result)
    activity.updated_at, activity.updated_by_id = utcnow(), actor.user_id
    if content:
        media_type = checked_evidence(content)
        db.session.add(Evidence(id=uuid.uuid4(), activity_id=activity.id, filename=_clean_name(filename, media_type),
                                media_type=media_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                                content=content, uploaded_by_id=actor.user_id))
    db.session.flush()
    audit.record("mark_activity", "programme", found.programme.id, object_name=_name(found.programme),
                 details={"activity": activity.title, "before": before.value, "after": new_status.value})
    return activity


def open_evidence(evidence_id: uuid.UUID, actor: Actor) -> Evidence | None:
    scope = require_scope()
    item = db.session.scalars(select(Evidence).where(Evidence.id == evidence_id, Evidence.org_id == scope.org_id)
                              .options(undefer(Evidence.content))).one_or_none()
    if item is None or activity_seat(item.activity_id, actor) is None:
        return None
    audit.record("view", "programme_evidence", item.id, object_name=item.filename)
    return item


# ----------------------------------------------------------------------------- the journal


def journal(programme_id: uuid.UUID, actor: Actor) -> tuple[Seat, list[JournalEntry]] | None:
    """The pair's meetings, for the pair and the curator only (not the director)."""
    found = seat(programme_id, actor)
    if found is None or not found.reads_journal:
        return None
    scope = require_scope()
    return found, list(db.session.scalars(select(JournalEntry).where(
        JournalEntry.org_id == scope.org_id, JournalEntry.programme_id == programme_id)
        .order_by(JournalEntry.met_on.desc(), JournalEntry.id.desc())))


def write_journal(programme_id: uuid.UUID, met_on: date, minutes: int, topic: str, notes: str,
                  actor: Actor) -> JournalEntry:
    found = _seat_or_refuse(programme_id, actor)
    _participant(found)
    _pair_open(found)
    if found.programme.status == ProgrammeStatus.draft:
        _refuse(_l("The journal opens when the programme is approved."))
    if found.programme.status == ProgrammeStatus.completed:
        # Положение 7.1: the work has ended; the journal stays as it was written.
        _refuse(_l("The programme has been completed: its journal is kept as it is."))
    if met_on is None or met_on > date.today():
        _refuse(_l("A meeting is recorded on the day it took place, not ahead."), "met_on")
    if not minutes or not (0 < minutes <= 1440):
        _refuse(_l("The duration is from 1 to 1440 minutes."), "minutes")
    if not _clean(topic):
        _refuse(_l("Name the topic of the meeting."), "topic")
    entry = JournalEntry(id=uuid.uuid4(), programme_id=found.programme.id, met_on=met_on, minutes=minutes,
                         topic=_clean(topic)[:300], notes=_clean(notes), written_by_id=actor.user_id)
    db.session.add(entry)
    db.session.flush()
    # The audit names the meeting, never its notes.
    audit.record("write_journal", "programme", found.programme.id, object_name=_name(found.programme))
    return entry


# ----------------------------------------------------------------------------- revisions (Положение 7.2)


def revisions(programme_id: uuid.UUID) -> list[Revision]:
    scope = require_scope()
    return list(db.session.scalars(select(Revision).where(Revision.org_id == scope.org_id,
                                                          Revision.programme_id == programme_id)
                                   .order_by(Revision.number)))


def _last_approved(programme_id: uuid.UUID) -> Revision:
    return [r for r in revisions(programme_id) if r.status == RevisionStatus.approved][-1]


def propose(programme_id: uuid.UUID, values: RevisionValues, actor: Actor) -> Revision:
    """One side proposes a change of the term, the plan or the form; the snapshot is the programme after it."""
    found = _seat_or_refuse(programme_id, actor, lock=True)
    _participant(found)
    _pair_open(found)
    programme = found.programme
    if programme.status != ProgrammeStatus.active:
        _refuse(_l("Only an approved programme in progress is revised."))
    existing = revisions(programme.id)
    if any(r.status in (RevisionStatus.proposed, RevisionStatus.confirmed) for r in existing):
        _refuse(_l("A revision already waits for its agreement: decide it first."))
    try:
        kind = RevisionKind(values.kind)
    except ValueError:
        kind = None
    if kind in (None, RevisionKind.initial):
        _refuse(_l("Choose what the revision changes."), "kind")
    if not _clean(values.reason):
        _refuse(_l("Say why the programme changes (Положение 7.2)."), "reason")
    new = snapshot(programme, plan(programme.id))
    changed = False
    if kind == RevisionKind.extension:
        if values.ends_on is None or values.ends_on <= programme.ends_on:
            _refuse(_l("An extension moves the end date later."), "ends_on")
        if values.ends_on > terms.longest_end(programme.starts_on, extended=True):
            _refuse(_l("Even extended, a programme lasts at most two years (our rule under Положение 7.2)."),
                    "ends_on")
        new["ends_on"], changed = values.ends_on.isoformat(), True
    elif kind == RevisionKind.form:
        if values.form_code not in dictionary.load().names(dictionary.DictionaryKind.form):
            _refuse(_l("Choose a form of mentoring from the dictionary (Положение 2.3)."), "form_code")
        changed = values.form_code != programme.form_code
        new["form_code"] = values.form_code
    else:
        by_id = {item["id"]: item for item in new["plan"]}
        if values.postpone_id is not None:
            item = by_id.get(str(values.postpone_id))
            if item is None or values.postpone_to is None or not (
                    programme.starts_on <= values.postpone_to <= programme.ends_on):
                _refuse(_l("Choose the activity and its new date within the term."), "postpone_to")
            item["due_on"], changed = values.postpone_to.isoformat(), True
        if values.cancel_id is not None:
            item = by_id.get(str(values.cancel_id))
            if item is None:
                _refuse(_l("Choose the activity to drop."), "cancel_id")
            item["cancelled"], changed = True, True
        if values.add is not None:
            added = _activity_checked(found, values.add)
            new["plan"].append({"id": str(uuid.uuid4()), "title": added["title"], "kind": added["kind"].value,
                                "due_on": added["due_on"].isoformat(),
                                "responsible_teacher_id": str(added["responsible_teacher_id"])
                                if added["responsible_teacher_id"] else None, "cancelled": False})
            changed = True
    if not changed:
        _refuse(_l("The revision changes nothing."))
    revision = Revision(id=uuid.uuid4(), programme_id=programme.id, number=max(r.number for r in existing) + 1,
                        kind=kind, status=RevisionStatus.proposed, reason=_clean(values.reason), snapshot=new,
                        proposed_by_id=actor.user_id, proposed_by_teacher_id=found.teacher_id)
    db.session.add(revision)
    db.session.flush()
    audit.record("propose_revision", "programme", programme.id, object_name=_name(programme),
                 details={"revision": revision.number})
    return revision


def revision_seat(revision_id: uuid.UUID, actor: Actor, *, lock: bool = False) -> tuple[Revision, Seat] | None:
    scope = require_scope()
    query = select(Revision).where(Revision.id == revision_id, Revision.org_id == scope.org_id)
    revision = db.session.scalars(query.with_for_update() if lock else query).one_or_none()
    if revision is None:
        return None
    found = seat(revision.programme_id, actor, lock=lock)
    return None if found is None else (revision, found)


def _revision_or_refuse(revision_id, actor) -> tuple[Revision, Seat]:
    found = revision_seat(revision_id, actor, lock=True)
    if found is None:
        _refuse(_l("The revision was not found."))
    return found


def _other_side(revision: Revision, found: Seat) -> bool:
    """The side that did not propose: a mentee when the mentor proposed, the mentor when a mentee did."""
    proposer = next((p.role for p, t in found.participants if t.id == revision.proposed_by_teacher_id), None)
    return found.participant and found.teacher_id != revision.proposed_by_teacher_id and found.role != proposer


def confirm(revision_id: uuid.UUID, actor: Actor) -> Revision:
    revision, found = _revision_or_refuse(revision_id, actor)
    if revision.status != RevisionStatus.proposed:
        _refuse(_l("The revision is not waiting for a confirmation."))
    _pair_open(found)
    if found.programme.status != ProgrammeStatus.active:
        _refuse(_l("Only an approved programme in progress is revised."))
    if not _other_side(revision, found):
        _refuse(_l("The other side of the pair confirms the revision (Положение 7.2: by mutual agreement)."))
    revision.status, revision.confirmed_at, revision.confirmed_by_id = RevisionStatus.confirmed, utcnow(), actor.user_id
    audit.record("confirm_revision", "programme", found.programme.id, object_name=_name(found.programme),
                 details={"revision": revision.number})
    return revision


def reject(revision_id: uuid.UUID, note: str, actor: Actor) -> Revision:
    revision, found = _revision_or_refuse(revision_id, actor)
    if revision.status not in (RevisionStatus.proposed, RevisionStatus.confirmed):
        _refuse(_l("The revision is decided already."))
    if not (found.curator or _other_side(revision, found)):
        _refuse(_l("The other side of the pair or the curator declines a revision."))
    revision.status, revision.decided_at, revision.decided_by_id = RevisionStatus.rejected, utcnow(), actor.user_id
    revision.decision_note = _clean(note)[:1000] or None
    audit.record("reject_revision", "programme", found.programme.id, object_name=_name(found.programme),
                 details={"revision": revision.number})
    return revision


def approve_revision(revision_id: uuid.UUID, actor: Actor) -> Revision:
    """The curator approves a confirmed revision: the programme now reads as its snapshot; the previous
    values stay in the previous revision."""
    revision, found = _revision_or_refuse(revision_id, actor)
    _curator(found)
    _pair_open(found)
    if revision.status != RevisionStatus.confirmed:
        _refuse(_l("The revision is approved after the other side of the pair has confirmed it (Положение 7.2)."))
    programme, new = found.programme, revision.snapshot
    if programme.status != ProgrammeStatus.active:
        _refuse(_l("Only an approved programme in progress is revised."))
    ends_on = date.fromisoformat(new["ends_on"])
    if ends_on > terms.longest_end(programme.starts_on):
        programme.extended_by_id = revision.id
    programme.ends_on, programme.form_code = ends_on, new["form_code"]
    current = {str(a.id): a for a in plan(programme.id)}
    for item in new["plan"]:
        activity = current.get(item["id"])
        due_on = date.fromisoformat(item["due_on"])
        responsible = uuid.UUID(item["responsible_teacher_id"]) if item["responsible_teacher_id"] else None
        if activity is None:
            db.session.add(Activity(id=uuid.UUID(item["id"]), programme_id=programme.id, title=item["title"],
                                    kind=ActivityKind(item["kind"]), due_on=due_on, responsible_teacher_id=responsible,
                                    updated_by_id=actor.user_id))
            continue
        activity.title, activity.kind, activity.due_on = item["title"], ActivityKind(item["kind"]), due_on
        activity.responsible_teacher_id = responsible
        if item["cancelled"] and activity.status in OPEN:
            activity.status = ActivityStatus.cancelled
        activity.updated_at, activity.updated_by_id = utcnow(), actor.user_id
    revision.status, revision.decided_at, revision.decided_by_id = RevisionStatus.approved, utcnow(), actor.user_id
    db.session.flush()
    audit.record("approve_revision", "programme", programme.id, object_name=_name(programme),
                 details={"revision": revision.number})
    return revision


def agreed_extension(pair_id: uuid.UUID) -> Revision | None:
    """The last extension of the pair's programme agreed by both sides and approved by the curator
    (Положение 7.2): what an order of extension states. None when the term was never extended."""
    scope = require_scope()
    return db.session.scalars(
        select(Revision).join(Programme, (Programme.id == Revision.programme_id) & (Programme.org_id == Revision.org_id))
        .where(Programme.org_id == scope.org_id, Programme.pair_id == pair_id, Revision.kind == RevisionKind.extension,
               Revision.status == RevisionStatus.approved)
        .order_by(Revision.number.desc()).limit(1)).one_or_none()


def previous_of(revision: Revision) -> Revision | None:
    """The approved revision this one is compared with: the last approved one before it."""
    earlier = [r for r in revisions(revision.programme_id)
               if r.number < revision.number and r.status == RevisionStatus.approved]
    return earlier[-1] if earlier else None


# ----------------------------------------------------------------------------- what waits on the home page


@dataclass(frozen=True)
class Waiting:
    """Revisions waiting for one person: how many, and the first few to link to."""

    total: int
    first: list  # [(revision id, number, kind)]


def _pair_names():
    """«Егорова — Михайлов»: the surnames of the pair's current participants, the mentor first, so the
    home page tells one pair's change from another's (a correlated subquery: a few rows a page)."""
    return (select(func.string_agg(Teacher.last_name, aggregate_order_by(literal(" — "), PairParticipant.role.desc(),
                                                                        Teacher.sort_name)))
            .select_from(PairParticipant)
            .join(Teacher, (Teacher.id == PairParticipant.teacher_id) & (Teacher.org_id == PairParticipant.org_id))
            .where(PairParticipant.pair_org_id == Programme.org_id, PairParticipant.pair_id == Programme.pair_id,
                   PairParticipant.left_at.is_(None))
            .correlate(Programme).scalar_subquery())


def _waiting(stmt, limit: int) -> Waiting:
    rows = db.session.execute(stmt.add_columns(func.count().over()).limit(limit)).all()
    return Waiting(rows[0][-1] if rows else 0, [tuple(row[:-1]) for row in rows])


def waiting_for_confirmation(teacher_id: uuid.UUID, limit: int = 5) -> Waiting:
    """Revisions proposed by the other side of a pair the teacher is in now, waiting for their
    confirmation (Положение 7.2: by mutual agreement). One statement; it says in SQL what
    ``_other_side`` says: not the proposer, and not of the proposer's side while the proposer is still
    in the pair."""
    scope = require_scope()
    me, proposer = aliased(PairParticipant), aliased(PairParticipant)
    same_side = exists().where(proposer.org_id == scope.org_id, proposer.pair_id == me.pair_id,
                               proposer.teacher_id == Revision.proposed_by_teacher_id,
                               proposer.left_at.is_(None), proposer.role == me.role)
    stmt = (select(Revision.id, Revision.number, Revision.kind, _pair_names())
            .join(Programme, (Programme.id == Revision.programme_id) & (Programme.org_id == Revision.org_id))
            .join(me, (me.pair_id == Programme.pair_id) & (me.org_id == Programme.org_id))
            .where(Revision.org_id == scope.org_id, Revision.status == RevisionStatus.proposed,
                   Programme.status == ProgrammeStatus.active, me.teacher_id == teacher_id, me.left_at.is_(None),
                   Revision.proposed_by_teacher_id.is_distinct_from(teacher_id), ~same_side)
            .order_by(Revision.proposed_at, Revision.id))
    return _waiting(stmt, limit)


def waiting_for_approval(limit: int = 5) -> Waiting:
    """Revisions both sides agreed, waiting for the curator's approval (Положение 7.2). One statement."""
    scope = require_scope()
    stmt = (select(Revision.id, Revision.number, Revision.kind, _pair_names())
            .join(Programme, (Programme.id == Revision.programme_id) & (Programme.org_id == Revision.org_id))
            .where(Revision.org_id == scope.org_id, Revision.status == RevisionStatus.confirmed,
                   Programme.status == ProgrammeStatus.active)
            .order_by(Revision.confirmed_at, Revision.id))
    return _waiting(stmt, limit)


# ----------------------------------------------------------------------------- the document


def curator_name(programme: Programme) -> str:
    """Who signs the programme as its curator: the person who approved it, else the school's curator
    (the longest serving active one), else nobody (the line is left to fill in by hand). Read in the
    school's scope: a person who has left the school is not found and the school's curator signs."""
    scope = require_scope()
    curators = (select(User.full_name).join(Membership, Membership.user_id == User.id)
                .where(Membership.org_id == scope.org_id, Membership.is_active.is_(True),
                       Membership.roles.any(Role.curator.value))
                .order_by(Membership.created_at, Membership.id).limit(1).scalar_subquery())
    approver = (select(User.full_name).where(User.id == programme.approved_by_id).scalar_subquery()
                if programme.approved_by_id else None)
    return db.session.scalar(select(func.coalesce(approver, curators) if approver is not None else curators)) or ""


# ----------------------------------------------------------------------------- the end-date proposal


def propose_end(programme_id: uuid.UUID, today: date) -> bool:
    """At the end date of an active programme, propose to the curator: complete, or extend. Once per end
    date: the row records for which end date it was proposed (the job may run again)."""
    scope = require_scope()
    programme = db.session.scalars(select(Programme).where(Programme.id == programme_id,
                                                           Programme.org_id == scope.org_id)
                                   .with_for_update()).one_or_none()
    if (programme is None or programme.status != ProgrammeStatus.active or programme.ends_on > today
            or programme.end_proposed_for == programme.ends_on):
        return False
    programme.end_proposed_for, programme.end_proposed_at = programme.ends_on, utcnow()
    audit.record("propose_end", "programme", programme.id, object_name=_name(programme))
    return True


def _name(programme: Programme) -> str:
    return f"{programme.starts_on:%d.%m.%Y}–{programme.ends_on:%d.%m.%Y}"


def now_date() -> date:
    return datetime.now().date()
