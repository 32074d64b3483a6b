"""Factories of the programmes' tests: a pair of school A whose mentor is a_teacher and whose mentee is
ab_teacher (both with accounts), and a programme written the way the app writes it."""
from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from tests.banks.helpers import add_entry
from tests.support.mentoring import add_pair, add_teacher, add_world_teacher
from tests.support.world import Org


def world_pair(app, world, org_key: str = "A", *, active: bool = False) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """(pair, mentor teacher, mentee teacher): a_teacher mentors ab_teacher, who asked for help; an
    ``active`` pair has its order and activation, as the table's checks ask."""
    from datetime import datetime, timezone

    org = world.orgs[org_key]
    mentor = add_world_teacher(app, world, "a_teacher", org_key)
    mentee = add_world_teacher(app, world, "ab_teacher", org_key)
    add_entry(app, org, "mentee", mentee, difficulties={"teaching_methods": "Не успеваю за урок",
                                                        "parents": "Трудно говорить с родителями"})
    fields = (dict(status="active", order_id=uuid.uuid4(), activated_at=datetime.now(timezone.utc)) if active
              else {})
    return add_pair(app, org, mentor, [mentee], **fields), mentor, mentee


def foreign_pair(app, org: Org) -> uuid.UUID:
    mentor = add_teacher(app, org, "Чужой", "Наставник")
    mentee = add_teacher(app, org, "Чужая", "Наставляемая")
    return add_pair(app, org, mentor, [mentee])


def add_programme(app, org: Org, pair_id: uuid.UUID, *, starts_on: date = date(2026, 9, 1),
                  ends_on: date = date(2027, 5, 31), status: str = "active",
                  activities: list[tuple[str, date, str]] = (("Посещение урока наставника", date(2026, 10, 1),
                                                              "planned"),),
                  responsible: uuid.UUID | None = None) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A programme with its plan; an active one has its first revision (the snapshot as approved)."""
    from app.core.extensions import db
    from app.programmes import services
    from app.programmes.models import Activity, ActivityKind, ActivityStatus, Programme, ProgrammeStatus, Revision
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
            programme = Programme(id=uuid.uuid4(), pair_id=pair_id, status=ProgrammeStatus(status), starts_on=starts_on,
                                  ends_on=ends_on, form_code="traditional", goals="Адаптация молодого педагога",
                                  expected_results="Уверенное проведение уроков",
                                  difficulties=[{"code": "parents", "text": "Трудно говорить с родителями"}],
                                  approved_at=None if status == "draft" else services.utcnow())
            db.session.add(programme)
            db.session.flush()
            ids = []
            for title, due_on, state in activities:
                activity = Activity(id=uuid.uuid4(), programme_id=programme.id, title=title,
                                    kind=ActivityKind.lesson_visit, due_on=due_on, status=ActivityStatus(state),
                                    responsible_teacher_id=responsible)
                db.session.add(activity)
                ids.append(activity.id)
            db.session.flush()
            if status != "draft":
                db.session.add(Revision(id=uuid.uuid4(), programme_id=programme.id, number=1, kind="initial",
                                        status="approved",
                                        snapshot=services.snapshot(programme, services.plan(programme.id))))
                db.session.flush()
        db.session.commit()
        db.session.remove()
    return programme.id, ids


def add_revision(app, org: Org, programme_id: uuid.UUID, *, status: str = "proposed", kind: str = "extension",
                 ends_on: date = date(2027, 8, 31), proposed_by_teacher_id: uuid.UUID | None = None,
                 reason: str = "Болезнь наставляемого") -> uuid.UUID:
    """A revision after the last one, its snapshot the programme with the new end (as ``propose`` writes)."""
    from sqlalchemy import func, select

    from app.core.extensions import db
    from app.programmes import services
    from app.programmes.models import Programme, Revision
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
            programme = db.session.get(Programme, programme_id)
            snapshot = services.snapshot(programme, services.plan(programme_id))
            snapshot["ends_on"] = ends_on.isoformat()
            number = db.session.scalar(select(func.max(Revision.number)).where(Revision.programme_id == programme_id))
            revision = Revision(id=uuid.uuid4(), programme_id=programme_id, number=(number or 0) + 1, kind=kind,
                                status=status, reason=reason, snapshot=snapshot,
                                proposed_by_teacher_id=proposed_by_teacher_id,
                                confirmed_at=services.utcnow() if status == "confirmed" else None)
            db.session.add(revision)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return revision.id


def scalar(inspector, sql: str, **params):
    with inspector.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def rows(inspector, sql: str, **params):
    with inspector.connect() as conn:
        return conn.execute(text(sql), params).all()
