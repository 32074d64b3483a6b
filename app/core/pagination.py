"""Pagination of list pages: the page argument, whatever its shape, and one page of a statement.

Every list shows a page: a missing, negative, non-numeric or absurdly large ``?page=`` is page 1 or
the last page; a page past the end shows the last page, never an empty one (the count runs first, so
this costs no extra statement: always one count and one page of rows).

A list whose table grows without bound (the audit trail) passes ``count_cap``: the count stops at the
cap (``SELECT count(*) FROM (… LIMIT cap + 1)``), so a page never scans the whole set, and the page
says «more than N». The later move to keyset pagination replaces the OFFSET here; the statements
already have a total order (their ORDER BY ends with the primary key) for a cursor to follow.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from flask import request
from sqlalchemy import Select, func, select

from app.core.extensions import db

# Far past any real list; keeps OFFSET inside PostgreSQL's bigint whatever the URL says.
MAX_PAGE = 1_000_000


def page_arg(name: str = "page") -> int:
    """The requested page number: 1 when missing or malformed, at most MAX_PAGE."""
    raw = request.args.get(name, "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1  # missing, negative, fractional, words, non-ASCII digits
    if len(raw) > len(str(MAX_PAGE)):
        return MAX_PAGE  # the last page, without parsing thousands of digits
    return min(max(int(raw), 1), MAX_PAGE)


@dataclass
class Page:
    """One page of a list, with what the pager needs (the names of Flask-SQLAlchemy's Pagination)."""

    items: list
    page: int
    per_page: int
    total: int
    capped: bool = False  # the count stopped at the cap: there are more than ``total`` rows

    @property
    def pages(self) -> int:
        return max(ceil(self.total / self.per_page), 1) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def paginate(stmt: Select, page: int, per_page: int, *, count_cap: int | None = None) -> Page:
    """Page ``page`` of ``stmt`` (ordered, ending with a unique key), the last page when past the end."""
    counted = stmt.order_by(None)
    if count_cap is not None:
        counted = counted.limit(count_cap + 1)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery()))
    capped = count_cap is not None and total > count_cap
    if capped:
        total = count_cap
    last = max(ceil(total / per_page), 1)
    page = min(max(page, 1), last)
    items = list(db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).unique().scalars())
    return Page(items=items, page=page, per_page=per_page, total=total, capped=capped)
