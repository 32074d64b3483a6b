"""The bank of mentees (roadmap stage 2 and 5.3; Положение 3.4, 5): the teacher's professional
difficulties and requests, the mentee's status, the waiting list and its support, the yearly review."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, not_, select

from app.audit import services as audit
from app.banks import dictionary
from app.banks.common import (clean_text, log_status, mark_answered, require_active,
                              require_processing, view_working_entry, working_entry)
from app.banks.models import (WAITING, Bank, BankInvitation, BankReview, DictionaryKind, FilledBy, MenteeCategory,
                              MenteeEntry, MenteeStatus, MenteeSupport, SupportKind)
from app.consents.models import Purpose
from app.consents.gate import standing
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.teachers.models import Teacher, teacher_name_key
from tenants.scope import require_scope

MAX_TEXT = 2000

# Who moves where: the pairs feature moves a mentee into a pair; until then the curator does.
TRANSITIONS = {
    MenteeStatus.needs_mentor: {MenteeStatus.in_pair, MenteeStatus.supported, MenteeStatus.completed},
    MenteeStatus.supported: {MenteeStatus.needs_mentor, MenteeStatus.in_pair, MenteeStatus.completed},
    MenteeStatus.in_pair: {MenteeStatus.needs_mentor, MenteeStatus.completed},
    MenteeStatus.completed: {MenteeStatus.needs_mentor},
}


@dataclass
class Requests:
    """The teacher's professional difficulties (one text per competence category, in their words), the
    request as a whole and the mentee category."""

    category: MenteeCategory | None
    difficulties: dict[str, str]
    request_text: str | None = None


def entry_of_teacher(teacher_id: uuid.UUID, *, lock: bool = False) -> MenteeEntry | None:
    stmt = select(MenteeEntry).where(MenteeEntry.org_id == require_scope().org_id, MenteeEntry.teacher_id == teacher_id)
    return db.session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


def get_entry(entry_id: uuid.UUID, *, lock: bool = False) -> tuple[MenteeEntry, Teacher] | None:
    return working_entry(MenteeEntry, entry_id, lock=lock)


def view_entry(entry_id: uuid.UUID) -> tuple[MenteeEntry, Teacher] | None:
    return view_working_entry(MenteeEntry, "mentee_entry", entry_id)


def submit_requests(teacher: Teacher, requests: Requests, *, own: bool) -> MenteeEntry:
    """Roadmap 2.1: the teacher's own requests (``own``), or the curator's copy of a paper form. Refused
    without a standing processing consent (roadmap 2.2; 152-ФЗ ст. 9): no entry is created."""
    require_active(teacher)
    require_processing(teacher, own=own)
    if requests.category is None:
        raise ServiceError(_l("Choose the category."), field="category")
    texts = {code: text.strip() for code, text in requests.difficulties.items() if text and text.strip()}
    dictionary.check_codes(DictionaryKind.competence, list(texts))
    request_text = clean_text(requests.request_text)
    if not texts and not request_text:
        raise ServiceError(_l("Describe at least one difficulty or the request."))
    if any(len(text) > MAX_TEXT for text in [*texts.values(), request_text or ""]):
        raise ServiceError(_l("Each text is at most 2000 characters."))
    entry = entry_of_teacher(teacher.id, lock=True)
    created = entry is None
    if created:
        entry = MenteeEntry(teacher_id=teacher.id, status=MenteeStatus.needs_mentor)
        db.session.add(entry)
    entry.category, entry.difficulties, entry.request_text = requests.category, texts, request_text
    entry.filled_by = FilledBy.self if own else FilledBy.curator
    entry.filled_by_id, entry.submitted_at, entry.content_destroyed_at = require_scope().user_id, utcnow(), None
    db.session.flush()
    if created:
        log_status(entry, None, MenteeStatus.needs_mentor.value)
    elif entry.status == MenteeStatus.completed:
        entry.status = MenteeStatus.needs_mentor
        log_status(entry, MenteeStatus.completed.value, MenteeStatus.needs_mentor.value,
                   str(_l("New requests were submitted.")))
    mark_answered(teacher.id, Bank.mentee)
    audit.record("submit_requests", "mentee_entry", entry.id, object_name=teacher.full_name,
                 details={"filled_by": entry.filled_by.value})
    return entry


def change_status(entry_id: uuid.UUID, status: MenteeStatus, reason: str | None) -> MenteeEntry:
    """A status change, with who and when (and why); leaving the waiting list ends its open support."""
    found = get_entry(entry_id, lock=True)
    if found is None:
        raise ServiceError(_l("The entry is not in the bank."))
    entry, teacher = found
    if status not in TRANSITIONS[entry.status]:
        raise ServiceError(_l("This status cannot follow the current one."), field="status")
    old = entry.status
    entry.status = status
    if old in WAITING and status not in WAITING:
        today = date.today()
        for support in db.session.scalars(select(MenteeSupport).where(
                MenteeSupport.org_id == entry.org_id, MenteeSupport.mentee_entry_id == entry.id,
                MenteeSupport.ends_on.is_(None))):
            support.ends_on = max(today, support.starts_on)
    log_status(entry, old.value, status.value, clean_text(reason))
    audit.record("change_status", "mentee_entry", entry.id, object_name=teacher.full_name,
                 details={"before": {"mentee_status": old.value}, "after": {"mentee_status": status.value}})
    return entry


def add_support(entry_id: uuid.UUID, kind: SupportKind, description: str | None, starts_on: date,
                ends_on: date | None) -> MenteeSupport:
    """Roadmap 5.3: the support of a mentee who has no pair yet — consultations, the methodical
    association, psychological and pedagogical support — with its dates."""
    found = get_entry(entry_id, lock=True)
    if found is None:
        raise ServiceError(_l("The entry is not in the bank."))
    entry, teacher = found
    if entry.status not in WAITING:
        raise ServiceError(_l("Support is recorded for mentees who are waiting for a pair."))
    if ends_on is not None and ends_on < starts_on:
        raise ServiceError(_l("The support ends before it starts."), field="ends_on")
    support = MenteeSupport(mentee_entry_id=entry.id, kind=kind, description=clean_text(description),
                            starts_on=starts_on, ends_on=ends_on, created_by_id=require_scope().user_id)
    db.session.add(support)
    if entry.status == MenteeStatus.needs_mentor:
        entry.status = MenteeStatus.supported
        log_status(entry, MenteeStatus.needs_mentor.value, MenteeStatus.supported.value,
                   str(_l("Support while waiting for a pair.")))
    db.session.flush()
    audit.record("add_support", "mentee_entry", entry.id, object_name=teacher.full_name,
                 details={"support": kind.value})
    return support


def get_support(support_id: uuid.UUID) -> tuple[MenteeSupport, MenteeEntry, Teacher] | None:
    """A support row of the current school's working bank, or None."""
    stmt = (select(MenteeSupport, MenteeEntry, Teacher)
            .join(MenteeEntry, and_(MenteeEntry.id == MenteeSupport.mentee_entry_id,
                                    MenteeEntry.org_id == MenteeSupport.org_id))
            .join(Teacher, and_(Teacher.id == MenteeEntry.teacher_id, Teacher.org_id == MenteeEntry.org_id))
            .where(MenteeSupport.id == support_id, MenteeSupport.org_id == require_scope().org_id,
                   standing(Purpose.processing, MenteeEntry.teacher_id, MenteeEntry.org_id)))
    found = db.session.execute(stmt).one_or_none()
    return (found[0], found[1], found[2]) if found else None


def end_support(support_id: uuid.UUID, ends_on: date) -> MenteeSupport:
    found = get_support(support_id)
    if found is None:
        raise ServiceError(_l("The support is not in the bank."))
    support, entry, teacher = found
    if ends_on < support.starts_on:
        raise ServiceError(_l("The support ends before it starts."), field="ends_on")
    support.ends_on = ends_on
    audit.record("end_support", "mentee_entry", entry.id, object_name=teacher.full_name,
                 details={"support": support.kind.value})
    return support


def supports_of(entry: MenteeEntry) -> list[MenteeSupport]:
    return list(db.session.scalars(select(MenteeSupport).where(
        MenteeSupport.org_id == entry.org_id, MenteeSupport.mentee_entry_id == entry.id)
        .order_by(MenteeSupport.starts_on, MenteeSupport.id)))


# ----------------------------------------------------------------------------- the yearly review


def review(note: str | None) -> BankReview:
    """Положение 3.4: the curator brings the bank of mentees up to date at least once a year."""
    done = BankReview(reviewed_by_id=require_scope().user_id, note=clean_text(note))
    db.session.add(done)
    db.session.flush()
    audit.record("review_bank", "bank", None, details={"note": done.note} if done.note else None)
    return done


def last_review():
    """The latest review with the reviewer's name, or None (one statement, ix_bank_reviews_org_at)."""
    from app.accounts.models import User

    return db.session.execute(
        select(BankReview.reviewed_at, BankReview.note, User.full_name.label("by_name"))
        .outerjoin(User, User.id == BankReview.reviewed_by_id)
        .where(BankReview.org_id == require_scope().org_id)
        .order_by(BankReview.reviewed_at.desc()).limit(1)).one_or_none()


def year_after(moment: datetime) -> date:
    day = moment.date()
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + timedelta(days=365)


def review_due(org, today: date | None = None) -> bool:
    """Положение 3.4: a review is due when the bank was never reviewed or the last review is more than
    twelve months old. ``org``: the organization (its id is read) in the current scope."""
    last = db.session.scalar(select(func.max(BankReview.reviewed_at)).where(BankReview.org_id == org.id))
    return last is None or (today or date.today()) > year_after(last)


# ------------------------------------------------------------------------------------------ lists

ORDER = Keys(((not_(Teacher.is_active), lambda row: not row.is_active),
              (Teacher.sort_name, lambda row: row.sort_name),
              (Teacher.id, lambda row: row.teacher_id)))


@dataclass(frozen=True)
class MenteeFilter:
    name: str | None = None
    category: MenteeCategory | None = None
    difficulty: str | None = None
    status: MenteeStatus | None = None
    waiting: bool = False


def page(flt: MenteeFilter) -> Window:
    """The working bank of mentees: only people whose processing consent stands, in the registry's
    order; the open support of each row counted in the same statement."""
    scope = require_scope()
    open_support = (select(func.count(MenteeSupport.id)).where(
        MenteeSupport.org_id == MenteeEntry.org_id, MenteeSupport.mentee_entry_id == MenteeEntry.id,
        MenteeSupport.ends_on.is_(None)).scalar_subquery())
    stmt = (select(MenteeEntry.id, MenteeEntry.teacher_id, MenteeEntry.status, MenteeEntry.category,
                   MenteeEntry.difficulties, MenteeEntry.submitted_at, Teacher.last_name, Teacher.first_name,
                   Teacher.middle_name, Teacher.is_active, Teacher.sort_name, open_support.label("open_support"))
            .join(Teacher, and_(Teacher.id == MenteeEntry.teacher_id, Teacher.org_id == MenteeEntry.org_id))
            .where(MenteeEntry.org_id == scope.org_id,
                   standing(Purpose.processing, MenteeEntry.teacher_id, MenteeEntry.org_id)))
    if flt.name:
        stmt = stmt.where(Teacher.sort_name.contains(teacher_name_key(flt.name, "", None), autoescape=True))
    if flt.category is not None:
        stmt = stmt.where(MenteeEntry.category == flt.category)
    if flt.difficulty:
        stmt = stmt.where(MenteeEntry.difficulties.has_key(flt.difficulty))
    if flt.status is not None:
        stmt = stmt.where(MenteeEntry.status == flt.status)
    if flt.waiting:
        stmt = stmt.where(MenteeEntry.status.in_(WAITING))
    return keyset_page(stmt, ORDER, entity=False)


LACKING_LIMIT = 50


def lacking() -> list:
    """Who was asked for their requests, or is in the bank, without a standing processing consent
    (cannot enter, or has left the bank): one statement, at most LACKING_LIMIT names."""
    scope = require_scope()
    invited = select(BankInvitation.teacher_id).where(BankInvitation.org_id == scope.org_id,
                                                      BankInvitation.bank == Bank.mentee)
    stmt = (select(Teacher.id, Teacher.last_name, Teacher.first_name, Teacher.middle_name, MenteeEntry.status)
            .outerjoin(MenteeEntry, and_(MenteeEntry.teacher_id == Teacher.id, MenteeEntry.org_id == Teacher.org_id))
            .where(Teacher.org_id == scope.org_id, Teacher.is_active.is_(True),
                   (MenteeEntry.id.is_not(None) & MenteeEntry.content_destroyed_at.is_(None)) | Teacher.id.in_(invited),
                   not_(standing(Purpose.processing, Teacher.id, Teacher.org_id)))
            .order_by(Teacher.sort_name, Teacher.id).limit(LACKING_LIMIT))
    return list(db.session.execute(stmt))
