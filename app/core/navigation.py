"""Navigation: each feature declares ``NAV`` (its sections of an organization's menu); the layout
shows those the person may open in the current organization (``can``), in the declared order."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, has_request_context
from flask_babel import get_locale

from app.core.access import can


@dataclass(frozen=True)
class NavItem:
    label: object  # a lazy gettext string
    endpoint: str  # an organization page: it takes the org_slug of the current organization
    order: int = 100


def init_app(app, items: list[NavItem]) -> None:
    app.extensions["nastavnik.nav"] = sorted(items, key=lambda item: item.order)
    app.context_processor(layout_context)


def navigation() -> list[tuple[object, str, dict]]:
    org = g.get("org")
    if org is None:
        return []
    return [(item.label, item.endpoint, {"org_slug": org.slug})
            for item in current_app.extensions["nastavnik.nav"] if can(item.endpoint)]


def layout_context() -> dict:
    if not has_request_context():  # e-mails rendered by services and jobs
        return {}
    return {
        "get_locale": get_locale,
        "demo_relaxed": current_app.config["DEMO_RELAX_TOTP"],
        "org": g.get("org"),
        "membership": g.get("membership"),
        "navigation": navigation(),
    }
