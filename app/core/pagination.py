"""Lists by keyset pagination: each page starts where the previous one ended, read from an index in
the list's order, so a page costs the same at the start of a list and deep inside it, in a school of
ten and in one of 2,500 (the speed issue).

A list's statement is ordered by its *keys*: columns of one direction ending with a unique one
(``(NOT is_active, sort_name, id)``; ``(at, id)`` descending), served by an index that leads with the
tenant column. The pager offers first, previous, next and last pages; a page's links carry a cursor
(the keys of the row at the edge, encoded in the URL) and the page number as a hint. The count stops
at ``COUNT_CAP`` rows (an index-only count of at most that many entries), so no view counts a whole
big set: past it the page says «more than 1,000».

``?page=N`` still opens page N directly while it lies inside the counted rows (an offset of at most
``COUNT_CAP`` rows, as cheap as the count), and the last page when N is past the end; any other value
shows the first page. A cursor that does not decode (tampered, truncated, of another list) shows the
first page: a cursor only positions a page inside the rows the scope already sees.
"""
from __future__ import annotations

import base64
import enum
import binascii
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from math import ceil

from flask import request, url_for
from sqlalchemy import Select, func, select, tuple_

from app.core.extensions import db

COUNT_CAP = 1000
PER_PAGE = 25
_MAX_NUMBER = 1_000_000


@dataclass(frozen=True)
class Keys:
    """The order of a list: key expressions of one direction, the last one unique, each with how to
    read its value from a row of the page (the cursor of the page's edges)."""

    keys: tuple  # ((SQL expression, getter of the row's value), ...)
    descending: bool = False

    @property
    def columns(self) -> tuple:
        return tuple(expression for expression, _ in self.keys)

    def values_of(self, row) -> list:
        return [getter(row) for _, getter in self.keys]

    def ordered(self, stmt: Select, reverse: bool = False) -> Select:
        down = self.descending != reverse
        return stmt.order_by(None).order_by(*[c.desc() if down else c.asc() for c in self.columns])

    def beyond(self, values: list, forward: bool):
        """The rows after (``forward``) or before the row of ``values``, in the list's order."""
        row, bound = tuple_(*self.columns), tuple_(*values)
        return row < bound if self.descending == forward else row > bound


@dataclass
class Window:
    """One page of a list and what its pager needs."""

    items: list
    per_page: int
    number: int | None  # the page's number, when known
    total: int  # rows counted (at most COUNT_CAP)
    capped: bool  # there are more rows than ``total``
    has_prev: bool
    has_next: bool
    prev_cursor: str | None = None
    next_cursor: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int | None:
        if self.capped:
            return None
        return max(ceil(self.total / self.per_page), 1)

    def link_args(self, which: str) -> dict | None:
        """URL arguments of the first, previous, next or last page (None: there is no such page)."""
        if which == "first":
            return {} if self.has_prev else None
        if which == "prev":
            if not self.has_prev:
                return None
            return {"before": self.prev_cursor, **({"n": self.number - 1} if self.number and self.number > 2 else {})}
        if which == "next":
            if not self.has_next:
                return None
            return {"after": self.next_cursor, **({"n": self.number + 1} if self.number else {})}
        if which == "last":
            return {"last": 1} if self.has_next else None
        raise ValueError(which)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def encode_cursor(values: list) -> str:
    plain = [_plain(value) for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain, ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Keys) -> list | None:
    """The key values of a cursor, typed as the keys' columns; None when it is not one of this list."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        if not isinstance(raw, list) or len(raw) != len(keys.columns):
            return None
        return [_typed(value, column.type.python_type) for value, column in zip(raw, keys.columns)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, NotImplementedError):
        return None


def _typed(value, kind):
    if value is None:
        raise ValueError("a key is never NULL")
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError("not a boolean")
        return value
    if kind in (int, str) and isinstance(value, kind) and not isinstance(value, bool):
        return value
    raise ValueError(f"not a {kind.__name__}")


def _number(name: str) -> int | None:
    """A page number from the URL: None when missing or not a number, at most _MAX_NUMBER (a number
    past any list means its last page), without parsing thousands of digits."""
    raw = request.args.get(name, "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = _MAX_NUMBER if len(raw) > len(str(_MAX_NUMBER)) else int(raw)
    return min(number, _MAX_NUMBER) if number >= 1 else None


def keyset_page(stmt: Select, keys: Keys, *, count_stmt: Select | None = None, per_page: int = PER_PAGE,
                entity: bool = True) -> Window:
    """The page of ``stmt`` the request asks for (``after``/``before`` a cursor, ``last``, ``page``).
    ``count_stmt`` counts the same rows more cheaply (e.g. without the joins of the display)."""
    counted = (count_stmt if count_stmt is not None else stmt).order_by(None).limit(COUNT_CAP + 1)
    total = db.session.scalar(select(func.count()).select_from(counted.subquery()))
    capped = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    last_number = None if capped else max(ceil(total / per_page), 1)

    def rows(query: Select) -> list:
        result = db.session.execute(query)
        return list(result.unique().scalars() if entity else result.all())

    after, before = request.args.get("after"), request.args.get("before")
    bound = decode_cursor(after or before or "", keys) if (after or before) else None
    page = _number("page")
    past_counted = page is not None and (page - 1) * per_page >= COUNT_CAP
    wants_last = bool(request.args.get("last")) or past_counted or (
        page is not None and page > 1 and last_number is not None and page >= last_number)
    if bound is not None and after:
        found = rows(keys.ordered(stmt).where(keys.beyond(bound, forward=True)).limit(per_page + 1))
        items, has_prev, has_next = found[:per_page], True, len(found) > per_page
        number = _number("n")
    elif bound is not None and before:
        found = rows(keys.ordered(stmt, reverse=True).where(keys.beyond(bound, forward=False)).limit(per_page + 1))
        items, has_prev, has_next = list(reversed(found[:per_page])), len(found) > per_page, True
        number = _number("n") if has_prev else 1
    elif wants_last:
        # As many rows as the count leaves for the last page (a full page when the count is capped).
        size = total - (last_number - 1) * per_page if last_number else per_page
        found = rows(keys.ordered(stmt, reverse=True).limit(size + 1))
        items, has_prev, has_next = list(reversed(found[:size])), len(found) > size, False
        number = last_number
    else:
        offset = (page - 1) * per_page if page else 0
        found = rows(keys.ordered(stmt).offset(offset).limit(per_page + 1))
        items, has_prev, has_next = found[:per_page], offset > 0, len(found) > per_page
        number = offset // per_page + 1
    window = Window(items=items, per_page=per_page, number=number, total=total, capped=capped,
                    has_prev=has_prev, has_next=has_next)
    if items:
        window.prev_cursor = encode_cursor(keys.values_of(items[0]))
        window.next_cursor = encode_cursor(keys.values_of(items[-1]))
    return window


def page_url(endpoint: str, window: Window, which: str, **values) -> str | None:
    """The address of the first, previous, next or last page of ``window`` (None: no such page);
    ``values`` are the list's own arguments (its organization, its filters)."""
    args = window.link_args(which)
    return None if args is None else url_for(endpoint, **values, **args)


def init_app(app) -> None:
    app.jinja_env.globals["page_url"] = page_url
