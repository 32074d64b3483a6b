"""List pages cost a fixed number of SQL statements whatever the amount of data (no N+1 queries),
and long lists are paginated."""
from __future__ import annotations

import re
import uuid

import pytest

EXTRA_MEMBERS, EXTRA_ORGS, EXTRA_EVENTS = 30, 30, 60
STAFF_PER_PAGE, ORGS_PER_PAGE, AUDIT_PER_PAGE = 25, 25, 50

# page -> (person who reads it, path)
PAGES = {
    "staff list": ("a_admin", "/school-a/staff"),
    "municipal organizations": ("d1_officer", "/m1-uo/organizations/"),
    "audit log": ("a_admin", "/school-a/audit?views=y"),
    "school home": ("a_teacher", "/school-a/"),
    "department home": ("d1_officer", "/m1-uo/"),
}


def _grow(app, world) -> None:
    """30 more members of school A, 30 more organizations in M1, 60 more audit events of A — written
    the way the application writes them, each under its tenant scope."""
    from app.core.extensions import db
    from app.accounts.models import User
    from app.core.roles import OrgKind
    from app.orgs.models import Membership, Organization
    from app.audit.models import AuditEvent
    from tenants.scope import TenantScope, tenant_scope
    from tests.support.world import add_user

    school = world.orgs["A"]
    with app.app_context():
        users = []
        for n in range(EXTRA_MEMBERS):
            user = User(id=uuid.uuid4(), email=f"extra{n:02d}@test-nastavnik.ru", full_name=f"Extra Person {n:02d}")
            add_user(user)
            users.append(user)
        with tenant_scope(TenantScope(municipality_id=school.municipality_id, org_id=school.id)):
            for n, user in enumerate(users):
                db.session.add(Membership(id=uuid.uuid4(), org_id=school.id, municipality_id=school.municipality_id,
                                          user_id=user.id, roles=["teacher", "methodist"] if n % 2 else ["teacher"]))
            db.session.flush()
            for n in range(EXTRA_EVENTS):
                db.session.add(AuditEvent(municipality_id=school.municipality_id, org_id=school.id,
                                          actor_id=users[n % EXTRA_MEMBERS].id, action="view",
                                          object_type="membership", object_id=str(uuid.uuid4()),
                                          ip=f"10.0.0.{n}", details={}))
            db.session.flush()
        municipality = world.municipalities["M1"]
        with tenant_scope(TenantScope(municipality_id=municipality)):
            for n in range(EXTRA_ORGS):
                kind = OrgKind.school if n % 3 else OrgKind.partner
                db.session.add(Organization(id=uuid.uuid4(), municipality_id=municipality, kind=kind,
                                            name=f"Extra organization {n:02d}", short_name=f"Extra {n:02d}",
                                            slug=f"extra-{n:02d}"))
            db.session.flush()
        db.session.commit()
        db.session.remove()


def _measure(clients, count_queries) -> dict[str, int]:
    figures = {}
    for name, (person, path) in PAGES.items():
        client = clients(person)
        assert client.get(path).status_code == 200, name  # warm-up: a due session touch happens here
        with count_queries() as counter:
            response = client.get(path)
        assert response.status_code == 200, name
        figures[name] = counter.count
    return figures


def test_list_pages_cost_the_same_number_of_queries_with_more_data(app, world, clients, count_queries):
    before = _measure(clients, count_queries)
    _grow(app, world)
    after = _measure(clients, count_queries)
    for name in PAGES:
        print(f"{name}: {before[name]} SQL statements before, {after[name]} after adding data")
    assert after == before


def _staff_rows(html: str) -> list[str]:
    return re.findall(r'href="/school-a/staff/([0-9a-f-]{36})"', html)


def test_staff_list_is_paginated(app, world, clients):
    _grow(app, world)
    admin = clients("a_admin")
    first = admin.get("/school-a/staff").get_data(as_text=True)
    total = EXTRA_MEMBERS + sum(1 for (_, org) in world.memberships if org == "A")
    assert len(_staff_rows(first)) == STAFF_PER_PAGE
    assert 'href="/school-a/staff?page=2"' in first
    second = admin.get("/school-a/staff?page=2").get_data(as_text=True)
    assert len(_staff_rows(second)) == total - STAFF_PER_PAGE
    assert not set(_staff_rows(first)) & set(_staff_rows(second))
    assert 'href="/school-a/staff?page=3"' not in second


def test_municipal_organizations_list_is_paginated(app, world, clients):
    _grow(app, world)
    officer = clients("d1_officer")
    first = officer.get("/m1-uo/organizations/").get_data(as_text=True)
    rows = re.findall(r"<td[^>]*>/[a-z0-9-]+/</td>", first)
    assert len(rows) == ORGS_PER_PAGE
    assert 'href="/m1-uo/organizations/?page=2"' in first
    second = officer.get("/m1-uo/organizations/?page=2").get_data(as_text=True)
    total = EXTRA_ORGS + sum(1 for org in world.orgs.values() if org.municipality_id == world.municipalities["M1"])
    assert len(re.findall(r"<td[^>]*>/[a-z0-9-]+/</td>", second)) == total - ORGS_PER_PAGE


def test_audit_log_is_paginated(app, world, clients):
    _grow(app, world)
    admin = clients("a_admin")
    first = admin.get("/school-a/audit?views=y").get_data(as_text=True)  # the 60 events are views
    body = first.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == AUDIT_PER_PAGE
    assert 'href="/school-a/audit?page=2&amp;views=y"' in first
    second = admin.get("/school-a/audit?page=2&views=y").get_data(as_text=True)
    assert second.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>") == EXTRA_EVENTS - AUDIT_PER_PAGE


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999"])
def test_out_of_range_page_numbers_do_not_fail(page, world, clients):
    response = clients("a_admin").get(f"/school-a/staff?page={page}")
    assert response.status_code == 200
