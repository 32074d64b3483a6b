"""Printable consent forms (DOCX): filled from a consent's record, or blank for a person to sign on
paper, each with every element of 152-ФЗ ст. 9 ч. 4 and the school's requisites. Printing a form of a
person is recorded (152-ФЗ ст. 19)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.audit import services as audit
from app.consents import services, texts, word
from app.consents.models import Consent, Purpose
from app.orgs.requisites import for_documents
from app.teachers.models import Teacher


@dataclass(frozen=True)
class Printed:
    content: bytes
    filename: str


def _form(teacher: Teacher, purpose: Purpose, consent: Consent | None) -> Printed:
    org = services.current_org()
    if consent is not None:
        text_row, body = services.filled_text(consent, teacher)
        record = word.FormRecord(channel=consent.channel.value, given_at=consent.given_at,
                                       client_ip=consent.client_ip, withdrawn_at=consent.withdrawn_at)
    else:
        text_row = texts.current_text(purpose)
        body, record = texts.fill(text_row.body, services.filling_for(teacher, org=org)), None
    content = word.consent_form(for_documents(org), title=text_row.title, version=text_row.version, body=body,
                                subject=teacher.full_name, record=record)
    audit.record("print_form", "consent" if consent else "consent_text", consent.id if consent else text_row.id,
                 object_name=teacher.full_name, details={"purpose": purpose.value, "version": text_row.version})
    return Printed(content, f"soglasie-{purpose.value}-{teacher.last_name}.docx")


def consent_form(consent_id: uuid.UUID) -> Printed | None:
    consent = services.get_consent(consent_id)
    if consent is None:
        return None
    return _form(services.get_teacher(consent.teacher_id), consent.purpose, consent)


def blank_form(teacher_id: uuid.UUID, purpose: Purpose) -> Printed | None:
    teacher = services.get_teacher(teacher_id)
    return None if teacher is None else _form(teacher, purpose, None)


def own_consent_form(consent_id: uuid.UUID) -> Printed | None:
    teacher, consent = services.own_teacher(), services.get_consent(consent_id)
    if teacher is None or consent is None or consent.teacher_id != teacher.id:
        return None
    return _form(teacher, consent.purpose, consent)


def own_blank_form(purpose: Purpose) -> Printed | None:
    teacher = services.own_teacher()
    return None if teacher is None else _form(teacher, purpose, None)
