"""The append-only audit trail and its page (append-only is enforced by grants: tenants/provisioning.py)."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import AUDIT_READER
from app.core.navigation import NavItem

bp = Blueprint("audit", __name__, url_prefix="/<org_slug>", template_folder="templates")

ACCESS = {"audit.log": AUDIT_READER}
NAV = [NavItem(_l("Audit log"), "audit.log", order=900)]


def init_app(app) -> None:
    from app.audit import views  # noqa: F401  (its routes)

    app.register_blueprint(bp)
