"""The production calendar (производственный календарь) of a municipality: which days are working days.

ТК РФ ст. 351.8: the additional agreement on mentoring ends at the initiative of either side with three
*working* days' notice (Положение 4.1: the mentor's release from the duties), so the count follows the
calendar. The federal calendar is the default, in code: the non-working holidays of ТК РФ ст. 112 ч. 1,
the government's transfers for the years decreed (Постановления Правительства РФ от 04.10.2024 № 1335 for
2025, от 24.09.2025 № 1466 for 2026) and, for a year not yet decreed (2027), the rule of ст. 112 ч. 2 (a
holiday on a weekend moves the day off to the next working day; the January holidays are moved only by a
decree — those transfers are the municipality's to enter when the decree is out).

A municipality keeps its own exceptions (``calendar_days``: a day off or a working day that differs from
the default, e.g. a regional holiday or a transfer) — read in the whole municipality, written only by its
education department (the policies of migration 0017_petitions, like ``mentoring_rules``).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, UniqueConstraint, Uuid, select
from sqlalchemy.orm import Mapped, mapped_column

from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import IdMixin, utcnow
from tenants.orm import when_set
from tenants.scope import TenantScope, TenantScopeMissing, require_scope

# ТК РФ ст. 112 ч. 1: the non-working holidays (month, day).
HOLIDAYS = ((1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
            (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4))


@dataclass(frozen=True)
class Decree:
    """The government's decree on the transfer of days off for one year (ТК РФ ст. 112 ч. 5): the
    weekdays that become days off (its transfers and the moves of ст. 112 ч. 2 it confirms) and the
    weekend days that become working days."""

    title: str
    days_off: tuple
    working_days: tuple = ()


DECREES = {
    # Постановление Правительства РФ от 04.10.2024 № 1335: 4 Jan → 2 May, 5 Jan → 31 Dec, 23 Feb → 8 May,
    # 8 Mar → 13 Jun, Saturday 1 Nov → Monday 3 Nov (1 Nov a working day).
    2025: Decree("Постановление Правительства РФ от 04.10.2024 № 1335",
                 days_off=(date(2025, 5, 2), date(2025, 5, 8), date(2025, 6, 13), date(2025, 11, 3),
                           date(2025, 12, 31)),
                 working_days=(date(2025, 11, 1),)),
    # Постановление Правительства РФ от 24.09.2025 № 1466: 3 Jan → 9 Jan, 4 Jan → 31 Dec; 8 Mar (a
    # Sunday) → 9 Mar and 9 May (a Saturday) → 11 May by ст. 112 ч. 2.
    2026: Decree("Постановление Правительства РФ от 24.09.2025 № 1466",
                 days_off=(date(2026, 1, 9), date(2026, 3, 9), date(2026, 5, 11), date(2026, 12, 31))),
}


def holidays(year: int) -> set[date]:
    return {date(year, month, day) for month, day in HOLIDAYS}


@lru_cache(maxsize=64)
def federal_days_off(year: int) -> frozenset[date]:
    """The weekdays off of the federal calendar of ``year`` beyond Saturdays and Sundays, and the
    holidays themselves (whatever day they fall on)."""
    off = holidays(year)
    decree = DECREES.get(year)
    if decree is not None:
        return frozenset(off | set(decree.days_off))
    # ТК РФ ст. 112 ч. 2: a holiday (other than the January ones) on a weekend gives the next working day off.
    moved: set[date] = set()
    for day in sorted(off):
        if day.month == 1 or day.weekday() < 5:
            continue
        following = day + timedelta(days=1)
        while following.weekday() >= 5 or following in off or following in moved:
            following += timedelta(days=1)
        moved.add(following)
    return frozenset(off | moved)


def federal_is_working(day: date) -> bool:
    """The federal default for ``day`` (a five-day week)."""
    decree = DECREES.get(day.year)
    if decree is not None and day in decree.working_days:
        return True
    return day.weekday() < 5 and day not in federal_days_off(day.year)


def federal_exceptions(year: int) -> list[tuple[date, bool, str]]:
    """The federal calendar's days of ``year`` that differ from the plain week: (day, is_working, why)."""
    decree = DECREES.get(year)
    rows = [(day, False, "ТК РФ ст. 112" if day in holidays(year) else (decree.title if decree else "ТК РФ ст. 112 ч. 2"))
            for day in sorted(federal_days_off(year)) if day.weekday() < 5 or day in holidays(year)]
    if decree is not None:
        rows += [(day, True, decree.title) for day in decree.working_days]
    return sorted(rows)


class CalendarDay(IdMixin, db.Model):
    """A day of a municipality's production calendar that differs from the federal default: a day off
    (a regional holiday, a transfer) or a working day. Read in the whole municipality; written only in
    the scope of its education department (the policies check the kind of the current organization)."""

    __tablename__ = "calendar_days"
    __table_args__ = (
        UniqueConstraint("municipality_id", "day", name="uq_calendar_days_municipality_day"),
        Index("ix_calendar_days_municipality_day", "municipality_id", "day"),
    )

    municipality_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("municipalities.id"))
    day: Mapped[date] = mapped_column(Date)
    is_working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"), nullable=True)

    @classmethod
    def __tenant_criteria__(cls, scope: TenantScope):
        return when_set((scope.municipality_id, lambda municipality: cls.municipality_id == municipality))

    @staticmethod
    def __tenant_stamp__(obj: "CalendarDay", scope: TenantScope) -> None:
        if scope.municipality_id is None or obj.municipality_id not in (None, scope.municipality_id):
            raise TenantScopeMissing("the calendar is written inside the current municipality only")
        obj.municipality_id = scope.municipality_id


# ------------------------------------------------------------------------------ reading the calendar


def _exceptions(municipality_id: uuid.UUID, first: date, last: date) -> dict[date, bool]:
    """The municipality's own exceptions between two days (one statement)."""
    rows = db.session.execute(select(CalendarDay.day, CalendarDay.is_working).where(
        CalendarDay.municipality_id == municipality_id, CalendarDay.day.between(first, last)))
    return {day: working for day, working in rows}


class Calendar:
    """The working days of one municipality over a span of dates (its exceptions read once)."""

    def __init__(self, municipality_id: uuid.UUID, first: date, last: date):
        self.first, self.last = first, last
        self.own = _exceptions(municipality_id, first, last)

    def is_working(self, day: date) -> bool:
        if day in self.own:
            return self.own[day]
        return federal_is_working(day)


def is_working_day(municipality_id: uuid.UUID, day: date) -> bool:
    return Calendar(municipality_id, day, day).is_working(day)


def add_working_days(municipality_id: uuid.UUID, start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted): the day a notice given on
    ``start`` runs out (ТК РФ ст. 351.8: «не позднее чем за три рабочих дня»). ``n`` = 0 is ``start``."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    span = n * 2 + 21  # the longest run of days off (the New Year holidays) fits, then look further
    day, counted = start, 0
    while True:
        window = Calendar(municipality_id, day + timedelta(days=1), day + timedelta(days=span))
        current = window.first
        while current <= window.last:
            if window.is_working(current):
                counted += 1
                if counted == n:
                    return current
            current += timedelta(days=1)
        day = window.last


def working_days_between(municipality_id: uuid.UUID, start: date, end: date) -> int:
    """The working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``):
    ``working_days_between(m, d, add_working_days(m, d, n)) == n``."""
    if end <= start:
        return 0
    window = Calendar(municipality_id, start + timedelta(days=1), end)
    return sum(1 for offset in range((end - start).days)
               if window.is_working(start + timedelta(days=offset + 1)))


# ------------------------------------------------------------------------ the department's page


@dataclass(frozen=True)
class YearDay:
    day: date
    is_working: bool
    note: str
    own: CalendarDay | None  # the municipality's exception, if any
    federal_working: bool


def year_view(year: int) -> list[YearDay]:
    """The days of ``year`` that differ from a plain five-day week, in the federal calendar or the
    municipality's: each with what stands and what the federal default says."""
    scope = require_scope()
    own = {row.day: row for row in db.session.scalars(select(CalendarDay).where(
        CalendarDay.municipality_id == scope.municipality_id,
        CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(CalendarDay.day))}
    federal = {day: (working, why) for day, working, why in federal_exceptions(year)}
    days = []
    for day in sorted(set(own) | set(federal)):
        federal_working = federal_is_working(day)
        if day in own:
            days.append(YearDay(day, own[day].is_working, own[day].note, own[day], federal_working))
        else:
            working, why = federal[day]
            days.append(YearDay(day, working, why, None, federal_working))
    return days


YEARS = range(2020, 2041)


def _check_year(day: date) -> None:
    if day.year not in YEARS:
        raise ServiceError(_l("Choose a day between 2020 and 2040."), field="day")


def set_day(day: date, is_working: bool, note: str) -> CalendarDay:
    """The education department records a day of its municipality that differs from the federal
    calendar (a regional holiday, a transfer); the database admits it only in the department's scope."""
    scope = require_scope()
    _check_year(day)
    note = " ".join((note or "").split())
    if not note:
        raise ServiceError(_l("Say why the day differs (the act that sets it)."), field="note")
    row = db.session.scalars(select(CalendarDay).where(
        CalendarDay.municipality_id == scope.municipality_id, CalendarDay.day == day).with_for_update()).one_or_none()
    if row is None and federal_is_working(day) == is_working:
        raise ServiceError(_l("The federal calendar already says so: nothing to record."), field="day")
    if row is None:
        row = CalendarDay(id=uuid.uuid4(), day=day, is_working=is_working, note=note, updated_by_id=scope.user_id)
        db.session.add(row)
    else:
        row.is_working, row.note, row.updated_at, row.updated_by_id = is_working, note, utcnow(), scope.user_id
    db.session.flush()
    audit.record("set_calendar_day", "calendar_day", row.id, object_name=day.isoformat(),
                 details={"calendar_working": is_working, "note": note})
    return row


def get_day(row_id: uuid.UUID) -> CalendarDay | None:
    scope = require_scope()
    return db.session.scalars(select(CalendarDay).where(
        CalendarDay.id == row_id, CalendarDay.municipality_id == scope.municipality_id)).one_or_none()


def remove_day(row: CalendarDay) -> None:
    """The municipality's exception is withdrawn: the day follows the federal calendar again (the audit
    trail keeps what it was)."""
    audit.record("remove_calendar_day", "calendar_day", row.id, object_name=row.day.isoformat(),
                 details={"calendar_working": row.is_working, "note": row.note})
    db.session.delete(row)
    db.session.flush()
