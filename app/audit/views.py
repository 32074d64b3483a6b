"""The audit log of an organization, for its staff administrators."""
from __future__ import annotations

from flask import render_template

from app.audit import bp, labels, services
from app.core.pagination import page_arg


@bp.get("/audit")
def log(org_slug: str):
    return render_template("audit/log.html", pagination=services.page(page_arg()),
                           action_labels=labels.action_labels(), object_labels=labels.object_labels())
