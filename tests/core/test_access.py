"""The access registry: the features' ACCESS tables, merged, say who may use each route; an endpoint
missing from it serves nobody."""
from __future__ import annotations

import pytest

from app.core.access import OrgMember, merge, PUBLIC


def _endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def test_every_route_is_in_the_access_registry(app):
    missing = _endpoints(app) - app.extensions["nastavnik.access"].keys()
    assert not missing, f"routes missing from the features' ACCESS tables: {sorted(missing)}"


def test_access_registry_names_no_route_that_does_not_exist(app):
    stale = app.extensions["nastavnik.access"].keys() - _endpoints(app)
    assert not stale, f"ACCESS names endpoints that do not exist: {sorted(stale)}"


def test_every_organization_route_takes_the_org_from_the_url(app):
    for rule in app.url_map.iter_rules():
        if isinstance(app.extensions["nastavnik.access"].get(rule.endpoint), OrgMember):
            assert rule.rule.startswith("/<org_slug>/"), rule.rule


def test_an_endpoint_declared_by_two_features_is_refused():
    with pytest.raises(RuntimeError):
        merge({"one": {"x.page": PUBLIC}, "two": {"x.page": PUBLIC}})


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
