"""The cross-tenant matrix (ASVS 8.4.1): for every route with an object id, a person of school A using
an id of school B or of school C (another municipality) gets the same 404 as for a random id, and
nothing changes in the database; list pages of A never show B's or C's rows."""
from __future__ import annotations

import hashlib
import importlib
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.http import csrf_token

# (endpoint, method) -> (path template, kind of object, acting person, the person's org, form data)
OBJECT_ROUTES = {
    ("org.member", "GET"): ("/{slug}/staff/{id}", "membership", "a_admin", "A", None),
    ("org.member_roles", "POST"): ("/{slug}/staff/{id}/roles", "membership", "a_admin", "A", {"roles": ["teacher"]}),
    ("org.member_deactivate", "GET"): ("/{slug}/staff/{id}/deactivate", "membership", "a_admin", "A", None),
    ("org.member_deactivate", "POST"): ("/{slug}/staff/{id}/deactivate", "membership", "a_admin", "A",
                                        {"confirm": "yes"}),
    ("org.member_reactivate", "POST"): ("/{slug}/staff/{id}/reactivate", "membership", "a_admin", "A", {}),
    ("org.member_reset_second_factor", "GET"): ("/{slug}/staff/{id}/second-factor/reset", "membership",
                                                "a_director", "A", None),
    ("org.member_reset_second_factor", "POST"): ("/{slug}/staff/{id}/second-factor/reset", "membership",
                                                 "a_director", "A", {"confirm": "yes"}),
    ("org.invitation_revoke", "GET"): ("/{slug}/invitations/{id}/revoke", "invitation", "a_admin", "A", None),
    ("org.invitation_revoke", "POST"): ("/{slug}/invitations/{id}/revoke", "invitation", "a_admin", "A",
                                        {"confirm": "yes"}),
    ("municipal.invite_first_account", "GET"): ("/{slug}/organizations/{id}/invite", "organization",
                                                "d1_officer", "D1", None),
    ("municipal.invite_first_account", "POST"): ("/{slug}/organizations/{id}/invite", "organization",
                                                 "d1_officer", "D1", {"email": "x@test-nastavnik.ru",
                                                                      "full_name": "X", "role": "director"}),
    ("municipal.edit_organization", "GET"): ("/{slug}/organizations/{id}/edit", "organization",
                                             "d1_officer", "D1", None),
    ("municipal.edit_organization", "POST"): ("/{slug}/organizations/{id}/edit", "organization",
                                              "d1_officer", "D1", {"name": "X", "short_name": "X"}),
    ("municipal.archive_organization", "GET"): ("/{slug}/organizations/{id}/archive", "organization",
                                                "d1_officer", "D1", None),
    ("municipal.archive_organization", "POST"): ("/{slug}/organizations/{id}/archive", "organization",
                                                 "d1_officer", "D1", {"confirm": "yes"}),
    ("municipal.restore_organization", "POST"): ("/{slug}/organizations/{id}/restore", "organization",
                                                  "d1_officer", "D1", {}),
    ("municipal.heads", "GET"): ("/{slug}/organizations/{id}/head", "organization", "d1_officer", "D1", None),
    # Two ids: the organization and its head (or the head invitation the department sent).
    ("municipal.remove_head", "GET"): ("/{slug}/organizations/{org}/head/{id}/remove", "head", "d1_officer", "D1",
                                       None),
    ("municipal.remove_head", "POST"): ("/{slug}/organizations/{org}/head/{id}/remove", "head", "d1_officer", "D1",
                                        {"confirm": "yes"}),
    ("municipal.reset_head_second_factor", "GET"): ("/{slug}/organizations/{org}/head/{id}/second-factor/reset",
                                                    "head", "d1_officer", "D1", None),
    ("municipal.reset_head_second_factor", "POST"): ("/{slug}/organizations/{org}/head/{id}/second-factor/reset",
                                                     "head", "d1_officer", "D1", {"confirm": "yes"}),
    ("municipal.revoke_head_invitation", "GET"): ("/{slug}/organizations/{org}/head-invitation/{id}/revoke",
                                                  "head_invitation", "d1_officer", "D1", None),
    ("municipal.revoke_head_invitation", "POST"): ("/{slug}/organizations/{org}/head-invitation/{id}/revoke",
                                                   "head_invitation", "d1_officer", "D1", {"confirm": "yes"}),
}

# A feature adds its rows in tests/<feature>/isolation.py: OBJECT_ROUTES as above, foreign_objects(app,
# world) -> {kind: {owner: id}} for its kinds (objects of B and C), SNAPSHOT_TABLES it writes.
FEATURE_MATRICES = [importlib.import_module(f"tests.{folder.name}.isolation")
                    for folder in sorted(Path(__file__).resolve().parent.parent.iterdir())
                    if (folder / "isolation.py").exists()]
for _feature in FEATURE_MATRICES:
    OBJECT_ROUTES.update(_feature.OBJECT_ROUTES)

# Routes with an id that are not tenant objects, and why.
NOT_TENANT_OBJECTS = {
    "platform.retry_job": "an RQ job id on the platform admin's page; tested in test_jobs.py",
    "platform.retry_letter": "a given-up letter on the platform admin's page (the outbox's narrow path across "
                             "tenants, no personal data); tested in tests/mail/test_outbox.py",
    "auth.reset_password": "a signed token, not an object id; tested in test_accounts.py",
    "orgs.accept_invitation": "a signed token, not an object id; tested in test_accounts.py",
    "account.confirm_email": "a signed token, not an object id; tested in tests/accounts/test_account_changes.py",
}


def test_every_route_with_an_object_id_is_in_the_matrix(app):
    """Every method of every route with an object id (a confirmation page is a GET of its own)."""
    for rule in app.url_map.iter_rules():
        ids = set(rule.arguments) - {"org_slug", "filename"}
        if ids and rule.endpoint in app.extensions["nastavnik.access"]:
            if rule.endpoint in NOT_TENANT_OBJECTS:
                continue
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (rule.endpoint, method) in OBJECT_ROUTES, (rule.endpoint, method)


def _foreign_objects(app, world) -> dict[str, dict[str, str]]:
    """Ids of objects of B (same municipality) and of C (other municipality), per kind."""
    from app.core.extensions import db
    from app.orgs.models import Invitation
    from app.core.models import utcnow
    from tenants.scope import TenantScope, tenant_scope

    invitations = {}
    with app.app_context():
        for key in ("B", "C"):
            org = world.orgs[key]
            with tenant_scope(TenantScope(municipality_id=org.municipality_id, org_id=org.id)):
                inv = Invitation(id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id,
                                 email=f"new-{key}@test-nastavnik.ru", full_name="New", roles=["teacher"],
                                 token_hash="0" * 64, expires_at=utcnow() + timedelta(days=1))
                db.session.add(inv)
                db.session.flush()
            invitations[key] = str(inv.id)
        db.session.commit()
        db.session.remove()
    objects = {}
    for feature in FEATURE_MATRICES:
        objects.update(feature.foreign_objects(app, world))
    return objects | {
        "membership": {"B": str(world.memberships[("b_teacher", "B")]),
                       "C": str(world.memberships[("c_teacher", "C")])},
        "invitation": invitations,
        # For the department of municipality M1, school B is its own; C and M2's department are not.
        "organization": {"C": str(world.orgs["C"].id), "D2": str(world.orgs["D2"].id)},
        # (organization, object): another municipality's head; a head of B named under school A.
        "head": {"C": (str(world.orgs["C"].id), str(world.memberships[("c_admin", "C")])),
                 "D2": (str(world.orgs["D2"].id), str(world.memberships[("d2_officer", "D2")])),
                 "B under A": (str(world.orgs["A"].id), str(world.memberships[("b_director", "B")]))},
        # Invitations the department did not send: B's own, C's, and B's named under school A.
        "head_invitation": {"B": (str(world.orgs["B"].id), invitations["B"]),
                            "C": (str(world.orgs["C"].id), invitations["C"]),
                            "B under A": (str(world.orgs["A"].id), invitations["B"])},
    }


def _snapshot(inspector) -> str:
    tables = ("municipalities", "organizations", "users", "memberships", "invitations", "outbound_emails",
              "audit_events") + tuple(t for feature in FEATURE_MATRICES for t in feature.SNAPSHOT_TABLES)
    digest = hashlib.sha256()
    with inspector.connect() as conn:
        for table in tables:
            rows = conn.execute(text(f"SELECT t::text FROM {table} t ORDER BY 1")).scalars().all()
            assert rows or table in ("outbound_emails", "audit_events") or any(
                table in feature.SNAPSHOT_TABLES for feature in FEATURE_MATRICES), f"the snapshot sees no {table}"
            digest.update(f"{table}:{len(rows)}:{'|'.join(rows)}".encode())
    return digest.hexdigest()


_TOKEN_RE = re.compile(r'value="[^"]{40,}"')


def _body(response) -> str:
    # CSRF tokens carry a timestamp: equal pages may differ only there.
    return _TOKEN_RE.sub('value="TOKEN"', response.get_data(as_text=True))


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES), ids=lambda route: "-".join(route))
def test_another_tenants_object_answers_404_like_a_random_id_and_changes_nothing(
        route, app, world, clients, inspector):
    endpoint, method = route
    template, kind, actor, org_key, data = OBJECT_ROUTES[route]
    client = clients(actor)
    slug = world.orgs[org_key].slug
    foreign = _foreign_objects(app, world)[kind]

    def call(object_id):
        org_id, object_id = object_id if isinstance(object_id, tuple) else (str(uuid.uuid4()), object_id)
        path = template.format(slug=slug, id=object_id, org=org_id)
        if method == "GET":
            return client.get(path)
        token = csrf_token(client, f"/{slug}/")
        return client.post(path, data={"csrf_token": token, **(data or {})})

    baseline = call(str(uuid.uuid4()))
    assert baseline.status_code == 404
    before = _snapshot(inspector)
    for owner, object_id in foreign.items():
        response = call(object_id)
        assert response.status_code == 404, f"{endpoint} with {owner}'s {kind}"
        assert _body(response) == _body(baseline), f"{endpoint}: {owner}'s id answers differently"
    assert _snapshot(inspector) == before, f"{endpoint} changed the database for a foreign id"
    malformed = call("not-a-uuid")
    assert malformed.status_code == 404 and _body(malformed) == _body(baseline)
    if "{org}" in template:  # the organization is the department's own: the object alone is wrong
        own = str(world.orgs["A"].id)
        for object_id in (str(uuid.uuid4()), "not-a-uuid"):
            response = call((own, object_id))
            assert response.status_code == 404 and _body(response) == _body(baseline), endpoint


def test_the_same_route_works_for_the_own_tenants_object(app, world, clients):
    """The matrix is not vacuous: A's admin does reach A's own member."""
    client = clients("a_admin")
    response = client.get(f"/school-a/staff/{world.memberships[('a_teacher', 'A')]}")
    assert response.status_code == 200
    assert "Person a_teacher" in response.get_data(as_text=True)


@pytest.mark.parametrize("slug", ["school-b", "school-c", "m1-uo", "no-such-school"])
def test_another_organizations_pages_answer_404_like_an_unknown_slug(slug, app, world, clients):
    client = clients("a_admin")
    for path in ("/{}/", "/{}/staff", "/{}/audit", "/{}/organizations/", "/{}/requisites"):
        response = client.get(path.format(slug))
        assert response.status_code == 404, path.format(slug)
        assert _body(response) == _body(client.get(path.format("no-such-school")))


def test_staff_list_of_a_never_shows_people_of_b_or_c(world, clients):
    html = clients("a_admin").get("/school-a/staff").get_data(as_text=True)
    assert "Person a_teacher" in html and "Person ab_teacher" in html
    for outsider in ("b_teacher", "b_director", "c_teacher", "c_admin", "d1_officer", "p_mentor"):
        assert f"Person {outsider}" not in html


def test_municipal_list_shows_its_municipality_only(world, clients):
    html = clients("d1_officer").get("/m1-uo/organizations/").get_data(as_text=True)
    assert "Org A" in html and "Org B" in html and "Org P" in html
    assert "Org C" not in html and "Org D2" not in html


def test_audit_log_of_a_never_shows_events_of_b(world, clients):
    b_admin = clients("b_admin")
    b_admin.get(f"/school-b/staff/{world.memberships[('b_teacher', 'B')]}")  # B logs a view
    html = clients("a_admin").get("/school-a/audit?views=y").get_data(as_text=True)
    assert str(world.memberships[("b_teacher", "B")]) not in html
    assert "Person b_admin" not in html and "Person b_teacher" not in html
    b_html = b_admin.get("/school-b/audit?views=y").get_data(as_text=True)
    assert "Сотрудник: Person b_teacher" in b_html


def test_switcher_lists_only_the_persons_own_organizations(world, clients):
    html = clients("ab_teacher").get("/school-a/").get_data(as_text=True)
    assert "/school-a/" in html and "/school-b/" in html
    assert "/school-c/" not in html and "/m1-uo/" not in html
