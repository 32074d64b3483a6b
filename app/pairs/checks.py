"""The checks of who may be in a pair (Положение 2.3, 3.2, 6.1; 152-ФЗ ст. 9), shared by forming a pair
(services) and by the lifecycle (a replaced mentor): each reads inside the caller's transaction, after
the caller has locked the bank entries it counts against."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from app.banks.models import MentorEntry, MentorStatus
from app.consents.gate import has_standing
from app.consents.models import Purpose
from app.core.errors import ServiceError
from app.core.extensions import db
from app.pairs import rules
from app.pairs.models import OPEN_STATUSES, Pair, PairParticipant, PairStatus, ParticipantRole
from app.teachers.models import Teacher
from tenants.scope import require_scope


def teacher_in_school(teacher_id: uuid.UUID, *, lock: bool = False) -> Teacher:
    stmt = select(Teacher).where(Teacher.id == teacher_id, Teacher.org_id == require_scope().org_id)
    teacher = db.session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()
    if teacher is None:
        raise ServiceError(_l("The teacher is not in the school's registry."))
    return teacher


def _require_person(teacher: Teacher) -> None:
    """Nobody inactive in the registry and nobody without the processing consent (152-ФЗ ст. 9) is in a
    pair."""
    if not teacher.is_active:
        raise ServiceError(_l("%(name)s no longer works in the school: nobody inactive in the registry is in a "
                              "pair.", name=teacher.full_name))
    if not has_standing(teacher.id, Purpose.processing):
        raise ServiceError(_l("%(name)s has not given the consent to the processing of personal data for the "
                              "mentoring system: nobody is in a pair without it (152-ФЗ ст. 9).",
                              name=teacher.full_name))


def _pairs_of(teacher_id: uuid.UUID, role: ParticipantRole):
    """The ids of the pairs this teacher is in now in ``role`` (a subquery)."""
    return select(PairParticipant.pair_id).where(
        PairParticipant.org_id == require_scope().org_id, PairParticipant.teacher_id == teacher_id,
        PairParticipant.role == role, PairParticipant.left_at.is_(None))


def open_mentees(mentor_teacher_id):
    """A count of the mentees of the open pairs whose current mentor is ``mentor_teacher_id`` — a value,
    or a column of an enclosing query (the form page counts every mentor's at once): what the capacity
    counts (Положение 6.1). The mentor's seat is a table alias, so the subquery never correlates with an
    enclosing query's pair_participants."""
    org_id = require_scope().org_id
    seat = PairParticipant.__table__.alias("mentor_seat")
    return (select(func.count(PairParticipant.id))
            .join(Pair, and_(Pair.id == PairParticipant.pair_id, Pair.org_id == PairParticipant.pair_org_id))
            .join(seat, and_(seat.c.pair_id == Pair.id, seat.c.pair_org_id == Pair.org_id,
                             seat.c.role == ParticipantRole.mentor.value, seat.c.left_at.is_(None)))
            .where(Pair.org_id == org_id, Pair.status.in_(OPEN_STATUSES), seat.c.org_id == org_id,
                   seat.c.teacher_id == mentor_teacher_id, PairParticipant.role == ParticipantRole.mentee,
                   PairParticipant.left_at.is_(None)))


def _open_mentees_of(mentor_teacher_id: uuid.UUID, exclude_pair: uuid.UUID | None = None) -> int:
    stmt = open_mentees(mentor_teacher_id)
    if exclude_pair is not None:
        stmt = stmt.where(Pair.id != exclude_pair)
    return db.session.scalar(stmt) or 0


def check_mentor(teacher: Teacher, entry: MentorEntry | None, form_code: str, mentees: list[Teacher], *,
                 exclude_pair: uuid.UUID | None = None, extra: int = 0) -> None:
    """Положение 3.2, 6.1: the mentor is an approved mentor of the bank, in the registry, with the
    processing consent, with room for ``extra`` more mentees (their open pairs counted against the
    capacity), and — unless the form is the reverse one — more experienced than each mentee."""
    _require_person(teacher)
    if entry is None or entry.status != MentorStatus.approved:
        raise ServiceError(_l("%(name)s is not an approved mentor of the bank (Положение 3.2).", name=teacher.full_name))
    taken = _open_mentees_of(teacher.id, exclude_pair)
    if taken + extra > entry.capacity:
        raise ServiceError(_l("%(name)s can take %(capacity)d mentees at once and already has %(taken)d in open "
                              "pairs: no room for %(more)d more.", name=teacher.full_name, capacity=entry.capacity,
                              taken=taken, more=extra))
    rule = rules.rule_of(form_code)
    if rule.mentor_more_experienced and teacher.experience_since is not None:
        for mentee in mentees:
            if mentee.experience_since is not None and mentee.experience_since <= teacher.experience_since:
                raise ServiceError(_l("%(mentee)s has taught longer than %(mentor)s: only the reverse form lets a less "
                                      "experienced teacher mentor a more experienced one (Положение 2.3).",
                                      mentee=mentee.full_name, mentor=teacher.full_name))


def _in_exclusive_pair(teacher_id: uuid.UUID, exclude_pair: uuid.UUID | None = None) -> bool:
    shared = [code for code, rule in rules.FORM_RULES.items() if not rule.exclusive]
    stmt = (select(PairParticipant.id)
            .join(Pair, and_(Pair.id == PairParticipant.pair_id, Pair.org_id == PairParticipant.pair_org_id))
            .where(PairParticipant.org_id == require_scope().org_id, PairParticipant.teacher_id == teacher_id,
                   PairParticipant.role == ParticipantRole.mentee, PairParticipant.left_at.is_(None),
                   Pair.status.in_(OPEN_STATUSES), Pair.form_code.not_in(shared)))
    if exclude_pair is not None:
        stmt = stmt.where(Pair.id != exclude_pair)
    return db.session.scalar(stmt.limit(1)) is not None


def _declined_before(mentor_teacher_id: uuid.UUID, mentee_teacher_id: uuid.UUID) -> bool:
    """Положение 1.3.5: a declined proposal of this mentor to this mentee is kept and not made again."""
    return db.session.scalar(select(Pair.id).where(
        Pair.org_id == require_scope().org_id, Pair.status == PairStatus.declined,
        Pair.id.in_(_pairs_of(mentor_teacher_id, ParticipantRole.mentor)),
        Pair.id.in_(_pairs_of(mentee_teacher_id, ParticipantRole.mentee))).limit(1)) is not None
