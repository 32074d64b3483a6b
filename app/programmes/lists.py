"""The curator's list of programmes (with the overdue activities counted and the programmes ending soon),
a teacher's own programmes, and the XLSX export: the journal appears only as counts (issue 8)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from app.core.extensions import db
from app.core.pagination import Keys, keyset_page
from app.documents import Spreadsheet
from app.pairs.models import PairParticipant
from app.programmes.models import Activity, ActivityStatus, JournalEntry, Programme, ProgrammeStatus
from app.teachers.models import Teacher
from tenants.scope import require_scope

ENDING_SOON_DAYS = 30
KEYS = Keys(((Programme.ends_on, lambda row: row.Programme.ends_on), (Programme.id, lambda row: row.Programme.id)))


def _overdue(today: date):
    return (select(func.count()).where(Activity.org_id == Programme.org_id, Activity.programme_id == Programme.id,
                                       Activity.due_on < today,
                                       Activity.status.in_((ActivityStatus.planned, ActivityStatus.in_progress)))
            .correlate(Programme).scalar_subquery())


def _journal_count():
    return (select(func.count()).where(JournalEntry.org_id == Programme.org_id,
                                       JournalEntry.programme_id == Programme.id)
            .correlate(Programme).scalar_subquery())


def _people():
    """The pair's current people as «Фамилия И.О. (наставник); …» in one string, mentor first."""
    name = func.concat(Teacher.last_name, " ", func.left(Teacher.first_name, 1), ".",
                       func.coalesce(func.left(Teacher.middle_name, 1) + ".", ""))
    return (select(func.string_agg(name, aggregate_order_by(literal("; "), PairParticipant.role.desc(),
                                                              Teacher.last_name)))
            .select_from(PairParticipant).join(Teacher, Teacher.id == PairParticipant.teacher_id)
            .where(PairParticipant.pair_id == Programme.pair_id, PairParticipant.left_at.is_(None))
            .correlate(Programme).scalar_subquery())


def _base(today: date, ending_soon: bool, proposals: bool):
    scope = require_scope()
    stmt = select(Programme, _overdue(today).label("overdue"), _people().label("people")).where(
        Programme.org_id == scope.org_id)
    if ending_soon:
        stmt = stmt.where(Programme.status == ProgrammeStatus.active,
                          Programme.ends_on <= today + timedelta(days=ENDING_SOON_DAYS))
    if proposals:
        stmt = stmt.where(Programme.status == ProgrammeStatus.active, Programme.end_proposed_for == Programme.ends_on)
    return stmt


def page(today: date, *, ending_soon: bool = False, proposals: bool = False):
    stmt = _base(today, ending_soon, proposals)
    scope = require_scope()
    count = select(Programme.id).where(Programme.org_id == scope.org_id)
    if ending_soon:
        count = count.where(Programme.status == ProgrammeStatus.active,
                            Programme.ends_on <= today + timedelta(days=ENDING_SOON_DAYS))
    if proposals:
        count = count.where(Programme.status == ProgrammeStatus.active, Programme.end_proposed_for == Programme.ends_on)
    return keyset_page(stmt, KEYS, count_stmt=count, entity=False)


def proposals_count() -> int:
    scope = require_scope()
    return db.session.scalar(select(func.count()).select_from(Programme).where(
        Programme.org_id == scope.org_id, Programme.status == ProgrammeStatus.active,
        Programme.end_proposed_for == Programme.ends_on))


def mine(user_id) -> list:
    """The programmes of the pairs the person takes part in now."""
    scope = require_scope()
    pair_ids = (select(PairParticipant.pair_id).join(Teacher, Teacher.id == PairParticipant.teacher_id)
                .where(Teacher.user_id == user_id, PairParticipant.left_at.is_(None)))
    return list(db.session.execute(select(Programme, _overdue(date.today()).label("overdue"),
                                          _people().label("people"))
                                   .where(Programme.org_id == scope.org_id, Programme.pair_id.in_(pair_ids))
                                   .order_by(Programme.ends_on, Programme.id).limit(50)))


def export(today: date, forms: dict, status_words: dict) -> bytes:
    """Every programme of the school: term, form, state, the plan's counts, the journal's count (never
    its content)."""
    scope = require_scope()
    done = (select(func.count()).where(Activity.org_id == Programme.org_id, Activity.programme_id == Programme.id,
                                       Activity.status == ActivityStatus.done).correlate(Programme).scalar_subquery())
    total = (select(func.count()).where(Activity.org_id == Programme.org_id, Activity.programme_id == Programme.id)
             .correlate(Programme).scalar_subquery())
    rows = db.session.execute(select(Programme, _people(), total, done, _overdue(today), _journal_count())
                              .where(Programme.org_id == scope.org_id).order_by(Programme.ends_on, Programme.id))
    book = Spreadsheet()
    book.sheet("Программы", ["Участники", "Форма", "Начало", "Окончание", "Состояние", "Мероприятий",
                             "Выполнено", "Просрочено", "Встреч в журнале"],
               ([people or "", forms.get(p.form_code, p.form_code), p.starts_on, p.ends_on,
                 str(status_words[p.status]), t, d, o, j] for p, people, t, d, o, j in rows),
               caption="Персонализированные программы наставничества")
    return book.to_bytes()
