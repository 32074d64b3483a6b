"""The orders' rows of the cross-tenant matrix (tests/tenants/test_isolation_matrix.py): another school's
order — a draft, a signed order naming a person — answers 404 on every route, like a random id, and
changes nothing."""
from __future__ import annotations

import uuid
from datetime import date

from tests.support.mentoring import add_teacher

DRAFT = {"title": "О чужом", "preamble": "Основания", "items": "Сделать чужое."}

OBJECT_ROUTES = {
    ("orders.order", "GET"): ("/{slug}/orders/{id}", "order", "a_curator", "A", None),
    ("orders.edit", "GET"): ("/{slug}/orders/{id}/edit", "order", "a_curator", "A", None),
    ("orders.edit", "POST"): ("/{slug}/orders/{id}/edit", "order", "a_curator", "A", DRAFT),
    ("orders.docx", "GET"): ("/{slug}/orders/{id}/docx", "order", "a_curator", "A", None),
    ("orders.sign", "GET"): ("/{slug}/orders/{id}/sign", "order", "a_director", "A", None),
    ("orders.sign", "POST"): ("/{slug}/orders/{id}/sign", "order", "a_director", "A", {"code": "123456"}),
    ("orders.scan", "POST"): ("/{slug}/orders/{id}/scan", "order", "a_curator", "A", {}),
    ("orders.scan_file", "GET"): ("/{slug}/orders/{id}/scan", "order", "a_curator", "A", None),
    ("orders.my_docx", "GET"): ("/{slug}/orders/my/{id}/docx", "order", "a_teacher", "A", None),
    ("orders.acknowledge", "POST"): ("/{slug}/orders/my/{id}/acknowledge", "order", "a_teacher", "A", {}),
}

SNAPSHOT_TABLES = ("orders", "order_people", "order_acknowledgements", "order_scans", "order_counters",
                   "order_settings")


def _signed_order(app, org) -> str:
    """A signed order of ``org`` naming one of its teachers, with a scan (written in its scope)."""
    from app.core.extensions import db
    from app.core.models import utcnow
    from app.orders.models import Order, OrderKind, OrderPerson, OrderScan, OrderStatus
    from tenants.switches import acting_in

    teacher_id = add_teacher(app, org, "Чужая", "Учительница", None)
    with app.app_context():
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="isolation matrix"):
            order = Order(id=uuid.uuid4(), kind=OrderKind.curator, status=OrderStatus.draft,
                          title="О назначении куратора", preamble="Основания",
                          items=[{"lead": "Назначить", "text": "куратором."}], refs={})
            db.session.add(order)
            db.session.flush()
            db.session.add(OrderPerson(id=uuid.uuid4(), order_id=order.id, teacher_id=teacher_id,
                                       name="Чужая Учительница", place=1))
            db.session.flush()
            order.status, order.year, order.seq, order.number = OrderStatus.signed, 2026, 1, "1 – А"
            order.signed_on, order.signed_at = date(2026, 3, 24), utcnow()
            db.session.flush()
            db.session.add(OrderScan(id=uuid.uuid4(), order_id=order.id, filename="x.pdf", media_type="application/pdf",
                                     size=4, sha256="0" * 64, content=b"%PDF"))
            db.session.flush()
        db.session.commit()
        db.session.remove()
    return str(order.id)


def foreign_objects(app, world) -> dict:
    return {"order": {key: _signed_order(app, world.orgs[key]) for key in ("B", "C")}}
