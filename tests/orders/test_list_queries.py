"""The orders' lists cost a fixed number of statements whatever the size of the registry (10 or 2,000
orders: keyset pages, capped counts, no N+1): the registry (filtered, searched, its last page), the
director's «На подпись», a person's «Приказы к ознакомлению»."""
from __future__ import annotations

from sqlalchemy import text

from tests.orders.helpers import draft, sign_relaxed
from tests.support.mentoring import add_world_teacher
from tests.support.queries import statements_per_page

GROWN = 2000
PAGES = {
    "registry": ("a_curator", "/school-a/orders/"),
    "registry, filtered": ("a_curator", "/school-a/orders/?year=2026&kind=curator&status=signed&q=1"),
    "registry, the last page": ("a_curator", "/school-a/orders/?last=1"),
    "to sign": ("a_director", "/school-a/orders/to-sign"),
    "mine": ("a_teacher", "/school-a/orders/my"),
}
BUDGET = 10


def _grow(inspector, world, teacher_id, n: int = GROWN) -> None:
    """n more orders of school A, half signed (numbered) and naming the teacher, half drafts."""
    school = world.orgs["A"]
    params = {"m": school.municipality_id, "o": school.id, "n": n, "t": teacher_id}
    with inspector.begin() as conn:
        conn.execute(text(
            "INSERT INTO orders (id, municipality_id, org_id, kind, status, title, preamble, items, refs, created_at) "
            "SELECT gen_random_uuid(), :m, :o, 'curator', 'draft', 'О назначении № ' || g, 'Основания', "
            "'[{\"lead\": \"Назначить\", \"text\": \"куратором.\"}]', '{}', now() - g * interval '1 minute' "
            "FROM generate_series(1, :n) g"), params)
        conn.execute(text(
            "INSERT INTO order_people (id, municipality_id, org_id, order_id, teacher_id, name, place) "
            "SELECT gen_random_uuid(), :m, :o, id, :t, 'Person a_teacher', 1 FROM orders "
            "WHERE org_id = :o AND title LIKE 'О назначении № %'"), params)
        # Signed as the app signs: a draft becomes signed (the trigger refuses only changes of signed ones).
        conn.execute(text(
            "UPDATE orders SET status = 'signed', year = 2026, seq = 1000 + n, number = (1000 + n) || ' – А', "
            "signed_on = date '2026-03-24', signed_at = created_at FROM (SELECT id AS oid, "
            "substring(title from '[0-9]+$')::int AS n FROM orders WHERE org_id = :o "
            "AND title LIKE 'О назначении № %') grown WHERE id = grown.oid AND grown.n % 2 = 0"), params)
        conn.execute(text(
            "INSERT INTO order_acknowledgements (id, municipality_id, org_id, order_id, teacher_id) "
            "SELECT gen_random_uuid(), :m, :o, id, :t FROM orders WHERE org_id = :o AND status = 'signed' "
            "AND seq % 4 = 0"), params)
        conn.execute(text("ANALYZE orders; ANALYZE order_people; ANALYZE order_acknowledgements"))


def test_every_orders_list_keeps_its_statement_count_as_the_registry_grows(app, world, clients, count_queries,
                                                                           inspector):
    teacher_id = add_world_teacher(app, world, "a_teacher", "A")
    for _ in range(5):
        sign_relaxed(app, world, draft(app, world, "curator", teacher_id=teacher_id))
    for _ in range(5):
        draft(app, world, "curator", teacher_id=teacher_id)
    small = statements_per_page(clients, count_queries, PAGES)
    _grow(inspector, world, teacher_id)
    grown = statements_per_page(clients, count_queries, PAGES)
    for name in PAGES:
        assert grown[name] == small[name], f"{name}: {small[name]} -> {grown[name]}"
        assert grown[name] <= BUDGET, f"{name}: {grown[name]}"
    mine = clients("a_teacher").get("/school-a/orders/my").get_data(as_text=True)
    assert mine.count("/acknowledge") + mine.count('data-acknowledged="yes"') == 25
