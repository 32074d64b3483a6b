"""The programmes' lists cost a fixed number of statements whatever the number of programmes (10 or
2,000: a keyset page, a capped count, the overdue activities and the participants counted in the same
statement, no N+1)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from tests.pairs.helpers import grow_pairs
from tests.programmes.helpers import add_programme, world_pair
from tests.support.queries import statements_per_page

GROWN = 2000
PAGES = {
    "programmes": ("a_curator", "/school-a/programmes/"),
    "programmes ending soon": ("a_curator", "/school-a/programmes/?ending=soon"),
    "programmes at their end date": ("a_director", "/school-a/programmes/?proposed=y"),
    "programmes, the last page": ("a_curator", "/school-a/programmes/?last=1"),
    "my programmes": ("a_teacher", "/school-a/programmes/mine"),
}
BUDGET = 8  # statements of a page, the session's two included


def _grow(inspector, world, n: int = GROWN) -> None:
    """n more pairs of school A, each with a mentor and a mentee, a programme and three activities (one overdue)."""
    school = world.orgs["A"]
    params = {"m": school.municipality_id, "o": school.id, "n": n, "today": date.today()}
    with inspector.begin() as conn:
        grow_pairs(conn, params)
        conn.execute(text(
            "INSERT INTO programmes (id, municipality_id, org_id, pair_id, status, starts_on, ends_on, form_code, "
            "approved_at, end_proposed_for) SELECT gen_random_uuid(), :m, :o, p.id, 'active', "
            ":today - 100, :today + (random() * 200)::int, 'traditional', now(), NULL FROM pairs p "
            "WHERE p.org_id = :o AND NOT EXISTS (SELECT 1 FROM programmes x WHERE x.pair_id = p.id)"), params)
        conn.execute(text("UPDATE programmes SET end_proposed_for = ends_on WHERE org_id = :o AND ends_on < :today + 20"),
                     params)
        conn.execute(text(
            "INSERT INTO programme_activities (id, municipality_id, org_id, programme_id, title, kind, due_on, status) "
            "SELECT gen_random_uuid(), :m, :o, p.id, 'Мероприятие ' || g, 'consultation', :today - 10 + g * 7, "
            "'planned' FROM programmes p, generate_series(0, 2) g WHERE p.org_id = :o"), params)
        conn.execute(text("ANALYZE pairs; ANALYZE pair_participants; ANALYZE programmes; ANALYZE programme_activities"))


def test_every_programme_list_keeps_its_statement_count_as_the_school_grows(app, world, clients, count_queries,
                                                                            inspector):
    pair_id, _, _ = world_pair(app, world)
    today = date.today()
    add_programme(app, world.orgs["A"], pair_id, starts_on=today - timedelta(days=60),
                  ends_on=today + timedelta(days=100), activities=[("Урок", today - timedelta(days=1), "planned")])
    small = statements_per_page(clients, count_queries, PAGES)
    _grow(inspector, world)
    grown = statements_per_page(clients, count_queries, PAGES)
    for name in PAGES:
        assert grown[name] == small[name], f"{name}: {small[name]} -> {grown[name]}"
        assert grown[name] <= BUDGET, f"{name}: {grown[name]}"
    html = clients("a_curator").get("/school-a/programmes/").get_data(as_text=True)
    assert "Выросший" in html and 'rel="next"' in html
