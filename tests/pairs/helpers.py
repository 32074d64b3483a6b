"""The pairs' test world: a school (A) with approved mentors and waiting mentees of the two banks,
written the way the app writes them, and the services called in the school's scope."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text

from tests.banks.helpers import add_entry, in_scope, rows, scalar  # noqa: F401  (re-exported)
from tests.support.mentoring import add_consent, add_teacher

MENTOR_CONSENTS = ("processing", "mentor_duty", "pair_duty")
MENTEE_CONSENTS = ("processing", "pair_duty")


@dataclass
class Cast:
    mentors: dict = field(default_factory=dict)   # name -> teacher id
    mentees: dict = field(default_factory=dict)   # name -> teacher id
    entries: dict = field(default_factory=dict)   # teacher id -> bank entry id


def mentor(app, org, last_name: str, *, capacity: int = 2, consents=MENTOR_CONSENTS, since=date(2000, 9, 1),
           user_id=None, **fields) -> tuple[uuid.UUID, uuid.UUID]:
    """An approved mentor of ``org``'s bank (teacher id, entry id)."""
    teacher_id = add_teacher(app, org, last_name, "Наставник", None, experience_since=since, user_id=user_id, **fields)
    for purpose in consents:
        add_consent(app, org, teacher_id, purpose)
    entry_id = add_entry(app, org, "mentor", teacher_id, capacity=capacity, status="approved",
                         approved_at=date(2026, 9, 1), basis="job_description", job_description_ref="ДИ п. 3",
                         forms=["traditional", "group", "reverse"])
    return teacher_id, entry_id


def mentee(app, org, last_name: str, *, consents=MENTEE_CONSENTS, since=date(2024, 9, 1), user_id=None,
           **fields) -> tuple[uuid.UUID, uuid.UUID]:
    """A mentee of ``org``'s bank waiting for a pair (teacher id, entry id)."""
    teacher_id = add_teacher(app, org, last_name, "Подопечный", None, experience_since=since, user_id=user_id,
                             **fields)
    for purpose in consents:
        add_consent(app, org, teacher_id, purpose)
    return teacher_id, add_entry(app, org, "mentee", teacher_id)


def call(app, org, service, *args, user_id=None, **kwargs):
    """A service in ``org``'s scope as its own committed transaction; a refusal is returned as its
    Russian message (and the transaction rolled back)."""
    from app.core.errors import ServiceError
    from app.core.extensions import db

    with in_scope(app, org, user_id):
        try:
            value = service(*args, **kwargs)
            value = getattr(value, "id", value)
            db.session.commit()
            return value
        except ServiceError as error:
            db.session.rollback()
            return str(error.message)
        finally:
            db.session.remove()


def status_of(inspector, pair_id) -> str:
    return scalar(inspector, "SELECT status FROM pairs WHERE id = :p", p=pair_id)


def load_of(inspector, entry_id) -> int:
    return scalar(inspector, "SELECT load FROM mentor_entries WHERE id = :e", e=entry_id)


def mentee_status(inspector, entry_id) -> str:
    return scalar(inspector, "SELECT status FROM mentee_entries WHERE id = :e", e=entry_id)


def transitions(inspector, pair_id) -> list:
    return rows(inspector, "SELECT from_status, to_status, by_id, reason, order_id FROM pair_transitions "
                           "WHERE pair_id = :p ORDER BY at, id", p=pair_id)


def tr(app, msgid: str, **params) -> str:
    """The Russian words of a message, as a refusal says them (the catalog's, whatever it holds)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("ru"):
        return gettext(msgid, **params)


def grow_pairs(conn, params: dict) -> None:
    """``params["n"]`` more draft pairs of the school ``params["o"]`` (municipality ``params["m"]``), each
    with a new mentor and a new mentee record named «Выросший» (set-based, for the query-count tests)."""
    conn.execute(text(
        "INSERT INTO teachers (id, municipality_id, org_id, last_name, first_name, sort_name) "
        "SELECT gen_random_uuid(), :m, :o, 'Выросший', 'Педагог ' || lpad(g::text, 5, '0'), "
        "'выросший педагог ' || lpad(g::text, 5, '0') FROM generate_series(1, :n * 2) g"), params)
    conn.execute(text(
        "INSERT INTO pairs (id, municipality_id, org_id, kind, form_code, status) "
        "SELECT gen_random_uuid(), :m, :o, 'pair', 'traditional', 'draft' FROM generate_series(1, :n)"), params)
    conn.execute(text(
        "WITH p AS (SELECT id, row_number() OVER (ORDER BY id) r FROM pairs WHERE org_id = :o AND NOT EXISTS "
        "(SELECT 1 FROM pair_participants x WHERE x.pair_id = pairs.id)), "
        "t AS (SELECT id, row_number() OVER (ORDER BY id) r FROM teachers WHERE org_id = :o "
        "AND last_name = 'Выросший') "
        "INSERT INTO pair_participants (id, municipality_id, org_id, pair_id, pair_org_id, teacher_id, role) "
        "SELECT gen_random_uuid(), :m, :o, p.id, :o, t.id, CASE WHEN t.r % 2 = 1 THEN 'mentor' ELSE 'mentee' END "
        "FROM p JOIN t ON t.r IN (p.r * 2 - 1, p.r * 2)"), params)
