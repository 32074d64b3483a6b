"""Sending the questionnaire (roadmap 3.1) and the request form (roadmap 2.1) to chosen teachers: each
gets a to-do on «Моя анкета наставника» / «Мои запросы» and, with an account, a letter; the curator sees
who answered."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from app.audit import services as audit
from app.banks.models import Bank, BankInvitation, MenteeEntry, MentorEntry
from app.consents.models import Purpose
from app.consents.gate import standing
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.links import external_url
from app.core.models import utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.mail.services import queue_email
from app.teachers.models import Teacher, teacher_name_key
from tenants.scope import require_scope

MAX_AT_ONCE = 100
LETTERS = {Bank.mentor: "banks/questionnaire_letter.txt", Bank.mentee: "banks/requests_letter.txt"}
PAGES = {Bank.mentor: "banks.my_questionnaire", Bank.mentee: "banks.my_requests"}
ENTRIES = {Bank.mentor: MentorEntry, Bank.mentee: MenteeEntry}


def send(org, bank: Bank, teacher_ids: list[uuid.UUID]) -> int:
    """Ask the chosen active teachers of the school; sending again asks again (the answer is awaited
    anew). Returns how many were asked."""
    ids = list(dict.fromkeys(teacher_ids))
    if not ids:
        raise ServiceError(_l("Choose at least one teacher."))
    if len(ids) > MAX_AT_ONCE:
        raise ServiceError(_l("Choose at most 100 teachers at once."))
    scope = require_scope()
    teachers = list(db.session.scalars(select(Teacher).where(
        Teacher.org_id == scope.org_id, Teacher.id.in_(ids), Teacher.is_active.is_(True))
        .order_by(Teacher.sort_name, Teacher.id)))
    if len(teachers) != len(ids):
        raise ServiceError(_l("Choose teachers of the registry who work in the school."))
    known = {i.teacher_id: i for i in db.session.scalars(select(BankInvitation).where(
        BankInvitation.org_id == scope.org_id, BankInvitation.bank == bank, BankInvitation.teacher_id.in_(ids)))}
    link = external_url(PAGES[bank], org_slug=org.slug)
    for teacher in teachers:
        invitation = known.get(teacher.id)
        if invitation is None:
            invitation = BankInvitation(teacher_id=teacher.id, bank=bank)
            db.session.add(invitation)
        invitation.sent_at, invitation.sent_by_id, invitation.answered_at = utcnow(), scope.user_id, None
        if teacher.user_id is not None and teacher.email:
            queue_email(teacher.email, LETTERS[bank], org_owned=True, recipient_user_id=teacher.user_id,
                        full_name=teacher.full_name, org_name=org.short_name, link=link)
        audit.record("send_questionnaire" if bank == Bank.mentor else "send_request_form", "teacher", teacher.id,
                     object_name=teacher.full_name)
    db.session.flush()
    return len(teachers)


ORDER = Keys(((Teacher.sort_name, lambda row: row.sort_name), (Teacher.id, lambda row: row.id)))


def page(bank: Bank, name: str | None = None) -> Window:
    """The active teachers of the registry to choose from, each with what was sent, whether they
    answered and whether their processing consent stands (one statement per page)."""
    scope = require_scope()
    entry = ENTRIES[bank]
    stmt = (select(Teacher.id, Teacher.last_name, Teacher.first_name, Teacher.middle_name, Teacher.sort_name,
                   Teacher.user_id, BankInvitation.sent_at, BankInvitation.answered_at,
                   entry.id.label("entry_id"),
                   standing(Purpose.processing, Teacher.id, Teacher.org_id).label("has_processing"))
            .outerjoin(BankInvitation, and_(BankInvitation.teacher_id == Teacher.id,
                                            BankInvitation.org_id == Teacher.org_id, BankInvitation.bank == bank))
            .outerjoin(entry, and_(entry.teacher_id == Teacher.id, entry.org_id == Teacher.org_id))
            .where(Teacher.org_id == scope.org_id, Teacher.is_active.is_(True)))
    if name:
        stmt = stmt.where(Teacher.sort_name.contains(teacher_name_key(name, "", None), autoescape=True))
    return keyset_page(stmt, ORDER, entity=False)


@dataclass(frozen=True)
class ToDo:
    bank: Bank
    sent_at: object


def my_todos() -> list[ToDo]:
    """What the curator asked of the acting person and is not answered yet (their home page and the
    two pages of their own)."""
    scope = require_scope()
    if scope.user_id is None:
        return []
    rows = db.session.execute(
        select(BankInvitation.bank, BankInvitation.sent_at)
        .join(Teacher, and_(Teacher.id == BankInvitation.teacher_id, Teacher.org_id == BankInvitation.org_id))
        .where(BankInvitation.org_id == scope.org_id, Teacher.user_id == scope.user_id,
               Teacher.is_active.is_(True), BankInvitation.answered_at.is_(None))
        .order_by(BankInvitation.bank))
    return [ToDo(row.bank, row.sent_at) for row in rows]


def unanswered_from(teacher_id: uuid.UUID, bank: Bank):
    return db.session.scalars(select(BankInvitation).where(
        BankInvitation.org_id == require_scope().org_id, BankInvitation.teacher_id == teacher_id,
        BankInvitation.bank == bank, BankInvitation.answered_at.is_(None))).one_or_none()
