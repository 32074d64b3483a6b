"""The audit log reads like a register: each event names its object as it was then (a rename does not
rewrite history), says what changed in words (roles by their names, access as open/closed), and is
found by person, action and period; views of records are shown only when asked for; the page counts
what it found without scanning the whole trail and costs a fixed number of statements."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from tests.audit.test_audit import _audit_rows, _events
from tests.support.http import post
from tests.support.jobs import letters_to, link_in

UTC = timezone.utc


def _rows(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/school-a/audit{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [row for row in _audit_rows(response.get_data(as_text=True)) if len(row) == 6]


def _text(cell: str) -> str:
    return " ".join(cell.split())


def _add_events(app, world, events: list[dict], org_key: str = "A") -> None:
    """Events written straight into an organization's trail (with chosen times), under its scope."""
    from app.audit.models import AuditEvent
    from app.core.extensions import db
    from tenants.scope import TenantScope, tenant_scope

    org = world.orgs[org_key]
    with app.app_context(), tenant_scope(TenantScope(municipality_id=org.municipality_id, org_id=org.id)):
        for event in events:
            db.session.add(AuditEvent(municipality_id=org.municipality_id, org_id=org.id,
                                      **{"object_type": "membership", "details": {}, **event}))
        db.session.commit()
        db.session.remove()


# --- the object's name, kept with the event ---

def test_every_event_of_the_staff_pages_keeps_the_objects_name(app, world, clients, inspector):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    page = f"/school-a/staff/{membership}"
    admin.get(page)
    post(admin, f"{page}/deactivate", {"confirm": "yes"}, token_from="/school-a/staff")
    post(admin, f"{page}/reactivate", token_from="/school-a/staff")
    # The director grants the methodist role (app/orgs/hierarchy.py); the school admin keeps the list.
    post(clients("a_director"), f"{page}/roles", {"roles": ["teacher", "methodist"]}, token_from="/school-a/staff")
    post(admin, "/school-a/staff/invite", {"email": "New.Person@test-nastavnik.ru", "full_name": "Новая Персона",
                                           "roles": ["teacher"]}, token_from="/school-a/staff/invite")
    invitation, = _events(inspector, action="invite")
    post(admin, f"/school-a/invitations/{invitation.object_id}/revoke", {"confirm": "yes"},
         token_from="/school-a/staff")
    names = {e.action: e.object_name for e in _events(inspector, org_id=world.orgs["A"].id)}
    assert names == {"view": "Person a_teacher", "change_roles": "Person a_teacher", "deactivate": "Person a_teacher",
                     "reactivate": "Person a_teacher", "invite": "new.person@test-nastavnik.ru",
                     "revoke_invitation": "new.person@test-nastavnik.ru"}


def test_the_events_of_organizations_and_invitations_keep_their_names(app, world, clients, inspector):
    officer = clients("d1_officer")
    post(officer, "/m1-uo/organizations/new", {"kind": "school", "name": "Средняя школа №42",
                                               "short_name": "СШ №42", "slug": "school-42"},
         token_from="/m1-uo/organizations/new")
    created, = _events(inspector, action="create", object_type="organization")
    assert created.object_name == "СШ №42"
    page = f"/m1-uo/organizations/{created.object_id}/invite"
    post(officer, page, {"email": "head42@test-nastavnik.ru", "full_name": "Глава Школы", "role": "director"},
         token_from=page)
    first, = _events(inspector, action="invite_first_account")
    assert first.object_name == "СШ №42"
    (_, body), = letters_to(app, "head42@test-nastavnik.ru")
    link = link_in(body, "/invite/")
    joiner = app.test_client()
    from tests.support.http import csrf_token

    joiner.post(link, data={"csrf_token": csrf_token(joiner, link), "full_name": "Глава Школы",
                            "password": "очень длинный пароль директора 2026"})
    accepted, = _events(inspector, action="accept_invitation")
    assert accepted.object_name == "Глава Школы"


def test_a_rename_does_not_rewrite_the_log(app, world, clients, inspector):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    post(admin, f"/school-a/staff/{membership}/deactivate", {"confirm": "yes"}, token_from="/school-a/staff")
    with inspector.connect() as conn:
        conn.execute(text("UPDATE users SET full_name = 'Переименованная Персона' WHERE id = :u"),
                     {"u": world.people["a_teacher"].id})
        conn.execute(text("UPDATE users SET full_name = 'Переименованный Админ' WHERE id = :u"),
                     {"u": world.people["a_admin"].id})
    row, = _rows(admin)
    assert row[1] == "Person a_admin" and row[3] == "Сотрудник: Person a_teacher"


# --- what changed, in words ---

def test_a_role_change_reads_as_role_names_before_and_after(world, clients):
    admin = clients("a_admin")
    membership = world.memberships[("a_methodist", "A")]
    post(clients("a_director"), f"/school-a/staff/{membership}/roles", {"roles": ["teacher", "curator"],
                                                                      "confirm": "yes"},
         token_from="/school-a/staff")
    row, = _rows(admin)
    # Screen readers hear «было … стало …»; the eye sees an arrow.
    assert _text(row[4]) == "Роли: было Методист, Педагог →, стало Куратор, Педагог"
    assert "teacher" not in row[4] and "methodist" not in row[4]


def test_deactivation_and_reactivation_read_as_access_closed_and_open(world, clients):
    admin = clients("a_admin")
    page = f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}"
    post(admin, f"{page}/deactivate", {"confirm": "yes"}, token_from="/school-a/staff")
    post(admin, f"{page}/reactivate", token_from="/school-a/staff")
    reactivated, deactivated = _rows(admin)
    assert _text(deactivated[4]) == "Доступ: было открыт →, стало закрыт"
    assert _text(reactivated[4]) == "Доступ: было закрыт →, стало открыт"
    assert "True" not in reactivated[4] + deactivated[4] and "False" not in reactivated[4] + deactivated[4]


def test_an_invitation_reads_with_the_roles_and_the_persons_name(world, clients):
    admin = clients("a_admin")
    post(clients("a_director"), "/school-a/staff/invite", {"email": "x@test-nastavnik.ru", "full_name": "Иксов Икс",
                                                           "roles": ["teacher", "methodist"]},
         token_from="/school-a/staff/invite")
    row, = _rows(admin)
    assert row[2] == "Отправил(а) приглашение" and row[3] == "Приглашение: x@test-nastavnik.ru"
    assert "Роли: Методист, Педагог" in _text(row[4]) and "ФИО: Иксов Икс" in _text(row[4])


def test_a_created_organization_reads_with_its_kind_and_address(world, clients):
    officer = clients("d1_officer")
    post(officer, "/m1-uo/organizations/new", {"kind": "school", "name": "Средняя школа №42",
                                               "short_name": "СШ №42", "slug": "school-42"},
         token_from="/m1-uo/organizations/new")
    response = officer.get("/m1-uo/audit")
    row, = [r for r in _audit_rows(response.get_data(as_text=True)) if len(r) == 6]
    assert row[2] == "Создал(а)" and row[3] == "Организация: СШ №42"
    assert "Тип: Школа" in _text(row[4]) and "Короткий адрес: /school-42/" in _text(row[4])


def test_details_of_an_unknown_key_still_read_in_words(app, world, clients):
    _add_events(app, world, [{"action": "something_new", "object_type": "thing", "object_name": "Вещь",
                              "details": {"before": {"flag": False}, "after": {"flag": True}, "items": ["a", "b"]}}])
    row, = _rows(clients("a_admin"))
    assert row[2] == "something_new" and row[3] == "thing: Вещь"
    assert _text(row[4]) == "flag: было нет →, стало да items: a, b"


# --- views of records only when asked for ---

def test_views_of_records_are_shown_only_when_asked_for(world, clients):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    admin.get(f"/school-a/staff/{membership}")
    post(admin, f"/school-a/staff/{membership}/deactivate", {"confirm": "yes"}, token_from="/school-a/staff")
    html = admin.get("/school-a/audit").get_data(as_text=True)
    assert 'name="views"' in html and "checked" not in html.split('name="views"')[0].rsplit("<input", 1)[1]
    assert [r[2] for r in _rows(admin)] == ["Деактивировал(а)"]
    assert [r[2] for r in _rows(admin, "?views=y")] == ["Деактивировал(а)", "Просмотрел(а) запись"]


# --- filters: person, action, period ---

def test_the_filter_by_person_finds_a_part_of_the_name_in_any_case(app, world, clients):
    _add_events(app, world, [{"action": "deactivate", "actor_name": "Иванова Анна Петровна"},
                             {"action": "deactivate", "actor_name": "Петров Иван"},
                             {"action": "deactivate", "actor_name": "Сидоров 100%_Пётр"}])
    admin = clients("a_admin")
    assert {r[1] for r in _rows(admin, "?actor=иван")} == {"Иванова Анна Петровна", "Петров Иван"}
    assert {r[1] for r in _rows(admin, "?actor=ПЕТРОВ")} == {"Петров Иван", "Иванова Анна Петровна"}
    assert {r[1] for r in _rows(admin, "?actor=100%25_")} == {"Сидоров 100%_Пётр"}  # % and _ are letters here
    assert _rows(admin, "?actor=%25") == [r for r in _rows(admin, "?actor=%25") if "%" in r[1]]
    assert _rows(admin, "?actor=Никто") == []


def test_the_filter_by_action(app, world, clients):
    _add_events(app, world, [{"action": "deactivate", "actor_name": "А"}, {"action": "reactivate", "actor_name": "Б"},
                             {"action": "change_roles", "actor_name": "В"}])
    admin = clients("a_admin")
    assert [r[1] for r in _rows(admin, "?action=reactivate")] == ["Б"]
    html = admin.get("/school-a/audit").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="([^"]*)"', html.split('name="action"', 1)[1].split("</select>")[0])
    assert {"", "deactivate", "reactivate", "change_roles", "invite"} <= set(options)
    assert "view" not in options  # views have their own checkbox


def test_the_period_takes_whole_days_of_the_products_time_zone_both_ends_included(app, world, clients):
    # Europe/Moscow is UTC+3: 20:59 UTC on the 1st is 23:59 on the 1st; 21:00 UTC is 00:00 on the 2nd.
    _add_events(app, world, [
        {"action": "deactivate", "actor_name": "до", "at": datetime(2026, 3, 1, 20, 59, tzinfo=UTC)},
        {"action": "deactivate", "actor_name": "первая", "at": datetime(2026, 3, 1, 21, 0, tzinfo=UTC)},
        {"action": "deactivate", "actor_name": "последняя", "at": datetime(2026, 3, 3, 20, 59, 59, tzinfo=UTC)},
        {"action": "deactivate", "actor_name": "после", "at": datetime(2026, 3, 3, 21, 0, tzinfo=UTC)},
    ])
    admin = clients("a_admin")
    assert [r[1] for r in _rows(admin, "?from=2026-03-02&to=2026-03-03")] == ["последняя", "первая"]
    assert [r[1] for r in _rows(admin, "?from=2026-03-02")] == ["после", "последняя", "первая"]
    assert [r[1] for r in _rows(admin, "?to=2026-03-01")] == ["до"]
    assert [r[1] for r in _rows(admin, "?from=2026-03-02&to=2026-03-02")] == ["первая"]
    # Typed by hand, as on every other page of the product.
    assert [r[1] for r in _rows(admin, "?from=02.03.2026&to=03.03.2026")] == ["последняя", "первая"]


BAD_FILTERS = [
    ("?from=вчера", "Введите дату в виде дд.мм.гггг, например 31.01.2026."),
    ("?to=2026-13-01", "Введите дату в виде дд.мм.гггг, например 31.01.2026."),
    ("?from=31.02.2026", "Введите дату в виде дд.мм.гггг, например 31.01.2026."),
    ("?from=2026-03-05&to=2026-03-04", "Конец периода раньше его начала."),
    ("?from=1999-12-31", "Укажите дату с 2000 по 2099 год."),
    ("?to=9999-12-31", "Укажите дату с 2000 по 2099 год."),
    ("?action=drop_table", "Выберите действие из списка."),
    ("?action=view", "Выберите действие из списка."),
    ("?actor=Иван%0AПетров", "Значение должно быть одной строкой, без переводов строки и управляющих символов."),
    ("?actor=" + "я" * 201, "Значение не должно содержать более 200 символов."),
]


@pytest.mark.parametrize("query, message", BAD_FILTERS, ids=[q[:30] for q, _ in BAD_FILTERS])
def test_a_bad_filter_is_answered_in_russian_and_searches_nothing(query, message, app, world, clients,
                                                                 count_queries):
    admin = clients("a_admin")
    admin.get("/school-a/audit")
    with count_queries() as counter:
        response = admin.get(f"/school-a/audit{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', html, re.S))
    assert message in errors
    assert "<table" not in html
    assert not [s for s in counter.statements if "audit_events" in s]


def test_the_pager_keeps_the_filter(app, world, clients):
    _add_events(app, world, [{"action": "deactivate", "actor_name": f"Иван {n:02d}"} for n in range(55)]
                + [{"action": "deactivate", "actor_name": f"Пётр {n:02d}"} for n in range(5)])
    admin = clients("a_admin")
    html = admin.get("/school-a/audit?actor=Иван&action=deactivate").get_data(as_text=True)
    assert "55 событий" in html
    link = re.search(r'href="(/school-a/audit\?[^"]*after=[^"]*)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "actor=" in link and "action=deactivate" in link
    second = _rows(admin, link.removeprefix("/school-a/audit"))
    assert len(second) == 5 and all(r[1].startswith("Иван") for r in second)


# --- counts that never scan the whole trail; a fixed number of statements ---

def test_the_page_says_how_many_events_it_found_in_russian_plural(app, world, clients):
    admin = clients("a_admin")
    for n, word in ((1, "1 событие"), (2, "3 события"), (2, "5 событий")):
        _add_events(app, world, [{"action": "deactivate", "actor_name": "А"}] * n)
        assert word in admin.get("/school-a/audit").get_data(as_text=True)


def test_the_count_stops_at_its_cap_and_says_more_than(app, world, clients, monkeypatch):
    from app.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 60)
    _add_events(app, world, [{"action": "deactivate", "actor_name": f"А {n:03d}"} for n in range(130)])
    admin = clients("a_admin")
    html = admin.get("/school-a/audit").get_data(as_text=True)
    assert "Более 60 событий: сузьте период или другие условия." in html
    assert "Страница 1" in html and "Страница 1 из" not in html  # the number of pages is not counted
    assert "Последняя" in html
    last = admin.get("/school-a/audit?page=99").get_data(as_text=True)  # past what was counted: the end
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_the_audit_page_costs_the_same_statements_whatever_the_filter_and_the_data(app, world, clients,
                                                                                  count_queries):
    admin = clients("a_admin")
    queries = ["", "?views=y", "?actor=Иван&action=deactivate&from=2026-01-01&to=2026-12-31&views=y&page=2"]

    def measure() -> list[int]:
        figures = []
        for query in queries:
            assert admin.get(f"/school-a/audit{query}").status_code == 200  # warm-up (session touch)
            with count_queries() as counter:
                assert admin.get(f"/school-a/audit{query}").status_code == 200
            figures.append(counter.count)
        return figures

    before = measure()
    _add_events(app, world, [{"action": "deactivate", "actor_name": f"Иван {n}", "object_name": f"Объект {n}",
                              "details": {"before": {"is_active": True}, "after": {"is_active": False}}}
                             for n in range(120)])
    after = measure()
    assert before == after
    assert len(set(after)) == 1, after  # filters add conditions, not statements
    audit_statements = after[0]
    print(f"audit page: {audit_statements} SQL statements")


def test_the_log_reads_its_index_in_order_without_sorting(app, world, inspector):
    """ix_audit_events_org_at_id (org_id, at DESC, id DESC) serves the page's order and its period:
    PostgreSQL walks it and stops after a page, even with every filter set."""
    from sqlalchemy.dialects import postgresql

    from app.audit import services

    with app.app_context():
        for log_filter in (services.LogFilter(),
                           services.LogFilter(actor="Иван", since=datetime(2026, 1, 1, tzinfo=UTC),
                                              until=datetime(2026, 2, 1, tzinfo=UTC), include_views=True)):
            stmt = services.log_statement(world.orgs["A"].id, log_filter).limit(50)
            sql = str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
            with inspector.connect() as conn:
                conn.execute(text("SET enable_seqscan = off"))
                plan = "\n".join(conn.execute(text(f"EXPLAIN {sql}")).scalars())
                conn.execute(text("RESET enable_seqscan"))
            assert "ix_audit_events_org_at_id" in plan, plan
            assert "Sort" not in plan, plan


# --- earlier events get their names from the migration ---

def test_migration_0003_names_the_objects_and_actors_of_earlier_events(app, world, inspector, owner_engine):
    from alembic.script import ScriptDirectory
    from flask import current_app
    from flask_migrate import downgrade, upgrade
    from sqlalchemy.engine import make_url

    from tests.support.database import db_urls

    org = world.orgs["A"]
    membership = world.memberships[("a_teacher", "A")]
    with app.app_context():
        config = current_app.extensions["migrate"].migrate.get_config()
        before = ScriptDirectory.from_config(config).get_revision("0004_audit").down_revision
        downgrade(revision=before)
    try:
        with inspector.connect() as conn:
            conn.execute(text(
                "INSERT INTO audit_events (at, municipality_id, org_id, actor_id, action, object_type, object_id, details) "
                "VALUES (now(), :m, :o, :a, 'deactivate', 'membership', :obj, '{}'), "
                "(now(), :m, :o, :a, 'create', 'organization', :org, '{}')"),
                {"m": org.municipality_id, "o": org.id, "a": world.people["a_admin"].id, "obj": str(membership),
                 "org": str(org.id)})
    finally:
        with app.app_context():
            upgrade()
    with inspector.connect() as conn:
        rows = conn.execute(text("SELECT object_type, object_name, actor_name FROM audit_events ORDER BY id")).all()
        forced = dict(conn.execute(text(
            "SELECT relname, relforcerowsecurity FROM pg_class WHERE relname = ANY(:t)"),
            {"t": ["audit_events", "users", "memberships", "invitations", "organizations"]}).all())
    assert [tuple(r) for r in rows] == [("membership", "Person a_teacher", "Person a_admin"),
                                        ("organization", "Org A", "Person a_admin")]
    assert all(forced.values()), forced  # FORCE ROW LEVEL SECURITY is back on every table it lifted
    with owner_engine.connect() as conn:  # and the app role's trail is still append-only
        grants = set(conn.execute(text(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_name = 'audit_events' AND grantee = :r"),
            {"r": make_url(db_urls()["DATABASE_URL"]).username}).scalars())
    assert grants and not grants & {"UPDATE", "DELETE", "TRUNCATE"}


def test_an_organizations_edit_and_archive_read_in_words_not_field_names(world, clients):
    """The tester's walk, fix 12: «Краткое наименование: было … стало …», not «short_name: …»."""
    officer = clients("d1_officer")
    path = f"/m1-uo/organizations/{world.orgs['P'].id}/edit"
    post(officer, path, {"name": "Педагогический университет", "short_name": "Педвуз", "partner_kind": "university"},
         token_from=path)
    post(officer, f"/m1-uo/organizations/{world.orgs['B'].id}/archive", {"confirm": "yes"}, token_from="/m1-uo/")
    rows = [r for r in _audit_rows(officer.get("/m1-uo/audit").get_data(as_text=True)) if len(r) == 6]
    archived, edited = (_text(r[4]) for r in rows)
    assert "Краткое наименование: было Org P →, стало Педвуз" in edited
    assert "Тип партнёра: было — →, стало Вуз" in edited
    for raw in ("short_name", "partner_kind", "university", "archived_at", "is_active"):
        assert raw not in edited + archived, raw
    assert "В архиве с: было — →, стало" in archived
    assert re.search(r"В архиве с: было — →, стало \d{2}\.\d{2}\.\d{4}", archived), archived
