"""The young specialist («молодой специалист»): derived from the record, never typed (DESIGN.md §4;
issue 7). Положение 2.1 and 3.4 make the young and beginning teachers the first mentees, so the
registry shows the flag, filters by it and counts it.

The rule is the municipality's (``mentoring_rules``: both numbers); a municipality without a row uses
the defaults, under 35 years of age and at most 3 years of pedagogical experience. Nothing stores the
flag: every page derives it from today and the rule, so a changed rule re-derives it everywhere at once.

The edges, precisely (years are counted as the Civil Code counts them, ГК РФ ст. 192 п. 3: a period
of years ending in a month without that day ends on its last day, so a 29 February birthday or start
turns a year older on 28 February of a common year):

* age: young while the person is under ``max_age`` full years, i.e. while their ``max_age``-th
  birthday is still to come. 34 years and 364 days old is young; on the 35th birthday, not.
* experience: young while at most ``max_experience_years`` years have passed since
  ``experience_since``, i.e. up to and including the day the ``max_experience_years``-th anniversary
  falls on. Exactly 3 years is young; 3 years and 1 day is not.
* a record without a birth date or without the start of its experience is not young (the flag
  asserts a fact; an unknown one is not asserted).

Three forms of the same rule: ``YoungRule.is_young`` (the definition, for one record in Python),
``YoungRule.clause`` (cutoff dates bound from Python, comparable with an index: the registry's filter
and export), and ``joined_clause`` (the same definition in SQL against the rule's row, for a count in
one statement). tests/teachers/test_young.py checks that the three agree day by day through a leap
cycle.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import get_timezone
from sqlalchemy import and_, func, select

from app.core.extensions import db
from app.teachers.models import MentoringRules, Teacher

DEFAULT_MAX_AGE = 35
DEFAULT_MAX_EXPERIENCE_YEARS = 3
_DAY = timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years`` (negative: back); 29 February lands on 28 February of a common year
    (ГК РФ ст. 192 п. 3; PostgreSQL's ``date + interval 'N years'`` does the same)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def today() -> date:
    """Today where the school is (the product's time zone): the day on which ages and experience are
    counted."""
    return datetime.now(get_timezone()).date()


@dataclass(frozen=True)
class Cutoffs:
    """The rule on one day as two bounds of the record's own dates."""

    born_after: date  # young: birth_date > born_after
    experience_from: date  # young: experience_since >= experience_from


@dataclass(frozen=True)
class YoungRule:
    max_age: int = DEFAULT_MAX_AGE
    max_experience_years: int = DEFAULT_MAX_EXPERIENCE_YEARS

    def is_young(self, birth_date: date | None, experience_since: date | None, on: date) -> bool:
        """The definition (module docstring)."""
        if birth_date is None or experience_since is None:
            return False
        return add_years(birth_date, self.max_age) > on and add_years(experience_since, self.max_experience_years) >= on

    def cutoffs(self, on: date) -> Cutoffs:
        """The definition turned into bounds: the last birth date already ``max_age`` on ``on`` and the
        first start of experience not yet past ``max_experience_years``. ``add_years`` is monotone, so
        a bound found by subtraction is at most a day off (at 29 February) and corrected here."""
        born = add_years(on, -self.max_age)
        while add_years(born + _DAY, self.max_age) <= on:
            born += _DAY
        while add_years(born, self.max_age) > on:
            born -= _DAY
        start = add_years(on, -self.max_experience_years)
        while add_years(start - _DAY, self.max_experience_years) >= on:
            start -= _DAY
        while add_years(start, self.max_experience_years) < on:
            start += _DAY
        return Cutoffs(born, start)

    def clause(self, on: date):
        """The registry's condition: the record's dates against bound dates (index-friendly)."""
        bounds = self.cutoffs(on)
        return and_(Teacher.birth_date > bounds.born_after, Teacher.experience_since >= bounds.experience_from)


def rule_for(municipality_id: uuid.UUID) -> YoungRule:
    """The municipality's rule, or the defaults when it has set none (one primary-key lookup)."""
    row = db.session.execute(select(MentoringRules.young_max_age, MentoringRules.young_max_experience_years)
                             .where(MentoringRules.municipality_id == municipality_id)).first()
    return YoungRule(*row) if row is not None else YoungRule()


def joined_clause(municipality_id, on: date):
    """The definition in SQL, reading the municipality's rule inside the statement (defaults when it
    has none): for a count that must be one statement (the curator's home page)."""
    def setting(column, default):
        return func.coalesce(select(column).where(MentoringRules.municipality_id == municipality_id)
                             .scalar_subquery(), default)

    age = setting(MentoringRules.young_max_age, DEFAULT_MAX_AGE)
    years = setting(MentoringRules.young_max_experience_years, DEFAULT_MAX_EXPERIENCE_YEARS)
    return and_(Teacher.birth_date + func.make_interval(age) > on,
                Teacher.experience_since + func.make_interval(years) >= on)
