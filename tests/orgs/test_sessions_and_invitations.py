"""Issue 5, parts 2 and 3: a role change or a deactivation in one organization signs nobody out of the
others (the access layer re-reads the membership and the sign-in state on every request); the invitation
page names the organization, the inviter and the roles and serves each visitor what fits them."""
from __future__ import annotations

import re
from urllib.parse import unquote

import pyotp
from sqlalchemy import text

from tests.orgs.helpers import errors, invite
from tests.support.http import csrf_token, login, post
from tests.support.world import TEST_PASSWORD


def _signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


# --- part 2: no sign-out ---

def test_a_teacher_made_curator_is_asked_to_enrol_the_second_factor_at_the_next_page_and_stays_signed_in(
        app, world, clients, inspector):
    teacher = clients("ab_teacher")  # a teacher of A and B, no second factor
    assert teacher.get("/school-b/").status_code == 200
    director = clients("a_director")
    response = post(director, f"/school-a/staff/{world.memberships[('ab_teacher', 'A')]}/roles",
                    {"roles": ["curator", "teacher"]}, token_from="/school-a/staff")
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    with inspector.connect() as conn:  # nobody was signed out
        assert conn.execute(text("SELECT count(*) FROM user_sessions WHERE revoked_at IS NOT NULL")).scalar_one() == 0
    # The next page of any organization asks for enrolment: curator is a privileged role.
    for path in ("/school-b/", "/school-a/"):
        page = teacher.get(path)
        assert page.status_code == 302 and page.headers["Location"].endswith("/account/second-factor"), path
    html = teacher.get("/account/second-factor").get_data(as_text=True)  # still signed in
    secret = html.split('class="secret">')[1].split("<")[0].replace(" ", "")
    enrolled = post(teacher, "/account/second-factor", {"code": pyotp.TOTP(secret).now()},
                    token_from="/account/second-factor")
    assert enrolled.status_code == 200  # the page of the recovery codes, shown once
    assert teacher.get("/school-b/").status_code == 200
    assert teacher.get("/school-a/staff").status_code == 200  # the curator keeps the staff list


def test_a_role_taken_away_applies_at_the_next_request_without_signing_out(app, world, clients):
    methodist = clients("a_methodist")
    assert methodist.get("/school-a/").status_code == 200
    post(clients("a_admin"), f"/school-a/staff/{world.memberships[('a_methodist', 'A')]}/roles",
         {"roles": [], "confirm": "yes"}, token_from="/school-a/staff")  # the admin takes the teacher role
    page = methodist.get("/school-a/").get_data(as_text=True)
    assert "Методист" in page and "Педагог</span>" not in page
    assert _signed_in(methodist)


def test_deactivation_in_one_organization_keeps_the_others_and_the_session(app, world, clients):
    teacher = clients("ab_teacher")
    assert "/school-a/" in teacher.get("/school-b/").get_data(as_text=True)  # the switcher lists A
    post(clients("a_admin"), f"/school-a/staff/{world.memberships[('ab_teacher', 'A')]}/deactivate",
         {"confirm": "yes"}, token_from="/school-a/staff")
    for path in ("/school-a/", "/school-a/staff"):  # at once, on the next request: told why, not shown it
        closed = teacher.get(path)
        assert closed.status_code == 302 and closed.headers["Location"].endswith("/account/home"), path
    page = teacher.get("/school-b/")
    assert page.status_code == 200 and 'href="/school-a/"' not in page.get_data(as_text=True)
    landing = teacher.get("/account/home")
    assert landing.status_code == 302 and landing.headers["Location"].endswith("/school-b/")


# --- part 3: the invitation page ---

def test_the_invitation_page_names_the_organization_the_inviter_and_the_roles(app, world, clients):
    link = invite(app, clients("a_director"), "school-a", "newcomer@test-nastavnik.ru", ["teacher", "methodist"])
    html = app.test_client().get(link).get_data(as_text=True)
    assert "Org A" in html and "Organization A" in html
    assert "Person a_director" in html
    assert "Методист" in html and "Педагог" in html
    assert 'name="password"' in html and 'name="full_name"' in html  # a new person chooses them


def test_the_head_invitation_names_the_municipal_officer_and_the_department(app, world, clients):
    officer = clients("d2_officer")
    page = f"/m2-uo/organizations/{world.orgs['C'].id}/invite"
    post(officer, page, {"email": "head.c@test-nastavnik.ru", "full_name": "Руководитель", "role": "director"},
         token_from=page)
    from tests.support.jobs import letters_to, link_in

    (_subject, body), = letters_to(app, "head.c@test-nastavnik.ru")
    assert "Person d2_officer" in body and "Директор" in body
    html = app.test_client().get(link_in(body, "/invite/")).get_data(as_text=True)
    assert "Person d2_officer" in html and "Org D2" in html and "Директор" in html and "Org C" in html


def test_someone_else_signed_in_is_told_at_once_not_after_the_form(app, world, clients, inspector):
    link = invite(app, clients("a_admin"), "school-a", "newcomer@test-nastavnik.ru", ["teacher"])
    other = clients("b_teacher")
    page = other.get(link)
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "отправлено на другой адрес" in html and world.people["b_teacher"].email in html
    assert "<form method=\"post\" action=\"\"" not in html and 'name="password"' not in html
    response = post(other, link, {"full_name": "X", "password": "пароль чужого человека"}, token_from="/account/")
    assert response.status_code == 403
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM invitations WHERE accepted_at IS NULL")).scalar_one() == 1


def test_an_existing_person_signed_in_just_joins_without_name_or_password(app, world, clients, inspector):
    link = invite(app, clients("b_admin"), "school-b", world.people["a_teacher"].email, ["teacher"])
    teacher = clients("a_teacher")
    html = teacher.get(link).get_data(as_text=True)
    assert 'name="password"' not in html and 'name="full_name"' not in html
    assert "Присоединиться" in html
    response = post(teacher, link, token_from=link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/school-b/")
    assert teacher.get("/school-b/").status_code == 200
    with inspector.connect() as conn:
        name = conn.execute(text("SELECT full_name FROM users WHERE id = :u"),
                            {"u": world.people["a_teacher"].id}).scalar_one()
    assert name == "Person a_teacher"


def test_an_existing_person_not_signed_in_is_sent_to_sign_in_and_comes_back(app, world, clients):
    link = invite(app, clients("b_admin"), "school-b", world.people["a_teacher"].email, ["teacher"])
    person = app.test_client()
    html = person.get(link).get_data(as_text=True)
    assert 'name="password"' not in html and "сначала войдите" in html
    sign_in = re.search(r'href="(/login\?next=[^"]+)"', html).group(1)
    assert unquote(sign_in.split("next=", 1)[1]) == link
    response = person.post(f"/login?next={link}", data={"csrf_token": csrf_token(person), "next": link,
                                                         "email": world.people["a_teacher"].email,
                                                         "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith(link)
    assert "Присоединиться" in person.get(link).get_data(as_text=True)


def test_a_person_who_owes_the_second_factor_cannot_accept_an_invitation(app, world, clients, inspector):
    link = invite(app, clients("b_admin"), "school-b", world.people["a_curator"].email, ["teacher"])
    curator = app.test_client()  # password only: the code is still owed
    curator.post("/login", data={"csrf_token": csrf_token(curator), "email": world.people["a_curator"].email,
                                 "password": TEST_PASSWORD})
    page = curator.get(link)
    assert page.status_code == 302 and page.headers["Location"].endswith("/login/code")
    token = csrf_token(curator, "/login/code")
    response = curator.post(link, data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login/code")
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM memberships WHERE user_id = :u"),
                            {"u": world.people["a_curator"].id}).scalar_one() == 1
    # Once the code is given, they come back to the invitation.
    from tests.support.http import totp_code

    done = post(curator, "/login/code", {"code": totp_code(app, world.people["a_curator"])}, token_from="/login/code")
    assert done.status_code == 302 and done.headers["Location"].endswith(link)


def test_a_person_who_owes_the_enrolment_cannot_accept_an_invitation(app, world, clients, inspector):
    with inspector.begin() as conn:  # a curator who has not set up the second factor yet
        conn.execute(text("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE id = :u"),
                     {"u": world.people["a_curator"].id})
    link = invite(app, clients("b_admin"), "school-b", world.people["a_curator"].email, ["teacher"])
    curator = app.test_client()
    curator.post("/login", data={"csrf_token": csrf_token(curator), "email": world.people["a_curator"].email,
                                 "password": TEST_PASSWORD})
    page = curator.get(link)
    assert page.status_code == 302 and page.headers["Location"].endswith("/account/second-factor")
    response = curator.post(link, data={"csrf_token": csrf_token(curator, "/account/second-factor")})
    assert response.status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM invitations WHERE accepted_at IS NOT NULL")).scalar_one() == 0


def test_a_new_person_accepts_with_a_name_and_password(app, world, clients, inspector):
    link = invite(app, clients("a_admin"), "school-a", "newcomer@test-nastavnik.ru", ["teacher"])
    person = app.test_client()
    response = post(person, link, {"full_name": "Новикова Вера", "password": "мой надёжный пароль"}, token_from=link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    newcomer = type("P", (), {"email": "newcomer@test-nastavnik.ru", "totp_secret": None})()
    assert login(app, person, newcomer, password="мой надёжный пароль").status_code == 302
    assert person.get("/school-a/").status_code == 200


# --- the tester's walk, fixes 7 and 8: one invitation per address; the acceptance page ---

def test_inviting_an_address_again_while_its_invitation_is_open_is_refused(app, world, clients, inspector):
    from tests.orgs.helpers import snapshot
    from tests.support.jobs import letters_to

    admin = clients("a_admin")
    invite(app, admin, "school-a", "twice@test-nastavnik.ru", ["teacher"])
    before = snapshot(inspector)
    again = post(admin, "/school-a/staff/invite", {"email": "Twice@Test-Nastavnik.ru", "full_name": "Ещё раз",
                                                   "roles": ["teacher"]}, token_from="/school-a/staff/invite")
    assert again.status_code == 200
    message = errors(again.get_data(as_text=True))
    assert "На адрес twice@test-nastavnik.ru уже отправлено приглашение, оно действительно до" in message
    assert "сначала отзовите его" in message
    assert snapshot(inspector) == before and len(letters_to(app, "twice@test-nastavnik.ru")) == 1
    with inspector.connect() as conn:
        invitation_id = conn.execute(text("SELECT id FROM invitations")).scalar_one()
    post(admin, f"/school-a/invitations/{invitation_id}/revoke", {"confirm": "yes"}, token_from="/school-a/staff")
    sent = post(admin, "/school-a/staff/invite", {"email": "twice@test-nastavnik.ru", "full_name": "Ещё раз",
                                                  "roles": ["teacher"]}, token_from="/school-a/staff/invite")
    assert sent.status_code == 302 and len(letters_to(app, "twice@test-nastavnik.ru")) == 2  # once revoked


def test_the_password_advice_sits_under_the_password_field(app, world, clients):
    link = invite(app, clients("a_admin"), "school-a", "newcomer@test-nastavnik.ru", ["teacher"])
    html = app.test_client().get(link).get_data(as_text=True)
    password = re.search(r'<input[^>]*name="password"[^>]*>', html).group(0)
    assert 'aria-describedby="password-hint"' in password
    hint = re.search(r'<p class="hint" id="password-hint">(.*?)</p>', html, re.S).group(1)
    assert "Не менее 8 символов" in hint and "фразу из нескольких слов" in hint
    assert html.index('name="full_name"') < html.index('name="password"') < html.index('id="password-hint"')


def test_after_joining_the_sign_in_page_names_the_organization_and_fills_in_the_address(app, world, clients):
    link = invite(app, clients("a_admin"), "school-a", "newcomer@test-nastavnik.ru", ["teacher"])
    person = app.test_client()
    post(person, link, {"full_name": "Новикова Вера", "password": "мой надёжный пароль"}, token_from=link)
    html = person.get("/login").get_data(as_text=True)
    assert "Вы присоединились к Org A" in html
    assert re.search(r'<input[^>]*name="email"[^>]*value="newcomer@test-nastavnik.ru"', html)
    assert 'value="newcomer@test-nastavnik.ru"' not in person.get("/login").get_data(as_text=True)  # once
