"""The audit trail (152-ФЗ ст. 19, ASVS V16): who did what, when, in which organization, to which
object, from which address; an organization's admins read their organization's trail only; nobody
else — not a teacher, not the platform admin — reads it; a person's own account events (org_id NULL)
belong to no organization's trail."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from tests.support.http import csrf_token, post

IP = "10.9.8.7"


def _events(inspector, **where) -> list:
    clause = " AND ".join(f"{column} = :{column}" for column in where)
    with inspector.connect() as conn:
        return conn.execute(text(f"SELECT * FROM audit_events WHERE {clause} ORDER BY id"), where).all()


def _audit_rows(html: str) -> list[list[str]]:
    """The cells of the audit table's body rows, tags stripped."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in rows]


def test_viewing_a_staff_members_page_writes_a_view_event_with_actor_org_object_and_ip(world, clients, inspector):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    response = admin.get(f"/school-a/staff/{membership}", environ_base={"REMOTE_ADDR": IP})
    assert response.status_code == 200
    event, = _events(inspector, action="view", object_id=str(membership))
    assert event.object_type == "membership"
    assert event.actor_id == world.people["a_admin"].id
    assert event.org_id == world.orgs["A"].id and event.municipality_id == world.orgs["A"].municipality_id
    assert event.ip == IP
    assert event.at is not None


def test_every_view_of_a_personal_record_is_logged_again(world, clients, inspector):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    for _ in range(2):
        admin.get(f"/school-a/staff/{membership}")
    assert len(_events(inspector, action="view", object_id=str(membership))) == 2


def test_a_refused_view_of_another_organizations_member_logs_no_view(world, clients, inspector):
    """A 404 for B's member writes nothing into A's trail (or B's)."""
    response = clients("a_admin").get(f"/school-a/staff/{world.memberships[('b_teacher', 'B')]}")
    assert response.status_code == 404
    assert _events(inspector, action="view") == []


def test_role_change_writes_an_event_with_the_roles_before_and_after(world, clients, inspector):
    admin = clients("a_director")  # the director grants the methodist role (DESIGN.md §1)
    membership = world.memberships[("a_teacher", "A")]
    page = f"/school-a/staff/{membership}"
    token = csrf_token(admin, page)
    response = admin.post(f"{page}/roles", data={"csrf_token": token, "roles": ["teacher", "methodist"]},
                          environ_base={"REMOTE_ADDR": IP})
    assert response.status_code == 302
    event, = _events(inspector, action="change_roles")
    assert event.object_type == "membership" and event.object_id == str(membership)
    assert event.actor_id == world.people["a_director"].id and event.org_id == world.orgs["A"].id
    assert event.ip == IP
    assert event.details == {"before": ["teacher"], "after": ["methodist", "teacher"]}


def test_deactivation_and_reactivation_write_events_with_actor_org_object_and_ip(world, clients, inspector):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    page = f"/school-a/staff/{membership}"
    for action in ("deactivate", "reactivate"):
        response = admin.post(f"{page}/{action}", data={"csrf_token": csrf_token(admin, page), "confirm": "yes"},
                              environ_base={"REMOTE_ADDR": IP})
        assert response.status_code == 302
        event, = _events(inspector, action=action)
        assert event.object_type == "membership" and event.object_id == str(membership)
        assert event.actor_id == world.people["a_admin"].id and event.org_id == world.orgs["A"].id
        assert event.ip == IP
        active_after = action == "reactivate"
        assert event.details == {"before": {"is_active": not active_after}, "after": {"is_active": active_after}}


def test_a_refused_self_deactivation_writes_no_event(world, clients, inspector):
    admin = clients("a_admin")
    own = world.memberships[("a_admin", "A")]
    response = post(admin, f"/school-a/staff/{own}/deactivate", token_from="/school-a/staff",
                    follow_redirects=True)
    assert "Нельзя отключить доступ самому себе." in response.get_data(as_text=True)
    assert _events(inspector, action="deactivate") == []


def test_the_organizations_audit_page_lists_its_events(world, clients):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    admin.get(f"/school-a/staff/{membership}", environ_base={"REMOTE_ADDR": IP})
    # The director grants the methodist role (DESIGN.md §1); the token from the list: opening the
    # member's page is a view.
    post(clients("a_director"), f"/school-a/staff/{membership}/roles", {"roles": ["teacher", "methodist"]},
         token_from="/school-a/staff")
    response = admin.get("/school-a/audit?views=y")  # views of records are shown when asked for
    assert response.status_code == 200
    rows = _audit_rows(response.get_data(as_text=True))
    assert len(rows) == 2
    newest, oldest = rows  # newest first
    assert newest[2] == "Изменил(а) роли" and newest[3] == "Сотрудник: Person a_teacher"
    assert oldest[1] == "Person a_admin" and oldest[2] == "Просмотрел(а) запись"
    assert oldest[3] == "Сотрудник: Person a_teacher" and oldest[5] == IP


@pytest.mark.parametrize("key", ["a_teacher", "a_methodist", "a_curator", "ab_teacher"])
def test_members_who_do_not_keep_the_staff_list_cannot_open_the_audit_page(key, world, clients):
    response = clients(key).get("/school-a/audit")
    assert response.status_code == 403
    assert "Доступ запрещён" in response.get_data(as_text=True)


def test_the_platform_admin_has_no_route_to_a_tenants_audit_log(world, clients):
    admin = clients("platform_admin")
    clients("a_admin").get(f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}")
    for slug in ("school-a", "m1-uo", "school-c"):
        response = admin.get(f"/{slug}/audit")
        assert response.status_code == 404, slug
        assert str(world.memberships[("a_teacher", "A")]) not in response.get_data(as_text=True)


def test_a_persons_own_account_events_are_in_no_organizations_audit_page(app, world, clients, inspector):
    readers = {"A": "a_admin", "B": "b_admin", "C": "c_admin", "D1": "d1_officer", "P": "p_coordinator"}
    pages = {}
    # ab_teacher (member of A and B) signs in and changes the password: own events, no organization.
    teacher = clients("ab_teacher")
    post(teacher, "/account/password", {"current_password": "correct horse battery staple",
                                        "password": "новый длинный пароль 2026"})
    # A's trail is not empty, so its page is drawn with rows (the check below is not vacuous).
    clients("a_admin").get(f"/school-a/staff/{world.memberships[('ab_teacher', 'A')]}")
    for org_key, reader in readers.items():
        client = clients(reader)  # each reader's own sign-in is such an event too
        pages[org_key] = client.get(f"/{world.orgs[org_key].slug}/audit?views=y")
    assert len(_audit_rows(pages["A"].get_data(as_text=True))) == 1
    with inspector.connect() as conn:
        own_events = conn.execute(text("SELECT action, object_type, object_id, actor_id FROM audit_events "
                                       "WHERE org_id IS NULL")).all()
    actions = {e.action for e in own_events}
    assert {"login", "password_changed"} <= actions
    assert {e.actor_id for e in own_events} >= {world.people[k].id for k in ("ab_teacher", *readers.values())}
    for org_key, response in pages.items():
        assert response.status_code == 200, org_key
        html = response.get_data(as_text=True)
        with inspector.connect() as conn:
            own_org_events = conn.execute(text("SELECT count(*) FROM audit_events WHERE org_id = :o"),
                                          {"o": world.orgs[org_key].id}).scalar_one()
        rows = [row for row in _audit_rows(html) if len(row) == 6]
        assert len(rows) == own_org_events, org_key  # exactly the organization's events, nothing more
        for event in own_events:
            assert event.object_id not in html, (org_key, event.action)


def test_the_audit_trail_names_an_actor_from_outside_the_organization(app, world, clients, inspector):
    """A municipal officer invites the head of a school that has none (school C of M2): the school's
    log names them, although they are not on the school's staff list (the name is kept with the event)."""
    officer = clients("d2_officer")
    page = f"/m2-uo/organizations/{world.orgs['C'].id}/invite"
    response = post(officer, page, {"email": "first.director@test-nastavnik.ru", "full_name": "Первая Директор",
                                    "role": "director"}, token_from=page)
    assert response.status_code == 302
    html = clients("c_admin").get("/school-c/audit").get_data(as_text=True)
    assert "Person d2_officer" in html
