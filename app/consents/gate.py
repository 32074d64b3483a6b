"""Whether a person's consent for a purpose stands: the one question other features ask of the ledger
(the banks' gating, Положение 3.2; 152-ФЗ ст. 9, 21)."""
from __future__ import annotations

import uuid

from sqlalchemy import and_, exists, select

from app.consents.models import Consent, Purpose
from app.core.extensions import db


def standing(purpose: Purpose, teacher_id_column, recipient: str | None = None):
    """An EXISTS clause, true for the rows whose teacher has a standing (given, not withdrawn) consent
    for ``purpose``: a list joins it instead of asking row by row (ix_consents_org_teacher)."""
    conditions = [Consent.teacher_id == teacher_id_column, Consent.purpose == purpose,
                  Consent.withdrawn_at.is_(None)]
    if recipient is not None:
        conditions.append(Consent.recipient == recipient)
    return exists(select(Consent.id).where(and_(*conditions)))


def has_standing(teacher_id: uuid.UUID, purpose: Purpose, recipient: str | None = None) -> bool:
    return bool(db.session.scalar(select(standing(purpose, teacher_id, recipient))))
