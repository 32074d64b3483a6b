"""The audit log of an organization, for its staff administrators: a register of who did what to
whom and what changed, filtered by person, action and period."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import render_template, request
from flask_babel import get_timezone

from app.audit import bp, details, labels, services
from app.audit.forms import LogFilterForm
from app.core import pagination


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` where the reader is (the product's time zone)."""
    return get_timezone().localize(datetime.combine(day, time.min))


# The query string of the filter, carried by the pager's links.
FILTER_ARGS = ("actor", "action", "from", "to", "views")


@bp.get("/audit")
def log(org_slug: str):
    form = LogFilterForm(request.args)
    action_labels = labels.action_labels()
    form.action.choices = [("", "—")] + sorted(
        ((action, str(label)) for action, label in action_labels.items() if action not in services.VIEW_ACTIONS),
        key=lambda choice: choice[1])
    if not form.validate():
        # Nothing is searched under a filter that does not hold; the messages say what to fix.
        return render_template("audit/log.html", form=form, pagination=None, filters={}), 400
    log_filter = services.LogFilter(
        actor=form.actor.data or None, action=form.action.data or None,
        since=_start_of(form.date_from.data) if form.date_from.data else None,
        until=_start_of(form.date_to.data + timedelta(days=1)) if form.date_to.data else None,
        include_views=form.views.data)
    filters = {key: value for key, value in request.args.items() if key in FILTER_ARGS and value}
    return render_template("audit/log.html", form=form, filters=filters,
                           pagination=services.log_page(log_filter),
                           count_cap=pagination.COUNT_CAP, describe=details.describe,
                           action_labels=action_labels, object_labels=labels.object_labels())
