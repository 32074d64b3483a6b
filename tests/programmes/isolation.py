"""The programmes' rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py): another
school's pair, programme, activity, evidence and revision answer 404 on every route, like a random id,
and change nothing."""
from __future__ import annotations

import uuid

from tests.programmes.helpers import add_programme, foreign_pair

C = "a_curator"


def _route(path: str, kind: str, data: dict | None = None, person: str = C) -> tuple:
    return (path, kind, person, "A", data)


OBJECT_ROUTES = {
    ("programmes.new", "GET"): _route("/{slug}/programmes/new/{id}", "pair"),
    ("programmes.new", "POST"): _route("/{slug}/programmes/new/{id}", "pair",
                                       {"starts_on": "2026-09-01", "ends_on": "2026-12-31", "form_code": "traditional",
                                        "goals": "x", "expected_results": "x"}),
    ("programmes.show", "GET"): _route("/{slug}/programmes/{id}", "programme"),
    ("programmes.edit", "GET"): _route("/{slug}/programmes/{id}/edit", "programme"),
    ("programmes.edit", "POST"): _route("/{slug}/programmes/{id}/edit", "programme",
                                        {"starts_on": "2026-09-01", "ends_on": "2026-12-31", "form_code": "traditional",
                                         "goals": "x", "expected_results": "x"}),
    ("programmes.document", "GET"): _route("/{slug}/programmes/{id}/programme.docx", "programme"),
    ("programmes.add_activity", "POST"): _route("/{slug}/programmes/{id}/activities", "programme",
                                                {"title": "x", "kind": "other", "due_on": "2026-10-01"}),
    ("programmes.approve", "GET"): _route("/{slug}/programmes/{id}/approve", "programme"),
    ("programmes.approve", "POST"): _route("/{slug}/programmes/{id}/approve", "programme", {"confirm": "yes"}),
    ("programmes.complete", "GET"): _route("/{slug}/programmes/{id}/complete", "programme"),
    ("programmes.complete", "POST"): _route("/{slug}/programmes/{id}/complete", "programme", {"confirm": "yes"}),
    ("programmes.journal", "GET"): _route("/{slug}/programmes/{id}/journal", "programme"),
    ("programmes.journal", "POST"): _route("/{slug}/programmes/{id}/journal", "programme",
                                           {"met_on": "2026-10-01", "minutes": "30", "topic": "x"}),
    ("programmes.revisions", "GET"): _route("/{slug}/programmes/{id}/revisions", "programme"),
    ("programmes.revisions", "POST"): _route("/{slug}/programmes/{id}/revisions", "programme",
                                             {"kind": "extension", "reason": "x", "ends_on": "2027-08-31"}),
    ("programmes.mark", "GET"): _route("/{slug}/programmes/activities/{id}", "programme_activity"),
    ("programmes.mark", "POST"): _route("/{slug}/programmes/activities/{id}", "programme_activity",
                                        {"status": "done"}),
    ("programmes.evidence", "GET"): _route("/{slug}/programmes/evidence/{id}", "programme_evidence"),
    ("programmes.revision", "GET"): _route("/{slug}/programmes/revisions/{id}", "programme_revision"),
    ("programmes.confirm_revision", "POST"): _route("/{slug}/programmes/revisions/{id}/confirm", "programme_revision",
                                                    {}),
    ("programmes.approve_revision", "POST"): _route("/{slug}/programmes/revisions/{id}/approve", "programme_revision",
                                                    {}),
    ("programmes.reject_revision", "POST"): _route("/{slug}/programmes/revisions/{id}/reject", "programme_revision",
                                                   {"note": "x"}),
}

SNAPSHOT_TABLES = ("programmes", "programme_activities", "programme_evidence", "programme_journal",
                   "programme_revisions")


def _evidence(app, org, activity_id) -> str:
    from app.core.extensions import db
    from app.programmes.models import Evidence
    from tenants.switches import acting_in

    content = b"%PDF-1.4\n%%EOF\n"
    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="isolation matrix"):
            item = Evidence(id=uuid.uuid4(), activity_id=activity_id, filename="x.pdf", media_type="application/pdf",
                            size=len(content), sha256="0" * 64, content=content)
            db.session.add(item)
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return str(item.id)


def foreign_objects(app, world) -> dict:
    """A draft pair, an active programme with an activity, its evidence and its first revision, in B and C."""
    from sqlalchemy import text

    from app.core.extensions import db

    objects: dict = {"pair": {}, "programme": {}, "programme_activity": {}, "programme_evidence": {},
                     "programme_revision": {}}
    for key in ("B", "C"):
        org = world.orgs[key]
        objects["pair"][key] = str(foreign_pair(app, org))
        programme_id, (activity_id,) = add_programme(app, org, foreign_pair(app, org))
        objects["programme"][key] = str(programme_id)
        objects["programme_activity"][key] = str(activity_id)
        objects["programme_evidence"][key] = _evidence(app, org, activity_id)
        from tenants.switches import acting_in

        with app.app_context():
            with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="isolation matrix"):
                objects["programme_revision"][key] = str(db.session.execute(text(
                    "SELECT id FROM programme_revisions WHERE programme_id = :p"), {"p": programme_id}).scalar())
            db.session.remove()
    return objects
