"""Whether a person's consent for a purpose stands: the one question other features ask of the ledger
(the banks' gating, Положение 3.2; 152-ФЗ ст. 9, 21)."""
from __future__ import annotations

import uuid

from sqlalchemy import Uuid, and_, column, exists, select, values

from app.consents.models import Consent, Purpose
from app.core.extensions import db


def standing(purpose: Purpose, teacher_id_column, org_id_column=None, *, recipient: str | None = None,
             recipient_org_id: uuid.UUID | None = None):
    """An EXISTS clause, true for the rows whose teacher has a standing (given, not withdrawn) consent
    for ``purpose``: a list joins it instead of asking row by row. With ``org_id_column`` (the row's
    organization) it is probed by (org_id, teacher_id, purpose) of uq_consents_standing; without it, a
    column of a SELECT list made PostgreSQL read the whole ledger."""
    conditions = [Consent.teacher_id == teacher_id_column, Consent.purpose == purpose,
                  Consent.withdrawn_at.is_(None)]
    if org_id_column is not None:
        conditions.append(Consent.org_id == org_id_column)
    if recipient is not None:
        conditions.append(Consent.recipient == recipient)
    if recipient_org_id is not None:
        conditions.append(Consent.recipient_org_id == recipient_org_id)
    return exists(select(Consent.id).where(and_(*conditions)))


def has_standing(teacher_id: uuid.UUID, purpose: Purpose, recipient: str | None = None) -> bool:
    return bool(db.session.scalar(select(standing(purpose, teacher_id, recipient=recipient))))


def may_publish(field: str, place: str, teacher_id_column):
    """An EXISTS clause, true for the rows whose teacher allowed ``field`` (texts.PUBLISHABLE) to be
    published at ``place`` (texts.PLACES) by a standing dissemination consent (152-ФЗ ст. 10.1): a
    public view joins it; a withdrawal takes the data out of every public view at once."""
    return exists(select(Consent.id).where(
        Consent.teacher_id == teacher_id_column, Consent.purpose == Purpose.dissemination,
        Consent.withdrawn_at.is_(None), Consent.published_fields.any(field), Consent.published_places.any(place)))


def missing(teacher_ids, purposes) -> dict[uuid.UUID, list[Purpose]]:
    """For each of ``teacher_ids``, the ``purposes`` without a standing consent (a transfer: without any
    standing transfer), in one statement: the pages of other features that list people ask it once."""
    teacher_ids, purposes = list(dict.fromkeys(teacher_ids)), list(purposes)
    if not teacher_ids or not purposes:
        return {teacher_id: [] for teacher_id in teacher_ids}
    ids = values(column("teacher_id", Uuid), name="asked").data([(teacher_id,) for teacher_id in teacher_ids])
    stmt = select(ids.c.teacher_id, *[standing(purpose, ids.c.teacher_id).label(purpose.value)
                                      for purpose in purposes])
    return {row.teacher_id: [purpose for purpose in purposes if not getattr(row, purpose.value)]
            for row in db.session.execute(stmt)}
