"""Password-reset links say at once, on opening, that they are used, expired or broken — like invitation
links — and the letter states the lifetime the deployment configured."""
from __future__ import annotations

import itsdangerous.timed

from tests.support.http import csrf_token
from tests.support.jobs import letters_to, link_in


def _reset_link(app, email: str) -> str:
    client = app.test_client()
    client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"), "email": email})
    (_, body), = letters_to(app, email)
    return link_in(body, "/password/reset/")


def _opened(app, link: str):
    response = app.test_client().get(link)
    return response.status_code, response.get_data(as_text=True)


def test_a_used_reset_link_says_so_on_opening(app, world):
    link = _reset_link(app, world.people["a_teacher"].email)
    client = app.test_client()
    assert client.post(link, data={"csrf_token": csrf_token(client, link),
                                   "password": "совсем новый пароль"}).status_code == 302
    status, html = _opened(app, link)
    assert status == 404 and "уже использована" in html
    assert 'name="password"' not in html and "Запросить новую ссылку" in html


def test_an_expired_reset_link_says_so_on_opening(app, world, monkeypatch):
    link = _reset_link(app, world.people["a_teacher"].email)
    later = itsdangerous.timed.TimestampSigner.get_timestamp(None) + app.config["PASSWORD_RESET_TTL_MINUTES"] * 60 + 5
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: later)
    status, html = _opened(app, link)
    assert status == 404 and "Срок действия ссылки истёк" in html and 'name="password"' not in html


def test_a_broken_reset_link_says_so_on_opening(app, world):
    link = _reset_link(app, world.people["a_teacher"].email)
    for broken in (link[:-4], "/password/reset/garbage", link + "x"):
        status, html = _opened(app, broken)
        assert status == 404 and "Ссылка недействительна" in html, broken


def test_a_valid_reset_link_opens_the_form(app, world):
    status, html = _opened(app, _reset_link(app, world.people["a_teacher"].email))
    assert status == 200 and 'name="password"' in html


def test_the_reset_letter_states_the_configured_lifetime(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_TTL_MINUTES", 25)
    client = app.test_client()
    email = world.people["a_teacher"].email
    client.post("/password/forgot", data={"csrf_token": csrf_token(client, "/password/forgot"), "email": email})
    (_, body), = letters_to(app, email)
    assert "действует 25 минут" in body and "час" not in body
