"""Accounts: throttling, revocable sessions, the second factor, CSRF, invitations, passwords."""
from __future__ import annotations


import pyotp
from sqlalchemy import text

from tests.support.http import csrf_token, login, post, totp_code
from tests.support.jobs import letters_to, link_in
from tests.support.world import TEST_PASSWORD


def _signed_in(client) -> bool:
    response = client.get("/account/")
    return response.status_code == 200


def test_deactivation_closes_the_organization_at_once_without_signing_the_person_out(world, clients):
    """Issue 5: deactivation in one organization ends access to it at once (the access layer reads the
    membership on every request) but is no sign-out: the person's session and other organizations stay."""
    teacher = clients("ab_teacher")
    assert teacher.get("/school-a/").status_code == 200
    admin = clients("a_admin")
    membership = world.memberships[("ab_teacher", "A")]
    response = post(admin, f"/school-a/staff/{membership}/deactivate", {"confirm": "yes"},
                    token_from="/school-a/staff")
    assert response.status_code == 302
    assert _signed_in(teacher)
    closed = teacher.get("/school-a/")  # closed at once: told why, sent to where they may go
    assert closed.status_code == 302 and closed.headers["Location"].endswith("/account/home")
    assert teacher.get("/school-b/").status_code == 200


def test_deactivated_member_cannot_enter_that_organization(app, world, clients):
    admin = clients("a_admin")
    post(admin, f"/school-a/staff/{world.memberships[('ab_teacher', 'A')]}/deactivate", {"confirm": "yes"},
         token_from="/school-a/staff")
    person = app.test_client()
    assert login(app, person, world.people["ab_teacher"]).status_code == 302
    closed = person.get("/school-a/")
    assert closed.status_code == 302 and closed.headers["Location"].endswith("/account/home")
    assert person.get("/school-b/").status_code == 200  # their other school is unaffected


def test_password_change_ends_other_sessions_and_keeps_this_one(app, world):
    person = world.people["a_teacher"]
    first, second = app.test_client(), app.test_client()
    login(app, first, person)
    login(app, second, person)
    response = post(first, "/account/password", {"current_password": TEST_PASSWORD,
                                                 "password": "новый длинный пароль 2026"})
    assert response.status_code == 302
    assert _signed_in(first)
    assert not _signed_in(second)


def test_logout_ends_the_session_on_the_server(app, world):
    client = app.test_client()
    login(app, client, world.people["a_teacher"])
    cookie = client.get_cookie("nastavnik_session").value
    post(client, "/logout")
    thief = app.test_client()
    thief.set_cookie("nastavnik_session", cookie)
    assert not _signed_in(thief)


def test_idle_session_expires(app, world, inspector):
    client = app.test_client()
    login(app, client, world.people["a_teacher"])
    with inspector.begin() as conn:
        conn.execute(text("UPDATE user_sessions SET last_seen_at = now() - interval '2 hours'"))
    assert not _signed_in(client)


def test_privileged_session_has_the_stricter_idle_limit(app, world, inspector):
    teacher, director = app.test_client(), app.test_client()
    login(app, teacher, world.people["a_teacher"])
    login(app, director, world.people["a_director"])
    with inspector.begin() as conn:
        conn.execute(text("UPDATE user_sessions SET last_seen_at = now() - interval '30 minutes'"))
    assert _signed_in(teacher)
    assert not _signed_in(director)


def test_privileged_role_must_enrol_a_second_factor_before_anything_else(app, world, inspector):
    with inspector.begin() as conn:  # a curator who has not set up TOTP yet
        conn.execute(text("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE email = :e"),
                     {"e": world.people["a_curator"].email})
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": world.people["a_curator"].email,
                                           "password": TEST_PASSWORD})
    assert response.status_code == 302
    page = client.get("/school-a/")
    assert page.status_code == 302 and page.headers["Location"].endswith("/account/second-factor")
    html = client.get("/account/second-factor").get_data(as_text=True)
    assert "<svg" in html  # the QR code, inline
    secret = html.split('class="secret">')[1].split("<")[0].replace(" ", "")
    bad = post(client, "/account/second-factor", {"code": "000000"}, token_from="/account/second-factor")
    assert "Код неверен" in bad.get_data(as_text=True)
    good = post(client, "/account/second-factor", {"code": pyotp.TOTP(secret).now()},
                token_from="/account/second-factor")
    assert good.status_code == 200 and "Коды восстановления" in good.get_data(as_text=True)  # shown once
    assert client.get("/school-a/").status_code == 200


def test_enrolled_second_factor_is_asked_after_the_password_and_a_code_works_once(app, world):
    director = world.people["a_director"]
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": director.email,
                                           "password": TEST_PASSWORD})
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/school-a/").headers["Location"].endswith("/login/code")
    code = totp_code(app, director)
    assert post(client, "/login/code", {"code": code}, token_from="/login/code").status_code == 302
    assert client.get("/school-a/").status_code == 200
    replay = app.test_client()
    replay.post("/login", data={"csrf_token": csrf_token(replay), "email": director.email, "password": TEST_PASSWORD})
    response = post(replay, "/login/code", {"code": code}, token_from="/login/code")
    assert "Код неверен или уже использован" in response.get_data(as_text=True)
    assert replay.get("/school-a/").status_code == 302


def test_teacher_needs_no_second_factor(world, clients):
    assert clients("a_teacher").get("/school-a/").status_code == 200


def test_state_changing_request_without_csrf_token_is_rejected_and_changes_nothing(world, clients, inspector):
    admin = clients("a_admin")
    membership = world.memberships[("a_teacher", "A")]
    response = admin.post(f"/school-a/staff/{membership}/deactivate")
    assert response.status_code == 400
    assert "Срок действия формы истёк" in response.get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT is_active FROM memberships WHERE id = :i"), {"i": membership}).scalar_one()


def test_login_without_csrf_token_is_rejected(app, world):
    client = app.test_client()
    response = client.post("/login", data={"email": world.people["a_teacher"].email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert not _signed_in(client)


def _invite(app, clients, email="new.person@test-nastavnik.ru", roles=("teacher",)):
    admin = clients("a_admin")
    response = post(admin, "/school-a/staff/invite", {"email": email, "full_name": "Новикова Вера Павловна",
                                                      "roles": list(roles)}, token_from="/school-a/staff/invite")
    assert response.status_code == 302, response.get_data(as_text=True)
    (subject, body), = letters_to(app, email)
    return link_in(body, "/invite/")


def test_invitation_creates_the_account_and_membership_and_works_once(app, world, clients):
    link = _invite(app, clients)
    newcomer = app.test_client()
    assert newcomer.get(link).status_code == 200
    response = newcomer.post(link, data={"csrf_token": csrf_token(newcomer, link), "full_name": "Новикова Вера Павловна",
                                         "password": "мой надёжный пароль"})
    assert response.status_code == 302
    assert login(app, newcomer, type("P", (), {"email": "new.person@test-nastavnik.ru", "totp_secret": None})(),
                 password="мой надёжный пароль").status_code == 302
    assert newcomer.get("/school-a/").status_code == 200
    again = app.test_client()
    response = again.get(link)
    assert response.status_code == 404
    assert "недействительна" in response.get_data(as_text=True)


def test_expired_invitation_is_refused(app, world, clients, inspector):
    link = _invite(app, clients)
    with inspector.begin() as conn:
        conn.execute(text("UPDATE invitations SET expires_at = now() - interval '1 minute'"))
    newcomer = app.test_client()
    assert newcomer.get(link).status_code == 404
    response = newcomer.post(link, data={"full_name": "X", "password": "мой надёжный пароль"})
    assert response.status_code in (400, 404)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = 'new.person@test-nastavnik.ru'")).scalar_one() == 0


def test_tampered_invitation_link_is_refused(app, world, clients):
    link = _invite(app, clients)
    assert app.test_client().get(link[:-3] + "abc").status_code == 404


def test_common_or_short_password_is_refused_in_russian(app, world, clients, inspector):
    link = _invite(app, clients)
    newcomer = app.test_client()
    for weak, message in (("пароль12", "слишком распространён"), ("коротко", "не менее 8")):
        response = newcomer.post(link, data={"csrf_token": csrf_token(newcomer, link), "full_name": "X",
                                             "password": weak})
        assert message in response.get_data(as_text=True), weak
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users WHERE email = 'new.person@test-nastavnik.ru'")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM invitations WHERE accepted_at IS NULL")).scalar_one() == 1


def test_password_reset_by_email_link_once(app, world):
    teacher = world.people["a_teacher"]
    client = app.test_client()
    client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"), "email": teacher.email})
    (_, body), = letters_to(app, teacher.email)
    link = link_in(body, "/password/reset/")
    response = client.post(link, data={"csrf_token": csrf_token(client, link), "password": "совсем новый пароль"})
    assert response.status_code == 302
    assert login(app, app.test_client(), teacher, password="совсем новый пароль").status_code == 302
    again = client.post(link, data={"csrf_token": csrf_token(client, "/password/forgot"), "password": "ещё один пароль"})
    assert again.status_code == 404 and "уже использована" in again.get_data(as_text=True)


def test_password_reset_form_does_not_reveal_who_has_an_account(app, world):
    client = app.test_client()
    known = client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"),
                                                  "email": world.people["a_teacher"].email}, follow_redirects=True)
    unknown = client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"),
                                                    "email": "nobody@test-nastavnik.ru"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert letters_to(app, "nobody@test-nastavnik.ru") == []


def test_reading_pages_keeps_the_session_alive(app, world, inspector):
    client = app.test_client()
    login(app, client, world.people["a_teacher"])
    with inspector.begin() as conn:
        conn.execute(text("UPDATE user_sessions SET last_seen_at = now() - interval '50 minutes'"))
    assert client.get("/school-a/").status_code == 200  # a read-only page
    with inspector.begin() as conn:
        conn.execute(text("UPDATE user_sessions SET last_seen_at = last_seen_at - interval '15 minutes'"))
    assert _signed_in(client)


def test_password_reset_letters_are_limited_per_account(app, world):
    teacher = world.people["a_teacher"]
    client = app.test_client()
    for _ in range(app.config["RESET_MAX_PER_ACCOUNT"] + 2):
        response = client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"),
                                                          "email": teacher.email})
        assert response.status_code == 302  # the same answer every time
    assert len(letters_to(app, teacher.email)) == app.config["RESET_MAX_PER_ACCOUNT"]
