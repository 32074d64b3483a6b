"""Reading the audit trail: an organization's admins see their organization's events only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.audit import AuditEvent
from tenants.scope import require_scope


def page(page: int, per_page: int = 50):
    scope = require_scope()
    stmt = (select(AuditEvent).where(AuditEvent.org_id == scope.org_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


ACTION_LABELS = {
    "view": _l("Viewed the record"),
    "invite": _l("Sent an invitation"),
    "invite_first_account": _l("Invited the first employee"),
    "accept_invitation": _l("Accepted the invitation"),
    "revoke_invitation": _l("Revoked the invitation"),
    "change_roles": _l("Changed the roles"),
    "deactivate": _l("Deactivated"),
    "reactivate": _l("Reactivated"),
    "create": _l("Created"),
}

OBJECT_LABELS = {
    "membership": _l("Staff member"),
    "invitation": _l("Invitation"),
    "organization": _l("Organization"),
    "municipality": _l("Municipality"),
    "user": _l("Account"),
}
