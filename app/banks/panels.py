"""The home page's panels of the mentoring cycle I (app/core/home.py): for those who run stages 2 and 3
of the roadmap (Приложение 2: the bank of mentees, the bank of mentors) their state in figures and what
is due; for the director the candidates waiting for approval (Положение 3.2); for a teacher their
record, questionnaire, requests and consents, with what the curator asked of them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template
from markupsafe import Markup

from app.banks import home, mentees, sending
from app.consents import overview
from app.consents.gate import has_standing
from app.consents.models import Purpose
from app.core.roles import OrgKind, Role
from app.teachers import services as teachers

# Положение 3.4 and 3.5: the curator, the methodist and the system administrator work the banks.
_RUNNERS = frozenset({Role.curator, Role.methodist, Role.school_admin})


@dataclass(frozen=True)
class CycleState:
    teachers: int
    young: int
    lacking_processing: int
    lacking_capped: bool
    banks: home.BankCounts
    last_review: object
    review_due: bool


def cycle_state(org, today: date | None = None) -> CycleState:
    """Stages 2 and 3 in figures: five statements, whatever the school's size."""
    active, young = teachers.registry_counts()
    lacking, capped = overview.lacking_processing()
    last = mentees.last_review()
    due = last is None or (today or date.today()) > mentees.year_after(last.reviewed_at)
    return CycleState(active, young, lacking, capped, home.counts(org), last, due)


def school_progress(org, membership) -> Markup | None:
    if org.kind != OrgKind.school:
        return None
    runner, director = membership.has_any(_RUNNERS), membership.has_any({Role.director})
    if not (runner or director):
        return None
    return Markup(render_template("banks/panel_progress.html", state=cycle_state(org), runner=runner,
                                  director=director))


def my_part(org, membership) -> Markup | None:
    """A teacher's own pages; shown to every member who has a teacher record here."""
    if org.kind != OrgKind.school or Role.teacher.value not in membership.roles:
        return None
    record = teachers.my_record()
    if record is None:
        return Markup(render_template("banks/panel_mine.html", record=None, todos=[], processing=False))
    return Markup(render_template("banks/panel_mine.html", record=record, todos=sending.my_todos(),
                                  processing=has_standing(record.id, Purpose.processing)))
