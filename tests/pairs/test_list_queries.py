"""The pairs' list pages cost a fixed number of statements whatever the number of pairs (10 or 2,000:
keyset pages, capped counts, the participants of a page read in one statement)."""
from __future__ import annotations

from sqlalchemy import text

from tests.pairs.helpers import grow_pairs, mentee, mentor
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
    """n more draft pairs of school A, each with a new mentor and mentee record (a superuser's
    connection: the test is about reading them)."""
    school = world.orgs["A"]
    params = {"m": school.municipality_id, "o": school.id, "n": n}
    with inspector.begin() as conn:
        grow_pairs(conn, params)
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
