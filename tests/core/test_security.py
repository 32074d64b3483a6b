"""Browser-facing security: headers on every page, the session cookie, the production configuration
refusing unsafe settings, no third-party resources, the language of the pages, the demo banner and
no open redirect after sign-in."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from app.core.config import ConfigError
from tests.support.http import csrf_token, login, post, totp_code
from tests.support.world import TEST_PASSWORD

DEMO_BANNER = "Демонстрационный режим: второй фактор не требуется"


def _csp(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _html_responses(app, world, clients) -> dict[str, object]:
    anonymous = app.test_client()
    teacher, admin = clients("a_teacher"), clients("a_admin")
    return {
        "anonymous /login": anonymous.get("/login"),
        "anonymous /password/forgot": anonymous.get("/password/forgot"),
        "anonymous 404": anonymous.get("/no-such-page/at-all"),
        "anonymous redirect to sign-in": anonymous.get("/school-a/"),
        "teacher /school-a/": teacher.get("/school-a/"),
        "teacher /account/": teacher.get("/account/"),
        "teacher 403 audit": teacher.get("/school-a/audit"),
        "teacher 404 other school": teacher.get("/school-b/"),
        "admin /school-a/staff": admin.get("/school-a/staff"),
        "admin member page": admin.get(f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}"),
        "admin /school-a/audit": admin.get("/school-a/audit"),
    }


def test_every_html_response_carries_the_security_headers(app, world, clients):
    for name, response in _html_responses(app, world, clients).items():
        assert response.mimetype == "text/html", name
        csp = _csp(response)
        assert "script-src" in csp, name
        assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"], name
        assert csp.get("default-src") == ["'self'"] and csp.get("frame-ancestors") == ["'none'"], name
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name
        assert response.headers.get("X-Frame-Options") == "DENY", name
        assert "no-store" in response.headers.get("Cache-Control", ""), name


def test_pages_need_no_inline_script_or_style(app, world, clients):
    """The CSP forbids inline code: a page that relied on it would break; none does."""
    pages = _html_responses(app, world, clients)
    pages["totp enrolment"] = clients("a_teacher").get("/account/second-factor")
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html, re.I):
            assert "src=" in tag, (name, tag)
        assert not re.search(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=", html, re.I), name


def test_session_cookie_is_httponly_and_samesite_lax(app, world):
    client = app.test_client()
    token = csrf_token(client)
    response = client.post("/login", data={"csrf_token": token, "email": world.people["a_teacher"].email,
                                           "password": TEST_PASSWORD})
    assert response.status_code == 302
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("nastavnik_session=")]
    assert cookies
    for cookie in cookies:
        attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
        assert "httponly" in attributes and "samesite=lax" in attributes, cookie


@pytest.fixture
def production_env(app, monkeypatch):
    """The environment of a production deployment (README «Configuration»), as the process sees it."""
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "production-secret-" + "k" * 40)
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("DATABASE_OWNER_URL", app.config["DATABASE_OWNER_URL"])
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("MAIL_BACKEND", "smtp")
    monkeypatch.delenv("DEMO_RELAX_TOTP", raising=False)
    return monkeypatch


def test_production_config_marks_the_session_cookie_secure_and_sends_hsts(production_env):
    from app import create_app

    prod = create_app()
    assert prod.config["APP_ENV"] == "production"
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_HTTPONLY"] is True and prod.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert prod.config["DEMO_RELAX_TOTP"] is False
    response = prod.test_client().get("/login")
    assert response.status_code == 200
    cookie, = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("nastavnik_session=")]
    attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= attributes
    assert "max-age=" in response.headers.get("Strict-Transport-Security", "")


def test_production_given_as_an_override_also_marks_the_cookie_secure(app, monkeypatch):
    from app import create_app

    monkeypatch.delenv("APP_ENV", raising=False)
    prod = create_app({"APP_ENV": "production", "SECRET_KEY": "s" * 40, "DATABASE_URL": app.config["DATABASE_URL"],
                       "DATABASE_OWNER_URL": app.config["DATABASE_OWNER_URL"],
                       "REDIS_URL": "redis://127.0.0.1:6379/15", "MAIL_BACKEND": "smtp", "DEMO_RELAX_TOTP": False})
    assert prod.config["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_the_demo_relaxation_of_the_second_factor(production_env):
    from app import create_app

    with pytest.raises(ConfigError, match="DEMO_RELAX_TOTP"):
        create_app({"DEMO_RELAX_TOTP": True})
    production_env.setenv("DEMO_RELAX_TOTP", "1")
    with pytest.raises(ConfigError, match="DEMO_RELAX_TOTP"):
        create_app()


def test_production_refuses_to_start_without_a_secret_key(production_env):
    from app import create_app

    production_env.delenv("SECRET_KEY")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    production_env.setenv("SECRET_KEY", "too-short")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


@pytest.mark.parametrize("missing", ["DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_servers(missing, production_env):
    from app import create_app

    production_env.delenv(missing)
    with pytest.raises(ConfigError, match=missing):
        create_app()


def test_production_refuses_file_mail(production_env):
    from app import create_app

    production_env.setenv("MAIL_BACKEND", "file")
    with pytest.raises(ConfigError, match="SMTP"):
        create_app()


_EXTERNAL = re.compile(r"""\b(?:src|href|action)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)""", re.I)


def test_no_page_loads_or_links_anything_from_another_host(app, world, clients):
    pages = {"/login": app.test_client().get("/login"),
             "/school-a/ (teacher)": clients("a_teacher").get("/school-a/"),
             "/school-a/staff (admin)": clients("a_admin").get("/school-a/staff"),
             "/m1-uo/organizations/ (officer)": clients("d1_officer").get("/m1-uo/organizations/"),
             "/account/second-factor": clients("a_teacher").get("/account/second-factor")}
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.get_data(as_text=True)
        assert re.search(r"""\b(?:src|href)\s*=""", html), name  # the scan sees links at all
        found = [m.group(0) for m in _EXTERNAL.finditer(html)]
        assert not found, (name, found)


def test_static_css_is_served_from_static(app):
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    stylesheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    assert stylesheets and all(href.startswith("/static/") for href in stylesheets)
    for href in stylesheets:
        response = client.get(href)
        assert response.status_code == 200 and response.mimetype == "text/css"
        assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_login_page_is_russian_by_default(app):
    html = app.test_client().get("/login").get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert "<h1>Войти</h1>" in html and "Забыли пароль?" in html


def test_login_page_is_english_when_the_browser_prefers_english(app):
    client = app.test_client()
    html = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9,ru;q=0.5"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "<h1>Sign in</h1>" in html and "Forgot your password?" in html and "Забыли пароль?" not in html
    # A browser preferring a language the product does not have gets Russian.
    html = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"}).get_data(as_text=True)
    assert '<html lang="ru">' in html


def test_language_chosen_on_the_login_page_is_kept_before_sign_in(app):
    client = app.test_client()
    response = client.post("/set-language", data={"csrf_token": csrf_token(client), "locale": "en",
                                                   "next": "/login"})
    assert response.status_code == 302
    html = client.get("/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "<h1>Sign in</h1>" in html


def test_person_who_chooses_english_sees_english_pages(app, world, clients, inspector):
    teacher = clients("a_teacher")
    assert "Ваши роли:" in teacher.get("/school-a/").get_data(as_text=True)
    response = post(teacher, "/account/language", {"locale": "en"})
    assert response.status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT locale FROM users WHERE id = :i"),
                            {"i": world.people["a_teacher"].id}).scalar_one() == "en"
    for path in ("/school-a/", "/account/"):
        html = teacher.get(path, headers={"Accept-Language": "ru"}).get_data(as_text=True)
        assert '<html lang="en">' in html, path
    assert "Your roles:" in teacher.get("/school-a/").get_data(as_text=True)
    assert "My account" in teacher.get("/account/").get_data(as_text=True)
    # The choice belongs to the person: another sign-in (another device) is English too.
    other_device = app.test_client()
    login(app, other_device, world.people["a_teacher"])
    assert "Your roles:" in other_device.get("/school-a/", headers={"Accept-Language": "ru"}).get_data(as_text=True)


def _banner_pages(app, clients) -> dict[str, str]:
    anonymous = app.test_client()
    teacher = clients("a_teacher")
    responses = {"/login": anonymous.get("/login"), "/password/forgot": anonymous.get("/password/forgot"),
                 "404": anonymous.get("/no-such-page/at-all"), "/school-a/": teacher.get("/school-a/"),
                 "/account/": teacher.get("/account/"), "403": teacher.get("/school-a/audit")}
    return {name: response.get_data(as_text=True) for name, response in responses.items()}


def test_demo_banner_is_on_every_page_when_the_second_factor_is_relaxed(app, world, clients, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)
    for name, html in _banner_pages(app, clients).items():
        assert DEMO_BANNER in html, name


def test_no_demo_banner_when_the_second_factor_is_enforced(app, world, clients):
    assert app.config["DEMO_RELAX_TOTP"] is False
    for name, html in _banner_pages(app, clients).items():
        assert "Демонстрационный режим" not in html, name


OFFSITE = ["https://evil.example", "http://evil.example/school-a/", "//evil.example", "///evil.example",
           "/\\evil.example", "\\\\evil.example", " //evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", OFFSITE)
def test_login_does_not_redirect_off_site(target, app, world):
    client = app.test_client()
    page = client.get("/login", query_string={"next": target})
    assert page.status_code == 200
    token = csrf_token(client)
    response = client.post("/login", data={"csrf_token": token, "email": world.people["a_teacher"].email,
                                           "password": TEST_PASSWORD, "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert urlsplit(location).netloc in ("", "localhost") and location.startswith("/"), location
    assert not location.startswith("//") and "evil.example" not in urlsplit(location).netloc


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example"])
def test_login_with_a_second_factor_does_not_redirect_off_site(target, app, world):
    director = world.people["a_director"]
    client = app.test_client()
    client.post("/login", data={"csrf_token": csrf_token(client), "email": director.email,
                                "password": TEST_PASSWORD, "next": target})
    response = post(client, "/login/code", {"code": totp_code(app, director)}, token_from="/login/code")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location


def test_login_follows_a_same_site_next(app, world):
    """The guard is not simply ignoring ``next``: a same-site path is honoured."""
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": world.people["a_teacher"].email,
                                           "password": TEST_PASSWORD, "next": "/account/"})
    assert response.headers["Location"] == "/account/"


def test_language_chosen_on_the_login_page_survives_sign_in_and_becomes_the_accounts_when_it_has_none(
        app, world, inspector):
    """The tester's walk, fix 9: the sign-in clears the cookie session, but not the language chosen."""
    client = app.test_client()
    client.post("/set-language", data={"csrf_token": csrf_token(client), "locale": "en", "next": "/login"})
    assert login(app, client, world.people["a_teacher"]).status_code == 302
    assert "Your roles:" in client.get("/school-a/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT locale FROM users WHERE id = :i"),
                            {"i": world.people["a_teacher"].id}).scalar_one() == "en"


def test_a_saved_language_is_not_overwritten_by_the_login_page_but_this_session_follows_the_choice(
        app, world, inspector):
    with inspector.begin() as conn:
        conn.execute(text("UPDATE users SET locale = 'ru' WHERE id = :i"), {"i": world.people["a_teacher"].id})
    client = app.test_client()
    client.post("/set-language", data={"csrf_token": csrf_token(client), "locale": "en", "next": "/login"})
    login(app, client, world.people["a_teacher"])
    assert "Your roles:" in client.get("/school-a/").get_data(as_text=True)
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT locale FROM users WHERE id = :i"),
                            {"i": world.people["a_teacher"].id}).scalar_one() == "ru"
    other_device = app.test_client()  # the saved choice still holds elsewhere
    login(app, other_device, world.people["a_teacher"])
    assert "Ваши роли:" in other_device.get("/school-a/").get_data(as_text=True)
