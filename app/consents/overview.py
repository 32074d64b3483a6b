"""The curator's overview «Согласия»: every active teacher of the school and the state of each
consent (given in the app, on paper, withdrawn, missing), who lacks what (Положение 3.2: no mentor
without the written consent; roadmap stages 2, 3: «обеспечение согласий»). One statement per page: the
states are correlated subqueries on ix_consents_org_teacher, the teachers a keyset page of
ix_teachers_org_order."""
from __future__ import annotations

from sqlalchemy import String, case, func, not_, select, type_coerce

from app.consents.gate import standing
from app.consents.models import Consent, Purpose
from app.core.extensions import db
from app.core.pagination import COUNT_CAP, Keys, Window, keyset_page
from app.teachers import services as teachers
from app.teachers.models import Teacher
from tenants.scope import require_scope

# The columns of the overview; transfers are counted (one consent per recipient).
STATE_PURPOSES = (Purpose.processing, Purpose.mentor_duty, Purpose.pair_duty, Purpose.dissemination)
GIVEN_IN_APP, ON_PAPER, WITHDRAWN, MISSING = "in_app", "paper", "withdrawn", "missing"

ORDER = Keys(((not_(Teacher.is_active), lambda row: not row.is_active),
              (Teacher.sort_name, lambda row: row.sort_name),
              (Teacher.id, lambda row: row.id)))


def _state(purpose: Purpose):
    """in_app / paper for a standing consent, withdrawn when the last one was withdrawn, else missing.
    One probe of ix_consents_org_teacher per row (a standing consent first): an EXISTS beside it let
    PostgreSQL hash every consent of the school for each purpose, a cost that grew with the school
    (docs/performance.md «Mentoring cycle I pages»)."""
    state = (select(case((Consent.withdrawn_at.is_(None), type_coerce(Consent.channel, String)), else_=WITHDRAWN))
             .where(Consent.org_id == Teacher.org_id, Consent.teacher_id == Teacher.id, Consent.purpose == purpose)
             .order_by(Consent.withdrawn_at.is_(None).desc()).limit(1).scalar_subquery())
    return func.coalesce(state, MISSING, type_=String).label(purpose.value)


def _transfers():
    return (select(func.count()).where(Consent.org_id == Teacher.org_id, Consent.teacher_id == Teacher.id,
                                       Consent.purpose == Purpose.transfer, Consent.withdrawn_at.is_(None))
            .scalar_subquery().label("transfers"))


def _active(lacking_processing: bool, query: str | None = None):
    scope = require_scope()
    conditions = [Teacher.org_id == scope.org_id, Teacher.is_active.is_(True), *teachers.name_matches(query)]
    if lacking_processing:
        conditions.append(~standing(Purpose.processing, Teacher.id, Teacher.org_id))
    return conditions


def overview_page(*, lacking_processing: bool = False, query: str | None = None) -> Window:
    """The page of active teachers (those whose name matches ``query``) with their consents' states."""
    conditions = _active(lacking_processing, query)
    stmt = select(Teacher.id, Teacher.is_active, Teacher.sort_name, Teacher.last_name, Teacher.first_name,
                  Teacher.middle_name, Teacher.position, *[_state(p) for p in STATE_PURPOSES],
                  _transfers()).where(*conditions)
    return keyset_page(stmt, ORDER, count_stmt=select(Teacher.id).where(*conditions), entity=False)


def lacking_processing() -> tuple[int, bool]:
    """For the curator's home page: how many active teachers lack the processing consent (at most
    COUNT_CAP counted), and whether there are more."""
    counted = select(Teacher.id).where(*_active(True)).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted))
    return min(total, COUNT_CAP), total > COUNT_CAP
