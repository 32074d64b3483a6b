"""The registry's filter by bank status (issue 7: «filter by … bank status»). The banks sit above the
registry (app/banks uses teachers), so their tables are named here by string, as models name another
feature's table; each condition is an EXISTS on the entry's unique (org_id, teacher_id) index."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, column, exists, not_, select, table

from app.teachers.models import Teacher

_MENTORS = table("mentor_entries", column("org_id"), column("teacher_id"), column("status"))
_MENTEES = table("mentee_entries", column("org_id"), column("teacher_id"), column("status"))

BANK_STATUS_LABELS = {
    "mentor_candidate": _l("Mentor candidate"),
    "mentor_approved": _l("Approved mentor"),
    "mentee": _l("In the bank of mentees"),
    "mentee_waiting": _l("Mentee waiting for a mentor"),
    "none": _l("In neither bank"),
}


def _entry(bank, *statuses):
    return exists(select(bank.c.teacher_id).where(and_(
        bank.c.org_id == Teacher.org_id, bank.c.teacher_id == Teacher.id, bank.c.status.in_(statuses))))


def clause(value: str):
    """The condition of a value of BANK_STATUS_LABELS (the statuses of app/banks/models.py)."""
    return {
        "mentor_candidate": lambda: _entry(_MENTORS, "candidate"),
        "mentor_approved": lambda: _entry(_MENTORS, "approved"),
        "mentee": lambda: _entry(_MENTEES, "needs_mentor", "in_pair", "supported"),
        "mentee_waiting": lambda: _entry(_MENTEES, "needs_mentor", "supported"),
        "none": lambda: not_(_entry(_MENTORS, "candidate", "approved")) & not_(
            _entry(_MENTEES, "needs_mentor", "in_pair", "supported")),
    }[value]()
