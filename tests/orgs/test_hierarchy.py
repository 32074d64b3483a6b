"""Who may grant what (DESIGN.md §1, issue 5), enforced in the services — each rule is tested by calling
the service as the member, so a crafted request gets the same answer as the page — and offered by the
pages: only the choices the actor may make are shown."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.orgs.helpers import acting, errors, flashes, invite, load, refused, roles_of, snapshot
from tests.support.database import db_urls
from tests.support.http import csrf_token, login, post
from tests.support.jobs import letters_to

HEAD_REMAINS = "В организации всегда должен оставаться хотя бы один действующий сотрудник с ролью «Директор»"
OWN_ROLES = "Нельзя менять свои собственные роли"


def _change(app, world, actor, org_key, target, roles):
    from app.orgs import staff
    from app.orgs.models import Membership, Organization

    org = load(Organization, world.orgs[org_key].id)
    membership = load(Membership, world.memberships[(target, org_key)])
    return staff.change_roles(org, membership, roles)


# --- the school admin (and the curator) keep the staff list for teachers ---

def test_school_admin_cannot_make_themself_director(app, world, inspector):
    with acting(app, world, "a_admin", "A"):
        message = refused(_change, app, world, "a_admin", "A", "a_admin", ["director", "school_admin"])
    assert OWN_ROLES in message
    assert roles_of(inspector, world.memberships[("a_admin", "A")]) == (["school_admin"], True)


@pytest.mark.parametrize("role", ["director", "curator", "methodist", "school_admin"])
def test_school_admin_never_grants_a_role_above_teacher(role, app, world, inspector):
    from app.orgs import invitations
    from app.orgs.models import Organization

    before = snapshot(inspector)
    with acting(app, world, "a_admin", "A"):
        assert "Вы не можете назначить роль" in refused(
            _change, app, world, "a_admin", "A", "a_teacher", ["teacher", role])
        assert "Вы не можете назначить роль" in refused(
            invitations.invite, load(Organization, world.orgs["A"].id), "new@test-nastavnik.ru", "Новый", [role])
    assert snapshot(inspector) == before


def test_school_admin_cannot_remove_a_role_above_their_own(app, world, inspector):
    with acting(app, world, "a_admin", "A"):
        assert "Вы не можете снять роль «Методист»" in refused(
            _change, app, world, "a_admin", "A", "a_methodist", ["teacher"])
    assert roles_of(inspector, world.memberships[("a_methodist", "A")]) == (["methodist", "teacher"], True)


@pytest.mark.parametrize("target", ["a_director", "a_curator", "a_methodist"])
def test_school_admin_cannot_deactivate_the_director_or_anyone_above_their_own_role(
        target, app, world, clients, inspector):
    from app.orgs import staff
    from app.orgs.models import Membership

    membership_id = world.memberships[(target, "A")]
    with acting(app, world, "a_admin", "A"):
        assert "Вы не можете отключить" in refused(staff.deactivate, load(Membership, membership_id))
    admin = clients("a_admin")
    before = snapshot(inspector)
    response = post(admin, f"/school-a/staff/{membership_id}/deactivate", {"confirm": "yes"},
                    token_from="/school-a/staff")
    assert response.status_code == 302
    assert snapshot(inspector) == before
    page = admin.get(f"/school-a/staff/{membership_id}").get_data(as_text=True)
    assert "Вы не можете отключить" in flashes(page)
    assert f"/school-a/staff/{membership_id}/deactivate" not in page  # not offered either


def test_school_admin_deactivates_and_reactivates_a_teacher(app, world, clients, inspector):
    admin = clients("a_admin")
    membership_id = world.memberships[("a_teacher", "A")]
    post(admin, f"/school-a/staff/{membership_id}/deactivate", {"confirm": "yes"}, token_from="/school-a/staff")
    assert roles_of(inspector, membership_id) == (["teacher"], False)
    post(admin, f"/school-a/staff/{membership_id}/reactivate", token_from="/school-a/staff")
    assert roles_of(inspector, membership_id) == (["teacher"], True)


def test_curator_keeps_the_staff_list_for_teachers(app, world, clients, inspector):
    """DESIGN.md §1: the curator invites teachers and keeps the staff list, never above their own role;
    the audit trail stays with the heads and the school admin."""
    curator = clients("a_curator")
    home = curator.get("/school-a/").get_data(as_text=True)
    assert 'href="/school-a/staff"' in home and 'href="/school-a/audit"' not in home
    assert curator.get("/school-a/staff").status_code == 200
    assert curator.get("/school-a/audit").status_code == 403
    page = curator.get("/school-a/staff/invite").get_data(as_text=True)
    assert 'value="teacher"' in page and 'value="methodist"' not in page and 'value="director"' not in page
    invite(app, curator, "school-a", "new.teacher@test-nastavnik.ru", ["teacher"])
    response = post(curator, "/school-a/staff/invite", {"email": "x@test-nastavnik.ru", "full_name": "X",
                                                        "roles": ["school_admin"]}, token_from="/school-a/staff")
    assert response.status_code == 200 and "Выберите роли из предложенных" in errors(response.get_data(as_text=True))
    teacher = world.memberships[("a_teacher", "A")]
    post(curator, f"/school-a/staff/{teacher}/deactivate", {"confirm": "yes"}, token_from="/school-a/staff")
    assert roles_of(inspector, teacher) == (["teacher"], False)
    with acting(app, world, "a_curator", "A"):
        assert "Вы не можете отключить" in refused(_deactivate, world, "a_admin")


def _deactivate(world, person, org_key="A"):
    from app.orgs import staff
    from app.orgs.models import Membership

    return staff.deactivate(load(Membership, world.memberships[(person, org_key)]))


# --- the director grants curator, methodist and school admin; hands over their own role ---

def test_director_grants_curator_methodist_and_school_admin(app, world, clients, inspector):
    director = clients("a_director")
    page = director.get("/school-a/staff/invite").get_data(as_text=True)
    for role in ("director", "curator", "methodist", "school_admin", "teacher"):
        assert f'value="{role}"' in page
    teacher = world.memberships[("a_teacher", "A")]
    response = post(director, f"/school-a/staff/{teacher}/roles", {"roles": ["curator", "methodist",
                                                                             "school_admin", "teacher"]},
                    token_from="/school-a/staff")
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    assert roles_of(inspector, teacher) == (["curator", "methodist", "school_admin", "teacher"], True)


def test_director_hands_over_then_drops_their_own_role(app, world, clients, inspector):
    director = clients("a_director")
    curator = world.memberships[("a_curator", "A")]
    own = world.memberships[("a_director", "A")]
    page = director.get(f"/school-a/staff/{own}").get_data(as_text=True)
    assert 'name="roles"' not in page  # alone: nothing to hand over yet
    post(director, f"/school-a/staff/{curator}/roles", {"roles": ["curator", "director"], "confirm": "yes"},
         token_from="/school-a/staff")  # granting the head role asks first (tests/orgs/test_hand_over.py)
    assert roles_of(inspector, curator) == (["curator", "director"], True)
    page = director.get(f"/school-a/staff/{own}").get_data(as_text=True)
    assert 'value="director"' in page and 'value="teacher"' in page and 'value="curator"' not in page
    dropped = post(director, f"/school-a/staff/{own}/roles", {"roles": ["teacher"], "confirm": "yes"},
                   token_from="/school-a/staff")
    assert dropped.status_code == 302, errors(dropped.get_data(as_text=True))
    assert roles_of(inspector, own) == (["teacher"], True)
    with inspector.connect() as conn:
        event = conn.execute(text("SELECT details FROM audit_events WHERE action = 'change_roles' "
                                  "AND object_id = :o"), {"o": str(own)}).scalar_one()
    assert event == {"before": ["director"], "after": ["teacher"]}


def test_director_cannot_drop_their_role_while_no_other_director_remains(app, world, clients, inspector):
    with acting(app, world, "a_director", "A"):
        assert HEAD_REMAINS in refused(_change, app, world, "a_director", "A", "a_director", ["teacher"])
    response = post(clients("a_director"), f"/school-a/staff/{world.memberships[('a_director', 'A')]}/roles",
                    {"roles": ["teacher"], "confirm": "yes"}, token_from="/school-a/staff")
    assert response.status_code == 400  # "director" is not even offered on their own page
    assert roles_of(inspector, world.memberships[("a_director", "A")]) == (["director"], True)


def test_director_neither_removes_another_directors_role_nor_deactivates_them(app, world, inspector):
    with acting(app, world, "a_director", "A") as session:
        _change(app, world, "a_director", "A", "a_curator", ["curator", "director"])
        session.flush()
        assert "Вы не можете снять роль «Директор»" in refused(
            _change, app, world, "a_director", "A", "a_curator", ["curator"])
        assert "Вы не можете отключить" in refused(_deactivate, world, "a_curator")


def test_nobody_changes_their_own_roles(app, world):
    for person, roles in (("a_director", ["director", "curator"]), ("a_curator", ["curator", "teacher"]),
                          ("a_admin", ["school_admin", "teacher"]), ("a_admin", ["teacher"])):
        with acting(app, world, person, "A"):
            assert OWN_ROLES in refused(_change, app, world, person, "A", person, roles), (person, roles)


def test_a_school_keeps_an_active_director_in_the_database_too(world, inspector):
    """The backstop of the services' check: the trigger of migration 0003 refuses to take away the last
    active director, whatever path the write takes (here raw SQL as the app role, in A's scope)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    a = world.orgs["A"]
    app_engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))
    with app_engine.connect() as conn:
        trans = conn.begin()
        conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.municipality_id', :m, true)"),
                     {"o": str(a.id), "m": str(a.municipality_id)})
        with pytest.raises(Exception, match="keeps at least one active head"):
            conn.execute(text("UPDATE memberships SET is_active = false WHERE id = :i"),
                         {"i": world.memberships[("a_director", "A")]})
        trans.rollback()
    app_engine.dispose()
    assert roles_of(inspector, world.memberships[("a_director", "A")]) == (["director"], True)


# --- municipal staff appoint heads but never join schools ---

def _headless_school(app, world, clients, slug="school-9", short_name="МБОУ «СШ №9»"):
    officer = clients("d1_officer")
    response = post(officer, "/m1-uo/organizations/new", {"kind": "school", "partner_kind": "", "name": short_name,
                                                          "short_name": short_name, "slug": slug},
                    token_from="/m1-uo/organizations/new")
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    return response.headers["Location"]


def test_municipal_officer_cannot_invite_themself_as_director(app, world, clients, inspector):
    invite_page = _headless_school(app, world, clients)
    officer = clients("d1_officer")
    before = snapshot(inspector)
    for email in (world.people["d1_officer"].email, world.people["d1_coordinator"].email.upper()):
        response = post(officer, invite_page, {"email": email, "full_name": "Я", "role": "director"},
                        token_from=invite_page)
        assert response.status_code == 200
        assert "принадлежит сотруднику органа управления образованием" in errors(response.get_data(as_text=True))
    assert snapshot(inspector) == before


def test_municipal_officer_cannot_invite_a_head_where_there_is_one(app, world, clients, inspector):
    from app.orgs import services
    from app.orgs.models import Organization

    with acting(app, world, "d1_officer", "D1"):
        message = refused(services.invite_first_account, load(Organization, world.orgs["A"].id),
                          "second.director@test-nastavnik.ru", "Второй", "director")
    assert "уже есть руководитель" in message
    page = clients("d1_officer").get(f"/m1-uo/organizations/{world.orgs['A'].id}/invite", follow_redirects=True)
    assert "уже есть руководитель" in flashes(page.get_data(as_text=True))


def test_accepting_an_invitation_into_a_school_refuses_active_municipal_staff(app, world, clients, inspector):
    link = invite(app, clients("b_admin"), "school-b", world.people["d1_coordinator"].email, ["teacher"])
    coordinator = clients("d1_coordinator")
    page = coordinator.get(link)  # told on opening the link, no "join" button
    assert page.status_code == 403
    assert "органа управления образованием" in page.get_data(as_text=True)
    assert "Присоединиться" not in page.get_data(as_text=True)
    response = post(coordinator, link, token_from="/account/")  # and a forged POST changes nothing
    assert response.status_code == 403
    from app.accounts.models import User
    from app.core.extensions import db
    from app.orgs import invitations
    from tenants.switches import as_person

    with app.app_context():  # the service refuses by itself too
        with as_person(world.people["d1_coordinator"].id):
            person = db.session.get(User, world.people["d1_coordinator"].id)
        assert "органа управления образованием" in refused(
            invitations.accept_invitation, link.rsplit("/", 1)[1], None, None, person)
        db.session.rollback()
        db.session.remove()
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM memberships WHERE user_id = :u"),
                            {"u": world.people["d1_coordinator"].id}).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM invitations WHERE accepted_at IS NOT NULL")).scalar_one() == 0
    assert coordinator.get("/school-b/staff").status_code == 404


def test_accepting_an_invitation_into_the_department_refuses_school_staff(app, world, clients, inspector):
    link = invite(app, clients("d1_officer"), "m1-uo", world.people["a_teacher"].email, ["network_coordinator"])
    teacher = clients("a_teacher")
    response = post(teacher, link, token_from="/account/")
    assert response.status_code == 403
    assert "школы или организации-партнёра" in response.get_data(as_text=True)
    assert teacher.get("/m1-uo/").status_code == 404


def test_a_deactivated_former_member_comes_back_with_the_invitations_roles_only(app, world, clients, inspector):
    """Else a school admin could bring back a deactivated curator's role by inviting them as a teacher."""
    director = clients("a_director")
    curator = world.memberships[("a_curator", "A")]
    post(director, f"/school-a/staff/{curator}/deactivate", {"confirm": "yes"}, token_from="/school-a/staff")
    link = invite(app, clients("a_admin"), "school-a", world.people["a_curator"].email, ["teacher"])
    person = app.test_client()
    # Signing in from the invitation (its ``next``): ended access does not keep a person invited back out.
    assert login(app, person, world.people["a_curator"], next=link).status_code == 302
    response = post(person, link, token_from=link)
    assert response.status_code == 302
    assert roles_of(inspector, curator) == (["teacher"], True)


def test_network_coordinator_founds_partners_but_not_schools(app, world, clients, inspector):
    coordinator = clients("d1_coordinator")
    page = coordinator.get("/m1-uo/organizations/new").get_data(as_text=True)
    assert 'value="partner"' in page and 'value="school"' not in page
    listing = coordinator.get("/m1-uo/organizations/").get_data(as_text=True)
    assert f"/m1-uo/organizations/{world.orgs['P'].id}/edit" in listing
    assert f"/m1-uo/organizations/{world.orgs['B'].id}/edit" not in listing
    from app.orgs import services
    from app.orgs.models import Organization

    with acting(app, world, "d1_coordinator", "D1"):
        assert "Вы не можете управлять организациями этого вида" in refused(
            services.create_organization, "school", "Школа", "Школа", "school-x")
        assert "Вы не можете управлять организациями этого вида" in refused(
            services.archive_organization, load(Organization, world.orgs["B"].id))


def test_partner_coordinator_heads_the_partner(app, world, clients, inspector):
    coordinator = clients("p_coordinator")
    page = coordinator.get("/partner-p/staff/invite").get_data(as_text=True)
    assert 'value="external_mentor"' in page and 'value="partner_coordinator"' in page
    with acting(app, world, "p_coordinator", "P"):
        message = refused(_change, app, world, "p_coordinator", "P", "p_coordinator", ["external_mentor"])
        assert "«Координатор партнёра»" in message
        assert "самому себе" in refused(_deactivate, world, "p_coordinator", "P")
    post(coordinator, f"/partner-p/staff/{world.memberships[('p_mentor', 'P')]}/deactivate", {"confirm": "yes"},
         token_from="/partner-p/staff")
    assert roles_of(inspector, world.memberships[("p_mentor", "P")]) == (["external_mentor"], False)


def test_municipal_officer_heads_the_department_and_the_coordinator_keeps_no_staff_list(app, world, clients):
    officer = clients("d1_officer")
    page = officer.get("/m1-uo/staff/invite").get_data(as_text=True)
    assert 'value="network_coordinator"' in page and 'value="municipal_officer"' in page
    assert clients("d1_coordinator").get("/m1-uo/staff").status_code == 403


def test_the_member_page_offers_only_the_roles_the_actor_may_change(app, world, clients):
    admin = clients("a_admin")
    methodist = admin.get(f"/school-a/staff/{world.memberships[('a_methodist', 'A')]}").get_data(as_text=True)
    assert 'value="teacher"' in methodist and 'value="methodist"' not in methodist
    assert "Роли, которые вы не можете изменить здесь" in methodist
    own = admin.get(f"/school-a/staff/{world.memberships[('a_admin', 'A')]}").get_data(as_text=True)
    assert 'name="roles"' not in own and "Никто не меняет свои собственные роли" in own
    director = admin.get(f"/school-a/staff/{world.memberships[('a_director', 'A')]}").get_data(as_text=True)
    assert 'value="director"' not in director and "/deactivate" not in director


# --- the function the accounts feature asks before resetting a lost second factor ---

@pytest.mark.parametrize("actor, actor_org, target, target_org, expected", [
    ("a_director", "A", "a_curator", "A", True),       # the director grants the curator role
    ("a_director", "A", "a_teacher", "A", True),
    ("a_admin", "A", "a_teacher", "A", True),          # the school admin grants the teacher role
    ("a_curator", "A", "a_teacher", "A", True),
    ("a_admin", "A", "a_curator", "A", False),         # ... but not the curator role
    ("a_admin", "A", "a_director", "A", False),
    ("a_admin", "A", "a_methodist", "A", False),       # highest role: methodist
    ("a_director", "A", "a_director", "A", False),     # never oneself
    ("d1_officer", "D1", "a_director", "A", True),     # the founder appoints the head
    ("d1_officer", "D1", "a_curator", "A", False),     # ... but grants nothing else in a school
    ("d1_coordinator", "D1", "a_director", "A", False),
    ("d1_coordinator", "D1", "p_coordinator", "P", True),
    ("d2_officer", "D2", "a_director", "A", False),    # another municipality
    ("b_director", "B", "a_teacher", "A", False),      # another school
    ("d1_officer", "D1", "d1_coordinator", "D1", True),
])
def test_may_reset_second_factor_follows_who_may_grant_the_highest_role(
        actor, actor_org, target, target_org, expected, app, world):
    from app.core.extensions import db
    from app.orgs.hierarchy import may_reset_second_factor
    from app.orgs.models import Membership
    from tenants.switches import acting_in

    def membership(person, org_key):
        org = world.orgs[org_key]
        with acting_in(municipality_id=org.municipality_id, org_id=org.id, reason="test: read a membership"):
            found = db.session.get(Membership, world.memberships[(person, org_key)])
            found.organization  # loaded while its scope holds: the rules read it afterwards
            return found

    with app.app_context():
        assert may_reset_second_factor(membership(actor, actor_org), membership(target, target_org)) is expected
        db.session.remove()


def test_a_forged_invitation_with_a_role_the_actor_cannot_grant_sends_nothing(app, world, clients, inspector):
    """The page refuses a role it did not offer; the service's own refusal is tested above."""
    admin = clients("a_admin")
    token = csrf_token(admin, "/school-a/staff/invite")
    response = admin.post("/school-a/staff/invite", data={"csrf_token": token, "email": "y@test-nastavnik.ru",
                                                          "full_name": "Y", "roles": ["curator"]})
    assert response.status_code == 200
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM invitations")).scalar_one() == 0
    assert letters_to(app, "y@test-nastavnik.ru") == []


def test_the_founder_appoints_an_existing_member_head_without_learning_who_is_on_the_staff(
        app, world, clients, inspector):
    """School C has staff but no director: the officer invites its school admin as director. The answer
    is the same as for anyone (the department does not see the school's staff list); on acceptance the
    admin gains the director role and C has a head."""
    officer = clients("d2_officer")
    page = f"/m2-uo/organizations/{world.orgs['C'].id}/invite"
    response = post(officer, page, {"email": world.people["c_admin"].email, "full_name": "Person c_admin",
                                    "role": "director"}, token_from=page)
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    (_subject, body), = letters_to(app, world.people["c_admin"].email)
    from tests.support.jobs import link_in

    link = link_in(body, "/invite/")
    admin = clients("c_admin")
    assert post(admin, link, token_from=link).status_code == 302
    assert roles_of(inspector, world.memberships[("c_admin", "C")]) == (["director", "school_admin"], True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT active_heads FROM organizations WHERE id = :i"),
                            {"i": world.orgs["C"].id}).scalar_one() == 1
    # Now a director: the next page asks for the second factor's enrolment, no sign-out.
    nxt = admin.get("/school-c/")
    assert nxt.status_code == 302 and nxt.headers["Location"].endswith("/account/second-factor")


def test_two_directors_handing_over_at_once_leave_one_director(app, world, inspector):
    """The head rows are locked before counting: the second hand-over waits for the first, counts
    again, and is refused in Russian (not by the database's backstop)."""
    import threading

    from app.core.extensions import db
    from app.core.errors import ServiceError
    from app.orgs import staff
    from app.orgs.models import Membership, Organization
    from tenants.switches import acting_in

    with acting(app, world, "a_director", "A") as session:
        _change(app, world, "a_director", "A", "a_curator", ["curator", "director"])
        session.commit()
    a = world.orgs["A"]
    first_locked, outcome = threading.Event(), {}

    def drop(person, hold: bool):
        with app.app_context(), acting_in(municipality_id=a.municipality_id, org_id=a.id,
                                          user_id=world.people[person].id, reason="test: concurrent hand-over"):
            try:
                staff.change_roles(db.session.get(Organization, a.id),
                                   db.session.get(Membership, world.memberships[(person, "A")]),
                                   ["teacher"] if person == "a_director" else ["curator"])
                if hold:
                    first_locked.set()
                    threading.Event().wait(0.5)  # the other one is waiting on the lock meanwhile
                db.session.commit()
                outcome[person] = "done"
            except ServiceError as error:
                db.session.rollback()
                outcome[person] = str(error.message)
            finally:
                first_locked.set()
                db.session.remove()

    first = threading.Thread(target=drop, args=("a_director", True))
    first.start()
    first_locked.wait(5)
    second = threading.Thread(target=drop, args=("a_curator", False))
    second.start()
    first.join(10)
    second.join(10)
    assert outcome["a_director"] == "done"
    assert HEAD_REMAINS in outcome["a_curator"]
    assert roles_of(inspector, world.memberships[("a_curator", "A")]) == (["curator", "director"], True)
    assert roles_of(inspector, world.memberships[("a_director", "A")]) == (["teacher"], True)
