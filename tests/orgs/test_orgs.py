"""Municipalities and organizations: the platform admin provisions a municipality with its education
department and first account; municipal staff create schools and partners and invite their first
accounts; bad input changes nothing and is answered in Russian; the municipal pages are for municipal
staff only; the platform admin's pages show no tenant personal data (DESIGN.md §1–2)."""
from __future__ import annotations

import re
import uuid

import pyotp
import pytest
from sqlalchemy import text

from tests.support.http import csrf_token, post
from tests.support.jobs import letters_to, link_in

SLUG_MESSAGE = "Используйте от 3 до 63 латинских букв, цифр и дефисов; зарезервированные слова не допускаются."
TAKEN_MESSAGE = "Этот короткий адрес уже занят."
SHORT_NAME_MESSAGE = "Организация с таким кратким наименованием уже есть в муниципальном образовании."
PARTNER_KIND_MESSAGE = "Выберите тип партнёра."


def deliver_queued_mail(app) -> None:
    """With the real Redis, e-mail is delivered by an RQ job: run a worker until the queue is empty.
    With fakeredis the queue is synchronous and the letters are already written."""
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    with app.app_context():
        from app.core.redis import redis_is_real
        from worker.queue import get_queue

        if redis_is_real():
            queue = get_queue()
            SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer).work(burst=True)


def _counts(inspector) -> dict[str, int]:
    with inspector.connect() as conn:
        return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("municipalities", "organizations", "invitations", "memberships", "users",
                              "audit_events", "outbound_emails")}


def _errors(html: str) -> str:
    """The text of the field errors on a form page."""
    return " ".join(re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', html, re.S))


# --- (a) the platform admin provisions a municipality ---

MUNICIPALITY_FORM = {
    "name": "Новый муниципальный район",
    "slug": "novyi",
    "department_name": "Комитет по образованию администрации Нового района",
    "department_short_name": "Комитет по образованию",
    "first_email": "first.officer@test-nastavnik.ru",
    "first_name": "Первова Алла Ивановна",
    "first_role": "municipal_officer",
}


def test_platform_admin_creates_municipality_with_department_and_first_invitation(app, world, clients, inspector):
    admin = clients("platform_admin")
    response = post(admin, "/platform/municipalities/new", MUNICIPALITY_FORM, token_from="/platform/municipalities/new")
    assert response.status_code == 302, _errors(response.get_data(as_text=True))
    assert response.headers["Location"].endswith("/platform/")
    with inspector.connect() as conn:
        municipality = conn.execute(text("SELECT id, name FROM municipalities WHERE slug = 'novyi'")).one()
        assert municipality.name == "Новый муниципальный район"
        department = conn.execute(text("SELECT id, municipality_id, kind, short_name, name FROM organizations "
                                       "WHERE slug = 'novyi-uo'")).one()
        assert department.kind == "municipal" and department.municipality_id == municipality.id
        assert department.short_name == "Комитет по образованию"
        invitation = conn.execute(text("SELECT org_id, municipality_id, roles, accepted_at FROM invitations "
                                       "WHERE email = 'first.officer@test-nastavnik.ru'")).one()
        assert invitation.org_id == department.id and invitation.municipality_id == municipality.id
        assert invitation.roles == ["municipal_officer"] and invitation.accepted_at is None
        created = conn.execute(text("SELECT actor_id FROM audit_events WHERE action = 'create' "
                                    "AND object_type = 'municipality' AND object_id = :m AND org_id = :o"),
                               {"m": str(municipality.id), "o": department.id}).one()
        assert created.actor_id == world.people["platform_admin"].id
    deliver_queued_mail(app)
    (subject, body), = letters_to(app, "first.officer@test-nastavnik.ru")
    assert "Комитет по образованию" in subject
    assert link_in(body, "/invite/")


def test_first_municipal_officer_accepts_enrols_totp_and_reaches_the_organizations(app, world, clients, inspector):
    admin = clients("platform_admin")
    post(admin, "/platform/municipalities/new", MUNICIPALITY_FORM, token_from="/platform/municipalities/new")
    deliver_queued_mail(app)
    (_, body), = letters_to(app, MUNICIPALITY_FORM["first_email"])
    link = link_in(body, "/invite/")

    officer = app.test_client()
    page = officer.get(link)
    assert page.status_code == 200 and MUNICIPALITY_FORM["first_email"] in page.get_data(as_text=True)
    accepted = officer.post(link, data={"csrf_token": csrf_token(officer, link),
                                        "full_name": MUNICIPALITY_FORM["first_name"],
                                        "password": "пароль первого специалиста"})
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/login")

    signed_in = officer.post("/login", data={"csrf_token": csrf_token(officer),
                                             "email": MUNICIPALITY_FORM["first_email"],
                                             "password": "пароль первого специалиста"})
    assert signed_in.status_code == 302
    # A privileged role without a second factor is sent to enrolment before anything else.
    landing = officer.get("/novyi-uo/organizations/")
    assert landing.status_code == 302 and landing.headers["Location"].endswith("/account/second-factor")
    home = officer.get(signed_in.headers["Location"], follow_redirects=True)
    assert home.request.path == "/account/second-factor"
    html = home.get_data(as_text=True)
    assert "Для вашей роли второй фактор обязателен" in html
    secret = html.split('class="secret">')[1].split("<")[0].replace(" ", "")
    enrolled = post(officer, "/account/second-factor", {"code": pyotp.TOTP(secret).now()},
                    token_from="/account/second-factor")
    # The recovery codes are shown once; their page leads on to the landing page.
    assert enrolled.status_code == 200 and "Коды восстановления" in enrolled.get_data(as_text=True)
    assert 'href="/account/home"' in enrolled.get_data(as_text=True)
    final = officer.get("/account/home", follow_redirects=True)
    assert final.request.path == "/novyi-uo/"
    organizations = officer.get("/novyi-uo/organizations/")
    assert organizations.status_code == 200
    assert "Комитет по образованию" in organizations.get_data(as_text=True)
    with inspector.connect() as conn:
        row = conn.execute(text("SELECT u.totp_enabled_at, m.roles, o.slug FROM users u "
                                "JOIN memberships m ON m.user_id = u.id JOIN organizations o ON o.id = m.org_id "
                                "WHERE u.email = :e"), {"e": MUNICIPALITY_FORM["first_email"]}).one()
    assert row.totp_enabled_at is not None and row.roles == ["municipal_officer"] and row.slug == "novyi-uo"


# --- (b) municipal staff create a school and invite its first director ---

def _create_org(client, **fields):
    data = {"kind": "school", "partner_kind": "", "name": "Муниципальное бюджетное общеобразовательное "
            "учреждение «Средняя школа №7»", "short_name": "МБОУ «СШ №7»", "slug": "school-7", **fields}
    return post(client, "/m1-uo/organizations/new", data, token_from="/m1-uo/organizations/new")


def test_municipal_officer_creates_a_school_and_invites_its_first_director(app, world, clients, inspector):
    officer = clients("d1_officer")
    response = _create_org(officer)
    assert response.status_code == 302, _errors(response.get_data(as_text=True))
    invite_path = response.headers["Location"]
    match = re.fullmatch(r".*/m1-uo/organizations/([0-9a-f-]{36})/invite", invite_path)
    assert match, invite_path
    school_id = uuid.UUID(match.group(1))
    with inspector.connect() as conn:
        school = conn.execute(text("SELECT municipality_id, kind, partner_kind, short_name FROM organizations "
                                   "WHERE id = :i AND slug = 'school-7'"), {"i": school_id}).one()
    assert school.municipality_id == world.municipalities["M1"]
    assert school.kind == "school" and school.partner_kind is None and school.short_name == "МБОУ «СШ №7»"

    invited = post(officer, invite_path, {"email": "director7@test-nastavnik.ru", "full_name": "Седова Нина Петровна",
                                          "role": "director"}, token_from=invite_path)
    assert invited.status_code == 302, _errors(invited.get_data(as_text=True))
    assert invited.headers["Location"].endswith("/m1-uo/organizations/")
    with inspector.connect() as conn:
        invitation = conn.execute(text("SELECT org_id, municipality_id, roles, invited_by_id FROM invitations "
                                       "WHERE email = 'director7@test-nastavnik.ru'")).one()
        assert invitation.org_id == school_id and invitation.municipality_id == world.municipalities["M1"]
        assert invitation.roles == ["director"]
        assert invitation.invited_by_id == world.people["d1_officer"].id
        department_trail = conn.execute(text(
            "SELECT action, object_type, object_id, actor_id FROM audit_events WHERE org_id = :d ORDER BY id"),
            {"d": world.orgs["D1"].id}).all()
    actions = {(e.action, e.object_type, e.object_id) for e in department_trail
               if e.actor_id == world.people["d1_officer"].id}
    assert ("create", "organization", str(school_id)) in actions
    assert ("invite_first_account", "organization", str(school_id)) in actions
    deliver_queued_mail(app)
    (_, body), = letters_to(app, "director7@test-nastavnik.ru")
    assert link_in(body, "/invite/")
    listing = officer.get("/m1-uo/organizations/").get_data(as_text=True)
    assert "МБОУ «СШ №7»" in listing and "/school-7/" in listing


def test_municipal_officer_creates_a_partner_with_its_kind(world, clients, inspector):
    response = _create_org(clients("d1_officer"), kind="partner", partner_kind="college",
                           name="Колледж-партнёр", short_name="Колледж", slug="college-p")
    assert response.status_code == 302, _errors(response.get_data(as_text=True))
    with inspector.connect() as conn:
        row = conn.execute(text("SELECT kind, partner_kind, municipality_id FROM organizations "
                                "WHERE slug = 'college-p'")).one()
    assert (row.kind, row.partner_kind, row.municipality_id) == ("partner", "college", world.municipalities["M1"])


# --- (c) bad input changes nothing and is answered in Russian ---

@pytest.mark.parametrize("fields, message", [
    ({"slug": "platform"}, SLUG_MESSAGE),                          # reserved: shadows /platform/
    ({"slug": "login"}, SLUG_MESSAGE),
    ({"slug": "Школа-7"}, SLUG_MESSAGE),                           # not Latin
    ({"slug": "-school7"}, SLUG_MESSAGE),                          # leading hyphen
    ({"slug": "school_7!"}, SLUG_MESSAGE),
    ({"slug": "school-b"}, TAKEN_MESSAGE),                         # a school of the same municipality
    ({"slug": "school-c"}, TAKEN_MESSAGE),                         # a school of the OTHER municipality
    ({"slug": "m2-uo"}, TAKEN_MESSAGE),                            # the other municipality's department
    ({"short_name": "Org B"}, SHORT_NAME_MESSAGE),                 # same municipality
    ({"short_name": "org b"}, SHORT_NAME_MESSAGE),                 # case does not make it new
    ({"kind": "partner", "partner_kind": ""}, PARTNER_KIND_MESSAGE),
], ids=["reserved-platform", "reserved-login", "cyrillic", "leading-hyphen", "punctuation", "same-municipality-slug",
        "other-municipality-slug", "other-department-slug", "duplicate-short-name", "duplicate-short-name-case",
        "partner-without-kind"])
def test_bad_organization_input_changes_nothing_and_answers_in_russian(fields, message, world, clients, inspector):
    officer = clients("d1_officer")  # signed in first: the sign-in itself is an audit event
    before = _counts(inspector)
    response = _create_org(officer, **fields)
    assert response.status_code == 200
    assert message in _errors(response.get_data(as_text=True))
    assert _counts(inspector) == before


def test_every_top_level_address_of_the_application_is_refused_as_a_slug(app, world, clients, inspector):
    """An organization's address must never shadow a route of the platform (/login/, /platform/, ...)."""
    segments = {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()}
    segments = {s for s in segments if s and not s.startswith("<")}
    assert {"login", "platform", "account", "static"} <= segments
    officer = clients("d1_officer")
    before = _counts(inspector)
    for segment in sorted(segments):
        response = _create_org(officer, slug=segment)
        assert SLUG_MESSAGE in _errors(response.get_data(as_text=True)), segment
    assert _counts(inspector) == before


def test_slug_of_another_municipality_answers_exactly_like_one_of_the_same(world, clients):
    officer = clients("d1_officer")
    own = _errors(_create_org(officer, slug="school-b").get_data(as_text=True))
    foreign = _errors(_create_org(officer, slug="school-c").get_data(as_text=True))
    assert own == foreign == f"<li>{TAKEN_MESSAGE}</li>"


def test_short_name_of_another_municipality_is_free(world, clients, inspector):
    """Short names are unique per municipality only: school C's short name is usable in M1."""
    response = _create_org(clients("d1_officer"), short_name="Org C", slug="org-c-m1")
    assert response.status_code == 302
    with inspector.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM organizations WHERE short_name = 'Org C'")).scalar_one() == 2


@pytest.mark.parametrize("fields, message", [
    ({"slug": "admin"}, SLUG_MESSAGE),
    ({"slug": "Щёкино"}, SLUG_MESSAGE),
    ({"slug": "mun-m1"}, TAKEN_MESSAGE),  # an existing municipality
    ({"first_role": "director"}, "Неверный вариант."),  # a school role: not a choice of the form
], ids=["reserved", "cyrillic", "existing-municipality", "school-role"])
def test_bad_municipality_input_changes_nothing_and_answers_in_russian(fields, message, world, clients, inspector):
    admin = clients("platform_admin")  # signed in first: the sign-in itself is an audit event
    before = _counts(inspector)
    response = post(admin, "/platform/municipalities/new", {**MUNICIPALITY_FORM, **fields},
                    token_from="/platform/municipalities/new")
    assert response.status_code == 200
    assert message in _errors(response.get_data(as_text=True))
    assert _counts(inspector) == before


def test_municipality_whose_department_address_is_taken_is_not_created(app, world, clients, inspector):
    """The department's address is "<slug>-uo": taken by a school of another municipality, the whole
    municipality is refused with the neutral message and nothing is left behind."""
    assert _create_org(clients("d1_officer"), slug="zarechye-uo").status_code == 302
    admin = clients("platform_admin")
    before = _counts(inspector)
    response = post(admin, "/platform/municipalities/new",
                    {**MUNICIPALITY_FORM, "slug": "zarechye"}, token_from="/platform/municipalities/new")
    assert response.status_code == 200
    assert TAKEN_MESSAGE in _errors(response.get_data(as_text=True))
    assert _counts(inspector) == before
    deliver_queued_mail(app)
    assert letters_to(app, MUNICIPALITY_FORM["first_email"]) == []


# --- (d) who may use the municipal pages ---

@pytest.mark.parametrize("key", ["a_director", "a_teacher", "a_admin", "p_coordinator", "d2_officer"])
def test_municipal_organizations_are_not_found_for_non_members(key, world, clients, inspector):
    client = clients(key)
    assert client.get("/m1-uo/organizations/").status_code == 404
    assert client.get("/m1-uo/organizations/new").status_code == 404
    before = _counts(inspector)
    response = client.post("/m1-uo/organizations/new",
                           data={"csrf_token": csrf_token(client, "/account/"), "kind": "school",
                                 "name": "X", "short_name": "X", "slug": "school-x"})
    assert response.status_code == 404
    assert _counts(inspector) == before


def test_school_departments_have_no_municipal_pages(world, clients):
    """The municipal pages exist only under a municipal department: a director at their own school
    gets the same 404."""
    assert clients("a_director").get("/school-a/organizations/").status_code == 404


def test_network_coordinator_of_the_department_sees_its_organizations(world, clients):
    response = clients("d1_coordinator").get("/m1-uo/organizations/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Org A" in html and "Org P" in html and "Org C" not in html


# --- (e) the platform admin sees no tenant personal data ---

def test_platform_pages_show_no_persons_name_or_email(app, world, clients):
    admin = clients("platform_admin")
    post(admin, "/platform/municipalities/new", MUNICIPALITY_FORM, token_from="/platform/municipalities/new")
    pages = {path: admin.get(path) for path in ("/platform/", "/platform/jobs", "/platform/municipalities/new")}
    for path, response in pages.items():
        assert response.status_code == 200, path
    index = pages["/platform/"].get_data(as_text=True)
    assert "Municipality M1" in index and "Новый муниципальный район" in index  # the page is not empty
    for key, person in world.people.items():
        if key == "platform_admin":
            continue  # their own name is in the header
        for path, response in pages.items():
            html = response.get_data(as_text=True)
            assert f"Person {key}" not in html and person.email not in html, (path, key)
    for path, response in pages.items():
        html = response.get_data(as_text=True)
        assert MUNICIPALITY_FORM["first_email"] not in html and MUNICIPALITY_FORM["first_name"] not in html, path
