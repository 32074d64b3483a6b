"""What both banks share: the teacher records they are about, the consent gate, the status history."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select, update

from app.banks.models import Bank, BankInvitation, MenteeEntry, MentorEntry, StatusChange
from app.consents.gate import has_standing, standing
from app.consents.models import Purpose
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.teachers.models import Teacher
from tenants.scope import require_scope


def clean_text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def mark_answered(teacher_id: uuid.UUID, bank: Bank) -> None:
    """The questionnaire (or request form) sent to the teacher is answered: the curator sees it."""
    db.session.execute(update(BankInvitation).where(
        BankInvitation.org_id == require_scope().org_id, BankInvitation.teacher_id == teacher_id,
        BankInvitation.bank == bank, BankInvitation.answered_at.is_(None)).values(answered_at=utcnow()))


def teacher_of_org(teacher_id: uuid.UUID) -> Teacher | None:
    """A teacher record of the current school, or None (another school's id too)."""
    scope = require_scope()
    return db.session.scalars(select(Teacher).where(Teacher.id == teacher_id, Teacher.org_id == scope.org_id)
                              ).one_or_none()


def own_teacher() -> Teacher | None:
    """The acting person's own active teacher record in the current school."""
    scope = require_scope()
    if scope.user_id is None or scope.org_id is None:
        return None
    return db.session.scalars(select(Teacher).where(
        Teacher.org_id == scope.org_id, Teacher.user_id == scope.user_id, Teacher.is_active.is_(True))).one_or_none()


def require_processing(teacher: Teacher, *, own: bool) -> None:
    """Положение 3.2, roadmap 2.2 and 3.2, 152-ФЗ ст. 9: nobody enters a bank without a standing
    consent to the processing of personal data for the mentoring system."""
    if has_standing(teacher.id, Purpose.processing):
        return
    if own:
        raise ServiceError(_l("Your consent to the processing of personal data for the mentoring system is not on "
                              "file: give it on the page of your consents first (152-ФЗ ст. 9)."))
    raise ServiceError(_l("%(name)s has not given the consent to the processing of personal data for the mentoring "
                          "system: record it in the consent ledger first (152-ФЗ ст. 9).", name=teacher.full_name))


def require_active(teacher: Teacher) -> None:
    if not teacher.is_active:
        raise ServiceError(_l("%(name)s no longer works in the school.", name=teacher.full_name))


def log_status(entry: MentorEntry | MenteeEntry, old: str | None, new: str, reason: str | None = None) -> None:
    """One row of the status history: who, when, why (kept when the content is destroyed)."""
    change = StatusChange(old_status=old, new_status=new, by_id=require_scope().user_id, reason=reason)
    if isinstance(entry, MentorEntry):
        change.mentor_entry_id = entry.id
    else:
        change.mentee_entry_id = entry.id
    db.session.add(change)


def history(entry: MentorEntry | MenteeEntry) -> list:
    """The status history of an entry, oldest first, with the names of who changed it (one statement)."""
    from app.accounts.models import User

    column = StatusChange.mentor_entry_id if isinstance(entry, MentorEntry) else StatusChange.mentee_entry_id
    return list(db.session.execute(
        select(StatusChange.old_status, StatusChange.new_status, StatusChange.at, StatusChange.reason,
               User.full_name.label("by_name"))
        .outerjoin(User, User.id == StatusChange.by_id)
        .where(StatusChange.org_id == entry.org_id, column == entry.id)
        .order_by(StatusChange.at, StatusChange.id)))


def working_entry(model, entry_id: uuid.UUID, *, lock: bool = False):
    """An entry (MentorEntry or MenteeEntry) of the current school's working bank with its teacher, or
    None: another school's id, and an entry whose processing consent no longer stands (it left the bank
    at once, 152-ФЗ ст. 21)."""
    stmt = (select(model, Teacher).join(Teacher, and_(Teacher.id == model.teacher_id, Teacher.org_id == model.org_id))
            .where(model.id == entry_id, model.org_id == require_scope().org_id,
                   standing(Purpose.processing, model.teacher_id, model.org_id)))
    found = db.session.execute(stmt.with_for_update(of=model) if lock else stmt).one_or_none()
    return (found[0], found[1]) if found else None


def view_working_entry(model, object_type: str, entry_id: uuid.UUID):
    """Open an entry; every view of a personal record is logged (152-ФЗ ст. 19)."""
    found = working_entry(model, entry_id)
    if found is not None:
        audit.record("view", object_type, found[0].id, object_name=found[1].full_name)
    return found
