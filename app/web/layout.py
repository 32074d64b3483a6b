"""What every page's layout needs: the person, the organization, its switcher and the navigation."""
from __future__ import annotations

from flask import current_app, g, has_request_context
from flask_babel import get_locale, lazy_gettext as _l
from flask_login import current_user

from app.models.accounts import STAFF_ADMIN_ROLES, Role
from app.models.orgs import OrgKind
from app.services.orgs import KIND_LABELS, ROLE_LABELS
from app.services.passwords import MIN_LENGTH


def _navigation(org, membership) -> list[tuple[str, str, dict]]:
    items = [(_l("Home"), "org.home", {})]
    if membership.has_any(STAFF_ADMIN_ROLES):
        items.append((_l("Staff"), "org.staff", {}))
    if org.kind == OrgKind.municipal and membership.has_any({Role.municipal_officer, Role.network_coordinator}):
        items.append((_l("Organizations"), "municipal.organizations", {}))
    if membership.has_any(STAFF_ADMIN_ROLES):
        items.append((_l("Audit log"), "org.audit_log_page", {}))
    return [(label, endpoint, {"org_slug": org.slug, **kw}) for label, endpoint, kw in items]


def layout_context() -> dict:
    if not has_request_context():  # e-mails rendered by services and jobs
        return {}
    ctx = {
        "get_locale": get_locale,
        "demo_relaxed": current_app.config["DEMO_RELAX_TOTP"],
        "min_password_length": MIN_LENGTH,
        "role_labels": ROLE_LABELS,
        "kind_labels": KIND_LABELS,
        "org": g.get("org"),
        "membership": g.get("membership"),
        "navigation": [],
        "switcher": [],
    }
    if current_user.is_authenticated and g.get("auth_state") == "ok":
        from app.services.accounts import memberships_of

        ctx["switcher"] = memberships_of(current_user)
        if ctx["org"] is not None:
            ctx["navigation"] = _navigation(ctx["org"], ctx["membership"])
    return ctx
