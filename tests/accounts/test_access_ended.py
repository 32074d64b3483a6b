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


# --- the tester's walk, fix 6: the next click and the landing page say why ---

def test_a_signed_in_person_whose_access_just_ended_is_told_why_on_the_next_click(app, world, clients):
    teacher = clients("ab_teacher")
    post(clients("a_admin"), f"/school-a/staff/{world.memberships[('ab_teacher', 'A')]}/deactivate",
         {"confirm": "yes"}, token_from="/school-a/staff")
    response = teacher.get("/school-a/staff")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/home")
    page = teacher.get("/account/home", follow_redirects=True)  # their other school
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ваш доступ к Org A прекращён организацией" in html
    assert teacher.get("/school-b/").status_code == 200


def test_the_landing_page_of_a_person_without_access_names_who_ended_it(app, world, clients):
    teacher = clients("a_teacher")
    post(clients("a_admin"), f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}/deactivate",
         {"confirm": "yes"}, token_from="/school-a/staff")
    landing = teacher.get("/account/home")
    html = landing.get_data(as_text=True)
    assert landing.status_code == 200 and "Доступ прекращён" in html
    assert "Ваш доступ к Org A прекращён организацией. Обратитесь к её администратору." in html
    assert "прислать вам приглашение" not in html and "не состоите ни в одной организации" not in html
    via_old_page = teacher.get("/school-a/", follow_redirects=True).get_data(as_text=True)
    assert via_old_page.count("прекращён организацией") == 1  # said once, not flashed above it again


def test_the_head_of_an_archived_school_is_told_it_was_archived(app, world, clients):
    director = clients("a_director")
    post(clients("d1_officer"), f"/m1-uo/organizations/{world.orgs['A'].id}/archive", {"confirm": "yes"},
         token_from="/m1-uo/")
    html = director.get("/school-a/", follow_redirects=True).get_data(as_text=True)
    assert "Организация Org A переведена управлением образования в архив" in html
    assert "прекращён организацией" not in html
    _, refused = _sign_in(app, world.people["a_director"].email)
    answer = refused.get_data(as_text=True)
    assert "переведена управлением образования в архив" in answer and "Обратитесь к её администратору" not in answer


def test_an_organization_name_in_the_message_is_escaped(app, world, clients, inspector):
    with inspector.begin() as conn:
        conn.execute(text("UPDATE organizations SET short_name = '<b>Org A</b>' WHERE id = :i"),
                     {"i": world.orgs["A"].id})
        conn.execute(text("UPDATE memberships SET is_active = false WHERE id = :m"),
                     {"m": world.memberships[("a_teacher", "A")]})
    _, response = _sign_in(app, world.people["a_teacher"].email)
    html = response.get_data(as_text=True)
    assert "&lt;b&gt;Org A&lt;/b&gt;" in html and "<b>Org A</b>" not in html
