"""Every page costs a fixed number of statements and round trips to PostgreSQL, whatever the size of the
school and the region (no N+1; keyset pages; capped counts), and the long lists page by keyset: each
row once, in order, from the first page to the last and back, stable while rows are added, and a
tampered cursor shows the first page of the same list."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import event, text

from tests.support.http import post

GROWN = 2000  # members of school A, audit events of A, organizations of M1

# page -> (person who reads it, path, statements, round trips) at most, whatever the data.
PAGES = {
    # the session and the person; the teacher's panel (app/banks/panels.py): the scope, their record
    "school home": ("a_teacher", "/school-a/", 4, 6),
    "department home": ("d1_officer", "/m1-uo/", 2, 4),
    "staff list": ("a_admin", "/school-a/staff", 6, 8),
    "staff list, a later page": ("a_admin", None, 6, 8),
    "staff list, the last page": ("a_admin", "/school-a/staff?last=1", 6, 8),
    "audit log": ("a_admin", "/school-a/audit?views=y", 5, 7),
    "audit log, the last page": ("a_admin", "/school-a/audit?views=y&last=1", 5, 7),
    "municipal organizations": ("d1_officer", "/m1-uo/organizations/", 5, 7),
    "profile": ("a_teacher", "/account/", 3, 5),
    "my sessions": ("a_teacher", "/account/sessions", 4, 6),
}


def _grow(inspector, world, n: int = GROWN) -> None:
    """n more members and audit events of school A and n more organizations of M1, written in bulk
    (a superuser's connection: the test is about reading them)."""
    school, municipality = world.orgs["A"], world.municipalities["M1"]
    with inspector.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (id, email, full_name, is_platform_admin, is_active, created_at) "
            "SELECT gen_random_uuid(), 'grown' || g || '@test-nastavnik.ru', 'Выросший Педагог ' || lpad(g::text, 5, '0'), "
            "false, true, now() FROM generate_series(1, :n) g"), {"n": n})
        conn.execute(text(
            "INSERT INTO memberships (id, municipality_id, org_id, user_id, roles, is_active, sort_name, created_at) "
            "SELECT gen_random_uuid(), :m, :o, u.id, ARRAY['teacher'], right(u.email, 1) <> '7', lower(u.full_name), now() "
            "FROM users u WHERE u.email LIKE 'grown%'"), {"m": school.municipality_id, "o": school.id})
        conn.execute(text(
            "INSERT INTO audit_events (at, municipality_id, org_id, actor_id, actor_name, action, object_type, "
            "object_name, details) SELECT now() - g * interval '1 minute', :m, :o, NULL, 'Кто-то', 'view', "
            "'membership', 'Выросший Педагог', '{}' FROM generate_series(1, :n) g"),
            {"m": school.municipality_id, "o": school.id, "n": n})
        conn.execute(text(
            "INSERT INTO organizations (id, municipality_id, kind, name, short_name, slug, is_active, created_at) "
            "SELECT gen_random_uuid(), :m, 'school', 'Школа ' || g, 'Школа №' || g, 'grown-' || g, true, now() "
            "FROM generate_series(1, :n) g"), {"m": municipality, "n": n})


def _later_page() -> str:
    """A page after a cursor (the same statements whether or not rows follow it)."""
    from app.core.pagination import encode_cursor

    return "/school-a/staff?n=2&after=" + encode_cursor([False, "", "00000000-0000-0000-0000-000000000000"])


def _measure(app, clients, count_queries) -> dict[str, tuple[int, int]]:
    from app.core.extensions import db

    with app.app_context():
        engine = db.engine
    figures = {}
    for name, (person, path, _statements, _trips) in PAGES.items():
        client = clients(person)
        path = path or _later_page()
        assert client.get(path).status_code == 200, name  # warm-up: a due session touch happens here
        other = []
        listeners = [(engine, name_, lambda *a: other.append(1)) for name_ in ("begin", "commit", "rollback")]
        for target, event_name, fn in listeners:
            event.listen(target, event_name, fn)
        try:
            with count_queries() as counter:
                response = client.get(path)
        finally:
            for target, event_name, fn in listeners:
                event.remove(target, event_name, fn)
        assert response.status_code == 200, name
        figures[name] = (counter.count, counter.count + len(other))
    return figures


def test_every_page_keeps_its_statement_and_round_trip_budget_as_the_data_grows(
        app, world, clients, count_queries, inspector):
    small = _measure(app, clients, count_queries)
    _grow(inspector, world)
    grown = _measure(app, clients, count_queries)
    for name, (_person, _path, statements, trips) in PAGES.items():
        assert grown[name] == small[name], f"{name}: {small[name]} -> {grown[name]} (statements, round trips)"
        assert grown[name][0] <= statements and grown[name][1] <= trips, f"{name}: {grown[name]}"


def _names(html: str) -> list[str]:
    return re.findall(r'<td[^>]*><a href="/school-a/staff/[0-9a-f-]{36}">([^<]+)</a>', html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_next_pages_show_every_member_once_in_order_and_previous_pages_come_back(
        app, world, clients, inspector):
    _grow(inspector, world, 120)
    admin = clients("a_admin")
    seen, pages, path = [], [], "/school-a/staff"
    while path:
        html = admin.get(path).get_data(as_text=True)
        pages.append((path, _names(html)))
        seen += _names(html)
        path = _link(html, "next")
    with inspector.connect() as conn:
        expected = conn.execute(text(
            "SELECT u.full_name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = :o "
            "ORDER BY NOT m.is_active, m.sort_name COLLATE \"C\", m.id"), {"o": world.orgs["A"].id}).scalars().all()
    assert seen == expected and len(pages) == -(-len(expected) // 25)
    html = admin.get(pages[-1][0]).get_data(as_text=True)
    back = _names(admin.get(_link(html, "prev")).get_data(as_text=True))
    assert back == pages[-2][1]
    last = admin.get("/school-a/staff?last=1").get_data(as_text=True)
    assert _names(last) == pages[-1][1] and _link(last, "next") is None


def test_a_page_continues_after_its_cursor_while_rows_are_added_before_it(app, world, clients, inspector):
    _grow(inspector, world, 60)
    admin = clients("a_admin")
    first = admin.get("/school-a/staff").get_data(as_text=True)
    next_path = _link(first, "next")
    newcomers = [("Аааа Новенькая " + str(n), f"new{n}@test-nastavnik.ru") for n in range(5)]
    with inspector.begin() as conn:
        for name, email in newcomers:
            user_id = uuid.uuid4()
            conn.execute(text("INSERT INTO users (id, email, full_name, is_platform_admin, is_active, created_at) "
                              "VALUES (:i, :e, :n, false, true, now())"), {"i": user_id, "e": email, "n": name})
            conn.execute(text(
                "INSERT INTO memberships (id, municipality_id, org_id, user_id, roles, is_active, sort_name, created_at) "
                "VALUES (gen_random_uuid(), :m, :o, :u, ARRAY['teacher'], true, lower(:n), now())"),
                {"m": world.orgs["A"].municipality_id, "o": world.orgs["A"].id, "u": user_id, "n": name})
    second = _names(admin.get(next_path).get_data(as_text=True))
    assert not set(second) & set(_names(first))
    assert not [n for n in second if n.startswith("Аааа")]


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJ4Il0", "WzEsMiwzXQ", "%00%01", "a" * 3000,
                                    "WyJ0cnVlIiwgIngiLCAibm90LWEtdXVpZCJd"])
def test_a_tampered_cursor_shows_the_first_page_of_the_same_list(cursor, world, clients):
    admin = clients("a_admin")
    first = _names(admin.get("/school-a/staff").get_data(as_text=True))
    for arg in ("after", "before"):
        response = admin.get(f"/school-a/staff?{arg}={cursor}")
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert _names(response.get_data(as_text=True)) == first


def test_a_cursor_of_another_school_shows_only_this_schools_people(world, clients, inspector):
    """A cursor positions a page; the rows are the scope's own whatever it says."""
    b_admin = clients("b_admin")
    html = b_admin.get("/school-b/staff").get_data(as_text=True)
    with inspector.connect() as conn:  # the people of A who are not also of B
        a_names = set(conn.execute(text(
            "SELECT u.full_name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = :a "
            "AND NOT EXISTS (SELECT 1 FROM memberships b WHERE b.user_id = m.user_id AND b.org_id = :b)"),
            {"a": world.orgs["A"].id, "b": world.orgs["B"].id}).scalars())
    from app.core.pagination import encode_cursor

    for values in ([False, "", "00000000-0000-0000-0000-000000000000"], [True, "яяя", "ffffffff-ffff-ffff-ffff-ffffffffffff"]):
        for arg in ("after", "before"):
            page = b_admin.get(f"/school-b/staff?{arg}={encode_cursor(values)}").get_data(as_text=True)
            names = set(re.findall(r'/school-b/staff/[0-9a-f-]{36}">([^<]+)<', page))
            assert not names & a_names
    assert "Person b_admin" in html


def test_the_audit_log_pages_by_keyset_and_keeps_its_filter(app, world, clients, inspector):
    _grow(inspector, world, 130)
    admin = clients("a_admin")
    post(admin, f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}/deactivate", {"confirm": "yes"},
         token_from="/school-a/staff")
    html = admin.get("/school-a/audit?views=y").get_data(as_text=True)
    following = _link(html, "next")
    assert following and "views=y" in following and "after=" in following
    assert "131 событие" in html  # 130 views and the deactivation
