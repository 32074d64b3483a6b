"""Issue 5, parts 4 and 5: destructive actions ask first, without inline script; municipal staff edit,
archive and restore organizations (audited before → after, never deleted); the head is invited only
while there is none; a school carries no partner kind; lists sort naturally («№1, №5, №11»)."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import text

from tests.orgs.helpers import acting, errors, flashes, invite, load, refused, roles_of, snapshot
from tests.support.http import login, post


def _no_inline_script(response) -> None:
    html = response.get_data(as_text=True)
    assert "<script" not in html and " onclick=" not in html and " onsubmit=" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


# --- part 4: confirmation pages ---

def test_deactivation_asks_for_confirmation_first(app, world, clients, inspector):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    path = f"/school-a/staff/{membership}/deactivate"
    member_page = admin.get(f"/school-a/staff/{membership}").get_data(as_text=True)
    assert f'href="{path}"' in member_page  # a link to the question, not a button that acts
    before = snapshot(inspector)
    page = admin.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Вы уверены, что хотите отключить доступ сотрудника Person a_teacher" in html
    assert 'name="confirm" value="yes"' in html and "Отмена" in html
    _no_inline_script(page)
    without = post(admin, path, token_from="/school-a/staff")  # no confirm: the question again
    assert without.status_code == 200 and "Вы уверены" in without.get_data(as_text=True)
    assert snapshot(inspector) == before
    post(admin, path, {"confirm": "yes"}, token_from="/school-a/staff")
    assert roles_of(inspector, membership) == (["teacher"], False)


def test_revoking_an_invitation_asks_for_confirmation_first(app, world, clients, inspector):
    admin = clients("a_admin")
    invite(app, admin, "school-a", "newcomer@test-nastavnik.ru", ["teacher"])
    with inspector.connect() as conn:
        invitation_id = conn.execute(text("SELECT id FROM invitations")).scalar_one()
    path = f"/school-a/invitations/{invitation_id}/revoke"
    assert f'href="{path}"' in admin.get("/school-a/staff").get_data(as_text=True)
    page = admin.get(path)
    assert page.status_code == 200 and "newcomer@test-nastavnik.ru" in page.get_data(as_text=True)
    _no_inline_script(page)
    before = snapshot(inspector)
    assert post(admin, path, token_from="/school-a/staff").status_code == 200
    assert snapshot(inspector) == before
    assert post(admin, path, {"confirm": "yes"}, token_from="/school-a/staff").status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT revoked_at IS NOT NULL FROM invitations")).scalar_one()
        details = conn.execute(text("SELECT details FROM audit_events WHERE action = 'revoke_invitation'")).scalar_one()
    assert details["before"] == {"revoked": False} and details["after"] == {"revoked": True}


def test_a_school_admin_cannot_revoke_an_invitation_with_a_role_above_their_own(app, world, clients, inspector):
    invite(app, clients("a_director"), "school-a", "new.curator@test-nastavnik.ru", ["curator"])
    admin = clients("a_admin")
    with inspector.connect() as conn:
        invitation_id = conn.execute(text("SELECT id FROM invitations")).scalar_one()
    assert f"/invitations/{invitation_id}/revoke" not in admin.get("/school-a/staff").get_data(as_text=True)
    response = post(admin, f"/school-a/invitations/{invitation_id}/revoke", {"confirm": "yes"},
                    token_from="/school-a/staff", follow_redirects=True)
    assert "Вы не можете отозвать приглашение" in flashes(response.get_data(as_text=True))
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT revoked_at IS NULL FROM invitations")).scalar_one()


def test_removing_a_role_asks_for_confirmation_first_and_adding_one_does_not(app, world, clients, inspector):
    director = clients("a_director")
    methodist = world.memberships[("a_methodist", "A")]
    path = f"/school-a/staff/{methodist}/roles"
    added = post(director, path, {"roles": ["methodist", "teacher", "curator"]}, token_from="/school-a/staff")
    assert added.status_code == 302
    assert roles_of(inspector, methodist) == (["curator", "methodist", "teacher"], True)
    before = snapshot(inspector)
    asked = post(director, path, {"roles": ["teacher"]}, token_from="/school-a/staff")
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert "сразу лишается роли «Куратор»" in html and "сразу лишается роли «Методист»" in html
    assert 'name="roles" value="teacher"' in html and 'name="confirm" value="yes"' in html
    _no_inline_script(asked)
    assert snapshot(inspector) == before
    done = post(director, path, {"roles": ["teacher"], "confirm": "yes"}, token_from="/school-a/staff")
    assert done.status_code == 302
    assert roles_of(inspector, methodist) == (["teacher"], True)


def test_a_refused_role_removal_is_said_at_once_not_after_a_confirmation(app, world, clients, inspector):
    director = clients("a_director")
    own = world.memberships[("a_director", "A")]
    post(director, f"/school-a/staff/{world.memberships[('a_curator', 'A')]}/roles",
         {"roles": ["curator", "director"], "confirm": "yes"}, token_from="/school-a/staff")
    before = snapshot(inspector)
    response = post(director, f"/school-a/staff/{own}/roles", {"roles": ["director", "teacher"]},
                    token_from="/school-a/staff")  # adds teacher to themself without handing over
    assert response.status_code == 400
    assert "Нельзя менять свои собственные роли" in errors(response.get_data(as_text=True))
    assert snapshot(inspector) == before


# --- part 5: municipal staff edit, archive and restore organizations ---

def test_municipal_officer_edits_an_organization_audited_before_and_after(app, world, clients, inspector):
    officer = clients("d1_officer")
    path = f"/m1-uo/organizations/{world.orgs['P'].id}/edit"
    assert 'value="Org P"' in officer.get(path).get_data(as_text=True)
    response = post(officer, path, {"name": "Педагогический университет", "short_name": "Педвуз",
                                    "partner_kind": "university"}, token_from=path)
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    with inspector.connect() as conn:
        row = conn.execute(text("SELECT name, short_name, partner_kind, slug FROM organizations WHERE id = :i"),
                           {"i": world.orgs["P"].id}).one()
        event = conn.execute(text("SELECT org_id, actor_id, details FROM audit_events WHERE action = 'update'")).one()
    assert tuple(row) == ("Педагогический университет", "Педвуз", "university", "partner-p")
    assert event.org_id == world.orgs["D1"].id and event.actor_id == world.people["d1_officer"].id
    assert event.details == {"before": {"name": "Organization P", "short_name": "Org P", "partner_kind": None},
                             "after": {"name": "Педагогический университет", "short_name": "Педвуз",
                                       "partner_kind": "university"}}


def test_editing_to_a_short_name_taken_in_the_municipality_changes_nothing(app, world, clients, inspector):
    officer = clients("d1_officer")
    path = f"/m1-uo/organizations/{world.orgs['A'].id}/edit"
    before = snapshot(inspector)
    response = post(officer, path, {"name": "X", "short_name": "org b"}, token_from=path)
    assert response.status_code == 200
    assert "уже есть в муниципальном образовании" in errors(response.get_data(as_text=True))
    assert snapshot(inspector) == before


def test_a_school_cannot_carry_a_partner_kind(app, world, clients, inspector):
    from app.orgs import services
    from app.orgs.models import Organization

    officer = clients("d1_officer")
    before = snapshot(inspector)
    response = post(officer, "/m1-uo/organizations/new", {"kind": "school", "partner_kind": "college",
                                                          "name": "Школа", "short_name": "Школа", "slug": "school-x"},
                    token_from="/m1-uo/organizations/new")
    assert response.status_code == 200
    assert "Тип партнёра бывает только у организации-партнёра" in errors(response.get_data(as_text=True))
    assert snapshot(inspector) == before
    with acting(app, world, "d1_officer", "D1"):
        assert "Тип партнёра" in refused(services.update_organization, load(Organization, world.orgs["A"].id),
                                         "Школа A", "Org A", "college")
    with inspector.begin() as conn, pytest.raises(Exception, match="ck_organizations_partner_kind"):
        conn.execute(text("UPDATE organizations SET partner_kind = 'college' WHERE id = :i"),
                     {"i": world.orgs["A"].id})


def test_an_archived_organization_leaves_switchers_and_its_members_cannot_enter(app, world, clients, inspector):
    teacher = clients("ab_teacher")
    assert 'href="/school-a/"' in teacher.get("/school-b/").get_data(as_text=True)
    officer = clients("d1_officer")
    path = f"/m1-uo/organizations/{world.orgs['A'].id}/archive"
    page = officer.get(path)
    assert page.status_code == 200 and "Вы уверены, что хотите перенести в архив «Org A»" in page.get_data(as_text=True)
    _no_inline_script(page)
    assert post(officer, path, token_from=path).status_code == 200  # no confirm: nothing happens
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT is_active FROM organizations WHERE id = :i"),
                            {"i": world.orgs["A"].id}).scalar_one()
    assert post(officer, path, {"confirm": "yes"}, token_from=path).status_code == 302
    closed = teacher.get("/school-a/")  # told that it was archived, and sent to where they may go
    assert closed.status_code == 302 and closed.headers["Location"].endswith("/account/home")
    assert 'href="/school-a/"' not in teacher.get("/school-b/").get_data(as_text=True)
    # Its director, who belongs nowhere else, is told at sign-in that the access has ended.
    director = app.test_client()
    refused = login(app, director, world.people["a_director"])
    assert refused.status_code == 200 and "Org A" in flashes(refused.get_data(as_text=True))
    assert director.get("/school-a/").status_code in (302, 404)
    with inspector.connect() as conn:
        row = conn.execute(text("SELECT is_active, archived_at FROM organizations WHERE id = :i"),
                           {"i": world.orgs["A"].id}).one()
        members = conn.execute(text("SELECT count(*) FROM memberships WHERE org_id = :i AND is_active"),
                               {"i": world.orgs["A"].id}).scalar_one()
        event = conn.execute(text("SELECT org_id, details FROM audit_events WHERE action = 'archive'")).one()
    assert row.is_active is False and row.archived_at is not None
    assert members == 6  # nothing deleted, nobody deactivated
    assert event.org_id == world.orgs["D1"].id
    assert event.details["before"] == {"is_active": True, "archived_at": None}
    assert event.details["after"]["is_active"] is False and event.details["after"]["archived_at"]


def test_an_archived_organization_stays_listed_marked_and_can_be_restored(app, world, clients, inspector):
    officer = clients("d1_officer")
    post(officer, f"/m1-uo/organizations/{world.orgs['B'].id}/archive", {"confirm": "yes"}, token_from="/m1-uo/")
    listing = officer.get("/m1-uo/organizations/").get_data(as_text=True)
    row = re.search(r"<tr><td[^>]*>Org B</td>.*?</tr>", listing, re.S).group(0)
    assert "в архиве" in row and f"/m1-uo/organizations/{world.orgs['B'].id}/restore" in row
    response = post(officer, f"/m1-uo/organizations/{world.orgs['B'].id}/restore", token_from="/m1-uo/")
    assert response.status_code == 302
    assert clients("b_teacher").get("/school-b/").status_code == 200
    with inspector.connect() as conn:
        row = conn.execute(text("SELECT is_active, archived_at FROM organizations WHERE id = :i"),
                           {"i": world.orgs["B"].id}).one()
        event = conn.execute(text("SELECT details FROM audit_events WHERE action = 'restore'")).scalar_one()
    assert row.is_active is True and row.archived_at is None
    assert event["after"] == {"is_active": True, "archived_at": None} and event["before"]["is_active"] is False


def test_an_archived_organizations_invitations_are_closed(app, world, clients):
    link = invite(app, clients("b_admin"), "school-b", "newcomer@test-nastavnik.ru", ["teacher"])
    post(clients("d1_officer"), f"/m1-uo/organizations/{world.orgs['B'].id}/archive", {"confirm": "yes"},
         token_from="/m1-uo/")
    response = app.test_client().get(link)
    assert response.status_code == 404 and "в архиве" in response.get_data(as_text=True)


def test_invite_the_head_appears_only_while_the_organization_has_no_head(app, world, clients, inspector):
    officer = clients("d1_officer")
    created = post(officer, "/m1-uo/organizations/new", {"kind": "school", "partner_kind": "", "name": "Школа №9",
                                                         "short_name": "Школа №9", "slug": "school-9"},
                   token_from="/m1-uo/organizations/new")
    invite_path = created.headers["Location"]
    school_id = re.search(r"organizations/([0-9a-f-]{36})/invite", invite_path).group(1)
    listing = officer.get("/m1-uo/organizations/").get_data(as_text=True)
    assert f"/organizations/{school_id}/invite" in listing
    for key in ("A", "B", "P"):  # they have a head
        assert f"/organizations/{world.orgs[key].id}/invite" not in listing, key
    post(officer, invite_path, {"email": "head9@test-nastavnik.ru", "full_name": "Глава", "role": "director"},
         token_from=invite_path)
    from tests.support.jobs import letters_to, link_in

    (_subject, body), = letters_to(app, "head9@test-nastavnik.ru")
    head = app.test_client()
    assert post(head, link_in(body, "/invite/"), {"full_name": "Глава Девятой", "password": "пароль главы школы"},
                token_from=link_in(body, "/invite/")).status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT active_heads FROM organizations WHERE id = :i"),
                            {"i": uuid.UUID(school_id)}).scalar_one() == 1
    assert f"/organizations/{school_id}/invite" not in officer.get("/m1-uo/organizations/").get_data(as_text=True)


def test_active_heads_follow_the_memberships(app, world, clients, inspector):
    def heads(key):
        with inspector.connect() as conn:
            return conn.execute(text("SELECT active_heads FROM organizations WHERE id = :i"),
                                {"i": world.orgs[key].id}).scalar_one()

    assert (heads("A"), heads("B"), heads("C"), heads("P"), heads("D1")) == (1, 1, 0, 1, 1)
    director = clients("a_director")
    curator = world.memberships[("a_curator", "A")]
    post(director, f"/school-a/staff/{curator}/roles", {"roles": ["curator", "director"], "confirm": "yes"},
         token_from="/school-a/staff")
    assert heads("A") == 2
    post(director, f"/school-a/staff/{world.memberships[('a_director', 'A')]}/roles",
         {"roles": ["teacher"], "confirm": "yes"}, token_from="/school-a/staff")
    assert heads("A") == 1


# --- natural order ---

def test_lists_sort_naturally(app, world, clients, inspector):
    """«№1, №5, №11», not «№1, №11, №5»: the municipality's list and the organization switcher."""
    officer = clients("d1_officer")
    for number in (11, 1, 5):
        response = post(officer, "/m1-uo/organizations/new",
                        {"kind": "school", "partner_kind": "", "name": f"Средняя школа №{number}",
                         "short_name": f"Школа №{number}", "slug": f"school-n{number}"},
                        token_from="/m1-uo/organizations/new")
        assert response.status_code == 302, errors(response.get_data(as_text=True))
    listing = officer.get("/m1-uo/organizations/").get_data(as_text=True)
    names = [n for n in re.findall(r"<tr><td[^>]*>([^<]+)</td>", listing) if n.startswith("Школа")]
    assert names == ["Школа №1", "Школа №5", "Школа №11"]
    from app.core.extensions import db
    from app.orgs.models import Membership
    from tenants.switches import acting_in

    with app.app_context():
        for number in (11, 1, 5):
            with inspector.connect() as conn:
                org_id = conn.execute(text("SELECT id FROM organizations WHERE slug = :s"),
                                      {"s": f"school-n{number}"}).scalar_one()
            with acting_in(municipality_id=world.municipalities["M1"], org_id=org_id, reason="test: membership"):
                db.session.add(Membership(id=uuid.uuid4(), org_id=org_id, municipality_id=world.municipalities["M1"],
                                          user_id=world.people["ab_teacher"].id, roles=["teacher"],
                                          sort_name="person ab_teacher"))
                db.session.flush()
        db.session.commit()
        db.session.remove()
    switcher = clients("ab_teacher").get("/school-a/").get_data(as_text=True)
    switcher = switcher.split('<details class="switcher">', 1)[1].split("</details>", 1)[0]
    names = [n for n in re.findall(r">([^<>]+)</a>", switcher) if n.startswith("Школа")]
    assert names == ["Школа №1", "Школа №5", "Школа №11"]
