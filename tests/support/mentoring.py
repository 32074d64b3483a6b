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


def add_consent(app, org: Org, teacher_id: uuid.UUID, purpose: str = "processing", **fields) -> uuid.UUID:
    """A standing consent of a teacher given in the app, on version 1 of the purpose's text (created if
    missing)."""
    from sqlalchemy import select

    from app.consents.models import Channel, Consent, ConsentText, Purpose
    from app.core.extensions import db
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
            text_row = db.session.scalars(select(ConsentText).where(
                ConsentText.org_id == org.id, ConsentText.purpose == Purpose(purpose))).first()
            if text_row is None:
                text_row = ConsentText(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                       purpose=Purpose(purpose), version=1, title=f"Согласие ({purpose})",
                                       body="Текст согласия")
                db.session.add(text_row)
                db.session.flush()
            fields.setdefault("recipient", "Управление образования" if purpose == "transfer" else None)
            consent = Consent(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                              teacher_id=teacher_id, purpose=Purpose(purpose), text_id=text_row.id,
                              channel=Channel.in_app, **fields)
            db.session.add(consent)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return consent.id


def add_pair(app, org: Org, mentor_id: uuid.UUID, mentee_ids: list[uuid.UUID], form_code: str = "traditional",
             status: str = "draft", **fields) -> uuid.UUID:
    """A pair (one mentee) or group of ``org`` with its participants, in ``status`` (an active or ended
    pair needs ``order_id`` and ``activated_at`` in ``fields``, as the table's checks say)."""
    from app.core.extensions import db
    from app.pairs.models import Pair, PairKind, PairParticipant, PairStatus, ParticipantRole, PairTransition
    from tenants.switches import acting_in

    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
            pair = Pair(id=uuid.uuid4(), kind=PairKind.pair if len(mentee_ids) == 1 else PairKind.group,
                        form_code=form_code, status=PairStatus(status), **fields)
            db.session.add(pair)
            db.session.flush()
            for teacher_id, role in [(mentor_id, ParticipantRole.mentor)] + [(m, ParticipantRole.mentee)
                                                                             for m in mentee_ids]:
                db.session.add(PairParticipant(id=uuid.uuid4(), pair_id=pair.id, pair_org_id=org.id,
                                               teacher_id=teacher_id, role=role))
            db.session.add(PairTransition(id=uuid.uuid4(), pair_id=pair.id, to_status=status))
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return pair.id
