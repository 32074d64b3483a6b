"""What the curator's home page shows of the banks (roadmap stages 2 and 3): the counts, in one
statement (whether the yearly review is due: app/banks/mentees.py)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.banks.models import WAITING, MenteeEntry, MenteeStatus, MentorEntry, MentorStatus
from app.consents.gate import standing
from app.consents.models import Purpose
from app.core.extensions import db


@dataclass(frozen=True)
class BankCounts:
    candidates: int
    approved_mentors: int
    mentees_with_requests: int
    waiting: int


def _count(model, *conditions):
    return (select(func.count(model.id)).where(*conditions, standing(Purpose.processing, model.teacher_id, model.org_id))
            .scalar_subquery())


def counts(org) -> BankCounts:
    """The working banks' counts (people whose processing consent stands), one statement: candidates,
    approved mentors, mentees with requests (not completed), waiting for a pair (roadmap 5.3)."""
    row = db.session.execute(select(
        _count(MentorEntry, MentorEntry.org_id == org.id, MentorEntry.status == MentorStatus.candidate),
        _count(MentorEntry, MentorEntry.org_id == org.id, MentorEntry.status == MentorStatus.approved),
        _count(MenteeEntry, MenteeEntry.org_id == org.id, MenteeEntry.status != MenteeStatus.completed),
        _count(MenteeEntry, MenteeEntry.org_id == org.id, MenteeEntry.status.in_(WAITING)))).one()
    return BankCounts(*row)
