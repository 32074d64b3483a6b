"""Reading the audit trail: an organization's admins see their organization's events only."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models.audit import AuditEvent
from tenants.scope import require_scope


def page(page: int, per_page: int = 50):
    scope = require_scope()
    stmt = (select(AuditEvent).where(AuditEvent.org_id == scope.org_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)
