"""The home page's panels of the mentoring cycle II (app/core/home.py): for those who run the cycle, its
state — pairs by state, programmes with overdue activities and those ending soon, what waits for
consents, signatures and decisions, petitions; for a participant, what waits for them. The orders
feature sits on top of pairs and programmes, so the panels live here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template
from markupsafe import Markup
from sqlalchemy import and_, func, select

from app.core.extensions import db
from app.core.roles import OrgKind, Role
from app.orders.models import Acknowledgement, Order, OrderPerson, OrderStatus
from app.pairs.models import Pair, PairParticipant, PairStatus, Response
from app.pairs.petitions import Petition, PetitionStatus
from app.programmes.models import Activity, ActivityStatus, Programme, ProgrammeStatus
from app.teachers import services as teachers
from app.teachers.young import today as local_today
from tenants.scope import require_scope

_RUNNERS = frozenset({Role.curator, Role.methodist, Role.school_admin})
ENDING_SOON_DAYS = 30
_LATE = (ActivityStatus.planned, ActivityStatus.in_progress)


@dataclass(frozen=True)
class CycleState:
    pairs: dict[str, int]
    active_programmes: int
    overdue_activities: int
    ending_soon: int
    end_proposals: int
    drafts_to_sign: int
    petitions_to_review: int
    petitions_to_decide: int
    petitions_to_order: int


def _count(model, *conditions):
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def cycle_state(on: date) -> CycleState:
    """Two statements whatever the school's size: the pairs by state, then the other counts."""
    org = require_scope().org_id
    by_status = dict(db.session.execute(select(Pair.status, func.count()).where(Pair.org_id == org)
                                        .group_by(Pair.status)).all())
    active = and_(Programme.org_id == org, Programme.status == ProgrammeStatus.active)
    row = db.session.execute(select(
        _count(Programme, active),
        _count(Activity, Activity.org_id == org, Activity.due_on < on, Activity.status.in_(_LATE),
               Activity.programme_id.in_(select(Programme.id).where(active))),
        _count(Programme, active, Programme.ends_on <= on + timedelta(days=ENDING_SOON_DAYS)),
        _count(Programme, active, Programme.end_proposed_for.is_not(None)),
        _count(Order, Order.org_id == org, Order.status == OrderStatus.draft),
        _count(Petition, Petition.org_id == org, Petition.status == PetitionStatus.filed),
        _count(Petition, Petition.org_id == org, Petition.status == PetitionStatus.reviewed),
        _count(Petition, Petition.org_id == org, Petition.status == PetitionStatus.granted))).one()
    return CycleState({status.value: n for status, n in by_status.items()}, *row)


def school_cycle(org, membership) -> Markup | None:
    if org.kind != OrgKind.school:
        return None
    runner, director = membership.has_any(_RUNNERS), membership.has_any({Role.director})
    if not (runner or director):
        return None
    return Markup(render_template("orders/panel_cycle.html", state=cycle_state(local_today()), runner=runner,
                                  director=director, statuses=[s.value for s in PairStatus]))


@dataclass(frozen=True)
class MyWork:
    to_answer: int
    active_pairs: int
    my_overdue: int
    to_acknowledge: int


def my_work(org, membership) -> Markup | None:
    """A participant's waiting work: proposals to answer, active pairs, overdue activities they are
    responsible for, signed orders naming them not yet acknowledged (one statement)."""
    if org.kind != OrgKind.school or Role.teacher.value not in membership.roles:
        return None
    record = teachers.my_record()
    if record is None:
        return None
    scope = require_scope()
    mine = and_(PairParticipant.org_id == scope.org_id, PairParticipant.teacher_id == record.id,
                PairParticipant.left_at.is_(None))
    pairs_of = select(PairParticipant.pair_id).where(mine)
    row = db.session.execute(select(
        _count(PairParticipant, mine, PairParticipant.response == Response.pending,
               PairParticipant.pair_id.in_(select(Pair.id).where(Pair.org_id == scope.org_id,
                                                                 Pair.status == PairStatus.draft))),
        _count(Pair, Pair.org_id == scope.org_id, Pair.status == PairStatus.active, Pair.id.in_(pairs_of)),
        _count(Activity, Activity.org_id == scope.org_id, Activity.responsible_teacher_id == record.id,
               Activity.due_on < local_today(), Activity.status.in_(_LATE)),
        _count(OrderPerson, OrderPerson.org_id == scope.org_id, OrderPerson.teacher_id == record.id,
               OrderPerson.order_id.in_(select(Order.id).where(Order.org_id == scope.org_id,
                                                               Order.status == OrderStatus.signed)),
               ~OrderPerson.order_id.in_(select(Acknowledgement.order_id).where(
                   Acknowledgement.org_id == scope.org_id, Acknowledgement.teacher_id == record.id))))).one()
    work = MyWork(*row)
    if not any(row):
        return None
    return Markup(render_template("orders/panel_mine.html", work=work))
