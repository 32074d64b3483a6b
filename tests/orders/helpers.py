"""Helpers of the orders' tests: drafts and signings through the services, in the school's scope."""
from __future__ import annotations

import uuid
from contextlib import contextmanager

from tests.support.world import Org


@contextmanager
def as_member(app, org: Org, user_id=None):
    """An app context acting in ``org`` as ``user_id`` (services read the actor's membership)."""
    from tenants.switches import acting_in

    with app.app_context(), acting_in(municipality_id=org.municipality_id, org_id=org.id, user_id=user_id,
                                      reason="test"):
        yield


def draft(app, world, kind: str = "curator", org_key: str = "A", **fields) -> uuid.UUID:
    """A draft created by the curator through the service, committed."""
    from app.core.extensions import db
    from app.orders import services
    from app.orders.models import OrderKind

    with as_member(app, world.orgs[org_key], world.people["a_curator"].id if org_key == "A" else None):
        order = services.create_draft(services.DraftRequest(kind=OrderKind(kind), **fields))
        db.session.commit()
        order_id = order.id
        db.session.remove()
    return order_id


def sign_relaxed(app, world, order_id: uuid.UUID, org_key: str = "A", director: str = "a_director", today=None):
    """The director signs with the demo's relaxed second factor (the code itself is tested elsewhere)."""
    from app.core.extensions import db
    from app.orders import services

    relaxed = app.config["DEMO_RELAX_TOTP"]
    app.config["DEMO_RELAX_TOTP"] = True
    try:
        with as_member(app, world.orgs[org_key], world.people[director].id):
            order = services.sign(order_id, "", today=today)
            db.session.commit()
            number = order.number
            db.session.remove()
    finally:
        app.config["DEMO_RELAX_TOTP"] = relaxed
    return number
