"""Recovery of a lost second factor: ten one-time codes shown once at enrolment and stored hashed,
each accepted once at the second-factor step, renewed with the current password; and the reset of a
person's second factor by whoever may grant their role (the contract of reset_second_factor)."""
from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.database import db_urls
from tests.support.http import csrf_token, login, post
from tests.support.world import TEST_PASSWORD

CODE_RE = re.compile(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>")


def _enrol(app, world, inspector, key: str = "a_curator"):
    """A curator enrols the second factor; returns the client, the secret and the codes shown."""
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL WHERE id = :u"),
                     {"u": world.people[key].id})
    client = app.test_client()
    client.post("/login", data={"csrf_token": csrf_token(client), "email": world.people[key].email,
                                "password": TEST_PASSWORD})
    html = client.get("/account/second-factor").get_data(as_text=True)
    secret = html.split('class="secret">')[1].split("<")[0].replace(" ", "")
    page = post(client, "/account/second-factor", {"code": pyotp.TOTP(secret).now()},
                token_from="/account/second-factor")
    return client, secret, CODE_RE.findall(page.get_data(as_text=True))


def _password_step(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": email, "password": TEST_PASSWORD})
    assert response.headers["Location"].endswith("/login/code")
    return client


def _use(client, code: str):
    return post(client, "/login/recovery", {"code": code}, token_from="/login/recovery")


def test_enrolment_shows_ten_recovery_codes_once_and_keeps_only_their_hashes(app, world, inspector):
    client, _, codes = _enrol(app, world, inspector)
    assert len(codes) == len(set(codes)) == 10
    with inspector.connect() as conn:
        stored = conn.execute(text("SELECT code_hash FROM recovery_codes")).scalars().all()
    assert len(stored) == 10 and not set(stored) & set(codes)
    assert not any(code.replace("-", "") in h for h in stored for code in codes)
    again = client.get("/account/second-factor", follow_redirects=True).get_data(as_text=True)
    assert not CODE_RE.findall(again)  # never shown again
    assert "Осталось 10 кодов восстановления" in client.get("/account/").get_data(as_text=True)


def test_a_recovery_code_stands_in_for_the_second_factor_once(app, world, inspector):
    _, _, codes = _enrol(app, world, inspector)
    email = world.people["a_curator"].email
    client = _password_step(app, email)
    assert client.get("/school-a/").status_code == 302  # the second factor is owed
    response = _use(client, codes[0].upper().replace("-", " "))  # typed loosely
    assert response.status_code == 302
    assert client.get("/school-a/").status_code == 200
    replay = _password_step(app, email)
    assert "Код восстановления неверен или уже использован" in _use(replay, codes[0]).get_data(as_text=True)
    assert replay.get("/school-a/").status_code == 302
    assert _use(replay, codes[1]).status_code == 302


def test_wrong_recovery_codes_are_throttled_with_the_second_factor_codes(app, world, inspector, monkeypatch):
    _, _, codes = _enrol(app, world, inspector)
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_PER_PAIR", 2)
    client = _password_step(app, world.people["a_curator"].email)
    for _ in range(3):
        _use(client, "aaaa-bbbb-cccc-dddd")
    assert "Слишком много неудачных попыток" in _use(client, codes[0]).get_data(as_text=True)


def test_new_recovery_codes_need_the_current_password_and_void_the_old_ones(app, world, inspector):
    client, _, old = _enrol(app, world, inspector)
    wrong = post(client, "/account/recovery-codes", {"codes_password": "not my password"})
    assert wrong.status_code == 400 and "Текущий пароль указан неверно" in wrong.get_data(as_text=True)
    page = post(client, "/account/recovery-codes", {"codes_password": TEST_PASSWORD})
    new = CODE_RE.findall(page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    fresh = _password_step(app, world.people["a_curator"].email)
    assert _use(fresh, old[0]).status_code == 200  # refused
    assert _use(fresh, new[0]).status_code == 302


def test_turning_the_second_factor_off_deletes_the_recovery_codes(app, world, inspector):
    client, _, _ = _enrol(app, world, inspector, key="a_teacher")
    assert post(client, "/account/second-factor/off", {"confirmation": TEST_PASSWORD}).status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM recovery_codes")).scalar_one() == 0


def _reset(app, world, person: str, actor: str, org: str = "A"):
    """What the staff page will do (app/orgs/hierarchy.py decides who may): the actor, in their
    organization's scope, through the unit of work."""
    from app.accounts import services
    from app.core.extensions import db
    from app.core.uow import attempt
    from tenants.switches import acting_in

    from flask import get_flashed_messages

    target = world.orgs[org]
    with app.test_request_context(), acting_in(user_id=world.people[actor].id, org_id=target.id,
                                               municipality_id=target.municipality_id, reason="test: staff page"):
        outcome = attempt(None, services.reset_second_factor, world.people[person].id,
                          actor_user_id=world.people[actor].id)
        outcome.messages = [str(m) for m in get_flashed_messages()]
        db.session.remove()
    return outcome


def test_a_reset_clears_the_secret_and_codes_ends_the_sessions_and_is_audited(app, world, inspector):
    client, _, codes = _enrol(app, world, inspector)
    assert client.get("/school-a/").status_code == 200
    assert _reset(app, world, "a_curator", "a_director")
    curator = world.people["a_curator"].id
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT totp_secret IS NULL AND totp_enabled_at IS NULL AND totp_last_step IS NULL "
                                 "FROM users WHERE id = :u"), {"u": curator}).scalar_one()
        assert conn.execute(text("SELECT count(*) FROM recovery_codes")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM user_sessions WHERE user_id = :u AND revoked_at IS NULL"),
                            {"u": curator}).scalar_one() == 0
        event = conn.execute(text("SELECT org_id, actor_id, object_id, details FROM audit_events "
                                  "WHERE action = 'second_factor_reset'")).one()
    assert event.org_id == world.orgs["A"].id and event.actor_id == world.people["a_director"].id
    assert event.object_id == str(curator) and event.details["actor"] == str(world.people["a_director"].id)
    assert client.get("/school-a/").status_code == 302  # signed out
    again = app.test_client()  # the curator's role requires it: enrol again before anything else
    again.post("/login", data={"csrf_token": csrf_token(again), "email": world.people["a_curator"].email,
                               "password": TEST_PASSWORD})
    assert again.get("/school-a/").headers["Location"].endswith("/account/second-factor")
    director = app.test_client()
    assert login(app, director, world.people["a_director"]).status_code == 302
    assert "Сбросил(а) второй фактор" in director.get("/school-a/audit").get_data(as_text=True)


@pytest.mark.parametrize("person, actor, message", [
    ("a_director", "a_director", "Нельзя сбросить собственный второй фактор"),
    ("a_teacher", "a_director", "нет второго фактора"),
])
def test_a_reset_is_refused_for_oneself_and_when_there_is_nothing_to_reset(app, world, inspector, person, actor,
                                                                         message):
    outcome = _reset(app, world, person, actor)
    assert not outcome and message in " ".join(outcome.messages)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events WHERE action = 'second_factor_reset'")
                            ).scalar_one() == 0


def test_recovery_codes_are_visible_in_their_persons_own_scope_only(app, world, inspector):
    _enrol(app, world, inspector)
    engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))
    a, curator = world.orgs["A"], world.people["a_curator"].id
    try:
        with engine.connect() as conn:
            for org, user, seen in ((a.id, curator, 0), (a.id, world.people["a_director"].id, 0), ("", "", 0),
                                    ("", curator, 10)):
                trans = conn.begin()
                conn.execute(text("SELECT set_config('app.org_id', :o, true), set_config('app.user_id', :u, true),"
                                  " set_config('app.municipality_id', :m, true)"),
                             {"o": str(org), "u": str(user), "m": str(a.municipality_id) if org else ""})
                assert conn.execute(text("SELECT count(*) FROM recovery_codes")).scalar_one() == seen
                assert conn.execute(text("UPDATE recovery_codes SET used_at = now()")).rowcount == seen
                trans.rollback()
    finally:
        engine.dispose()
