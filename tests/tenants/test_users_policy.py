"""The policies rewritten for speed (migration 0008_speed) admit exactly the rows the earlier ones did,
for every scope of the fixture world: people (users), memberships, organizations."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.database import db_urls

SETTINGS = ("SELECT set_config('app.user_id', :u, true), set_config('app.municipality_id', :m, true), "
            "set_config('app.org_id', :o, true), set_config('app.login_email', :e, true)")
CURRENT_ORG = "NULLIF(current_setting('app.org_id', true), '')::uuid"
CURRENT_MUNICIPALITY = "NULLIF(current_setting('app.municipality_id', true), '')::uuid"
CURRENT_USER = "NULLIF(current_setting('app.user_id', true), '')::uuid"
LOGIN_EMAIL = "NULLIF(current_setting('app.login_email', true), '')"
# The earlier policies (migrations 0001, 0002), with memberships' policy written into the subqueries
# that PostgreSQL applied it to.
OLD_MEMBERSHIPS = f"(m.org_id = {CURRENT_ORG} OR m.user_id = {CURRENT_USER})"
OLD = {
    "users": f"SELECT id FROM users WHERE id = {CURRENT_USER} OR email = {LOGIN_EMAIL} "
             f"OR id IN (SELECT m.user_id FROM memberships m WHERE {OLD_MEMBERSHIPS})",
    "memberships": f"SELECT id FROM memberships m WHERE {OLD_MEMBERSHIPS}",
    "organizations": f"SELECT id FROM organizations WHERE municipality_id = {CURRENT_MUNICIPALITY} "
                     f"OR id IN (SELECT m.org_id FROM memberships m WHERE m.user_id = {CURRENT_USER} "
                     f"AND {OLD_MEMBERSHIPS})",
}


def _scopes(world):
    """(label, user, municipality, org, login e-mail): every organization's scope with one of its
    people, every person's own scope, the sign-in lookup and no scope at all."""
    yield "nobody", None, None, None, None
    for (person, org_key), _ in world.memberships.items():
        org = world.orgs[org_key]
        yield f"{person} in {org_key}", world.people[person].id, org.municipality_id, org.id, None
    for key, person in world.people.items():
        yield f"{key} alone", person.id, None, None, None
        yield f"sign-in of {key}", None, None, None, person.email
    for key, org in world.orgs.items():
        yield f"the directory of {key}'s municipality", None, org.municipality_id, None, None


def _values(scope) -> dict:
    _label, user, municipality, org, email = scope
    return {"u": str(user or ""), "m": str(municipality or ""), "o": str(org or ""), "e": email or ""}


@pytest.mark.parametrize("table", sorted(OLD))
def test_the_rewritten_policy_admits_what_the_earlier_one_did_in_every_scope(table, app, world):
    engine = create_engine(make_url(db_urls()["DATABASE_URL"]).set(drivername="postgresql+psycopg2"))
    superuser = create_engine(make_url(db_urls()["DATABASE_ADMIN_URL"]).set(drivername="postgresql+psycopg2"))
    compared = 0
    try:
        for scope in _scopes(world):
            with engine.begin() as app_conn:  # the app role, under the rewritten policies
                app_conn.execute(text(SETTINGS), _values(scope))
                now = set(app_conn.execute(text(f"SELECT id FROM {table}")).scalars())
            with superuser.begin() as conn:  # a superuser: the earlier policy's condition, by hand
                conn.execute(text(SETTINGS), _values(scope))
                before = set(conn.execute(text(OLD[table])).scalars())
            if scope[3] is not None and table in ("memberships", "organizations"):
                # Tightened: an organization's scope no longer sees the acting person's memberships
                # in other organizations (nor those organizations, across municipalities).
                assert now <= before, (scope[0], now - before)
            else:
                assert now == before, (scope[0], now ^ before)
            compared += 1
    finally:
        engine.dispose()
        superuser.dispose()
    assert compared > 30
