"""Route classification: one table (app/web/access.py: ROUTES) says who may use each route."""
from __future__ import annotations

from app.web.access import ROUTES, OrgMember


def _endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def test_every_route_is_classified_in_the_route_table(app):
    missing = _endpoints(app) - ROUTES.keys()
    assert not missing, f"routes missing from app/web/access.py ROUTES: {sorted(missing)}"


def test_route_table_names_no_route_that_does_not_exist(app):
    stale = ROUTES.keys() - _endpoints(app)
    assert not stale, f"ROUTES names endpoints that do not exist: {sorted(stale)}"


def test_every_organization_route_takes_the_org_from_the_url(app):
    for rule in app.url_map.iter_rules():
        if isinstance(ROUTES.get(rule.endpoint), OrgMember):
            assert rule.rule.startswith("/<org_slug>/"), rule.rule


def test_an_unclassified_route_serves_nobody(app):
    from app import create_app

    other = create_app({k: app.config[k] for k in (
        "APP_ENV", "DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL", "SECRET_KEY", "DEMO_RELAX_TOTP")})

    @other.get("/unclassified")
    def unclassified():
        return "leaked"

    response = other.test_client().get("/unclassified")
    assert response.status_code == 403
    assert b"leaked" not in response.data
