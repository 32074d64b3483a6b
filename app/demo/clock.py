"""The story's clock: the demo tells the school year through the features' services, and each service
stamps its rows with the moment of the call (``app.core.models.utcnow``: a pair proposed, agreed,
activated, an order signed, a transition, an acknowledgement, an audit event). While the clock runs,
every moment a service stamps is moved to the day and hour of the story's step, so the pages read as
the year was lived (a pair «proposed 14.09, active from 22.09») rather than all on the day the demo
was loaded.

The times are set at insertion, in the demo's own session (a ``before_flush`` hook), not updated
afterwards: the history tables are append-only for the app role the demo writes with (no UPDATE
grant on pair_transitions, petition_events, order_acknowledgements, audit_events, programme_revisions,
…), and the owner's connection would not see the demo's rows before they are committed.

Which values are moved: a timestamp column (``DateTime`` with a time zone) of a row being inserted or
updated whose new value was taken by a service while the clock runs (between its start and now) or is
left to the column's default (every such default is ``utcnow``). Values the demo sets itself (a day of
the story, a deadline ahead) lie outside that window and are kept. Within a step the real order and
spacing of the stamps are kept (the step's moment plus the time elapsed since the step began), so two
transitions of one step still read in the order they happened."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import DateTime, event, inspect

from app.core.extensions import db
from app.core.models import utcnow

# A step never lands in the future: a moment of today later than now is moved to just before now.
NOT_AFTER = timedelta(minutes=5)


class StoryClock:
    def __init__(self) -> None:
        self.zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Moscow")
        self.started = utcnow()
        self.moment: datetime | None = None
        self.anchor: datetime | None = None

    def at(self, day: date, hour: int = 10, minute: int = 0) -> None:
        """The next steps happen on ``day`` at ``hour``:``minute`` (the school's time zone). What the
        previous step left unflushed is written first, with the previous step's time."""
        db.session.flush()
        now = utcnow()
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.zone)
        self.moment, self.anchor = min(moment, now - NOT_AFTER), now

    def stop(self) -> None:
        """Until the next ``at``, the services' times are kept as they are."""
        db.session.flush()
        self.moment = self.anchor = None

    def stamp(self, value: datetime) -> datetime:
        return self.moment + (value - self.anchor)

    def moves(self, value) -> bool:
        return (self.moment is not None and isinstance(value, datetime) and value.tzinfo is not None
                and self.started <= value <= utcnow() + timedelta(seconds=1))

    # --------------------------------------------------------------------------------- the hook

    def _before_flush(self, session, _context, _instances) -> None:
        if self.moment is None:
            return
        now = utcnow()
        # The new rows in the order they were added: those left to the default get a microsecond apart,
        # so two transitions written in one flush still read in their order.
        new = sorted(session.new, key=lambda obj: inspect(obj).insert_order or 0)
        order = {id(obj): number for number, obj in enumerate(new)}
        for obj in [*new, *session.dirty]:
            state = inspect(obj)
            for attr in state.mapper.column_attrs:
                column = attr.columns[0]
                if not isinstance(column.type, DateTime) or not column.type.timezone:
                    continue
                if id(obj) in order:
                    value = state.dict.get(attr.key)
                    if value is None:
                        if column.default is None or not column.default.is_callable:
                            continue
                        # What the column's default (utcnow) would write.
                        value = now + timedelta(microseconds=order[id(obj)])
                else:
                    changed = state.attrs[attr.key].history.added
                    if not changed:
                        continue
                    value = changed[0]
                if self.moves(value):
                    setattr(obj, attr.key, self.stamp(value))


@contextmanager
def running():
    """The story's clock over the demo's session; stopped (the hook removed) when the story ends."""
    clock = StoryClock()
    session = db.session()
    event.listen(session, "before_flush", clock._before_flush)
    try:
        yield clock
        db.session.flush()
    finally:
        event.remove(session, "before_flush", clock._before_flush)
