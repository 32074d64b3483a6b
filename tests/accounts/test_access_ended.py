"""A person whose access was ended is told so at sign-in, by the organization's name, and gets no
session — not a page asking them to get themselves invited."""
from __future__ import annotations

from sqlalchemy import text

from tests.support.http import csrf_token, post
from tests.support.world import TEST_PASSWORD


def _sign_in(app, email: str, password: str = TEST_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": email, "password": password})
    return client, response


def test_a_person_whose_every_membership_was_ended_is_told_so_at_sign_in(app, world, clients, inspector):
    admin = clients("a_admin")
    post(admin, f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}/deactivate", {"confirm": "yes"},
         token_from="/school-a/staff")
    client, response = _sign_in(app, world.people["a_teacher"].email)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ваш доступ к Org A прекращён организацией. Обратитесь к её администратору." in html
    assert "пригласить" not in html
    assert client.get("/account/").status_code == 302  # no session
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM user_sessions WHERE user_id = :u"),
                            {"u": world.people["a_teacher"].id}).scalar_one() == 0


def test_access_ended_by_several_organizations_names_them_all(app, world, inspector):
    with inspector.begin() as conn:
        conn.execute(text("UPDATE memberships SET is_active = false WHERE user_id = :u"),
                     {"u": world.people["ab_teacher"].id})
    _, response = _sign_in(app, world.people["ab_teacher"].email)
    assert "Ваш доступ к Org A, Org B прекращён этими организациями" in response.get_data(as_text=True)


def test_a_deactivated_account_is_told_so_only_with_the_right_password(app, world, inspector):
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET is_active = false WHERE id = :u"), {"u": world.people["b_teacher"].id})
    _, wrong = _sign_in(app, world.people["b_teacher"].email, "not the password")
    assert "Неверный адрес электронной почты или пароль" in wrong.get_data(as_text=True)
    client, right = _sign_in(app, world.people["b_teacher"].email)
    assert "Ваша учётная запись отключена" in right.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_a_person_with_one_organization_left_still_signs_in(app, world, clients):
    admin = clients("a_admin")
    post(admin, f"/school-a/staff/{world.memberships[('ab_teacher', 'A')]}/deactivate", token_from="/school-a/staff")
    _, response = _sign_in(app, world.people["ab_teacher"].email)
    assert response.status_code == 302
