"""The staff list of an organization: members, their roles, deactivation (DESIGN.md §1)."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import sessions
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.core.pagination import paginate
from app.core.roles import STAFF_ADMIN_ROLES
from app.orgs.invitations import validate_roles
from app.orgs.models import Membership, Organization
from tenants.scope import current_scope, require_scope
from tenants.switches import as_person


def staff_page(page: int, per_page: int = 25):
    scope = require_scope()
    stmt = (select(Membership).join(User, User.id == Membership.user_id)
            .where(Membership.org_id == scope.org_id)
            .order_by(Membership.is_active.desc(), User.full_name, Membership.id))
    return paginate(stmt, page, per_page)


def change_roles(org: Organization, membership: Membership, roles: list[str]) -> None:
    roles = validate_roles(org, roles)
    scope = current_scope()
    if membership.user_id == scope.user_id and not set(roles) & {r.value for r in STAFF_ADMIN_ROLES}:
        raise ServiceError(_l("You cannot remove your own right to manage the staff list."), field="roles")
    before = list(membership.roles)
    membership.roles = roles
    audit.record("change_roles", "membership", membership.id, object_name=membership.user.full_name,
                 details={"before": before, "after": roles})
    # New privileges take effect with a fresh sign-in (and a second factor where required).
    sessions.revoke_all(membership.user_id)


def deactivate(membership: Membership) -> None:
    scope = current_scope()
    if membership.user_id == scope.user_id:
        raise ServiceError(_l("You cannot deactivate yourself."))
    if not membership.is_active:
        return
    membership.is_active = False
    membership.deactivated_at = utcnow()
    # Deactivation ends that person's sessions at once (they may belong to other orgs: they sign in again).
    sessions.revoke_all(membership.user_id)
    audit.record("deactivate", "membership", membership.id, object_name=membership.user.full_name,
                 details={"before": {"is_active": True}, "after": {"is_active": False}})


def reactivate(membership: Membership) -> None:
    if membership.is_active:
        return
    membership.is_active, membership.deactivated_at = True, None
    audit.record("reactivate", "membership", membership.id, object_name=membership.user.full_name,
                 details={"before": {"is_active": False}, "after": {"is_active": True}})


def get_membership(membership_id: uuid.UUID) -> Membership | None:
    """A membership of the current organization, or None (also for another organization's id)."""
    scope = require_scope()
    return db.session.scalars(select(Membership).where(
        Membership.id == membership_id, Membership.org_id == scope.org_id)).one_or_none()


def view_membership(membership_id: uuid.UUID) -> Membership | None:
    """Open a staff member's record; every view of a personal record is logged (152-ФЗ ст. 19)."""
    membership = get_membership(membership_id)
    if membership is not None:
        audit.record("view", "membership", membership.id, object_name=membership.user.full_name)
    return membership


def memberships_of(user: User) -> list[Membership]:
    """The person's own active memberships, for the organization switcher."""
    with as_person(user.id):
        return list(db.session.scalars(select(Membership).where(
            Membership.user_id == user.id, Membership.is_active.is_(True))
            .join(Organization, Organization.id == Membership.org_id)
            .where(Organization.is_active.is_(True)).order_by(Organization.short_name)).unique())
