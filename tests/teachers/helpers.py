"""Helpers of the registry's tests: records with dates relative to today, rows read as the inspector."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import text

from tests.support.mentoring import add_teacher


def today(app) -> date:
    from app.teachers.young import today as local_today

    with app.app_context():
        return local_today()


def years_ago(app, years: int, days: int = 0) -> date:
    from datetime import timedelta

    from app.teachers.young import add_years

    return add_years(today(app), -years) - timedelta(days=days)


def young_teacher(app, org, last_name="Молодова", **fields):
    """A record that is a young specialist by the default rule: 25 years old, 1 year of experience."""
    fields.setdefault("birth_date", years_ago(app, 25))
    fields.setdefault("experience_since", years_ago(app, 1))
    return add_teacher(app, org, last_name, "Анна", "Сергеевна", **fields)


def row(inspector, teacher_id) -> dict:
    with inspector.connect() as conn:
        return dict(conn.execute(text("SELECT * FROM teachers WHERE id = :i"), {"i": teacher_id}).mappings().one())


def events(inspector, object_id, action=None) -> list[dict]:
    with inspector.connect() as conn:
        found = conn.execute(text("SELECT * FROM audit_events WHERE object_id = :o ORDER BY at, id"),
                             {"o": str(object_id)}).mappings().all()
    return [dict(e) for e in found if action is None or e["action"] == action]


def names(html: str) -> list[str]:
    """The names of the registry page's rows, in order."""
    return re.findall(r'<td[^>]* data-label="[^"]*"><a href="/[^/]+/teachers/[0-9a-f-]{36}">([^<]+)</a>', html)


def errors(html: str) -> str:
    return " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', html, re.S))


def flashes(html: str) -> str:
    return " ".join(re.findall(r'<div class="flash[^"]*"[^>]*>(.*?)</div>', html, re.S))


def said(app, msgid: str, **params) -> str:
    """A message as the Russian pages say it (the msgid itself until the catalog has it), unescaped."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("ru"):
        return gettext(msgid, **params)


def shown(html_fragment: str) -> str:
    """Page text with HTML entities read back (' is &#39; on the page)."""
    import html

    return html.unescape(html_fragment)
