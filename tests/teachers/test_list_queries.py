"""The registry page costs the same statements with 10 records and with 2,000 (issue 7: "its query
count does not grow with the data"; ARCHITECTURE.md «Speed»): keyset pages in the order of
ix_teachers_org_order, the count capped, the rule read once, the subjects of the filter in one
statement, no statement per row. And the pages show every record once, in order."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import text

GROWN = 2000

# page -> (path, statements at most)
PAGES = {
    # the session and the person (2), the scope (1), the filter's subjects, the rule, the count, the rows
    "registry": ("/school-a/teachers/", 7),
    "registry, searched and filtered": ("/school-a/teachers/?q=вы&young=yes&subject=Математика&status=active", 7),
    "registry, the last page": ("/school-a/teachers/?last=1", 7),
    "registry, those who left": ("/school-a/teachers/?status=left", 7),
    "registry, by bank status": ("/school-a/teachers/?bank=none", 7),
    # the record, its view written to the audit trail, the rule
    "a teacher's card": (None, 8),
    "my record": ("/school-a/teachers/me", 5),
}


def _grow(inspector, world, n: int) -> None:
    """n records of school A (every 7th has left; every 3rd teaches mathematics; ages and experience
    spread so some are young), written in bulk by a superuser: the test is about reading them."""
    school = world.orgs["A"]
    with inspector.begin() as conn:
        conn.execute(text(
            "INSERT INTO teachers (id, municipality_id, org_id, last_name, first_name, middle_name, sort_name, "
            "subjects, category, birth_date, experience_since, is_active, left_at, created_at, updated_at) "
            "SELECT gen_random_uuid(), :m, :o, 'Выросшая' || lpad(g::text, 5, '0'), 'Учитель', NULL, "
            "'выросшая' || lpad(g::text, 5, '0') || ' учитель', "
            "CASE WHEN g % 3 = 0 THEN ARRAY['Математика'] ELSE ARRAY['Русский язык'] END, 'none', "
            # 100 days off every birthday and anniversary: no record sits on an edge of the rule
            "current_date - (20 + g % 30) * interval '1 year' - interval '100 days', "
            "current_date - (g % 6) * interval '1 year' - interval '100 days', "
            "g % 7 <> 0, CASE WHEN g % 7 = 0 THEN now() END, now(), now() FROM generate_series(1, :n) g"),
            {"m": school.municipality_id, "o": school.id, "n": n})


def _measure(app, client, count_queries, card_path) -> dict[str, int]:
    figures = {}
    for name, (path, _budget) in PAGES.items():
        path = path or card_path
        assert client.get(path).status_code == 200, name  # warm-up
        with count_queries() as counter:
            response = client.get(path)
        assert response.status_code == 200, name
        figures[name] = counter.count
    return figures


def test_the_registry_keeps_its_statement_budget_from_10_to_2000_records(app, world, clients, count_queries,
                                                                         inspector):
    from tests.support.mentoring import add_world_teacher

    add_world_teacher(app, world, "a_curator", "A")
    _grow(inspector, world, 10)
    with inspector.connect() as conn:
        card = conn.execute(text("SELECT id FROM teachers WHERE org_id = :o LIMIT 1"),
                            {"o": world.orgs["A"].id}).scalar()
    curator = clients("a_curator")
    small = _measure(app, curator, count_queries, f"/school-a/teachers/{card}")
    _grow(inspector, world, GROWN)
    grown = _measure(app, curator, count_queries, f"/school-a/teachers/{card}")
    assert grown == small, (small, grown)
    for name, (_path, budget) in PAGES.items():
        assert grown[name] <= budget, (name, grown[name])


def _names(html: str) -> list[str]:
    return re.findall(r'<a href="/school-a/teachers/[0-9a-f-]{36}">([^<]+)</a>', html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.mark.parametrize("query", ["", "?subject=Математика", "?young=no"])
def test_next_pages_show_every_record_once_in_order_and_keep_the_filter(query, app, world, clients, inspector):
    _grow(inspector, world, 120)
    curator = clients("a_curator")
    seen, path = [], "/school-a/teachers/" + query
    while path:
        html = curator.get(path).get_data(as_text=True)
        seen += _names(html)
        path = _link(html, "next")
        if path and query:
            key, value = query[1:].split("=")
            assert parse_qs(urlsplit(path).query)[key] == [value]
    where = {"": "true", "?subject=Математика": "'Математика' = ANY(subjects)",
             "?young=no": "NOT (birth_date > current_date - interval '35 years' AND "
                          "experience_since + interval '3 years' >= current_date)"}[query]
    with inspector.connect() as conn:
        expected = conn.execute(text(
            f"SELECT last_name || ' ' || first_name FROM teachers WHERE org_id = :o AND {where} "
            "ORDER BY NOT is_active, sort_name COLLATE \"C\", id"), {"o": world.orgs["A"].id}).scalars().all()
    assert seen == expected and len(seen) > 25
