"""The founder and the heads (DESIGN.md §1, the tester's walk, fixes 1 and 2): the municipal officer
sees the head invitation it sent and may revoke it, never sends a second one while one is open, sees
the names of an organization's heads (and nothing else of its staff), takes the head role away while
another head remains, and resets a head's lost second factor — each after a confirmation, each in
the audit log of the organization and of the department."""
from __future__ import annotations

import re

from sqlalchemy import text

from tests.orgs.helpers import errors, flashes, roles_of, snapshot
from tests.support.http import login, post
from tests.support.jobs import letters_to, link_in


def _invite_head(officer, world, email: str, org: str = "C", department: str = "m2-uo"):
    page = f"/{department}/organizations/{world.orgs[org].id}/invite"
    return post(officer, page, {"email": email, "full_name": "Глава Школы", "role": "director"},
                token_from=f"/{department}/")


def _row(html: str, short_name: str) -> str:
    return re.search(rf"<tr><td[^>]*>{short_name}</td>.*?</tr>", html, re.S).group(0)


def _events(inspector, action: str) -> list:
    with inspector.connect() as conn:
        return conn.execute(text("SELECT org_id, actor_id, object_type, object_name, details FROM audit_events "
                                 "WHERE action = :a ORDER BY at"), {"a": action}).all()


# --- fix 1: the head invitation ---

def test_an_open_head_invitation_is_listed_and_a_second_one_is_refused(app, world, clients, inspector):
    officer = clients("d2_officer")
    assert _invite_head(officer, world, "first.head@test-nastavnik.ru").status_code == 302
    row = _row(officer.get("/m2-uo/organizations/").get_data(as_text=True), "Org C")
    assert "first.head@test-nastavnik.ru" in row and "действительно до" in row
    assert "Отозвать" in row and f"/organizations/{world.orgs['C'].id}/invite" not in row
    before = snapshot(inspector)
    again = _invite_head(officer, world, "second.head@test-nastavnik.ru")
    assert again.status_code == 302  # the invitation page sends back to the list, which says why
    assert "уже приглашён" in flashes(officer.get("/m2-uo/organizations/").get_data(as_text=True))
    assert snapshot(inspector) == before and letters_to(app, "second.head@test-nastavnik.ru") == []


def test_the_service_refuses_a_second_head_invitation_while_one_is_open(app, world, clients, inspector):
    """The rule holds in the service, whatever the page offers."""
    from app.core.extensions import db
    from app.orgs import services
    from app.orgs.models import Organization
    from tests.orgs.helpers import acting, refused

    assert _invite_head(clients("d2_officer"), world, "first.head@test-nastavnik.ru").status_code == 302
    with acting(app, world, "d2_officer", "D2"):
        target = db.session.get(Organization, world.orgs["C"].id)
        message = refused(services.invite_first_account, target, "other@test-nastavnik.ru", "Другой", "director")
    assert "first.head@test-nastavnik.ru" in message and "отзовите" in message


def test_the_founder_revokes_a_head_invitation_after_confirming_and_may_invite_again(
        app, world, clients, inspector):
    officer = clients("d2_officer")
    _invite_head(officer, world, "wrong.head@test-nastavnik.ru")
    (_subject, body), = letters_to(app, "wrong.head@test-nastavnik.ru")
    link = link_in(body, "/invite/")
    row = _row(officer.get("/m2-uo/organizations/").get_data(as_text=True), "Org C")
    revoke = re.search(r'href="([^"]+/head-invitation/[^"]+/revoke)"', row).group(1)
    page = officer.get(revoke)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "wrong.head@test-nastavnik.ru" in html and 'name="confirm" value="yes"' in html
    before = snapshot(inspector)
    assert post(officer, revoke, token_from="/m2-uo/").status_code == 200  # no confirm: the question again
    assert snapshot(inspector) == before
    assert post(officer, revoke, {"confirm": "yes"}, token_from="/m2-uo/").status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT revoked_at IS NOT NULL FROM invitations")).scalar_one()
    by_object = {e.object_type: e for e in _events(inspector, "revoke_invitation")}
    in_school, in_department = by_object["invitation"], by_object["organization"]
    assert (in_school.org_id, in_school.object_type, in_school.object_name) == (
        world.orgs["C"].id, "invitation", "wrong.head@test-nastavnik.ru")
    assert (in_department.org_id, in_department.object_type, in_department.object_name) == (
        world.orgs["D2"].id, "organization", "Org C")
    assert in_department.actor_id == world.people["d2_officer"].id
    assert app.test_client().get(link).status_code == 404  # the letter's link is dead
    listing = officer.get("/m2-uo/organizations/").get_data(as_text=True)
    assert f"/organizations/{world.orgs['C'].id}/invite" in _row(listing, "Org C")
    assert _invite_head(officer, world, "right.head@test-nastavnik.ru").status_code == 302
    assert len(letters_to(app, "right.head@test-nastavnik.ru")) == 1


def test_a_coordinator_neither_sees_nor_revokes_a_school_head_invitation(app, world, clients, inspector):
    """The network coordinator founds partners only: a school's head invitation is not theirs."""
    officer = clients("d1_officer")
    created = post(officer, "/m1-uo/organizations/new", {"kind": "school", "partner_kind": "", "name": "Школа №9",
                                                         "short_name": "Школа №9", "slug": "school-9"},
                   token_from="/m1-uo/organizations/new")
    invite_path = created.headers["Location"]
    post(officer, invite_path, {"email": "head9@test-nastavnik.ru", "full_name": "Глава", "role": "director"},
         token_from=invite_path)
    revoke = re.search(r'href="([^"]+/head-invitation/[^"]+/revoke)"',
                       officer.get("/m1-uo/organizations/").get_data(as_text=True)).group(1)
    coordinator = clients("d1_coordinator")
    listing = coordinator.get("/m1-uo/organizations/").get_data(as_text=True)
    assert "head9@test-nastavnik.ru" not in listing
    before = snapshot(inspector)
    response = post(coordinator, revoke, {"confirm": "yes"}, token_from="/m1-uo/", follow_redirects=True)
    assert "Вы не можете управлять организациями этого вида" in flashes(response.get_data(as_text=True))
    assert snapshot(inspector) == before


def test_accepting_one_invitation_closes_the_others_of_the_same_address(app, world, clients, inspector):
    """The organization's own invitation and the founder's one to the same person (the founder is not
    told what the school sent): accepting one closes the other."""
    post(clients("c_admin"), "/school-c/staff/invite", {"email": "twice@test-nastavnik.ru", "full_name": "Дважды",
                                                        "roles": ["teacher"]}, token_from="/school-c/staff/invite")
    assert _invite_head(clients("d2_officer"), world, "twice@test-nastavnik.ru").status_code == 302
    letters = letters_to(app, "twice@test-nastavnik.ru")
    (head_letter,), (teacher_letter,) = ([b for _s, b in letters if ("Org D2" in b) is from_founder]
                                         for from_founder in (True, False))
    head_link, teacher_link = link_in(head_letter, "/invite/"), link_in(teacher_letter, "/invite/")
    newcomer = app.test_client()
    joined = post(newcomer, head_link, {"full_name": "Дважды Приглашённая", "password": "длинная фраза из слов"},
                  token_from=head_link)
    assert joined.status_code == 302, errors(joined.get_data(as_text=True))
    with inspector.connect() as conn:
        states = conn.execute(text("SELECT accepted_at IS NOT NULL, revoked_at IS NOT NULL FROM invitations "
                                   "ORDER BY created_at")).all()
    assert [tuple(s) for s in states] == [(False, True), (True, False)]
    assert app.test_client().get(teacher_link).status_code == 404
    closed, = _events(inspector, "close_invitation")
    assert closed.org_id == world.orgs["C"].id and closed.object_name == "twice@test-nastavnik.ru"


# --- fix 1: the head page ---

def _two_directors(inspector, world) -> None:
    """School A ends up with a second permanent director (as two accepted head invitations did)."""
    with inspector.begin() as conn:
        conn.execute(text("UPDATE memberships SET roles = '{curator,director}' WHERE id = :m"),
                     {"m": world.memberships[("a_curator", "A")]})


def test_the_founders_head_page_names_the_heads_and_nobody_else(app, world, clients, inspector):
    _two_directors(inspector, world)
    officer = clients("d1_officer")
    listing = officer.get("/m1-uo/organizations/").get_data(as_text=True)
    head_page = f"/m1-uo/organizations/{world.orgs['A'].id}/head"
    assert f'href="{head_page}"' in _row(listing, "Org A")
    html = officer.get(head_page).get_data(as_text=True)
    assert "Person a_director" in html and "Person a_curator" in html
    for other in ("a_teacher", "a_admin", "a_methodist", "ab_teacher"):
        assert f"Person {other}" not in html
    assert "@test-nastavnik.ru" not in html  # names only: no e-mail addresses
    assert clients("d1_coordinator").get(head_page).status_code == 302  # a school is not the coordinator's


def test_the_founder_removes_one_of_two_directors_after_confirming(app, world, clients, inspector):
    _two_directors(inspector, world)
    officer = clients("d1_officer")
    curator = world.memberships[("a_curator", "A")]
    path = f"/m1-uo/organizations/{world.orgs['A'].id}/head/{curator}/remove"
    assert f'href="{path}"' in officer.get(f"/m1-uo/organizations/{world.orgs['A'].id}/head").get_data(as_text=True)
    page = officer.get(path)
    assert page.status_code == 200 and "Person a_curator" in page.get_data(as_text=True)
    before = snapshot(inspector)
    assert post(officer, path, token_from="/m1-uo/").status_code == 200  # no confirm: the question again
    assert snapshot(inspector) == before
    assert post(officer, path, {"confirm": "yes"}, token_from="/m1-uo/").status_code == 302
    assert roles_of(inspector, curator) == (["curator"], True)
    changed, = _events(inspector, "change_roles")
    assert changed.org_id == world.orgs["A"].id and changed.actor_id == world.people["d1_officer"].id
    assert changed.details == {"before": ["curator", "director"], "after": ["curator"]}
    removed, = _events(inspector, "remove_head")
    assert removed.org_id == world.orgs["D1"].id and removed.object_name == "Org A"


def test_the_founder_never_removes_the_last_head(app, world, clients, inspector):
    officer = clients("d1_officer")
    director = world.memberships[("a_director", "A")]
    head_page = f"/m1-uo/organizations/{world.orgs['A'].id}/head"
    assert "/remove" not in officer.get(head_page).get_data(as_text=True)  # not offered for the only one
    before = snapshot(inspector)
    response = post(officer, f"{head_page}/{director}/remove", {"confirm": "yes"}, token_from="/m1-uo/",
                    follow_redirects=True)
    assert "всегда должен оставаться хотя бы один" in flashes(response.get_data(as_text=True))
    assert snapshot(inspector) == before


def test_the_founder_removing_a_director_who_held_nothing_else_leaves_them_a_teacher(
        app, world, clients, inspector):
    with inspector.begin() as conn:
        conn.execute(text("UPDATE memberships SET roles = '{director}' WHERE id = :m"),
                     {"m": world.memberships[("a_teacher", "A")]})
    officer = clients("d1_officer")
    teacher = world.memberships[("a_teacher", "A")]
    post(officer, f"/m1-uo/organizations/{world.orgs['A'].id}/head/{teacher}/remove", {"confirm": "yes"},
         token_from="/m1-uo/")
    assert roles_of(inspector, teacher) == (["teacher"], True)


def test_a_head_page_with_a_staff_member_who_is_no_head_answers_404(app, world, clients):
    officer = clients("d1_officer")
    teacher = world.memberships[("a_teacher", "A")]
    for action in ("remove", "second-factor/reset"):
        path = f"/m1-uo/organizations/{world.orgs['A'].id}/head/{teacher}/{action}"
        assert officer.get(path).status_code == 404


# --- fix 2: a head's lost second factor ---

def _factor(inspector, person) -> tuple:
    with inspector.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT totp_secret IS NOT NULL, (SELECT count(*) FROM user_sessions s WHERE s.user_id = u.id "
            "AND s.revoked_at IS NULL) FROM users u WHERE u.id = :u"), {"u": person.id}).one())


def test_the_founder_resets_a_directors_lost_second_factor_after_confirming(app, world, clients, inspector):
    director = world.people["a_director"]
    clients("a_director")  # a live session of the director
    officer = clients("d1_officer")
    membership = world.memberships[("a_director", "A")]
    path = f"/m1-uo/organizations/{world.orgs['A'].id}/head/{membership}/second-factor/reset"
    assert f'href="{path}"' in officer.get(f"/m1-uo/organizations/{world.orgs['A'].id}/head").get_data(as_text=True)
    page = officer.get(path)
    assert page.status_code == 200 and "Сбросить второй фактор" in page.get_data(as_text=True)
    assert post(officer, path, token_from="/m1-uo/").status_code == 200  # no confirm
    assert _factor(inspector, director) == (True, 1)
    assert post(officer, path, {"confirm": "yes"}, token_from="/m1-uo/").status_code == 302
    assert _factor(inspector, director) == (False, 0)
    by_object = {e.object_type: e for e in _events(inspector, "second_factor_reset")}
    in_school, in_department = by_object["user"], by_object["organization"]
    assert (in_school.org_id, in_school.object_type, in_school.object_name) == (
        world.orgs["A"].id, "user", "Person a_director")
    assert (in_department.org_id, in_department.object_type) == (world.orgs["D1"].id, "organization")
    assert in_school.actor_id == in_department.actor_id == world.people["d1_officer"].id
    again = app.test_client()  # the director enrols again before anything else
    assert login(app, again, director).status_code == 302
    assert again.get("/school-a/").headers["Location"].endswith("/account/second-factor")


def test_the_founder_does_not_reset_a_head_who_holds_a_privileged_role_elsewhere(app, world, clients, inspector):
    from tests.support.world import add_membership

    add_membership(app, world, "a_director", "B", ["curator"])
    officer = clients("d1_officer")
    path = (f"/m1-uo/organizations/{world.orgs['A'].id}/head/{world.memberships[('a_director', 'A')]}"
            "/second-factor/reset")
    response = post(officer, path, {"confirm": "yes"}, token_from="/m1-uo/", follow_redirects=True)
    assert "в другой организации" in flashes(response.get_data(as_text=True))
    assert _factor(inspector, world.people["a_director"])[0] is True
