"""The bank of mentors (roadmap stage 3; Положение 3.2, 4; ТК РФ ст. 351.8): the potential mentor's
questionnaire, the legal basis of the duty, the director's approval, leaving the bank, and the lists."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, not_, select

from app.audit import services as audit
from app.banks import dictionary
from app.banks.common import (clean_text, log_status, mark_answered, require_active,
                              require_processing, view_working_entry, working_entry)
from app.banks.models import (Bank, BankInvitation, BasisKind, DictionaryKind, FilledBy, MentorEntry, MentorStatus,
                              PayKind)
from app.consents.gate import has_standing, standing
from app.consents.models import Purpose
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.core.roles import Role
from app.orgs.staff import acting_member
from app.teachers.models import Teacher, teacher_name_key
from tenants.scope import require_scope

MAX_CAPACITY = 10


@dataclass
class Questionnaire:
    """The potential mentor's questionnaire (анкета потенциального наставника, roadmap 3.1)."""

    competences: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    topics: str | None = None
    forms: list[str] = field(default_factory=list)
    capacity: int = 1
    availability: str | None = None
    experience: str | None = None


@dataclass
class Basis:
    """The legal basis of the mentoring duty (ТК РФ ст. 351.8): the additional agreement (content, term,
    form, pay) or the job description."""

    kind: BasisKind
    agreement_content: str | None = None
    agreement_from: date | None = None
    agreement_until: date | None = None
    agreement_form: str | None = None
    pay_kind: PayKind | None = None
    pay_amount: Decimal | None = None
    job_description_ref: str | None = None


def entry_of_teacher(teacher_id: uuid.UUID, *, lock: bool = False) -> MentorEntry | None:
    stmt = select(MentorEntry).where(MentorEntry.org_id == require_scope().org_id, MentorEntry.teacher_id == teacher_id)
    return db.session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


def get_entry(entry_id: uuid.UUID, *, lock: bool = False) -> tuple[MentorEntry, Teacher] | None:
    return working_entry(MentorEntry, entry_id, lock=lock)


def view_entry(entry_id: uuid.UUID) -> tuple[MentorEntry, Teacher] | None:
    return view_working_entry(MentorEntry, "mentor_entry", entry_id)


def submit_questionnaire(teacher: Teacher, answers: Questionnaire, *, own: bool) -> MentorEntry:
    """The teacher's own questionnaire (``own``), or the curator's copy of a signed paper one. Refused
    without a standing processing consent (Положение 3.2; 152-ФЗ ст. 9): no entry is created."""
    require_active(teacher)
    require_processing(teacher, own=own)
    competences = dictionary.check_codes(DictionaryKind.competence, answers.competences)
    forms = dictionary.check_codes(DictionaryKind.form, answers.forms)
    if not competences:
        raise ServiceError(_l("Choose at least one competence."), field="competences")
    if not 1 <= answers.capacity <= MAX_CAPACITY:
        raise ServiceError(_l("A mentor takes from 1 to 10 mentees at once."), field="capacity")
    subjects = list(dict.fromkeys(s for s in (" ".join(s.split()) for s in answers.subjects) if s))
    if any(len(s) > 100 for s in subjects):
        raise ServiceError(_l("A subject's name is at most 100 characters."), field="subjects")
    entry = entry_of_teacher(teacher.id, lock=True)
    if entry is not None and answers.capacity < entry.load:
        raise ServiceError(_l("The mentor already has %(load)d mentees: the capacity cannot be lower.",
                              load=entry.load), field="capacity")
    scope = require_scope()
    created = entry is None
    if created:
        entry = MentorEntry(teacher_id=teacher.id, status=MentorStatus.candidate, load=0)
        db.session.add(entry)
    entry.competences, entry.subjects, entry.forms = competences, subjects, forms
    entry.topics, entry.availability = clean_text(answers.topics), clean_text(answers.availability)
    entry.experience, entry.capacity = clean_text(answers.experience), answers.capacity
    entry.filled_by = FilledBy.self if own else FilledBy.curator
    entry.filled_by_id, entry.submitted_at, entry.content_destroyed_at = scope.user_id, utcnow(), None
    db.session.flush()
    if created:
        log_status(entry, None, MentorStatus.candidate.value)
    elif entry.status == MentorStatus.inactive:
        entry.status = MentorStatus.candidate
        log_status(entry, MentorStatus.inactive.value, MentorStatus.candidate.value,
                   str(_l("The questionnaire was submitted again.")))
    mark_answered(teacher.id, Bank.mentor)
    audit.record("submit_questionnaire", "mentor_entry", entry.id, object_name=teacher.full_name,
                 details={"filled_by": entry.filled_by.value})
    return entry


def set_basis(entry: MentorEntry, teacher: Teacher, basis: Basis) -> None:
    """ТК РФ ст. 351.8: the mentoring duty rests on an additional agreement — its content, term, form of
    mentoring and pay, an amount or «без оплаты» stated explicitly — or on the job description."""
    if entry.status == MentorStatus.inactive:
        raise ServiceError(_l("The mentor has left the bank."))
    fields = dict(basis=basis.kind, agreement_content=None, agreement_from=None, agreement_until=None,
                  agreement_form=None, pay_kind=None, pay_amount=None, job_description_ref=None)
    if basis.kind == BasisKind.agreement:
        content = clean_text(basis.agreement_content)
        if not content:
            raise ServiceError(_l("State the content of the mentoring work."), field="agreement_content")
        if basis.agreement_from is None:
            raise ServiceError(_l("State when the agreement starts."), field="agreement_from")
        if basis.agreement_until is not None and basis.agreement_until < basis.agreement_from:
            raise ServiceError(_l("The agreement ends before it starts."), field="agreement_until")
        form = basis.agreement_form or ""
        if form not in {item.code for item in dictionary.forms()}:
            raise ServiceError(_l("Choose the form of mentoring."), field="agreement_form")
        if basis.pay_kind is None:
            raise ServiceError(_l("State the pay: an amount, or «without pay» explicitly."), field="pay_kind")
        if basis.pay_kind == PayKind.amount and (basis.pay_amount is None or basis.pay_amount <= 0):
            raise ServiceError(_l("Enter the amount of the pay, or choose «without pay»."), field="pay_amount")
        fields.update(agreement_content=content, agreement_from=basis.agreement_from,
                      agreement_until=basis.agreement_until, agreement_form=form, pay_kind=basis.pay_kind,
                      pay_amount=basis.pay_amount if basis.pay_kind == PayKind.amount else None)
    else:
        reference = clean_text(basis.job_description_ref)
        if not reference:
            raise ServiceError(_l("Name the job description and its item."), field="job_description_ref")
        fields.update(job_description_ref=reference)
    for name, value in fields.items():
        setattr(entry, name, value)
    audit.record("set_basis", "mentor_entry", entry.id, object_name=teacher.full_name,
                 details={"mentor_basis": basis.kind.value})


def check_approve(entry: MentorEntry, teacher: Teacher) -> None:
    """Положение 3.2: a teacher is appointed mentor by the director's order with their written consent;
    ТК РФ ст. 351.8: with the legal basis of the duty; 152-ФЗ ст. 9: with the processing consent."""
    if Role.director.value not in acting_member().roles:
        raise ServiceError(_l("Only the director approves mentors."))
    if entry.status != MentorStatus.candidate:
        raise ServiceError(_l("Only a candidate can be approved."))
    require_active(teacher)
    require_processing(teacher, own=False)
    if not has_standing(teacher.id, Purpose.mentor_duty):
        raise ServiceError(_l("%(name)s has not given the written consent to the mentoring duties (Положение 3.2): "
                              "it must be recorded before the approval.", name=teacher.full_name))
    if entry.basis is None:
        raise ServiceError(_l("Record the legal basis of the mentoring duty first: the additional agreement or the "
                              "job description (ТК РФ ст. 351.8)."))


def approve(entry_id: uuid.UUID, order_ref: str) -> MentorEntry:
    """The director approves a candidate under an order (its number and date for now; the orders
    feature links the order itself). The entry is locked: two approvals at once record one."""
    found = get_entry(entry_id, lock=True)
    if found is None:
        raise ServiceError(_l("The entry is not in the bank."))
    entry, teacher = found
    check_approve(entry, teacher)
    order_ref = " ".join((order_ref or "").split())
    if not order_ref:
        raise ServiceError(_l("Enter the number and date of the order."), field="order_ref")
    entry.status, entry.approved_at = MentorStatus.approved, utcnow()
    entry.approved_by_id, entry.approval_order_ref = require_scope().user_id, order_ref
    log_status(entry, MentorStatus.candidate.value, MentorStatus.approved.value, order_ref)
    audit.record("approve_mentor", "mentor_entry", entry.id, object_name=teacher.full_name,
                 details={"approval_order": order_ref})
    return entry


def deactivate(entry_id: uuid.UUID, reason: str) -> MentorEntry:
    """The entry leaves the bank (released at their request, Положение 4.1; left the school…), with the
    reason; a mentor with current mentees ends the pairs first."""
    found = get_entry(entry_id, lock=True)
    if found is None:
        raise ServiceError(_l("The entry is not in the bank."))
    entry, teacher = found
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(_l("State the reason."), field="reason")
    if entry.status == MentorStatus.inactive:
        raise ServiceError(_l("The mentor has already left the bank."))
    if entry.load:
        raise ServiceError(_l("The mentor has current mentees: end their pairs first."))
    old = entry.status.value
    entry.status = MentorStatus.inactive
    log_status(entry, old, MentorStatus.inactive.value, reason)
    audit.record("deactivate", "mentor_entry", entry.id, object_name=teacher.full_name, details={"reason": reason})
    return entry


# ------------------------------------------------------------------------------------------ lists

# The bank's order is the registry's (ix_teachers_org_order); each entry is found by (org_id, teacher_id).
ORDER = Keys(((not_(Teacher.is_active), lambda row: not row.is_active),
              (Teacher.sort_name, lambda row: row.sort_name),
              (Teacher.id, lambda row: row.teacher_id)))


@dataclass(frozen=True)
class MentorFilter:
    name: str | None = None
    competence: str | None = None
    subject: str | None = None
    form: str | None = None
    free: bool = False
    status: MentorStatus | None = None


def _filtered(stmt, flt: MentorFilter):
    if flt.name:
        stmt = stmt.where(Teacher.sort_name.contains(teacher_name_key(flt.name, "", None), autoescape=True))
    if flt.competence:
        stmt = stmt.where(MentorEntry.competences.contains([flt.competence]))
    if flt.form:
        stmt = stmt.where(MentorEntry.forms.contains([flt.form]))
    if flt.subject:
        stmt = stmt.where(func.array_to_string(MentorEntry.subjects, "\x1f").icontains(flt.subject, autoescape=True))
    if flt.free:  # an approved mentor with room: not a candidate, nor one who left the bank
        stmt = stmt.where(MentorEntry.status == MentorStatus.approved, MentorEntry.load < MentorEntry.capacity)
    if flt.status is not None:
        stmt = stmt.where(MentorEntry.status == flt.status)
    return stmt


def page(flt: MentorFilter) -> Window:
    """The working bank of mentors: only people whose processing consent stands (a withdrawal removes
    them in the same request), in the registry's order, with the load against the capacity."""
    scope = require_scope()
    stmt = (select(MentorEntry.id, MentorEntry.teacher_id, MentorEntry.status, MentorEntry.competences,
                   MentorEntry.subjects, MentorEntry.forms, MentorEntry.capacity, MentorEntry.load,
                   Teacher.last_name, Teacher.first_name, Teacher.middle_name, Teacher.is_active, Teacher.sort_name,
                   standing(Purpose.mentor_duty, MentorEntry.teacher_id, MentorEntry.org_id).label("has_duty_consent"))
            .join(Teacher, and_(Teacher.id == MentorEntry.teacher_id, Teacher.org_id == MentorEntry.org_id))
            .where(MentorEntry.org_id == scope.org_id,
                   standing(Purpose.processing, MentorEntry.teacher_id, MentorEntry.org_id)))
    # The count reads the bank's entries, not the school's records: with the teachers joined PostgreSQL
    # walked every record of the school and its processing consents (docs/performance.md «Mentoring
    # cycle I pages»); the records are joined only for a search by name.
    counted = select(MentorEntry.id).where(MentorEntry.org_id == scope.org_id,
                                           standing(Purpose.processing, MentorEntry.teacher_id, MentorEntry.org_id))
    if flt.name:
        counted = counted.join(Teacher, and_(Teacher.id == MentorEntry.teacher_id,
                                             Teacher.org_id == MentorEntry.org_id))
    return keyset_page(_filtered(stmt, flt), ORDER, count_stmt=_filtered(counted, flt), entity=False)


CANDIDATE_ORDER = Keys(((MentorEntry.submitted_at, lambda row: row.submitted_at),
                        (MentorEntry.id, lambda row: row.id)))


def candidates_page() -> Window:
    """The director's «Кандидаты в наставники»: candidates waiting, oldest first
    (ix_mentor_entries_candidates), with what each lacks for the approval."""
    scope = require_scope()
    stmt = (select(MentorEntry.id, MentorEntry.teacher_id, MentorEntry.submitted_at, MentorEntry.competences,
                   MentorEntry.subjects, MentorEntry.capacity, MentorEntry.basis, Teacher.last_name,
                   Teacher.first_name, Teacher.middle_name,
                   standing(Purpose.mentor_duty, MentorEntry.teacher_id, MentorEntry.org_id).label("has_duty_consent"))
            .join(Teacher, and_(Teacher.id == MentorEntry.teacher_id, Teacher.org_id == MentorEntry.org_id))
            .where(MentorEntry.org_id == scope.org_id, MentorEntry.status == MentorStatus.candidate,
                   standing(Purpose.processing, MentorEntry.teacher_id, MentorEntry.org_id)))
    return keyset_page(stmt, CANDIDATE_ORDER, entity=False)


LACKING_LIMIT = 50


def lacking() -> list:
    """Положение 3.2; 152-ФЗ ст. 9: who of those asked for the questionnaire or in the bank lacks a
    consent — the processing consent (cannot enter, or has left the bank), the mentor's written consent
    (a candidate who cannot be approved). One statement, at most LACKING_LIMIT names."""
    scope = require_scope()
    processing = standing(Purpose.processing, Teacher.id, Teacher.org_id)
    duty = standing(Purpose.mentor_duty, Teacher.id, Teacher.org_id)
    invited = (select(BankInvitation.teacher_id).where(BankInvitation.org_id == scope.org_id,
                                                       BankInvitation.bank == Bank.mentor))
    stmt = (select(Teacher.id, Teacher.last_name, Teacher.first_name, Teacher.middle_name,
                   processing.label("has_processing"), duty.label("has_duty"), MentorEntry.status)
            .outerjoin(MentorEntry, and_(MentorEntry.teacher_id == Teacher.id, MentorEntry.org_id == Teacher.org_id))
            .where(Teacher.org_id == scope.org_id, Teacher.is_active.is_(True),
                   (MentorEntry.id.is_not(None) & (MentorEntry.status != MentorStatus.inactive))
                   | Teacher.id.in_(invited),
                   not_(processing) | ((MentorEntry.status == MentorStatus.candidate) & not_(duty)))
            .order_by(Teacher.sort_name, Teacher.id).limit(LACKING_LIMIT))
    return list(db.session.execute(stmt))
