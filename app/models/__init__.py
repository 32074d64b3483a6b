from app.models.accounts import (FIRST_ACCOUNT_ROLES, PRIVILEGED_ROLES, ROLES_BY_KIND, STAFF_ADMIN_ROLES,
                                 Invitation, Membership, Role, User, UserSession)
from app.models.audit import AuditEvent
from app.models.mail import OutboundEmail
from app.models.orgs import Municipality, Organization, OrgKind, PartnerKind

__all__ = [
    "AuditEvent", "FIRST_ACCOUNT_ROLES", "Invitation", "Membership", "Municipality", "Organization",
    "OrgKind", "OutboundEmail", "PartnerKind", "PRIVILEGED_ROLES", "ROLES_BY_KIND", "Role", "STAFF_ADMIN_ROLES", "User",
    "UserSession",
]
