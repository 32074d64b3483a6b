"""What the layout of every page needs from orgs: the organization switcher and the UI words of
roles and kinds."""
from __future__ import annotations

from flask import g, has_request_context
from flask_login import current_user

from app.core.access import SIGNED_IN
from app.core.roles import KIND_LABELS, ROLE_LABELS
from app.orgs.staff import switcher_links


def layout_context() -> dict:
    ctx = {"role_labels": ROLE_LABELS, "kind_labels": KIND_LABELS, "switcher": []}
    if has_request_context() and current_user.is_authenticated and g.get("auth_state") == SIGNED_IN:
        ctx["switcher"] = switcher_links(current_user)
    return ctx
