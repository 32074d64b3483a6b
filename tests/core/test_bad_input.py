"""Bad input never answers 500 and never reaches the database: a NUL byte anywhere in a request (path,
query string, form) is refused with the «Некорректный запрос» page; page numbers of any shape show a page
of the list (past the end: the last one); every name field refuses line breaks and other control
characters with a Russian message and stores nothing; the browser's /favicon.ico is served."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import text

from tests.support.http import csrf_token, post

BAD_REQUEST = "Некорректный запрос"
ONE_LINE = "Значение должно быть одной строкой, без переводов строки и управляющих символов."


def _counts(inspector) -> dict[str, int]:
    with inspector.connect() as conn:
        return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("municipalities", "organizations", "invitations", "memberships", "users",
                              "audit_events", "outbound_emails")}


def _errors(html: str) -> str:
    return " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', html, re.S))


# --- a NUL byte anywhere ---

NUL_GETS = [
    ("anonymous", "/login?next=/school-a/%00"),
    ("anonymous", "/%00/"),
    ("anonymous", "/password/reset/abc%00def"),
    ("a_admin", "/school-a%00/staff"),
    ("a_admin", "/school-a/staff?page=%00"),
    ("a_admin", "/school-a/staff/%00"),
    ("a_admin", "/school-a/audit?actor=%00"),
    ("a_admin", "/school-a/audit?from=2026-01-01%00"),
    ("a_admin", "/school-a/audit?%00=1"),
    ("d1_officer", "/m1-uo/organizations/%00/invite"),
    ("platform_admin", "/platform/jobs/%00/retry"),
]


@pytest.mark.parametrize("who, path", NUL_GETS)
def test_a_nul_byte_in_the_url_or_query_answers_400_not_500(who, path, app, world, clients):
    client = app.test_client() if who == "anonymous" else clients(who)
    response = client.get(path)
    assert response.status_code == 400, (path, response.status_code)
    assert BAD_REQUEST in response.get_data(as_text=True)


NUL_POSTS = [
    # who, page the form is on, field values
    ("anonymous", "/login", {"email": "a_admin@test-nastavnik.ru\x00", "password": "x"}),
    ("anonymous", "/login", {"email": "a_admin@test-nastavnik.ru", "password": "correct horse\x00"}),
    ("anonymous", "/password/forgot", {"email": "a\x00@test-nastavnik.ru"}),
    ("a_admin", "/school-a/staff/invite", {"email": "new@test-nastavnik.ru", "full_name": "Новый\x00Сотрудник",
                                           "roles": ["teacher"]}),
    ("a_admin", "/school-a/staff/invite", {"email": "new\x00@test-nastavnik.ru", "full_name": "Новый",
                                           "roles": ["teacher"]}),
    ("a_admin", "/school-a/staff/invite", {"email": "new@test-nastavnik.ru", "full_name": "Новый",
                                           "roles": ["teacher\x00"]}),
    ("d1_officer", "/m1-uo/organizations/new", {"kind": "school", "name": "Школа\x00", "short_name": "Ш",
                                                "slug": "new-school"}),
    ("platform_admin", "/platform/municipalities/new", {
        "name": "Район", "slug": "raion\x00", "department_name": "Комитет", "department_short_name": "Комитет",
        "first_email": "first@test-nastavnik.ru", "first_name": "Первый", "first_role": "municipal_officer"}),
]


@pytest.mark.parametrize("who, path, data", NUL_POSTS)
def test_a_nul_byte_in_a_form_field_answers_400_and_changes_nothing(who, path, data, app, world, clients,
                                                                   inspector):
    client = app.test_client() if who == "anonymous" else clients(who)
    token = csrf_token(client, path)
    before = _counts(inspector)
    response = client.post(path, data={"csrf_token": token, **data})
    assert response.status_code == 400
    assert BAD_REQUEST in response.get_data(as_text=True)
    after = _counts(inspector)
    assert after == before


def test_a_nul_byte_in_a_query_parameter_name_or_cookie_free_path_is_refused_before_any_lookup(
        app, world, clients, count_queries):
    """The refusal comes first: the organization of the URL is never looked up (the error page may
    still load the signed-in person for its layout)."""
    client = clients("a_admin")
    with count_queries() as counter:
        response = client.get("/school-a%00/staff")
    assert response.status_code == 400
    others = [s for s in counter.statements if "session_of_token" not in s and "\nFROM users " not in s]
    assert not others, others


# --- page numbers ---

PAGE_NUMBERS = ["9223372036854775807", "9223372036854775808", "99999999999999999999999", "-1",
                "-9223372036854775809", "0", "abc", "1.5", "", "9" * 5000, "２"]


@pytest.mark.parametrize("who, path", [("a_admin", "/school-a/staff"), ("d1_officer", "/m1-uo/organizations/"),
                                       ("a_admin", "/school-a/audit")])
def test_any_page_number_shows_a_page_of_the_list(who, path, world, clients):
    client = clients(who)
    for page in PAGE_NUMBERS:
        response = client.get(path, query_string={"page": page})
        assert response.status_code == 200, (path, page[:30])


def _grow_staff(app, world, n: int) -> None:
    from app.accounts.models import User
    from app.core.extensions import db
    from app.orgs.models import Membership
    from tenants.scope import TenantScope, tenant_scope
    from tests.support.world import add_user

    school = world.orgs["A"]
    with app.app_context():
        users = [User(id=uuid.uuid4(), email=f"more{i:02d}@test-nastavnik.ru", full_name=f"More Person {i:02d}")
                 for i in range(n)]
        for user in users:
            add_user(user)
        with tenant_scope(TenantScope(municipality_id=school.municipality_id, org_id=school.id)):
            for user in users:
                db.session.add(Membership(id=uuid.uuid4(), org_id=school.id, municipality_id=school.municipality_id,
                                          user_id=user.id, roles=["teacher"]))
            db.session.flush()
        db.session.commit()
        db.session.remove()


def test_a_page_past_the_end_shows_the_last_page_not_an_empty_one(app, world, clients):
    _grow_staff(app, world, 30)  # 30 + 7 members of A: two pages of 25
    admin = clients("a_admin")
    last = admin.get("/school-a/staff?page=2").get_data(as_text=True)
    for page in ("3", "4", "999", "9223372036854775807"):
        past = admin.get(f"/school-a/staff?page={page}").get_data(as_text=True)
        rows = re.findall(r'href="/school-a/staff/([0-9a-f-]{36})"', past)
        assert rows and rows == re.findall(r'href="/school-a/staff/([0-9a-f-]{36})"', last), page
        assert "Страница 2 из 2" in past


def test_a_page_past_the_end_of_the_municipal_organizations_shows_the_last_page(world, clients):
    response = clients("d1_officer").get("/m1-uo/organizations/?page=50")
    assert response.status_code == 200
    assert re.findall(r"/school-a/|/partner-p/", response.get_data(as_text=True))


def test_a_page_past_the_end_of_the_audit_log_shows_the_last_page(world, clients):
    admin = clients("a_admin")
    post(admin, f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}/deactivate", {"confirm": "yes"},
         token_from="/school-a/staff")
    response = admin.get("/school-a/audit?page=7")
    assert response.status_code == 200
    assert "Person a_admin" in response.get_data(as_text=True)  # the actor of the one event


# --- control characters in name fields ---

NAME_FORMS = [
    # who, page, form data, the name field
    ("a_admin", "/school-a/staff/invite",
     {"email": "new@test-nastavnik.ru", "full_name": "Новый Сотрудник", "roles": ["teacher"]}, "full_name"),
    ("d1_officer", "/m1-uo/organizations/new",
     {"kind": "school", "name": "Средняя школа №99", "short_name": "СШ №99", "slug": "school-99"}, "name"),
    ("d1_officer", "/m1-uo/organizations/new",
     {"kind": "school", "name": "Средняя школа №99", "short_name": "СШ №99", "slug": "school-99"}, "short_name"),
    ("platform_admin", "/platform/municipalities/new",
     {"name": "Новый район", "slug": "novyi", "department_name": "Комитет по образованию Нового района",
      "department_short_name": "Комитет", "first_email": "first@test-nastavnik.ru", "first_name": "Первова Алла",
      "first_role": "municipal_officer"}, "name"),
    ("platform_admin", "/platform/municipalities/new",
     {"name": "Новый район", "slug": "novyi", "department_name": "Комитет по образованию Нового района",
      "department_short_name": "Комитет", "first_email": "first@test-nastavnik.ru", "first_name": "Первова Алла",
      "first_role": "municipal_officer"}, "department_name"),
    ("platform_admin", "/platform/municipalities/new",
     {"name": "Новый район", "slug": "novyi", "department_name": "Комитет по образованию Нового района",
      "department_short_name": "Комитет", "first_email": "first@test-nastavnik.ru", "first_name": "Первова Алла",
      "first_role": "municipal_officer"}, "department_short_name"),
    ("platform_admin", "/platform/municipalities/new",
     {"name": "Новый район", "slug": "novyi", "department_name": "Комитет по образованию Нового района",
      "department_short_name": "Комитет", "first_email": "first@test-nastavnik.ru", "first_name": "Первова Алла",
      "first_role": "municipal_officer"}, "first_name"),
]

CONTROL = ["\r\n", "\n", "\r", "\t", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u202e"]


@pytest.mark.parametrize("who, path, data, name", NAME_FORMS, ids=[f"{f[1]}:{f[3]}" for f in NAME_FORMS])
def test_every_name_field_refuses_a_line_break_in_russian_and_stores_nothing(who, path, data, name, app, world,
                                                                           clients, inspector):
    client = clients(who)  # signed in first: the sign-in is an event of its own
    before = _counts(inspector)
    value = data[name][:4] + "\r\n" + data[name][4:]
    response = post(client, path, {**data, name: value}, token_from=path)
    assert response.status_code in (200, 400)
    assert ONE_LINE in _errors(response.get_data(as_text=True))
    assert _counts(inspector) == before


@pytest.mark.parametrize("control", CONTROL, ids=[repr(c) for c in CONTROL])
def test_a_name_field_refuses_every_kind_of_control_character(control, app, world, clients, inspector):
    """Tabs, escapes (a terminal reading the logs), DEL, C1 controls, the line and paragraph separators
    and the bidirectional overrides that disguise a text."""
    who, path, data, name = NAME_FORMS[0]
    client = clients(who)
    before = _counts(inspector)
    response = post(client, path, {**data, name: "Новый" + control + "Сотрудник"}, token_from=path)
    assert ONE_LINE in _errors(response.get_data(as_text=True))
    assert _counts(inspector) == before


def test_the_invited_persons_own_name_refuses_line_breaks(app, world, clients, inspector):
    from tests.support.jobs import letters_to, link_in

    admin = clients("a_admin")
    post(admin, "/school-a/staff/invite", {"email": "joiner@test-nastavnik.ru", "full_name": "Присоединяющийся",
                                           "roles": ["teacher"]}, token_from="/school-a/staff/invite")
    (_, body), = letters_to(app, "joiner@test-nastavnik.ru")
    path = link_in(body, "/invite/")
    client = app.test_client()
    token = csrf_token(client, path)
    before = _counts(inspector)
    response = client.post(path, data={"csrf_token": token, "full_name": "Иван\r\nBcc: x@y",
                                       "password": "очень длинный пароль 2026"})
    assert ONE_LINE in _errors(response.get_data(as_text=True))
    assert _counts(inspector) == before


def test_leading_and_trailing_spaces_and_line_breaks_of_a_name_are_trimmed(app, world, clients, inspector):
    """A name pasted with a trailing line break is accepted, trimmed: only breaks inside are refused."""
    admin = clients("a_admin")
    response = post(admin, "/school-a/staff/invite", {"email": "trim@test-nastavnik.ru",
                                                      "full_name": "  Обрезанный Пробел\r\n",
                                                      "roles": ["teacher"]}, token_from="/school-a/staff/invite")
    assert response.status_code == 302
    with inspector.connect() as conn:
        name = conn.execute(text("SELECT full_name FROM invitations WHERE email = 'trim@test-nastavnik.ru'")).scalar_one()
    assert name == "Обрезанный Пробел"


def test_every_text_field_of_every_form_refuses_control_characters():
    """A shared rule, not a per-form habit: each text input of each form (names, e-mails, addresses,
    codes) carries app.core.forms.NoControlCharacters; passwords and hidden fields are exempt."""
    import importlib
    import inspect
    import pkgutil

    from flask_wtf import FlaskForm
    from wtforms import HiddenField, PasswordField, StringField

    import app as package
    from app import create_app
    from app.core.forms import NoControlCharacters

    flask_app = create_app({"APP_ENV": "testing", "TESTING": True, "DATABASE_URL": "postgresql://x@127.0.0.1/x",
                            "SECRET_KEY": "k" * 40, "WTF_CSRF_ENABLED": False})
    missing, seen = [], 0
    with flask_app.test_request_context():
        for module_info in pkgutil.walk_packages(package.__path__, "app."):
            if not module_info.name.endswith("forms"):
                continue
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if not issubclass(cls, FlaskForm) or cls.__module__ != module.__name__:
                    continue
                form = cls(meta={"csrf": False})
                for field in form:
                    if not isinstance(field, StringField) or isinstance(field, (PasswordField, HiddenField)):
                        continue
                    seen += 1
                    if not any(isinstance(v, NoControlCharacters) for v in field.validators):
                        missing.append(f"{cls.__module__}.{cls.__name__}.{field.name}")
    assert seen >= 10
    assert not missing, missing


# --- the browser's icon ---

def test_favicon_ico_is_served_to_anyone(app):
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert "max-age" in response.headers.get("Cache-Control", "")


def test_every_page_names_its_icon(app):
    html = app.test_client().get("/login").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon
    response = app.test_client().get(icon.group(1))
    assert response.status_code == 200 and b"<svg" in response.data
