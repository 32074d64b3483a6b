"""A lost second factor is reset by the person who may grant the role (DESIGN.md §1), from the staff
page, with a confirmation and an audit event; the person enrols again at the next sign-in."""
from __future__ import annotations

from sqlalchemy import text

from tests.orgs.helpers import flashes
from tests.support.http import post


def _factor(inspector, person) -> tuple:
    with inspector.connect() as conn:
        return conn.execute(text(
            "SELECT totp_secret IS NOT NULL, (SELECT count(*) FROM user_sessions s WHERE s.user_id = u.id "
            "AND s.revoked_at IS NULL) FROM users u WHERE u.id = :u"), {"u": person.id}).one()


def test_the_director_resets_a_curators_lost_second_factor_after_confirming(app, world, clients, inspector):
    curator = world.people["a_curator"]
    clients("a_curator")  # a live session of the curator
    director = clients("a_director")
    member = f"/school-a/staff/{world.memberships[('a_curator', 'A')]}"
    assert f"{member}/second-factor/reset" in director.get(member).get_data(as_text=True)
    page = director.get(f"{member}/second-factor/reset")
    assert page.status_code == 200 and "Сбросить второй фактор" in page.get_data(as_text=True)
    assert post(director, f"{member}/second-factor/reset", token_from=member).status_code == 200  # no confirm
    assert _factor(inspector, curator) == (True, 1)
    response = post(director, f"{member}/second-factor/reset", {"confirm": "yes"}, token_from=member)
    assert response.status_code == 302
    assert _factor(inspector, curator) == (False, 0)
    with inspector.connect() as conn:
        event = conn.execute(text("SELECT org_id, actor_id FROM audit_events WHERE action = 'second_factor_reset'")).one()
    assert event.org_id == world.orgs["A"].id and event.actor_id == world.people["a_director"].id
    again = app.test_client()  # the curator's role requires the factor: enrolment comes first
    response = again.post("/login", data={"csrf_token": _token(again), "email": curator.email,
                                          "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert again.get("/school-a/").headers["Location"].endswith("/account/second-factor")


def _token(client) -> str:
    from tests.support.http import csrf_token

    return csrf_token(client)


def test_a_school_admin_cannot_reset_the_second_factor_of_a_role_above_their_own(world, clients, inspector):
    admin = clients("a_admin")
    member = f"/school-a/staff/{world.memberships[('a_director', 'A')]}"
    assert "second-factor/reset" not in admin.get(member).get_data(as_text=True)
    response = post(admin, f"{member}/second-factor/reset", {"confirm": "yes"}, token_from="/school-a/staff")
    assert response.status_code == 302
    assert "Вы не можете сбросить второй фактор" in flashes(admin.get(member).get_data(as_text=True))
    assert _factor(inspector, world.people["a_director"])[0] is True


def test_a_reset_is_refused_where_the_person_holds_a_privileged_role_in_another_organization(
        app, world, clients, inspector):
    """The factor guards the person's director role in school B too, which school A cannot see."""
    from tests.support.world import add_membership

    add_membership(app, world, "a_curator", "B", ["director"])
    director = clients("a_director")
    member = f"/school-a/staff/{world.memberships[('a_curator', 'A')]}"
    response = post(director, f"{member}/second-factor/reset", {"confirm": "yes"}, token_from=member)
    assert response.status_code == 302
    assert "в другой организации" in flashes(director.get(member).get_data(as_text=True))
    assert _factor(inspector, world.people["a_curator"])[0] is True


def test_nobody_resets_their_own_second_factor_from_the_staff_page(world, clients, inspector):
    director = clients("a_director")
    member = f"/school-a/staff/{world.memberships[('a_director', 'A')]}"
    post(director, f"{member}/second-factor/reset", {"confirm": "yes"}, token_from=member)
    assert _factor(inspector, world.people["a_director"])[0] is True
