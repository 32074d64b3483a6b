"""The lifecycle of a pair or group (Положение 1.3.5, 3.3, 6.1, 6.2, 7.1):

    draft ──(every participant accepts)──> agreed ──(the consents stand)──> consents_complete
      │                                         ^──(a needed consent withdrawn)──┤
      │                                                                          │ activate(order)
      └─(a participant declines)──> declined                                     v
                                          completed <──(plan fulfilled)── active ──(7.1 reasons)──> ended_early

Each transition is a row of ``pair_transitions`` (who, when, why, under which order) and an audit
event; an ended pair (declined, completed, ended early) is read-only. The orders feature calls
``activate`` and ``end`` when the director signs; the petitions feature calls ``replace_mentor``.
Every function locks the pair's row first, then the mentors' bank entries, then the mentees' (the
same order everywhere, so two requests never wait on each other in a circle); services never commit.
"""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from app.audit import services as audit
from app.banks import mentees as mentee_bank
from app.banks.models import MenteeEntry, MenteeStatus, MentorEntry, MentorStatus
from app.consents.effects import on_withdrawal
from app.consents.gate import missing
from app.consents.models import Purpose
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.pairs import checks, labels
from app.pairs.signals import pair_ended
from app.pairs.models import (ENDED_STATUSES, EndReason, Pair, PairParticipant, PairStatus, PairTransition,
                              ParticipantRole, Response)
from app.teachers.models import Teacher
from tenants.scope import require_scope

# Which state may follow which (the services refuse any other move).
TRANSITIONS = {
    PairStatus.draft: {PairStatus.agreed, PairStatus.declined, PairStatus.ended_early},
    PairStatus.agreed: {PairStatus.consents_complete, PairStatus.ended_early},
    PairStatus.consents_complete: {PairStatus.active, PairStatus.agreed, PairStatus.ended_early},
    PairStatus.active: {PairStatus.completed, PairStatus.ended_early},
    PairStatus.declined: set(),
    PairStatus.completed: set(),
    PairStatus.ended_early: set(),
}

# Положение 3.3, 6.2: the consents a pair needs, by the participant's role. The processing consent
# (152-ФЗ ст. 9) stands for everybody: nobody is in a pair without it.
NEEDED = {
    ParticipantRole.mentor: (Purpose.processing, Purpose.pair_duty, Purpose.mentor_duty),
    ParticipantRole.mentee: (Purpose.processing, Purpose.pair_duty),
}


# --------------------------------------------------------------------------------------- reading


def lock_pair(pair_id: uuid.UUID) -> Pair:
    """The pair of the current school, locked for this transaction; refused when it is not there (an
    id of another school reads the same as a random one)."""
    pair = db.session.scalars(select(Pair).where(Pair.id == pair_id, Pair.org_id == require_scope().org_id)
                              .with_for_update()).one_or_none()
    if pair is None:
        raise ServiceError(_l("The pair is not found."))
    return pair


def current(pair: Pair) -> list[tuple[PairParticipant, Teacher]]:
    """The pair's current participants (a replaced mentor left), the mentor first, with their records."""
    rows = db.session.execute(
        select(PairParticipant, Teacher)
        .join(Teacher, and_(Teacher.id == PairParticipant.teacher_id, Teacher.org_id == PairParticipant.org_id))
        .where(PairParticipant.org_id == pair.org_id, PairParticipant.pair_id == pair.id,
               PairParticipant.left_at.is_(None))
        .order_by(PairParticipant.role.desc(), Teacher.sort_name, Teacher.id)).all()
    return [(row[0], row[1]) for row in rows]


def _mentor_of(members) -> tuple[PairParticipant, Teacher]:
    return next((p, t) for p, t in members if p.role == ParticipantRole.mentor)


def _mentees_of(members) -> list[tuple[PairParticipant, Teacher]]:
    return [(p, t) for p, t in members if p.role == ParticipantRole.mentee]


def lacking(pair: Pair, members=None) -> dict[uuid.UUID, list[Purpose]]:
    """Положение 3.2, 3.3: for each current participant, the consents that do not stand (one statement)."""
    members = members if members is not None else current(pair)
    purposes = tuple(dict.fromkeys(p for needed in NEEDED.values() for p in needed))
    found = missing([t.id for _, t in members], purposes)
    return {t.id: [purpose for purpose in found.get(t.id, []) if purpose in NEEDED[p.role]] for p, t in members}


# -------------------------------------------------------------------------------------- writing


def require_open(pair: Pair) -> None:
    """An ended pair is read-only: the history stays as it was (issue 8)."""
    if pair.status in ENDED_STATUSES:
        raise ServiceError(_l("The pair has ended: it can no longer be changed."))


def pair_name(members) -> str:
    """«Mentor — mentee, mentee»: how the audit log and the pages name a pair."""
    mentor = [t.short_name for p, t in members if p.role == ParticipantRole.mentor]
    mentees = [t.short_name for p, t in members if p.role == ParticipantRole.mentee]
    return f"{', '.join(mentor)} — {', '.join(mentees)}"


def move(pair: Pair, to: PairStatus, reason: str | None = None, order_id: uuid.UUID | None = None,
         members=None) -> None:
    """One transition: checked against TRANSITIONS, recorded with who, when, why and the order."""
    if to not in TRANSITIONS[pair.status]:
        raise ServiceError(_l("The pair cannot move to this state from its current one."))
    before = pair.status
    pair.status = to
    db.session.add(PairTransition(pair_id=pair.id, from_status=before.value, to_status=to.value,
                                  by_id=require_scope().user_id, reason=reason, order_id=order_id))
    details = {"before": {"pair_status": before.value}, "after": {"pair_status": to.value}}
    if order_id is not None:
        details["order"] = str(order_id)
    if reason:
        details["reason"] = reason
    audit.record("change_pair_status", "pair", pair.id, details=details,
                 object_name=pair_name(members if members is not None else current(pair)))


def _lock_mentor_entry(teacher_id: uuid.UUID) -> MentorEntry | None:
    return db.session.scalars(select(MentorEntry).where(
        MentorEntry.org_id == require_scope().org_id, MentorEntry.teacher_id == teacher_id).with_for_update()
    ).one_or_none()


def _lock_mentee_entries(teacher_ids) -> dict[uuid.UUID, MenteeEntry]:
    """The mentees' bank entries, locked in the order of their teachers' ids (no circle of waits)."""
    ids = sorted(set(teacher_ids), key=str)
    if not ids:
        return {}
    rows = db.session.scalars(select(MenteeEntry).where(
        MenteeEntry.org_id == require_scope().org_id, MenteeEntry.teacher_id.in_(ids))
        .order_by(MenteeEntry.teacher_id).with_for_update())
    return {entry.teacher_id: entry for entry in rows}


def check_consents_complete(pair: Pair, members) -> None:
    """Refused unless every consent stands, naming the first who lacks one."""
    lacks = lacking(pair, members)
    for participant, teacher in members:
        if lacks.get(teacher.id):
            raise ServiceError(_l("Not every consent stands: %(name)s has not given all of them (Положение 3.3).",
                                  name=teacher.full_name))


def require_active_teachers(members) -> None:
    for _participant, teacher in members:
        if not teacher.is_active:
            raise ServiceError(_l("%(name)s no longer works in the school: nobody inactive in the registry is in a "
                                  "pair.", name=teacher.full_name))


def complete_consents(pair: Pair, members=None, *, reason: str | None = None) -> bool:
    """agreed -> consents_complete when every consent stands (Положение 3.2, 3.3); True if it moved."""
    members = members if members is not None else current(pair)
    if pair.status != PairStatus.agreed:
        return False
    if any(lacking(pair, members).values()):
        return False
    pair.consents_complete_at = utcnow()
    move(pair, PairStatus.consents_complete, reason, members=members)
    return True


def activate(pair_id: uuid.UUID, order_id: uuid.UUID) -> Pair:
    """Положение 6.2: a pair is approved by the director's order and only then active. Called by the
    orders feature when the order is signed. Refused unless the consents are complete (and still
    stand) and every participant is still in the registry; the mentor's load grows under the lock of
    their bank entry (the database holds load <= capacity); the mentees leave the waiting list."""
    if order_id is None:
        raise ServiceError(_l("A pair becomes active only under a signed order."))
    pair = lock_pair(pair_id)
    require_open(pair)
    if pair.status != PairStatus.consents_complete:
        raise ServiceError(_l("The pair can be approved only when its consents are complete."))
    members = current(pair)
    require_active_teachers(members)
    check_consents_complete(pair, members)
    _mentor, mentor_teacher = _mentor_of(members)
    mentees = _mentees_of(members)
    entry = _lock_mentor_entry(mentor_teacher.id)
    if entry is None or entry.status != MentorStatus.approved:
        raise ServiceError(_l("%(name)s is not an approved mentor of the bank.", name=mentor_teacher.full_name))
    if entry.load + len(mentees) > entry.capacity:
        raise ServiceError(_l("%(name)s already has %(load)d of %(capacity)d mentees: no room for this pair.",
                              name=mentor_teacher.full_name, load=entry.load, capacity=entry.capacity))
    entry.load += len(mentees)
    entries = _lock_mentee_entries([t.id for _, t in mentees])
    for _participant, teacher in mentees:
        mentee_entry = entries.get(teacher.id)
        if mentee_entry is None:
            raise ServiceError(_l("%(name)s is not in the bank of mentees.", name=teacher.full_name))
        if mentee_entry.status != MenteeStatus.in_pair:
            mentee_bank.change_status(mentee_entry.id, MenteeStatus.in_pair, str(_l("The pair's order is signed.")))
    pair.order_id, pair.activated_at = order_id, utcnow()
    move(pair, PairStatus.active, str(_l("The order is signed.")), order_id, members)
    return pair


@on_withdrawal(*{purpose for needed in NEEDED.values() for purpose in needed})
def consent_withdrawn(teacher_id: uuid.UUID, purpose: Purpose) -> None:
    """Положение 3.3: a pair waits for its order only while every consent stands. A consent withdrawn
    before the order is signed takes the teacher's pairs back from «consents complete» to «agreed» (the
    order's signing then refuses them); an active pair keeps its state and its page shows who lacks
    what, for the curator to end it (Положение 7.1) or for the consent to be given again."""
    pair_ids = db.session.scalars(
        select(Pair.id).join(PairParticipant, and_(PairParticipant.pair_id == Pair.id,
                                                   PairParticipant.pair_org_id == Pair.org_id))
        .where(PairParticipant.org_id == require_scope().org_id, PairParticipant.teacher_id == teacher_id,
               PairParticipant.left_at.is_(None), Pair.status == PairStatus.consents_complete)
        .order_by(Pair.id)).all()
    for pair_id in pair_ids:
        pair = lock_pair(pair_id)
        members = current(pair)
        if pair.status != PairStatus.consents_complete or not any(lacking(pair, members).values()):
            continue
        name = next(t.full_name for _p, t in members if t.id == teacher_id)
        move(pair, PairStatus.agreed, str(_l("%(name)s withdrew a consent the pair needs: the pair waits for it "
                                             "again (Положение 3.3).", name=name)), members=members)
        pair.consents_complete_at = None


END_REASONS_OF_CURATOR = (EndReason.curator_improper, EndReason.curator_force_majeure)


def check_end(pair: Pair, reason: EndReason) -> None:
    require_open(pair)
    if reason == EndReason.plan_completed and pair.status != PairStatus.active:
        raise ServiceError(_l("Only an active pair completes its plan."))


def end(pair_id: uuid.UUID, reason: EndReason, note: str | None, order_id: uuid.UUID | None = None) -> Pair:
    """Положение 7.1: the programme ends when the plan is fulfilled in full (completed), or early on
    the initiative of the mentor, the mentee or both for valid reasons, or of the curator for improper
    execution or force majeure (ended early, the valid reason stated). An active pair gives back the
    mentor's load and moves its mentees out (completed, or back to the waiting list); a pair not yet
    active simply ends. ``order_id``: the order that ends it, recorded with the pair."""
    reason = EndReason(reason)
    note = " ".join((note or "").split()) or None
    pair = lock_pair(pair_id)
    check_end(pair, reason)
    if reason != EndReason.plan_completed and not note:
        raise ServiceError(_l("State the reason for ending the pair early (Положение 7.1)."), field="note")
    if note and len(note) > 1000:
        raise ServiceError(_l("The reason is at most 1000 characters."), field="note")
    was_active = pair.status == PairStatus.active
    members = current(pair)
    if was_active:
        _mentor, mentor_teacher = _mentor_of(members)
        mentees = _mentees_of(members)
        entry = _lock_mentor_entry(mentor_teacher.id)
        if entry is not None:
            entry.load = max(entry.load - len(mentees), 0)
        after = MenteeStatus.completed if reason == EndReason.plan_completed else MenteeStatus.needs_mentor
        entries = _lock_mentee_entries([t.id for _, t in mentees])
        for _participant, teacher in mentees:
            mentee_entry = entries.get(teacher.id)
            if (mentee_entry is not None and mentee_entry.status == MenteeStatus.in_pair
                    and not _in_other_active_pair(teacher.id, pair.id)):
                mentee_bank.change_status(mentee_entry.id, after, str(_l("The pair has ended.")))
    pair.ended_at, pair.end_reason, pair.end_note, pair.end_order_id = utcnow(), reason, note, order_id
    to = PairStatus.completed if reason == EndReason.plan_completed else PairStatus.ended_early
    move(pair, to, note or str(labels.END_REASON[reason]), order_id, members)
    pair_ended.send(pair, pair_id=pair.id, reason=reason)
    return pair


def _in_other_active_pair(teacher_id: uuid.UUID, pair_id: uuid.UUID) -> bool:
    return db.session.scalar(select(PairParticipant.id).join(Pair, and_(
        Pair.id == PairParticipant.pair_id, Pair.org_id == PairParticipant.pair_org_id)).where(
        PairParticipant.org_id == require_scope().org_id, PairParticipant.teacher_id == teacher_id,
        PairParticipant.role == ParticipantRole.mentee, PairParticipant.left_at.is_(None),
        Pair.id != pair_id, Pair.status == PairStatus.active).limit(1)) is not None


def replace_mentor(pair_id: uuid.UUID, new_mentor_teacher_id: uuid.UUID, order_id: uuid.UUID) -> Pair:
    """Положение 4.1, 5.1: an active pair continues with a new mentor under an order (a petition's
    decision). The old mentor's row is kept with ``left_at``; the new one joins; the load moves from one
    bank entry to the other under their locks; the programme, plan, journal and history stay with the
    pair (they belong to the pair, not to the mentor)."""
    if order_id is None:
        raise ServiceError(_l("A mentor is replaced only under a signed order."))
    pair = lock_pair(pair_id)
    require_open(pair)
    if pair.status != PairStatus.active:
        raise ServiceError(_l("The mentor is replaced in an active pair only."))
    members = current(pair)
    old, old_teacher = _mentor_of(members)
    mentees = _mentees_of(members)
    if new_mentor_teacher_id == old_teacher.id:
        raise ServiceError(_l("This teacher is already the pair's mentor."))
    if any(t.id == new_mentor_teacher_id for _, t in mentees):
        raise ServiceError(_l("Nobody is their own mentor."))
    new_teacher = checks.teacher_in_school(new_mentor_teacher_id)
    # Both entries locked in the order of their teachers' ids.
    entries = {}
    for teacher_id in sorted({old_teacher.id, new_teacher.id}, key=str):
        entries[teacher_id] = _lock_mentor_entry(teacher_id)
    new_entry = entries[new_teacher.id]
    checks.check_mentor(new_teacher, new_entry, pair.form_code, [t for _, t in mentees], exclude_pair=pair.id,
                          extra=len(mentees))
    for purpose in NEEDED[ParticipantRole.mentor]:
        if purpose in missing([new_teacher.id], [purpose]).get(new_teacher.id, []):
            raise ServiceError(_l("%(name)s has not given every consent a mentor needs (Положение 3.2, 3.3).",
                                  name=new_teacher.full_name))
    if new_entry.load + len(mentees) > new_entry.capacity:
        raise ServiceError(_l("%(name)s already has %(load)d of %(capacity)d mentees: no room for this pair.",
                              name=new_teacher.full_name, load=new_entry.load, capacity=new_entry.capacity))
    old_entry = entries[old_teacher.id]
    if old_entry is not None:
        old_entry.load = max(old_entry.load - len(mentees), 0)
    new_entry.load += len(mentees)
    now = utcnow()
    old.left_at = now
    db.session.flush()  # the old row leaves before the new one takes the mentor's place (a unique index)
    db.session.add(PairParticipant(pair_id=pair.id, pair_org_id=pair.org_id, teacher_id=new_teacher.id,
                                   role=ParticipantRole.mentor, response=Response.accepted, responded_at=now,
                                   joined_at=now))
    reason = str(_l("The mentor is replaced: %(old)s → %(new)s.", old=old_teacher.full_name,
                    new=new_teacher.full_name))
    db.session.add(PairTransition(pair_id=pair.id, from_status=pair.status.value, to_status=pair.status.value,
                                  by_id=require_scope().user_id, reason=reason, order_id=order_id))
    audit.record("replace_mentor", "pair", pair.id, details={"reason": reason, "order": str(order_id)},
                 object_name=pair_name([(p, t) for p, t in members if p is not old] + [(old, new_teacher)]))
    db.session.flush()
    return pair
