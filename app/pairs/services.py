"""Forming pairs and groups and the participants' answers (Положение 1.3.5, 2.3, 3.3, 3.5, 6.1, 6.2), the
school's list of pairs, a teacher's own pairs, the export.

The rules hold inside the transaction: the mentor's bank entry is locked before their open pairs are
counted against the capacity, each mentee's entry before their open pairs are looked at, so of two
requests at once one waits for the other and then sees its pair (tests/pairs/test_concurrency.py)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, column, exists, select, table

from app.audit import services as audit
from app.banks import dictionary
from app.banks.common import own_teacher
from app.banks.models import WAITING, MenteeEntry, MenteeStatus, MentorEntry, MentorStatus
from app.consents.models import Purpose
from app.consents.gate import standing
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.pairs import lifecycle, rules
from app.pairs.checks import (_declined_before, _in_exclusive_pair, _require_person, check_mentor, open_mentees,
                              teacher_in_school)
from app.pairs.models import (Pair, PairKind, PairParticipant, PairStatus, PairTransition,
                              ParticipantRole, Response)
from app.teachers.models import Teacher, teacher_name_key
from tenants.scope import require_scope

MAX_REASON = 1000


# ----------------------------------------------------------------------------------- the checks


# ------------------------------------------------------------------------------------- proposing


def propose(mentor_teacher_id: uuid.UUID, mentee_teacher_ids: list[uuid.UUID], form_code: str) -> Pair:
    """Положение 6.1, 2.3: the curator (with the methodist, 3.5) proposes a pair (one mentee) or a group
    (several) from the two banks with a form of the dictionary. The pair starts as a draft: each
    participant is asked and answers on their own page (voluntariness, 1.3.5, 6.2)."""
    mentee_ids = list(dict.fromkeys(mentee_teacher_ids or []))
    if not mentee_ids:
        raise ServiceError(_l("Choose at least one mentee."), field="mentees")
    if len(mentee_ids) > rules.MAX_MENTEES:
        raise ServiceError(_l("A group is at most %(num)d mentees.", num=rules.MAX_MENTEES), field="mentees")
    if mentor_teacher_id in mentee_ids:
        raise ServiceError(_l("Nobody is their own mentor."), field="mentees")
    if form_code not in {item.code for item in dictionary.forms()}:
        raise ServiceError(_l("Choose the form of mentoring."), field="form_code")
    rule = rules.rule_of(form_code)
    kind = PairKind.pair if len(mentee_ids) == 1 else PairKind.group
    if kind not in rule.kinds:
        raise ServiceError(_l("This form is for one mentor and one mentee.") if kind == PairKind.group
                           else _l("This form is for a group: choose several mentees."), field="mentees")
    # The locks: the mentor's bank entry, then the mentees' (by teacher id), as lifecycle does.
    mentor = teacher_in_school(mentor_teacher_id)
    mentor_entry = db.session.scalars(select(MentorEntry).where(
        MentorEntry.org_id == require_scope().org_id, MentorEntry.teacher_id == mentor.id).with_for_update()
    ).one_or_none()
    mentees = [teacher_in_school(teacher_id) for teacher_id in mentee_ids]
    entries = lifecycle._lock_mentee_entries(mentee_ids)
    check_mentor(mentor, mentor_entry, form_code, mentees, extra=len(mentees))
    for mentee in mentees:
        _require_person(mentee)
        entry = entries.get(mentee.id)
        if entry is None or entry.status == MenteeStatus.completed:
            raise ServiceError(_l("%(name)s is not waiting in the bank of mentees.", name=mentee.full_name))
        if rule.exclusive and _in_exclusive_pair(mentee.id):
            raise ServiceError(_l("%(name)s is already in an open «one to one» pair: a mentee is in one such pair at "
                                  "a time.", name=mentee.full_name))
        if _declined_before(mentor.id, mentee.id):
            raise ServiceError(_l("This proposal of %(mentor)s to %(mentee)s was declined: it is not made again "
                                  "(Положение 1.3.5).", mentor=mentor.full_name, mentee=mentee.full_name))
    scope = require_scope()
    pair = Pair(kind=kind, form_code=form_code, status=PairStatus.draft, created_by_id=scope.user_id)
    db.session.add(pair)
    db.session.flush()
    for teacher, role in [(mentor, ParticipantRole.mentor)] + [(m, ParticipantRole.mentee) for m in mentees]:
        db.session.add(PairParticipant(pair_id=pair.id, pair_org_id=pair.org_id, teacher_id=teacher.id, role=role,
                                       response=Response.pending))
    db.session.add(PairTransition(pair_id=pair.id, from_status=None, to_status=PairStatus.draft.value,
                                  by_id=scope.user_id))
    db.session.flush()
    audit.record("propose_pair", "pair", pair.id,
                 object_name=lifecycle.pair_name([(_Role(ParticipantRole.mentor), mentor)]
                                                 + [(_Role(ParticipantRole.mentee), m) for m in mentees]),
                 details={"pair_form": form_code, "pair_kind": kind.value})
    return pair


@dataclass(frozen=True)
class _Role:
    role: ParticipantRole


# ------------------------------------------------------------------------------ the answers


def _own_participation(pair_id: uuid.UUID) -> tuple[Pair, PairParticipant, Teacher]:
    """The signed-in teacher's current place in a pair of the school, the pair locked; refused when
    they are not in it (the same as a pair that does not exist)."""
    teacher = own_teacher()
    if teacher is None:
        raise ServiceError(_l("The pair is not found."))
    pair = lifecycle.lock_pair(pair_id)
    participant = db.session.scalars(select(PairParticipant).where(
        PairParticipant.org_id == pair.org_id, PairParticipant.pair_id == pair.id,
        PairParticipant.teacher_id == teacher.id, PairParticipant.left_at.is_(None))).one_or_none()
    if participant is None:
        raise ServiceError(_l("The pair is not found."))
    return pair, participant, teacher


def _check_answer(pair: Pair, participant: PairParticipant, already=_l("You have already answered this proposal.")
                  ) -> None:
    lifecycle.require_open(pair)
    if pair.status != PairStatus.draft or participant.response != Response.pending:
        raise ServiceError(already)


def _clean_reason(reason: str | None) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise ServiceError(_l("The reason is at most 1000 characters."), field="reason")
    return reason


def _agree(pair: Pair, participant: PairParticipant, details: dict | None = None) -> None:
    """The participant's yes; the last yes makes the pair agreed, and at once «consents complete» when
    every consent already stands."""
    participant.response, participant.responded_at = Response.accepted, utcnow()
    db.session.flush()
    members = lifecycle.current(pair)
    audit.record("accept_pair", "pair", pair.id, object_name=lifecycle.pair_name(members), details=details)
    if all(p.response == Response.accepted for p, _ in members):
        pair.agreed_at = utcnow()
        lifecycle.move(pair, PairStatus.agreed, str(_l("Every participant agreed.")), members=members)
        lifecycle.complete_consents(pair, members, reason=str(_l("Every consent stands.")))


def _refuse_pair(pair: Pair, participant: PairParticipant, teacher: Teacher, reason: str,
                 details: dict | None = None) -> None:
    """The participant's no: the pair is declined and kept, with the reason."""
    participant.response, participant.responded_at, participant.decline_reason = Response.declined, utcnow(), reason
    members = lifecycle.current(pair)
    audit.record("decline_pair", "pair", pair.id, object_name=lifecycle.pair_name(members),
                 details={"reason": reason, **(details or {})})
    lifecycle.move(pair, PairStatus.declined, str(_l("%(name)s declined: %(reason)s", name=teacher.full_name,
                                                     reason=reason)), members=members)


def accept(pair_id: uuid.UUID) -> Pair:
    """Положение 1.3.5, 6.2: the participant agrees to the pair. When every participant has agreed the
    pair is agreed; if every consent already stands it is at once «consents complete»."""
    pair, participant, _teacher = _own_participation(pair_id)
    _check_answer(pair, participant)
    _agree(pair, participant)
    return pair


def decline(pair_id: uuid.UUID, reason: str) -> Pair:
    """Положение 1.3.5: the participant declines, with a reason; the pair is declined and kept, and the
    same mentor is not proposed to the same mentee again."""
    reason = _clean_reason(reason)
    if not reason:
        raise ServiceError(_l("State the reason."), field="reason")
    pair, participant, teacher = _own_participation(pair_id)
    _check_answer(pair, participant)
    _refuse_pair(pair, participant, teacher, reason)
    return pair


def record_paper_answer(pair_id: uuid.UUID, participant_id: uuid.UUID, accepted: bool, signed_on: date,
                        reason: str | None, *, today: date | None = None) -> Pair:
    """Положение 1.3.5, 6.2: a participant without an account (or who prefers paper) answers with a signed
    statement, and the curator records it with the statement's day. The answer is the participant's, as
    if given on their page; the row keeps the day and who recorded it, the history says «on paper»."""
    reason = _clean_reason(reason)
    if not accepted and not reason:
        raise ServiceError(_l("State the reason."), field="reason")
    if signed_on is None:
        raise ServiceError(_l("State the day the statement was signed."), field="signed_on")
    if signed_on > (today or date.today()):
        raise ServiceError(_l("The statement cannot be signed in the future."), field="signed_on")
    pair = lifecycle.lock_pair(pair_id)
    found = db.session.execute(select(PairParticipant, Teacher).join(Teacher, and_(
        Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id)).where(
        PairParticipant.id == participant_id, PairParticipant.pair_org_id == pair.org_id,
        PairParticipant.pair_id == pair.id, PairParticipant.left_at.is_(None))).one_or_none()
    if found is None:
        raise ServiceError(_l("The participant is not found."))
    participant, teacher = found
    _check_answer(pair, participant, _l("%(name)s has already answered this proposal.", name=teacher.full_name))
    if signed_on < pair.created_at.date():
        raise ServiceError(_l("The statement cannot be signed before the proposal was made."), field="signed_on")
    participant.paper_answer_on, participant.paper_answer_by_id = signed_on, require_scope().user_id
    details = {"paper_answer_on": signed_on.isoformat(), "teacher": teacher.full_name}
    if accepted:
        _agree(pair, participant, details)
    else:
        _refuse_pair(pair, participant, teacher, reason, details)
    return pair


def check_consents(pair_id: uuid.UUID) -> dict:
    """The curator's «check the consents» (Положение 3.2, 3.3): an agreed pair whose consents all stand
    becomes «consents complete»; otherwise nothing changes and the page lists who lacks what."""
    pair = lifecycle.lock_pair(pair_id)
    lifecycle.require_open(pair)
    if pair.status != PairStatus.agreed:
        raise ServiceError(_l("The consents are checked once every participant has agreed."))
    members = lifecycle.current(pair)
    lacks = lifecycle.lacking(pair, members)
    if any(lacks.values()):
        raise ServiceError(_l("Not every consent stands yet: the page lists who lacks which."))
    lifecycle.complete_consents(pair, members, reason=str(_l("The curator checked the consents.")))
    return lacks


def end_early(pair_id: uuid.UUID, reason, note: str | None) -> Pair:
    """The curator ends a pair not yet active (Положение 7.1): nothing was approved, no order is needed.
    An active pair was approved by the director's order and ends only by another (the orders feature
    calls lifecycle.end when it is signed)."""
    pair = lifecycle.lock_pair(pair_id)
    if pair.status == PairStatus.active:
        raise ServiceError(_l("An active pair ends by the director's order (Положение 3.3, 7.1): draft the order of "
                              "its end."))
    return lifecycle.end(pair_id, reason, note)


# ---------------------------------------------------------------------------------------- reading


def get_pair(pair_id: uuid.UUID) -> Pair | None:
    return db.session.scalars(select(Pair).where(Pair.id == pair_id, Pair.org_id == require_scope().org_id)
                              ).one_or_none()


def participants(pair: Pair) -> list:
    """Every participant of the pair, the ones who left too, with their names (one statement)."""
    return list(db.session.execute(
        select(PairParticipant.id, PairParticipant.teacher_id, PairParticipant.role, PairParticipant.response,
               PairParticipant.responded_at, PairParticipant.decline_reason, PairParticipant.paper_answer_on,
               PairParticipant.joined_at,
               PairParticipant.left_at, Teacher.last_name, Teacher.first_name, Teacher.middle_name,
               Teacher.is_active, Teacher.user_id)
        .join(Teacher, and_(Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id))
        .where(PairParticipant.org_id == pair.org_id, PairParticipant.pair_id == pair.id)
        .order_by(PairParticipant.left_at.is_(None).desc(), PairParticipant.role.desc(), Teacher.sort_name,
                  PairParticipant.id)))


def history(pair: Pair) -> list:
    from app.accounts.models import User

    return list(db.session.execute(
        select(PairTransition.from_status, PairTransition.to_status, PairTransition.at, PairTransition.reason,
               PairTransition.order_id, User.full_name.label("by_name"))
        .outerjoin(User, User.id == PairTransition.by_id)
        .where(PairTransition.org_id == pair.org_id, PairTransition.pair_id == pair.id)
        .order_by(PairTransition.at, PairTransition.id)))


@dataclass(frozen=True)
class PairFilter:
    status: PairStatus | None = None
    form: str | None = None
    kind: PairKind | None = None
    name: str | None = None


ORDER = Keys(((Pair.created_at, lambda row: row.created_at), (Pair.id, lambda row: row.id)), descending=True)


def _listed(flt: PairFilter):
    scope = require_scope()
    stmt = (select(Pair.id, Pair.kind, Pair.form_code, Pair.status, Pair.created_at, Pair.activated_at,
                   Pair.ended_at, Pair.end_reason)
            .where(Pair.org_id == scope.org_id))
    if flt.status is not None:
        stmt = stmt.where(Pair.status == flt.status)
    if flt.form:
        stmt = stmt.where(Pair.form_code == flt.form)
    if flt.kind is not None:
        stmt = stmt.where(Pair.kind == flt.kind)
    if flt.name:
        key = teacher_name_key(flt.name, "", None)
        stmt = stmt.where(exists(select(PairParticipant.id).join(Teacher, and_(
            Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id)).where(
            PairParticipant.org_id == Pair.org_id, PairParticipant.pair_id == Pair.id,
            Teacher.sort_name.contains(key, autoescape=True))))
    return stmt


def names_of(pair_ids) -> dict:
    """The current participants of the listed pairs, by pair: {pair id: (mentors, mentees)} (one statement)."""
    found: dict = {pair_id: ([], []) for pair_id in pair_ids}
    if not found:
        return found
    for row in db.session.execute(
            select(PairParticipant.pair_id, PairParticipant.role, Teacher.last_name, Teacher.first_name,
                   Teacher.middle_name)
            .join(Teacher, and_(Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id))
            .where(PairParticipant.org_id == require_scope().org_id, PairParticipant.pair_id.in_(list(found)),
                   PairParticipant.left_at.is_(None))
            .order_by(Teacher.sort_name, Teacher.id)):
        name = " ".join(part for part in (row.last_name, row.first_name, row.middle_name) if part)
        found[row.pair_id][0 if row.role == ParticipantRole.mentor else 1].append(name)
    return found


def page(flt: PairFilter) -> tuple[Window, dict]:
    """The school's pairs, newest first (ix_pairs_org_created; by status ix_pairs_org_status_created),
    with their participants' names read for the page in one statement."""
    window = keyset_page(_listed(flt), ORDER, entity=False)
    return window, names_of([row.id for row in window.items])


MY_ORDER = ORDER


def my_page() -> tuple[Window | None, dict, dict]:
    """The signed-in teacher's pairs (their teacher record in the school): the pairs they are in now,
    newest first, with their own answer, and the names of each pair's participants."""
    teacher = own_teacher()
    if teacher is None:
        return None, {}, {}
    stmt = (select(Pair.id, Pair.kind, Pair.form_code, Pair.status, Pair.created_at,
                   PairParticipant.role.label("my_role"), PairParticipant.response.label("my_response"))
            .join(PairParticipant, and_(PairParticipant.pair_id == Pair.id, PairParticipant.pair_org_id == Pair.org_id))
            .where(Pair.org_id == require_scope().org_id, PairParticipant.teacher_id == teacher.id,
                   PairParticipant.left_at.is_(None)))
    window = keyset_page(stmt, ORDER, entity=False)
    ids = [row.id for row in window.items]
    return window, names_of(ids), {"teacher": teacher}


def my_pair(pair_id: uuid.UUID):
    """A pair the signed-in teacher is in now, or None."""
    teacher = own_teacher()
    if teacher is None:
        return None
    return db.session.execute(
        select(Pair, PairParticipant)
        .join(PairParticipant, and_(PairParticipant.pair_id == Pair.id, PairParticipant.pair_org_id == Pair.org_id))
        .where(Pair.id == pair_id, Pair.org_id == require_scope().org_id, PairParticipant.teacher_id == teacher.id,
               PairParticipant.left_at.is_(None))).one_or_none()


# ---------------------------------------------------------------------- the choice of the form page

CHOICE_LIMIT = 300


def mentor_choices() -> list:
    """Approved mentors of the working bank (processing and written consents standing, in the registry),
    with their competences (Положение 6.1) and ``taken``: the mentees of their open pairs, which the
    capacity counts when a pair is proposed (checks.check_mentor) — pairs still waiting for answers,
    consents or the order hold their places, not only the active ones."""
    scope = require_scope()
    taken = open_mentees(MentorEntry.teacher_id).correlate(MentorEntry).scalar_subquery()
    return list(db.session.execute(
        select(MentorEntry.teacher_id, MentorEntry.capacity, taken.label("taken"), MentorEntry.competences,
               MentorEntry.forms, Teacher.last_name, Teacher.first_name, Teacher.middle_name,
               Teacher.experience_since)
        .join(Teacher, and_(Teacher.id == MentorEntry.teacher_id, Teacher.org_id == MentorEntry.org_id))
        .where(MentorEntry.org_id == scope.org_id, MentorEntry.status == MentorStatus.approved,
               Teacher.is_active.is_(True),
               standing(Purpose.processing, MentorEntry.teacher_id, MentorEntry.org_id),
               standing(Purpose.mentor_duty, MentorEntry.teacher_id, MentorEntry.org_id))
        .order_by(Teacher.sort_name, Teacher.id).limit(CHOICE_LIMIT)))


def mentee_choices() -> list:
    """Mentees of the working bank waiting for a pair, with their difficulties (Положение 6.1)."""
    scope = require_scope()
    return list(db.session.execute(
        select(MenteeEntry.teacher_id, MenteeEntry.status, MenteeEntry.category, MenteeEntry.difficulties,
               Teacher.last_name, Teacher.first_name, Teacher.middle_name, Teacher.experience_since)
        .join(Teacher, and_(Teacher.id == MenteeEntry.teacher_id, Teacher.org_id == MenteeEntry.org_id))
        .where(MenteeEntry.org_id == scope.org_id, MenteeEntry.status.in_(WAITING), Teacher.is_active.is_(True),
               standing(Purpose.processing, MenteeEntry.teacher_id, MenteeEntry.org_id))
        .order_by(Teacher.sort_name, Teacher.id).limit(CHOICE_LIMIT)))


# ------------------------------------------------------------------------------------- the export

EXPORT_LIMIT = 20_000


def export_rows(flt: PairFilter) -> tuple[list, dict]:
    rows = list(db.session.execute(ORDER.ordered(_listed(flt)).limit(EXPORT_LIMIT)))
    return rows, names_of([row.id for row in rows])


# The programmes sit above the pairs (app/programmes uses pairs): their table is named by string, as
# models name another feature's table, so the pair's page can lead to its programme.
_PROGRAMMES = table("programmes", column("id"), column("org_id"), column("pair_id"))


def programme_of(pair: Pair):
    """The id of the pair's programme (Положение 1.2: one per pair or group), or None."""
    return db.session.scalar(select(_PROGRAMMES.c.id).where(_PROGRAMMES.c.org_id == pair.org_id,
                                                            _PROGRAMMES.c.pair_id == pair.id))
