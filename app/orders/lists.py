"""The orders' lists: the registry (keyset, newest first; filters by year, kind, status; search by number
or title), the director's queue «На подпись», a person's orders to acknowledge."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, or_, select

from app.core.extensions import db
from app.core.pagination import Keys, Window, keyset_page
from app.orders.models import Acknowledgement, Order, OrderKind, OrderPerson, OrderStatus
from app.teachers.models import Teacher
from tenants.scope import require_scope

# ix_orders_org_created / ix_orders_org_status_created serve this order.
REGISTRY_ORDER = Keys(((Order.created_at, lambda row: row.created_at), (Order.id, lambda row: row.id)),
                      descending=True)
COLUMNS = (Order.id, Order.kind, Order.status, Order.title, Order.number, Order.signed_on, Order.created_at)


@dataclass(frozen=True)
class OrderFilter:
    year: int | None = None
    kind: OrderKind | None = None
    status: OrderStatus | None = None
    q: str | None = None


def registry(flt: OrderFilter) -> Window:
    stmt = select(*COLUMNS).where(Order.org_id == require_scope().org_id)
    if flt.year is not None:
        stmt = stmt.where(Order.year == flt.year)
    if flt.kind is not None:
        stmt = stmt.where(Order.kind == flt.kind)
    if flt.status is not None:
        stmt = stmt.where(Order.status == flt.status)
    if flt.q:
        stmt = stmt.where(or_(Order.number.icontains(flt.q, autoescape=True),
                              Order.title.icontains(flt.q, autoescape=True)))
    return keyset_page(stmt, REGISTRY_ORDER, entity=False)


def queue() -> tuple[Window, dict]:
    """The director's «На подпись»: the drafts, newest first, with the people each names (two orders of
    one kind read alike by title alone)."""
    stmt = select(*COLUMNS).where(Order.org_id == require_scope().org_id, Order.status == OrderStatus.draft)
    window = keyset_page(stmt, REGISTRY_ORDER, entity=False)
    return window, named_in([row.id for row in window.items])


def named_in(order_ids) -> dict:
    """{order id: [names in the order's sequence]} for a page of orders (one statement)."""
    found: dict = {order_id: [] for order_id in order_ids}
    if found:
        for row in db.session.execute(select(OrderPerson.order_id, OrderPerson.name).where(
                OrderPerson.org_id == require_scope().org_id, OrderPerson.order_id.in_(list(found)))
                .order_by(OrderPerson.order_id, OrderPerson.place)):
            found[row.order_id].append(row.name)
    return found


MINE_ORDER = Keys(((Order.signed_at, lambda row: row.signed_at), (Order.id, lambda row: row.id)), descending=True)


def mine() -> Window:
    """The signed orders that name the signed-in person (their teacher record), with whether they have
    acknowledged each (ix_order_people_teacher)."""
    scope = require_scope()
    acknowledged = exists(select(Acknowledgement.id).where(
        Acknowledgement.org_id == OrderPerson.org_id, Acknowledgement.order_id == OrderPerson.order_id,
        Acknowledgement.teacher_id == OrderPerson.teacher_id))
    stmt = (select(Order.id, Order.kind, Order.title, Order.number, Order.signed_on, Order.signed_at, Order.items,
                   acknowledged.label("acknowledged"))
            .join(OrderPerson, and_(OrderPerson.order_id == Order.id, OrderPerson.org_id == Order.org_id))
            .join(Teacher, and_(Teacher.id == OrderPerson.teacher_id, Teacher.org_id == OrderPerson.org_id))
            .where(Order.org_id == scope.org_id, Order.status == OrderStatus.signed, Teacher.user_id == scope.user_id))
    return keyset_page(stmt, MINE_ORDER, entity=False)
