"""Factories of the petitions' tests: an active pair of school A whose mentor is a_teacher and whose mentee
is a_methodist (both linked to their accounts), approved mentors with free capacity, a municipality's
calendar day — written the way the app writes them, in the organization's scope."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from tests.banks.helpers import add_entry
from tests.support.mentoring import add_pair, add_teacher, add_world_teacher
from tests.support.world import Org


@dataclass
class ActivePair:
    pair_id: uuid.UUID
    mentor_id: uuid.UUID
    mentee_id: uuid.UUID


def active_pair(app, world, mentor: str = "a_teacher", mentee: str = "a_methodist", org_key: str = "A",
                status: str = "active") -> ActivePair:
    mentor_id = add_world_teacher(app, world, mentor, org_key)
    mentee_id = add_world_teacher(app, world, mentee, org_key)
    fields = {"order_id": uuid.uuid4(), "activated_at": "2026-09-01T09:00:00+03:00"} if status == "active" else {}
    pair_id = add_pair(app, world.orgs[org_key], mentor_id, [mentee_id], status=status, **fields)
    return ActivePair(pair_id, mentor_id, mentee_id)


def approved_mentor(app, org: Org, last_name: str = "Смирнова", capacity: int = 2, load: int = 0) -> uuid.UUID:
    teacher_id = add_teacher(app, org, last_name, "Анна", "Игоревна")
    add_entry(app, org, "mentor", teacher_id, status="approved", approved_at="2026-09-01T09:00:00+03:00",
              approval_order_ref="№ 13 – А", capacity=capacity, load=load)
    return teacher_id


def add_calendar_day(app, department: Org, day: date, is_working: bool, note: str = "Решение муниципалитета"):
    """A day of the municipality's calendar, recorded in its education department's scope."""
    from app.core.extensions import db
    from app.pairs.calendar import CalendarDay
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=department.municipality_id, org_id=department.id, reason="test factory"):
            db.session.add(CalendarDay(id=uuid.uuid4(), day=day, is_working=is_working, note=note))
            db.session.flush()
        db.session.commit()
        db.session.remove()
