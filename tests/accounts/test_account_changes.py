"""Account changes ask for proof: turning the second factor off takes the current password or a fresh
code; changing the e-mail takes the current password, is confirmed from the new address, announced to
the old one, and changes nothing until confirmed. Wrong proofs are throttled like sign-in."""
from __future__ import annotations

import dataclasses

import pyotp
from sqlalchemy import text

from tests.support.http import csrf_token, login, post, totp_code
from tests.support.jobs import letters_to, link_in
from tests.support.world import TEST_PASSWORD

NEW = "teacher.new@test-nastavnik.ru"


def _with_second_factor(app, world, inspector, key: str = "a_teacher"):
    """A teacher who turned the second factor on (teachers may; it is not required of them)."""
    secret = pyotp.random_base32()
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET totp_secret = :s, totp_enabled_at = now() WHERE id = :u"),
                     {"s": secret, "u": world.people[key].id})
    person = dataclasses.replace(world.people[key], totp_secret=secret)
    client = app.test_client()
    assert login(app, client, person).status_code == 302
    return client, person


def _totp_on(inspector, person) -> bool:
    with inspector.connect() as conn:
        return conn.execute(text("SELECT totp_enabled_at IS NOT NULL FROM users WHERE id = :u"),
                            {"u": person.id}).scalar_one()


def test_turning_the_second_factor_off_needs_the_current_password(app, world, inspector):
    client, person = _with_second_factor(app, world, inspector)
    bare = client.post("/account/second-factor/off", data={"csrf_token": csrf_token(client, "/account/")})
    assert bare.status_code == 400 and _totp_on(inspector, person)
    wrong = post(client, "/account/second-factor/off", {"confirmation": "not my password"})
    assert "Пароль или код неверен" in wrong.get_data(as_text=True) and _totp_on(inspector, person)
    assert post(client, "/account/second-factor/off", {"confirmation": TEST_PASSWORD}).status_code == 302
    assert not _totp_on(inspector, person)


def test_turning_the_second_factor_off_with_a_fresh_code_works(app, world, inspector):
    client, person = _with_second_factor(app, world, inspector)
    code = totp_code(app, person)  # a time step the sign-in did not use
    assert post(client, "/account/second-factor/off", {"confirmation": code}).status_code == 302
    assert not _totp_on(inspector, person)


def _request_change(client, new: str = NEW, password: str = TEST_PASSWORD):
    return post(client, "/account/email", {"new_email": new, "email_password": password})


def _email_of(inspector, person) -> str:
    with inspector.connect() as conn:
        return conn.execute(text("SELECT email FROM users WHERE id = :u"), {"u": person.id}).scalar_one()


def test_changing_the_email_needs_the_password_and_changes_nothing_until_confirmed(app, world, clients,
                                                                                  inspector):
    teacher, person = clients("a_teacher"), world.people["a_teacher"]
    wrong = _request_change(teacher, password="not my password")
    assert wrong.status_code == 400 and "Текущий пароль указан неверно" in wrong.get_data(as_text=True)
    assert letters_to(app, NEW) == []
    response = _request_change(teacher, new="Teacher.New@Test-Nastavnik.RU")
    assert response.status_code == 302
    assert _email_of(inspector, person) == person.email  # nothing changed yet
    (subject, body), = letters_to(app, NEW)
    link = link_in(body, "/account/email/confirm/")
    (old_subject, old_body), = letters_to(app, person.email)
    assert NEW in old_body and "смените пароль" in old_body
    other_device = app.test_client()  # the link may be opened anywhere
    page = other_device.get(link)
    assert page.status_code == 200 and NEW in page.get_data(as_text=True)
    assert _email_of(inspector, person) == person.email  # opening the page changes nothing either
    assert other_device.post(link, data={"csrf_token": csrf_token(other_device, link)}).status_code == 302
    assert _email_of(inspector, person) == NEW
    assert any("изменён" in body and NEW in body for _, body in letters_to(app, person.email))
    assert login(app, app.test_client(), dataclasses.replace(person, email=NEW)).status_code == 302
    assert login(app, app.test_client(), person).status_code == 200  # the old address signs in no more
    assert app.test_client().get(link).status_code == 404  # used


def test_a_password_change_cancels_a_pending_change_of_email(app, world, clients):
    teacher = clients("a_teacher")
    _request_change(teacher)
    (_, body), = letters_to(app, NEW)
    link = link_in(body, "/account/email/confirm/")
    post(teacher, "/account/password", {"current_password": TEST_PASSWORD, "password": "Синий трактор едет 42"})
    response = app.test_client().get(link)
    assert response.status_code == 404 and "уже использована" in response.get_data(as_text=True)


def test_the_address_of_another_account_is_never_taken_nor_revealed(app, world, clients, inspector):
    teacher, other = clients("a_teacher"), world.people["c_teacher"]
    free = _request_change(teacher, new="someone.free@test-nastavnik.ru")
    taken = _request_change(teacher, new=other.email.upper())
    assert free.status_code == taken.status_code == 302  # the same answer
    (_, body), = letters_to(app, other.email)
    assert "/account/email/confirm/" not in body and "уже принадлежит" in body
    assert _email_of(inspector, world.people["a_teacher"]) == world.people["a_teacher"].email


def test_a_non_latin_address_on_the_email_form_is_refused_in_russian(app, world, clients):
    response = _request_change(clients("a_teacher"), new="учитель@school.ru")
    assert response.status_code == 400
    assert "До знака @ в адресе допустимы только латинские буквы" in response.get_data(as_text=True)


def test_a_broken_confirmation_link_says_so(app, world):
    response = app.test_client().get("/account/email/confirm/garbage")
    assert response.status_code == 404 and "Ссылка недействительна" in response.get_data(as_text=True)


def test_wrong_passwords_on_the_email_form_are_throttled(app, world, clients, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_PER_PAIR", 2)
    teacher = clients("a_teacher")
    for _ in range(3):
        _request_change(teacher, password="guess")
    assert "Слишком много неудачных попыток" in _request_change(teacher).get_data(as_text=True)
    assert letters_to(app, NEW) == []
