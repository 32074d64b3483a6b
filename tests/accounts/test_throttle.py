"""Throttling of wrong passwords and codes (ASVS 6.3.1): the attacker is slowed, the owner is not locked
out, a school behind one address is slowed at most briefly, and it all holds when Redis is down."""
from __future__ import annotations

import hashlib
import time

import pytest
from redis import Redis
from sqlalchemy import text

from tests.support.http import csrf_token, login, post, totp_code
from tests.support.world import TEST_PASSWORD

ATTACKER, OWNER, SCHOOL_NAT = "10.66.6.6", "10.1.1.1", "10.20.0.1"
REFUSED = "Слишком много неудачных попыток"


@pytest.fixture(autouse=True)
def _fresh_stores():
    from app.accounts import throttle

    throttle._down_until.clear()
    throttle._MEMORY._rows.clear()
    yield
    throttle._down_until.clear()
    throttle._MEMORY._rows.clear()


def _sign_in(client, email: str, password: str, ip: str):
    return client.post("/login", data={"csrf_token": csrf_token(client), "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def _fail(app, purpose: str, account: str, ip: str, times: int) -> None:
    """Failures as the services count them (without waiting out each delay)."""
    from app.accounts import throttle

    with app.test_request_context():
        for _ in range(times):
            throttle.failed(throttle.Attempt(purpose, account, ip))


def _wait(app, purpose: str, account: str, ip: str, device: str | None = None) -> float:
    from app.accounts import throttle

    with app.test_request_context():
        return throttle.wait_seconds(throttle.Attempt(purpose, account, ip, device))


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_from_another(app, world):
    teacher = world.people["a_teacher"]
    attacker = app.test_client()
    for _ in range(20):
        _sign_in(attacker, teacher.email, "wrong password here", ATTACKER)
    assert REFUSED in _sign_in(attacker, teacher.email, TEST_PASSWORD, ATTACKER).get_data(as_text=True)
    assert _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, OWNER).status_code == 302


def test_past_its_free_failures_a_pair_waits_a_doubling_delay_and_no_password_is_checked_meanwhile(
        app, world, monkeypatch, inspector):
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_PER_PAIR", 2)
    monkeypatch.setitem(app.config, "LOGIN_FIRST_DELAY_SECONDS", 0.4)
    teacher, client = world.people["a_teacher"], app.test_client()
    for _ in range(3):  # the third failure is the first past the free ones
        assert "Неверный адрес" in _sign_in(client, teacher.email, "wrong password", ATTACKER).get_data(as_text=True)
    response = _sign_in(client, teacher.email, TEST_PASSWORD, ATTACKER)  # the right password, too early
    assert REFUSED in response.get_data(as_text=True) and "секунд" in response.get_data(as_text=True)
    assert 0.2 < _wait(app, "login", teacher.email, ATTACKER) <= 0.4
    time.sleep(0.45)
    _sign_in(client, teacher.email, "wrong password", ATTACKER)  # the fourth failure doubles the delay
    assert 0.6 < _wait(app, "login", teacher.email, ATTACKER) <= 0.8
    assert REFUSED in _sign_in(client, teacher.email, TEST_PASSWORD, ATTACKER).get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM user_sessions")).scalar_one() == 0
    time.sleep(0.85)
    assert _sign_in(client, teacher.email, TEST_PASSWORD, ATTACKER).status_code == 302


def test_many_failures_from_a_school_address_slow_it_briefly_and_never_lock_it(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_SHARED_MAX_DELAY_SECONDS", 1.0)
    for n in range(40):  # a pupil behind the school's NAT tries forty accounts
        _fail(app, "login", f"someone{n}@test-nastavnik.ru", SCHOOL_NAT, 1)
    teacher = world.people["b_teacher"]
    wait = _wait(app, "login", teacher.email, SCHOOL_NAT)
    assert 0 < wait <= 1.0  # the shared ceiling, not fifteen minutes
    assert REFUSED in _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, SCHOOL_NAT).get_data(as_text=True)
    time.sleep(wait + 0.05)
    assert _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, SCHOOL_NAT).status_code == 302


def test_a_known_device_of_the_owner_is_never_slowed_by_someone_elses_failures(app, world):
    teacher = world.people["a_teacher"]
    own_browser = app.test_client()
    assert _sign_in(own_browser, teacher.email, TEST_PASSWORD, SCHOOL_NAT).status_code == 302
    post(own_browser, "/logout")
    _fail(app, "login", teacher.email, SCHOOL_NAT, 60)  # the pair, the address and the account, all spent
    assert REFUSED in _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, SCHOOL_NAT).get_data(as_text=True)
    assert _sign_in(own_browser, teacher.email, TEST_PASSWORD, SCHOOL_NAT).status_code == 302


def test_a_forged_or_foreign_device_cookie_is_not_a_known_device(app, world):
    from app.accounts import throttle

    teacher, other = world.people["a_teacher"], world.people["b_teacher"]
    with app.test_request_context():
        cookie = throttle.remember_device(None, other.email)
        assert throttle.known_device(cookie, other.email)
        assert throttle.known_device(cookie, teacher.email) is None
        # A forged signature: its first character changed (all six of its bits count; the last one's
        # low bits are padding, so changing the tail may leave the signature's bytes as they were).
        payload, signature = cookie.rsplit(".", 1)
        forged = f"{payload}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"
        assert throttle.known_device(forged, other.email) is None


def test_distributed_guessing_of_one_account_is_slowed_but_not_locked(app, world):
    teacher = world.people["a_teacher"]
    for n in range(25):  # one failure each from 25 addresses
        _fail(app, "login", teacher.email, f"10.50.0.{n}", 1)
    wait = _wait(app, "login", teacher.email, "10.50.1.1")
    assert 0 < wait <= app.config["LOGIN_SHARED_MAX_DELAY_SECONDS"]
    assert REFUSED in _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, "10.50.1.1").get_data(as_text=True)


def test_wrong_second_factor_codes_are_throttled(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_PER_PAIR", 2)
    director, client = world.people["a_director"], app.test_client()
    assert _sign_in(client, director.email, TEST_PASSWORD, OWNER).headers["Location"].endswith("/login/code")
    for _ in range(3):
        post(client, "/login/code", {"code": "000000"}, token_from="/login/code")
    response = post(client, "/login/code", {"code": totp_code(app, director)}, token_from="/login/code")
    assert REFUSED in response.get_data(as_text=True)
    assert client.get("/school-a/").status_code == 302


def test_wrong_current_passwords_on_the_change_password_form_are_throttled(app, world, clients, monkeypatch,
                                                                         inspector):
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_PER_PAIR", 2)
    teacher = clients("a_teacher")
    for _ in range(3):
        response = post(teacher, "/account/password", {"current_password": "guess", "password": "Синий трактор 42"})
        assert "Текущий пароль указан неверно" in response.get_data(as_text=True)
    response = post(teacher, "/account/password", {"current_password": TEST_PASSWORD,
                                                   "password": "Синий трактор 42"})
    assert REFUSED in response.get_data(as_text=True)
    assert login(app, app.test_client(), world.people["a_teacher"]).status_code == 302  # the old password holds


def _redis_down(app, monkeypatch):
    """The app's Redis pointed at a closed port, built as app/core/redis.py builds it."""
    monkeypatch.setitem(app.extensions, "redis", Redis.from_url("redis://127.0.0.1:1/0"))


def test_sign_in_works_and_stays_throttled_in_postgresql_when_redis_is_down(app, world, monkeypatch, inspector):
    _redis_down(app, monkeypatch)
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_PER_PAIR", 2)
    teacher = world.people["a_teacher"]
    assert _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, OWNER).status_code == 302
    attacker = app.test_client()
    for _ in range(3):
        assert _sign_in(attacker, teacher.email, "wrong password", ATTACKER).status_code == 200
    assert REFUSED in _sign_in(attacker, teacher.email, TEST_PASSWORD, ATTACKER).get_data(as_text=True)
    assert _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, OWNER).status_code == 302
    with inspector.connect() as conn:
        keys = conn.execute(text("SELECT key FROM throttle_counters")).scalars().all()
    assert keys and all(teacher.email not in k and ATTACKER not in k for k in keys)


def test_password_reset_requests_stay_limited_when_redis_is_down(app, world, monkeypatch):
    from app.accounts import throttle

    _redis_down(app, monkeypatch)
    limit = app.config["RESET_MAX_PER_ACCOUNT"]
    with app.test_request_context():
        allowed = [throttle.allow_reset_request(world.people["a_teacher"].email, OWNER) for _ in range(limit + 2)]
    assert allowed == [True] * limit + [False, False]


def test_when_redis_and_postgresql_both_fail_the_process_keeps_stricter_limits(app, world, monkeypatch):
    from app.accounts import throttle

    def down(*args, **kwargs):
        raise throttle.StoreDown("test: PostgreSQL refuses")

    _redis_down(app, monkeypatch)
    monkeypatch.setattr(throttle.DatabaseStore, "_run", down)
    monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES_PER_PAIR", 4)
    teacher = world.people["a_teacher"]
    _fail(app, "login", teacher.email, ATTACKER, 2)  # half of the free four
    assert _wait(app, "login", teacher.email, ATTACKER) == 0
    _fail(app, "login", teacher.email, ATTACKER, 1)
    assert _wait(app, "login", teacher.email, ATTACKER) > 0
    assert REFUSED in _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, ATTACKER).get_data(as_text=True)
    assert _sign_in(app.test_client(), teacher.email, TEST_PASSWORD, OWNER).status_code == 302
    with app.test_request_context():
        allowed = [throttle.allow_reset_request(teacher.email, OWNER) for _ in range(3)]
    assert allowed == [True, False, False]  # half of three, at least one


def test_throttle_counters_hold_no_email_and_no_address(app, world):
    from app.core.redis import redis_client

    teacher = world.people["a_teacher"]
    _sign_in(app.test_client(), teacher.email, "wrong password", ATTACKER)
    with app.app_context():
        keys = [k.decode() for k in redis_client().keys("nastavnik:throttle:*")]
    assert len(keys) == 3  # the pair, the address, the account
    plain_hash = hashlib.sha256(teacher.email.encode()).hexdigest()[:32]
    assert all(teacher.email not in k and ATTACKER not in k and plain_hash not in k for k in keys)
