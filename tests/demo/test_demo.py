"""The demo data of `flask demo seed` / `make run`: «Щёкинский район» with its schools and partners and
a fictional person in every role; seeding again changes nothing; every demo login works."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from app.core.roles import Role
from app.demo import seed as demo
from tests.support.http import csrf_token

DEMO_BANNER = "Демонстрационный режим: второй фактор не требуется"
TABLES = ("municipalities", "organizations", "users", "memberships",
          # The mentoring cycle (app/demo/mentoring.py): the ledger, both banks, what was sent, the letters.
          "consent_texts", "consents", "consent_scans", "consent_destruction_acts", "mentor_entries",
          "mentee_entries", "bank_status_changes", "mentee_support", "bank_reviews", "bank_invitations",
          "bank_dictionary_entries", "outbound_emails", "audit_events",
          # The mentoring cycle II (app/demo/cycle.py): pairs, programmes, orders, petitions.
          "pairs", "pair_participants", "pair_transitions", "programmes", "programme_activities",
          "programme_revisions", "programme_journal", "orders", "order_people", "petitions")
# The columns a second seed must leave as they are (besides the ids): states, dates, what was chosen.
MENTORING_COLUMNS = {
    "consent_texts": "org_id, purpose, version",
    "consents": "org_id, teacher_id, purpose, channel, given_at, withdrawn_at, destroyed_at, scan_id",
    "consent_scans": "org_id, teacher_id, sha256",
    "consent_destruction_acts": "org_id, consent_id, destroyed_on",
    "mentor_entries": "org_id, teacher_id, status, capacity, basis, approval_order_ref, submitted_at",
    "mentee_entries": "org_id, teacher_id, status, category, submitted_at",
    "bank_status_changes": "org_id, new_status, at",
    "mentee_support": "org_id, mentee_entry_id, kind, starts_on, ends_on",
    "bank_reviews": "org_id, reviewed_at",
    "bank_invitations": "org_id, teacher_id, bank, sent_at, answered_at",
    "bank_dictionary_entries": "municipality_id, kind, title",
    "outbound_emails": "id",
    "audit_events": "org_id, action, object_id",
    "pairs": "org_id, kind, form_code, status, order_id, end_reason, end_order_id",
    "pair_participants": "org_id, pair_id, teacher_id, role, response, left_at",
    "pair_transitions": "org_id, pair_id, from_status, to_status, order_id",
    "programmes": "org_id, pair_id, status, starts_on, ends_on, extended_by_id",
    "programme_activities": "org_id, programme_id, kind, status, due_on",
    "programme_revisions": "org_id, programme_id, number, kind, status",
    "programme_journal": "org_id, programme_id, met_on, minutes",
    "orders": "org_id, kind, status, number, signed_on",
    "order_people": "org_id, order_id, teacher_id, place",
    "petitions": "org_id, pair_id, kind, status, order_id",
}


def _seed(app) -> None:
    with app.app_context():
        from app.core.extensions import db

        demo.seed()
        db.session.commit()
        db.session.remove()


def _rows(inspector) -> dict[str, list]:
    with inspector.connect() as conn:
        return {
            "municipalities": conn.execute(text("SELECT id, slug, name FROM municipalities ORDER BY id")).all(),
            "organizations": conn.execute(text("SELECT id, municipality_id, slug, kind, partner_kind, short_name "
                                               "FROM organizations ORDER BY id")).all(),
            "users": conn.execute(text("SELECT id, email, full_name, password_hash, is_platform_admin "
                                       "FROM users ORDER BY id")).all(),
            "memberships": conn.execute(text("SELECT id, org_id, user_id, roles FROM memberships ORDER BY id")).all(),
        } | {table: conn.execute(text(f"SELECT id, {columns} FROM {table} ORDER BY id")).all()
             for table, columns in MENTORING_COLUMNS.items()}


@pytest.fixture
def seeded(app, inspector):
    _seed(app)
    return _rows(inspector)


def test_seeding_twice_keeps_the_same_rows_and_ids(app, seeded, inspector):
    """A second seed adds nothing and changes nothing: no consent, entry, letter or audit event more."""
    assert all(seeded[table] for table in TABLES)
    _seed(app)
    again = _rows(inspector)
    for table in TABLES:
        assert len(again[table]) == len(seeded[table]), table
        assert again[table] == seeded[table], table


def test_seeding_adds_what_is_missing_and_keeps_the_rest(app, seeded, inspector):
    """Idempotent in the useful sense: a deleted membership of a demo login comes back, nothing else is
    touched."""
    mentor, = [u.id for u in seeded["users"] if u.email == "mentor@school11.demo"]
    membership, = [m for m in seeded["memberships"] if m.user_id == mentor]
    with inspector.begin() as conn:
        conn.execute(text("DELETE FROM memberships WHERE id = :i"), {"i": membership.id})
    _seed(app)
    again = _rows(inspector)
    assert again["users"] == seeded["users"] and again["organizations"] == seeded["organizations"]
    assert len(again["memberships"]) == len(seeded["memberships"])
    restored = {(m.org_id, m.user_id, tuple(m.roles)) for m in again["memberships"]}
    assert (membership.org_id, membership.user_id, tuple(membership.roles)) in restored


def test_demo_has_shchekino_with_three_schools_a_university_and_a_college(seeded):
    municipality, = [m for m in seeded["municipalities"] if m.name == "Щёкинский район"]
    orgs = [o for o in seeded["organizations"] if o.municipality_id == municipality.id]
    schools = {o.short_name for o in orgs if o.kind == "school"}
    assert len(schools) >= 3
    assert "МБОУ «Средняя школа №11»" in schools
    partners = [o.partner_kind for o in orgs if o.kind == "partner"]
    assert partners.count("university") >= 1 and partners.count("college") >= 1
    assert len([o for o in orgs if o.kind == "municipal"]) == 1


def test_demo_has_a_person_in_every_role_and_a_platform_admin(seeded):
    held = {role for m in seeded["memberships"] for role in m.roles}
    assert held >= {role.value for role in Role}
    assert [u for u in seeded["users"] if u.is_platform_admin]


def test_demo_people_are_fictional_and_use_demo_addresses(seeded):
    for user in seeded["users"]:
        assert user.email.endswith(".demo"), user.email
        assert user.password_hash and demo.DEMO_PASSWORD not in user.password_hash


def _sign_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": email,
                                           "password": demo.DEMO_PASSWORD})
    return client, response


def test_every_demo_login_signs_in_with_the_demo_password(app, seeded, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_RELAX_TOTP", True)
    emails = {email for email, *_ in demo.PEOPLE}
    # Besides the demo people, the teachers of the demo pairs joined СШ №11 with their registry's addresses
    # (app/demo/cycle.py: a pair is accepted in the app).
    others = {u.email for u in seeded["users"]} - emails
    assert emails <= {u.email for u in seeded["users"]}
    assert others and all(e.startswith("teacher") and e.endswith("@school11.demo") for e in others)
    for email, _name, memberships, is_admin in demo.PEOPLE:
        client, response = _sign_in(app, email)
        assert response.status_code == 302 and not response.headers["Location"].endswith("/login"), email
        page = client.get(response.headers["Location"], follow_redirects=True)
        assert page.status_code == 200, email
        expected = "/platform/" if is_admin and not memberships else f"/{memberships[0][0]}/"
        assert page.request.path == expected, (email, page.request.path)
        assert DEMO_BANNER in page.get_data(as_text=True), email


def test_demo_logins_need_the_second_factor_when_it_is_not_relaxed(app, seeded):
    """Without DEMO_RELAX_TOTP the privileged demo people are sent to set up TOTP first."""
    assert app.config["DEMO_RELAX_TOTP"] is False
    for email in ("director@school11.demo", "uo@shchekino.demo", "admin@nastavnik.demo"):
        client, response = _sign_in(app, email)
        assert response.status_code == 302, email
        page = client.get(response.headers["Location"], follow_redirects=True)
        assert page.request.path == "/account/second-factor", email
        assert DEMO_BANNER not in page.get_data(as_text=True)
    client, response = _sign_in(app, "mentor@school11.demo")  # a teacher needs no second factor
    assert client.get(response.headers["Location"], follow_redirects=True).request.path == "/school11/"


def test_demo_login_with_a_wrong_password_is_refused(app, seeded):
    client = app.test_client()
    response = client.post("/login", data={"csrf_token": csrf_token(client), "email": "mentor@school11.demo",
                                           "password": "not-the-demo-password"})
    assert response.status_code == 200
    assert "Неверный адрес электронной почты или пароль" in response.get_data(as_text=True)


def test_the_demo_school_has_a_registry_of_45_teachers_with_6_young_specialists_and_linked_accounts(
        app, seeded, inspector):
    """Issue 7, demo data: СШ №11 about 45 teachers, 6 young specialists (under 35, experience up to 3 years),
    the demo teachers linked to their accounts; seeding again adds no record."""
    query = text("""
        SELECT count(*), count(*) FILTER (WHERE t.birth_date > current_date - interval '35 years'
                                           AND t.experience_since >= current_date - interval '3 years'),
               count(t.user_id)
        FROM teachers t JOIN organizations o ON o.id = t.org_id WHERE o.slug = 'school11'""")
    with inspector.connect() as conn:
        total, young, linked = conn.execute(query).one()
        # The five demo accounts that teach, and the teachers of the demo pairs (app/demo/cycle.py).
        assert (total, young) == (45, 6) and linked >= 5
    _seed(app)
    with inspector.connect() as conn:
        assert conn.execute(query).one()[0] == 45
