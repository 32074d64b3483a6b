"""The pairs' list pages cost a fixed number of statements whatever the number of pairs (10 or 2,000:
keyset pages, capped counts, the participants of a page read in one statement)."""
from __future__ import annotations

from sqlalchemy import text

from tests.pairs.helpers import mentee, mentor
from tests.support.http import post
from tests.support.queries import statements_per_page

GROWN = 2000
BUDGET = 10

PAGES = {
    "pairs": ("a_curator", "/school-a/pairs/"),
    "pairs, filtered": ("a_curator", "/school-a/pairs/?status=draft&kind=pair&form=traditional"),
    "pairs, searched": ("a_curator", "/school-a/pairs/?name=выросш"),
    "pairs, the last page": ("a_curator", "/school-a/pairs/?last=1"),
    "my pairs": ("a_teacher", "/school-a/pairs/my"),
}


def _grow(inspector, world, n: int = GROWN) -> None:
    """n more draft pairs of school A, each with a new mentor and mentee record, and one more pair of
    a_teacher's record (a superuser's connection: the test is about reading them)."""
    school = world.orgs["A"]
    params = {"m": school.municipality_id, "o": school.id, "n": n}
    with inspector.begin() as conn:
        conn.execute(text(
            "INSERT INTO teachers (id, municipality_id, org_id, last_name, first_name, sort_name) "
            "SELECT gen_random_uuid(), :m, :o, 'Выросший', 'Педагог ' || lpad(g::text, 5, '0'), "
            "'выросший педагог ' || lpad(g::text, 5, '0') FROM generate_series(1, :n * 2) g"), params)
        conn.execute(text(
            "INSERT INTO pairs (id, municipality_id, org_id, kind, form_code, status) "
            "SELECT gen_random_uuid(), :m, :o, 'pair', 'traditional', 'draft' FROM generate_series(1, :n)"), params)
        conn.execute(text(
            "WITH p AS (SELECT id, row_number() OVER (ORDER BY id) r FROM pairs WHERE org_id = :o AND NOT EXISTS "
            "(SELECT 1 FROM pair_participants x WHERE x.pair_id = pairs.id)), "
            "t AS (SELECT id, row_number() OVER (ORDER BY id) r FROM teachers WHERE org_id = :o "
            "AND last_name = 'Выросший') "
            "INSERT INTO pair_participants (id, municipality_id, org_id, pair_id, pair_org_id, teacher_id, role) "
            "SELECT gen_random_uuid(), :m, :o, p.id, :o, t.id, CASE WHEN t.r % 2 = 1 THEN 'mentor' ELSE 'mentee' END "
            "FROM p JOIN t ON t.r IN (p.r * 2 - 1, p.r * 2)"), params)
        conn.execute(text("ANALYZE pairs; ANALYZE pair_participants; ANALYZE teachers"))


def test_every_pairs_page_keeps_its_statement_count_as_the_pairs_grow(app, world, clients, count_queries,
                                                                     inspector):
    org = world.orgs["A"]
    m, _ = mentor(app, org, "Сидорова", user_id=world.people["a_teacher"].id)
    e, _ = mentee(app, org, "Выросшая")  # the search finds a pair before the growth too
    curator = clients("a_curator")
    post(curator, "/school-a/pairs/new", {"form_code": "traditional", "mentor": str(m), "mentees": [str(e)]},
         token_from="/school-a/pairs/new")
    small = statements_per_page(clients, count_queries, PAGES)
    _grow(inspector, world)
    grown = statements_per_page(clients, count_queries, PAGES)
    for name in PAGES:
        assert grown[name] == small[name], f"{name}: {small[name]} -> {grown[name]}"
        assert grown[name] <= BUDGET, f"{name}: {grown[name]}"
    html = curator.get("/school-a/pairs/?name=выросш").get_data(as_text=True)
    assert html.count('data-label="Наставник"') + html.count('data-label="Mentor"') == 25
