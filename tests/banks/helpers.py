"""Factories and small helpers of the banks' tests: rows written the way the app writes them, in the
organization's scope."""
from __future__ import annotations

import uuid
from sqlalchemy import text

from tests.support.mentoring import add_consent, add_world_teacher
from tests.support.world import Org


def consenting_teacher(app, world, person: str, org_key: str = "A", purposes=("processing",), **fields) -> uuid.UUID:
    """The teacher record of a person of the world with standing consents for ``purposes``."""
    teacher_id = add_world_teacher(app, world, person, org_key, **fields)
    for purpose in purposes:
        add_consent(app, world.orgs[org_key], teacher_id, purpose)
    return teacher_id


def add_entry(app, org: Org, kind: str, teacher_id: uuid.UUID, **fields) -> uuid.UUID:
    """A mentor (``kind`` "mentor") or mentee entry of ``org``, with its first status row."""
    from app.banks.models import FilledBy, MenteeCategory, MenteeEntry, MentorEntry, StatusChange
    from app.core.extensions import db
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
            if kind == "mentor":
                fields = {"competences": ["subject_content"], "subjects": ["Математика"], "forms": ["traditional"],
                          "capacity": 2, "topics": "Функциональная грамотность", **fields}
                entry = MentorEntry(id=uuid.uuid4(), teacher_id=teacher_id, filled_by=FilledBy.curator, **fields)
            else:
                fields = {"category": MenteeCategory.young_specialist,
                          "difficulties": {"teaching_methods": "Не успеваю за урок"}, **fields}
                entry = MenteeEntry(id=uuid.uuid4(), teacher_id=teacher_id, filled_by=FilledBy.curator, **fields)
            db.session.add(entry)
            db.session.flush()
            status = entry.status or ("candidate" if kind == "mentor" else "needs_mentor")
            change = StatusChange(new_status=getattr(status, "value", status))
            setattr(change, f"{kind}_entry_id", entry.id)
            db.session.add(change)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return entry.id


def add_support(app, org: Org, mentee_entry_id: uuid.UUID, **fields) -> uuid.UUID:
    from datetime import date

    from app.banks.models import MenteeSupport, SupportKind
    from app.core.extensions import db
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
            support = MenteeSupport(id=uuid.uuid4(), mentee_entry_id=mentee_entry_id,
                                    kind=fields.pop("kind", SupportKind.consultations),
                                    starts_on=fields.pop("starts_on", date(2026, 9, 1)), **fields)
            db.session.add(support)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return support.id


def withdraw(inspector, teacher_id: uuid.UUID, purpose: str = "processing") -> None:
    """The person withdraws a consent (the ledger's pages are another feature's)."""
    with inspector.begin() as conn:
        conn.execute(text("UPDATE consents SET withdrawn_at = now(), destroy_due_on = current_date + 30 "
                          "WHERE teacher_id = :t AND purpose = :p AND withdrawn_at IS NULL"),
                     {"t": teacher_id, "p": purpose})


def scalar(inspector, sql: str, **params):
    with inspector.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def rows(inspector, sql: str, **params) -> list:
    with inspector.connect() as conn:
        return conn.execute(text(sql), params).all()


def in_scope(app, org: Org, user_id=None):
    """An app context acting in ``org`` (for calling services and the registered destroyers)."""
    from contextlib import contextmanager

    from tenants.switches import acting_in

    @contextmanager
    def scoped():
        with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, user_id=user_id,
                                          reason="test"):
            yield

    return scoped()


QUESTIONNAIRE = {"competences": ["subject_content", "teaching_methods"], "subjects": "Математика, Физика",
                 "topics": "Формирующее оценивание\nПроектная деятельность", "forms": ["traditional", "group"],
                 "capacity": "3", "availability": "Вторник после 6 урока", "experience": "Наставник с 2019 года"}

REQUESTS = {"category": "young_specialist", "d_teaching_methods": "Не успеваю провести урок по плану",
            "d_parents": "Трудно говорить с родителями", "request_text": "Хочу посещать уроки наставника"}
