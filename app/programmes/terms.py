"""The term of a programme (Положение 1.2: «от 3 месяцев до 1 года»; 7.2: extension by agreement).

A term counts its first and its last day: a programme from 1 September to 30 November lasts three
months. So the shortest end is the start plus three months less a day, the longest the start plus a
year less a day. The database holds the same bounds as CHECKs (migration 0017_programmes).

Beyond a year only by an extension (Положение 7.2 allows a change of the term by mutual agreement and
sets no bound): our choice is that an approved extension may take the total past one year, recorded on
the programme (``extended_by_id``), and never past two years in all."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

MIN_MONTHS, MAX_MONTHS, MAX_EXTENDED_MONTHS = 3, 12, 24


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, the month's last day when it is shorter (as PostgreSQL's interval)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shortest_end(starts_on: date) -> date:
    return add_months(starts_on, MIN_MONTHS) - timedelta(days=1)


def longest_end(starts_on: date, *, extended: bool = False) -> date:
    return add_months(starts_on, MAX_EXTENDED_MONTHS if extended else MAX_MONTHS) - timedelta(days=1)


def within(starts_on: date, ends_on: date, *, extended: bool = False) -> bool:
    return shortest_end(starts_on) <= ends_on <= longest_end(starts_on, extended=extended)
