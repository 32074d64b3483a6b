"""The consent ledger's rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py): another
school's person, consent, scan, text and act of destruction answer 404 on every route, like a random
id, and nothing changes."""
from __future__ import annotations

import uuid

from tests.consents.helpers import PDF
from tests.support.mentoring import add_consent, add_teacher, add_world_teacher

_PAPER = {"text_id": str(uuid.uuid4()), "signed_on": "01.09.2026"}

OBJECT_ROUTES = {
    ("consents.person", "GET"): ("/{slug}/consents/people/{id}", "consent_teacher", "a_curator", "A", None),
    ("consents.record_paper", "GET"): ("/{slug}/consents/people/{id}/paper", "consent_teacher", "a_curator", "A",
                                       None),
    ("consents.record_paper", "POST"): ("/{slug}/consents/people/{id}/paper", "consent_teacher", "a_curator", "A",
                                        _PAPER),
    ("consents.blank_form", "GET"): ("/{slug}/consents/people/{id}/blank.docx?purpose=processing", "consent_teacher",
                                     "a_curator", "A", None),
    ("consents.consent", "GET"): ("/{slug}/consents/{id}", "consent", "a_curator", "A", None),
    ("consents.form", "GET"): ("/{slug}/consents/{id}/form.docx", "consent", "a_curator", "A", None),
    ("consents.record_withdrawal", "GET"): ("/{slug}/consents/{id}/withdraw", "consent", "a_curator", "A", None),
    ("consents.record_withdrawal", "POST"): ("/{slug}/consents/{id}/withdraw", "consent", "a_curator", "A",
                                             {"received_on": "01.09.2026"}),
    ("consents.scan", "GET"): ("/{slug}/consents/scans/{id}", "consent_scan", "a_curator", "A", None),
    ("consents.act", "GET"): ("/{slug}/consents/acts/{id}", "destruction_act", "a_curator", "A", None),
    ("consents.text", "GET"): ("/{slug}/consents/texts/{id}", "consent_text", "a_curator", "A", None),
    ("consents.withdraw", "GET"): ("/{slug}/consents/mine/{id}/withdraw", "consent", "a_teacher", "A", None),
    ("consents.withdraw", "POST"): ("/{slug}/consents/mine/{id}/withdraw", "consent", "a_teacher", "A",
                                    {"confirm": "yes"}),
    ("consents.my_form", "GET"): ("/{slug}/consents/mine/{id}/form.docx", "consent", "a_teacher", "A", None),
}

SNAPSHOT_TABLES = ("teachers", "consents", "consent_texts", "consent_scans", "consent_destruction_acts")


def add_scan(app, org, teacher_id: uuid.UUID, content: bytes = PDF) -> uuid.UUID:
    import hashlib

    from app.consents.models import ConsentScan
    from app.core.extensions import db
    from tenants.switches import acting_in

    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
        scan = ConsentScan(id=uuid.uuid4(), teacher_id=teacher_id, filename="scan.pdf", media_type="application/pdf",
                           size=len(content), sha256=hashlib.sha256(content).hexdigest(), content=content)
        db.session.add(scan)
        db.session.commit()
        db.session.remove()
    return scan.id


def add_act(app, org, teacher_id: uuid.UUID, consent_id: uuid.UUID) -> uuid.UUID:
    from datetime import date, timedelta

    from sqlalchemy import select

    from app.consents.models import Consent, DestructionAct
    from app.core.extensions import db
    from app.core.models import utcnow
    from tenants.switches import acting_in

    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
        consent = db.session.scalars(select(Consent).where(Consent.id == consent_id)).one()
        consent.withdrawn_at, consent.destroy_due_on = utcnow(), date.today() + timedelta(days=30)
        consent.destroyed_at = utcnow()
        act = DestructionAct(id=uuid.uuid4(), consent_id=consent_id, teacher_id=teacher_id, destroyed_on=date.today(),
                             lines=["Номер телефона"], filename="act.docx", content=b"PK")
        db.session.add(act)
        db.session.commit()
        db.session.remove()
    return act.id


def _own_record(app, world) -> None:
    """a_teacher's own record in A (unless another feature's matrix made it): their own routes then run
    with a record, and a foreign consent is still refused."""
    from sqlalchemy import select

    from app.core.extensions import db
    from app.teachers.models import Teacher
    from tenants.switches import acting_in

    org = world.orgs["A"]
    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
        found = db.session.scalar(select(Teacher.id).where(Teacher.user_id == world.people["a_teacher"].id))
        db.session.remove()
    if found is None:
        add_world_teacher(app, world, "a_teacher", "A")


def foreign_objects(app, world) -> dict:
    _own_record(app, world)
    objects: dict = {kind: {} for kind in ("consent_teacher", "consent", "consent_scan", "destruction_act",
                                           "consent_text")}
    for key in ("B", "C"):
        org = world.orgs[key]
        teacher_id = add_teacher(app, org, "Чужая", f"Учительница{key}", None)
        consent_id = add_consent(app, org, teacher_id, "processing")
        withdrawn_id = add_consent(app, org, teacher_id, "mentor_duty")
        objects["consent_teacher"][key] = str(teacher_id)
        objects["consent"][key] = str(consent_id)
        objects["consent_scan"][key] = str(add_scan(app, org, teacher_id))
        objects["destruction_act"][key] = str(add_act(app, org, teacher_id, withdrawn_id))
        objects["consent_text"][key] = str(_text_of(app, org, consent_id))
    return objects


def _text_of(app, org, consent_id: uuid.UUID) -> uuid.UUID:
    from sqlalchemy import select

    from app.consents.models import Consent
    from app.core.extensions import db
    from tenants.switches import acting_in

    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test factory"):
        text_id = db.session.scalar(select(Consent.text_id).where(Consent.id == consent_id))
        db.session.remove()
    return text_id
