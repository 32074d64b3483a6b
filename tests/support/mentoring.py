"""Factories of the mentoring cycle's rows for tests: written the way the app writes them, in the
organization's scope."""
from __future__ import annotations

import uuid
from datetime import date

from tests.support.world import Org, World


def add_teacher(app, org: Org, last_name: str = "Иванова", first_name: str = "Мария", middle_name: str | None = "Петровна",
                *, user_id: uuid.UUID | None = None, **fields) -> uuid.UUID:
    """A teacher record of ``org``; ``fields`` are the model's other columns (birth_date, subjects...)."""
    from app.core.extensions import db
    from app.teachers.models import Teacher
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
            teacher = Teacher(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id, user_id=user_id,
                              last_name=last_name, first_name=first_name, middle_name=middle_name, **fields)
            db.session.add(teacher)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return teacher.id


def add_world_teacher(app, world: World, person: str, org_key: str, **fields) -> uuid.UUID:
    """The teacher record of a person of the fixture world, linked to their account."""
    fields.setdefault("birth_date", date(1990, 5, 17))
    return add_teacher(app, world.orgs[org_key], "Person", person, None, user_id=world.people[person].id,
                       email=world.people[person].email, **fields)
