"""The petitions' rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py): another
school's petition answers 404 on the curator's review and the director's decision, like a random id; the
other municipality's calendar day answers 404 on the department's removal; nothing changes."""
from __future__ import annotations

import uuid
from datetime import date

from tests.support.mentoring import add_pair, add_teacher

OBJECT_ROUTES = {
    ("pairs.petition_review", "GET"): ("/{slug}/pairs/petitions/{id}/review", "petition", "a_curator", "A", None),
    ("pairs.petition_review", "POST"): ("/{slug}/pairs/petitions/{id}/review", "petition", "a_curator", "A",
                                        {"mentor": "none", "note": "Чужое"}),
    ("pairs.petition_decide", "GET"): ("/{slug}/pairs/petitions/{id}/decide", "petition", "a_director", "A", None),
    ("pairs.petition_decide", "POST"): ("/{slug}/pairs/petitions/{id}/decide", "petition", "a_director", "A",
                                        {"decision": "grant", "reason": "Чужое"}),
    ("pairs.calendar_remove", "GET"): ("/{slug}/pairs/calendar/{id}/remove", "calendar_day", "d1_officer", "D1", None),
    ("pairs.calendar_remove", "POST"): ("/{slug}/pairs/calendar/{id}/remove", "calendar_day", "d1_officer", "D1",
                                        {"confirm": "yes"}),
}

SNAPSHOT_TABLES = ("petitions", "petition_events", "calendar_days")


def _petition(app, org, kind: str = "release") -> str:
    """A reviewed release petition of ``org``'s active pair (decidable, were it in scope)."""
    from app.core.extensions import db
    from app.core.models import utcnow
    from app.pairs.petitions import Petition, PetitionEvent, PetitionKind, PetitionStatus
    from tenants.switches import acting_in

    mentor = add_teacher(app, org, "Чужой", "Наставник")
    mentee = add_teacher(app, org, "Чужой", "Наставляемый")
    pair_id = add_pair(app, org, mentor, [mentee], status="active", order_id=uuid.uuid4(),
                       activated_at="2026-09-01T09:00:00+03:00")
    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="isolation matrix"):
            petition = Petition(id=uuid.uuid4(), pair_id=pair_id, kind=PetitionKind(kind), filed_by_teacher_id=mentor,
                                reason="Чужая причина", filed_on=date(2026, 10, 15),
                                notice_ends_on=date(2026, 10, 20), status=PetitionStatus.reviewed,
                                reviewed_at=utcnow(), review_note="Рассмотрено")
            db.session.add(petition)
            db.session.flush()
            db.session.add(PetitionEvent(id=uuid.uuid4(), petition_id=petition.id, status="filed"))
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return str(petition.id)


def _calendar_day(app, world) -> str:
    from app.core.extensions import db
    from app.pairs.calendar import CalendarDay
    from tenants.switches import acting_in

    d2 = world.orgs["D2"]
    with app.app_context():
        with acting_in(municipality_id=d2.municipality_id, org_id=d2.id, reason="isolation matrix"):
            day = CalendarDay(id=uuid.uuid4(), day=date(2026, 10, 16), is_working=False, note="Чужой праздник")
            db.session.add(day)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return str(day.id)


def foreign_objects(app, world) -> dict:
    return {"petition": {key: _petition(app, world.orgs[key]) for key in ("B", "C")},
            "calendar_day": {"D2": _calendar_day(app, world)}}
