"""HTTP helpers: CSRF tokens, signing in (with the second factor), signed-in clients."""
from __future__ import annotations

import re
import time

import pyotp
import pytest

from tests.support.world import TEST_PASSWORD, Person


_CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    found = _CSRF_RE.search(html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def totp_code(app, person: Person) -> str:
    """A code the server will accept now: the replay guard refuses a time step already used."""
    from app.accounts.models import User
    from app.core.extensions import db
    from tenants.switches import as_person

    with app.app_context(), as_person(person.id):
        last = db.session.get(User, person.id).totp_last_step
        db.session.remove()
    totp = pyotp.TOTP(person.totp_secret)
    while True:
        now_step = int(time.time() // 30)
        for step in (now_step, now_step + 1):
            if last is None or step > last:
                return totp.at(step * 30)
        time.sleep(1)


def login(app, client, person: Person, password: str = TEST_PASSWORD, next: str | None = None):
    """Sign in (with the second factor where the person has one); ``next`` as the sign-in page's own."""
    token = csrf_token(client)
    data = {"csrf_token": token, "email": person.email, "password": password}
    if next:
        data["next"] = next
    response = client.post("/login", data=data)
    if person.totp_secret and response.status_code == 302 and "/login/code" in response.headers["Location"]:
        token = csrf_token(client, "/login/code")
        response = client.post("/login/code", data={"csrf_token": token, "code": totp_code(app, person)})
    return response


def post(client, path: str, data: dict | None = None, token_from: str | None = None, **kwargs):
    """POST with a valid CSRF token taken from a page the person can see."""
    token = csrf_token(client, token_from or "/account/")
    return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)


@pytest.fixture
def clients(app, world):
    """clients("a_curator") -> a test client signed in as that person (cached per test)."""
    cache = {}

    def get(key: str):
        if key not in cache:
            client = app.test_client()
            response = login(app, client, world.people[key])
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
            cache[key] = client
        return cache[key]

    return get
