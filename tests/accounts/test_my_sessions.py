"""A person's list of their own live sessions (ASVS 7.5.2): the device in plain words, the address,
when it started and was last used, which one is this; end one, or all the others."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from tests.support.http import csrf_token, post
from tests.support.world import TEST_PASSWORD

WINDOWS_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/126.0.0.0 Safari/537.36")
IPHONE_SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/17.5 Mobile/15E148 Safari/604.1")
ANDROID_YANDEX = ("Mozilla/5.0 (Linux; Android 13; SM-A515F) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/124.0.0.0 YaBrowser/24.4.1.99.00 SA/3 Mobile Safari/537.36")


def _signed_in(app, person, agent: str, ip: str):
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": ip})
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": person.email,
                                           "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _public_ids(html: str) -> list[str]:
    return re.findall(r'name="session" value="([0-9a-f-]{36})"', html)


def test_my_sessions_lists_my_live_sessions_in_plain_words(app, world):
    me = world.people["a_teacher"]
    laptop = _signed_in(app, me, WINDOWS_CHROME, "10.0.0.7")
    _signed_in(app, me, IPHONE_SAFARI, "10.0.0.8")
    _signed_in(app, world.people["b_teacher"], ANDROID_YANDEX, "10.0.0.9")  # someone else's
    html = laptop.get("/account/sessions").get_data(as_text=True)
    assert "Chrome на Windows" in html and "Safari на iPhone" in html
    assert "10.0.0.7" in html and "10.0.0.8" in html
    assert "10.0.0.9" not in html and "Яндекс Браузер" not in html
    assert html.count("Этот сеанс") == 1
    assert len(_public_ids(html)) == 1  # an end button for the other session only


def test_ending_another_session_signs_that_device_out(app, world):
    me = world.people["a_teacher"]
    laptop = _signed_in(app, me, WINDOWS_CHROME, "10.0.0.7")
    phone = _signed_in(app, me, IPHONE_SAFARI, "10.0.0.8")
    public_id, = _public_ids(laptop.get("/account/sessions").get_data(as_text=True))
    response = post(laptop, "/account/sessions/end", {"session": public_id}, token_from="/account/sessions")
    assert response.status_code == 302
    assert phone.get("/account/").status_code == 302  # to the sign-in page
    assert laptop.get("/account/").status_code == 200
    assert "Safari на iPhone" not in laptop.get("/account/sessions").get_data(as_text=True)


def test_ending_all_other_sessions_keeps_this_one(app, world):
    me = world.people["a_teacher"]
    clients = [_signed_in(app, me, agent, f"10.0.0.{n}")
               for n, agent in enumerate((WINDOWS_CHROME, IPHONE_SAFARI, ANDROID_YANDEX))]
    response = post(clients[0], "/account/sessions/end-others", token_from="/account/sessions")
    assert response.status_code == 302
    assert [c.get("/account/").status_code for c in clients] == [200, 302, 302]


def test_another_persons_session_cannot_be_ended(app, world, inspector):
    mine = _signed_in(app, world.people["a_teacher"], WINDOWS_CHROME, "10.0.0.7")
    theirs = _signed_in(app, world.people["b_teacher"], IPHONE_SAFARI, "10.0.0.8")
    with inspector.connect() as conn:
        their_id = conn.execute(text("SELECT public_id FROM user_sessions WHERE user_id = :u"),
                                {"u": world.people["b_teacher"].id}).scalar_one()
    for value in (str(their_id), "not-an-id"):
        response = post(mine, "/account/sessions/end", {"session": value}, token_from="/account/sessions",
                        follow_redirects=True)
        assert "Этот сеанс уже завершён" in response.get_data(as_text=True)
    assert theirs.get("/account/").status_code == 200


def test_the_sessions_page_costs_the_same_queries_for_one_session_or_many(app, world, count_queries):
    me = world.people["a_teacher"]
    laptop = _signed_in(app, me, WINDOWS_CHROME, "10.0.0.7")
    laptop.get("/account/sessions")
    with count_queries() as one:
        laptop.get("/account/sessions")
    for n in range(5):
        _signed_in(app, me, IPHONE_SAFARI, f"10.0.1.{n}")
    with count_queries() as many:
        html = laptop.get("/account/sessions").get_data(as_text=True)
    assert html.count("Safari на iPhone") == 5
    assert many.count == one.count


@pytest.mark.parametrize("agent, words", [
    (WINDOWS_CHROME, "Chrome на Windows"),
    (IPHONE_SAFARI, "Safari на iPhone"),
    (ANDROID_YANDEX, "Яндекс Браузер на Android"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox на macOS"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
     "Safari/537.36 Edg/126.0.0.0", "Edge на Windows"),
    ("curl/8.5.0", "Неизвестное устройство"),
    (None, "Неизвестное устройство"),
])
def test_a_device_is_described_in_plain_words(app, agent, words):
    from flask_babel import force_locale

    from app.accounts.devices import describe

    with app.test_request_context(), force_locale("ru"):
        assert str(describe(agent)) == words


def test_the_button_of_another_session_says_end_the_session_and_every_cell_names_its_column(app, world):
    """The tester's walk, fix 10: «Завершить сеанс» beside «Этот сеанс»; on phones the rows are cards
    whose cells say which column they belong to."""
    me = world.people["a_teacher"]
    laptop = _signed_in(app, me, WINDOWS_CHROME, "10.0.0.7")
    _signed_in(app, me, IPHONE_SAFARI, "10.0.0.8")
    html = laptop.get("/account/sessions").get_data(as_text=True)
    assert ">Завершить сеанс</button>" in html and "Завершить этот сеанс" not in html
    box = re.search(r'<div class="table-wrap"[^>]*>', html).group(0)
    assert 'role="region"' in box and 'tabindex="0"' in box and 'aria-label="Мои сеансы"' in box
    cells = re.findall(r"<td([^>]*)>", html)
    assert len(cells) == 10 and all('data-label="' in attrs for attrs in cells)
    assert 'data-label="Устройство"' in html and 'data-label="Последняя активность"' in html
