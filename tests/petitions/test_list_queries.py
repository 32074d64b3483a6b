"""The petitions' lists (the curator's, the director's queue, «Мои ходатайства») cost a fixed number of
statements whatever the number of petitions (10 or 2,000: keyset pages, capped counts, the filer's name
joined, no N+1)."""
from __future__ import annotations

import re

from sqlalchemy import text

from tests.petitions.helpers import active_pair
from tests.support.http import post
from tests.support.queries import statements_per_page

GROWN = 2000
PAGES = {
    "petitions": ("a_curator", "/school-a/pairs/petitions"),
    "petitions, reviewed": ("a_curator", "/school-a/pairs/petitions?status=reviewed"),
    "petitions, the last page": ("a_curator", "/school-a/pairs/petitions?last=1"),
    "the director's queue": ("a_director", "/school-a/pairs/petitions/decisions"),
    "my petitions": ("a_methodist", "/school-a/pairs/petitions/my"),
    "the production calendar": ("d1_officer", "/m1-uo/pairs/calendar?year=2026"),
}
BUDGET = 10


def _grow(inspector, world, pair_id, n: int = GROWN) -> None:
    """n more petitions of school A on n teachers' records (reviewed releases and filed replacements)."""
    school = world.orgs["A"]
    params = {"m": school.municipality_id, "o": school.id, "n": n, "p": pair_id}
    with inspector.begin() as conn:
        conn.execute(text(
            "INSERT INTO teachers (id, municipality_id, org_id, last_name, first_name, sort_name) "
            "SELECT gen_random_uuid(), :m, :o, 'Ходатай', 'Педагог ' || lpad(g::text, 5, '0'), "
            "'ходатай педагог ' || lpad(g::text, 5, '0') FROM generate_series(1, :n) g"), params)
        conn.execute(text(
            "INSERT INTO petitions (id, municipality_id, org_id, pair_id, kind, filed_by_teacher_id, reason, "
            "filed_at, filed_on, notice_ends_on, status, reviewed_at, review_note) "
            "SELECT gen_random_uuid(), :m, :o, :p, 'release', t.id, 'Причина', now() - random() * interval '90 days', "
            "current_date, current_date + 3, 'reviewed', now(), 'Рассмотрено' "
            "FROM teachers t WHERE t.org_id = :o AND t.last_name = 'Ходатай'"), params)
        conn.execute(text("ANALYZE teachers; ANALYZE petitions"))


def test_every_petition_page_keeps_its_statement_count_as_petitions_grow(app, world, clients, count_queries,
                                                                         inspector):
    pair = active_pair(app, world)
    assert post(clients("a_methodist"), "/school-a/pairs/petitions/my",
                {"pair": str(pair.pair_id), "reason": "Причина"},
                token_from="/school-a/pairs/petitions/my").status_code == 302
    small = statements_per_page(clients, count_queries, PAGES)
    _grow(inspector, world, pair.pair_id)
    grown = statements_per_page(clients, count_queries, PAGES)
    for name in PAGES:
        assert grown[name] == small[name], f"{name}: {small[name]} -> {grown[name]}"
        assert grown[name] <= BUDGET, f"{name}: {grown[name]}"


def test_the_next_page_of_the_queue_follows_the_cursor_without_repeats(app, world, clients, inspector):
    pair = active_pair(app, world)
    _grow(inspector, world, pair.pair_id, 60)
    director = clients("a_director")
    html = director.get("/school-a/pairs/petitions/decisions").get_data(as_text=True)
    pattern = r'/school-a/pairs/petitions/([0-9a-f-]{36})/decide'
    first = re.findall(pattern, html)
    following = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    second = re.findall(pattern, director.get(following).get_data(as_text=True))
    assert len(first) == 25 and len(second) == 25 and not set(first) & set(second)
