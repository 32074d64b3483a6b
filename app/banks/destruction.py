"""152-ФЗ ст. 21 ч. 5: when the processing consent is withdrawn, the content of the teacher's
questionnaire and requests is destroyed within 30 days (the ledger's job calls this at the due date).
The entries themselves and their status history stay: the fact that someone was in the bank, and who
moved them when, is the school's record; what they wrote about themselves is not kept."""
from __future__ import annotations

import uuid

from flask_babel import gettext as _
from sqlalchemy import select

from app.banks.common import log_status
from app.banks.models import MenteeEntry, MenteeSupport, MentorEntry, MentorStatus
from app.consents.effects import destroys
from app.consents.gate import has_standing
from app.consents.models import Purpose
from app.core.extensions import db
from app.core.models import utcnow
from tenants.scope import require_scope


@destroys(Purpose.processing)
def destroy_bank_content(teacher_id: uuid.UUID) -> list[str]:
    """Destroy what the processing consent covered in both banks; the lines of the act. Nothing when a
    new processing consent stands again (the data is covered) or it was already destroyed."""
    if has_standing(teacher_id, Purpose.processing):
        return []
    org_id = require_scope().org_id
    lines: list[str] = []
    now = utcnow()
    mentor = db.session.scalars(select(MentorEntry).where(
        MentorEntry.org_id == org_id, MentorEntry.teacher_id == teacher_id).with_for_update()).one_or_none()
    if mentor is not None and mentor.content_destroyed_at is None:
        mentor.competences, mentor.subjects, mentor.forms = [], [], []
        mentor.topics = mentor.availability = mentor.experience = None
        mentor.content_destroyed_at = now
        if mentor.status != MentorStatus.inactive:
            log_status(mentor, mentor.status.value, MentorStatus.inactive.value,
                       _("The consent to the processing of personal data was withdrawn."))
            mentor.status = MentorStatus.inactive
        lines.append(_("Potential mentor's questionnaire: competences, subjects, methodological topics, forms of "
                       "mentoring, availability, experience as a mentor"))
    mentee = db.session.scalars(select(MenteeEntry).where(
        MenteeEntry.org_id == org_id, MenteeEntry.teacher_id == teacher_id).with_for_update()).one_or_none()
    if mentee is not None and mentee.content_destroyed_at is None:
        mentee.category, mentee.difficulties, mentee.request_text = None, {}, None
        mentee.content_destroyed_at = now
        lines.append(_("Professional difficulties and requests of the mentee, the mentee category"))
        supports = db.session.scalars(select(MenteeSupport).where(
            MenteeSupport.org_id == org_id, MenteeSupport.mentee_entry_id == mentee.id,
            MenteeSupport.description.is_not(None))).all()
        for support in supports:
            support.description = None
        if supports:
            lines.append(_("Descriptions of the support while waiting for a pair"))
    db.session.flush()
    return lines
