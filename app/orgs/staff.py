"""The staff list of an organization: members, their roles, deactivation (DESIGN.md §1).

Who may do what is app/orgs/hierarchy.py; the services here check it against the acting person's
membership as read from the database, never against what a page sent. A change of roles or a
deactivation signs nobody out: the access layer reads the membership and its roles on every request
(app/core/access.py), so a deactivated member loses this organization at once and keeps the others,
and new privileges that need the second factor are asked for at the next request."""
from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import not_, select

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.core.roles import PRIVILEGED_ROLES
from app.orgs import hierarchy, people
from app.orgs.models import Membership, Organization
from tenants.scope import require_scope
from tenants.switches import as_person


# The staff list's order: active people first, then by name (index ix_memberships_org_staff_order).
STAFF_ORDER = Keys(((not_(Membership.is_active), lambda m: not m.is_active),
                    (Membership.sort_name, lambda m: m.sort_name),
                    (Membership.id, lambda m: m.id)))


def staff_page() -> Window:
    """The page of the staff list the request asks for: keyset pages in the order of one index, the
    people of the page only joined, the count of memberships alone (capped). Rows of the columns the
    page shows, not objects: loading 50 objects cost a third of the page."""
    scope = require_scope()
    stmt = (select(Membership.id, Membership.roles, Membership.is_active, Membership.sort_name, User.full_name,
                   User.email)
            .join(User, User.id == Membership.user_id).where(Membership.org_id == scope.org_id))
    return keyset_page(stmt, STAFF_ORDER, count_stmt=select(Membership.id).where(Membership.org_id == scope.org_id),
                       entity=False)


def acting_member() -> Membership:
    """The acting person's active membership in the current organization: the rights of a service
    call are read here, from the database."""
    scope = require_scope()
    membership = None
    if scope.org_id is not None and scope.user_id is not None:
        membership = db.session.scalars(select(Membership).where(
            Membership.org_id == scope.org_id, Membership.user_id == scope.user_id,
            Membership.is_active.is_(True))).one_or_none()
    if membership is None:
        raise ServiceError(_l("Only the staff of this organization may do this."))
    return membership


def other_active_heads(org: Organization, user_id: uuid.UUID, *, lock: bool = False) -> int:
    """How many active members other than ``user_id`` hold the organization's head role. With ``lock``,
    every active head's row is locked first (in one order), so two heads handing over at once cannot
    both leave: the second waits, then counts again."""
    head = hierarchy.head_role(org.kind).value
    stmt = (select(Membership.user_id).where(Membership.org_id == org.id, Membership.is_active.is_(True),
                                             Membership.roles.any(head))
            .order_by(Membership.id))
    if lock:
        stmt = stmt.with_for_update()
    return sum(1 for holder in db.session.scalars(stmt) if holder != user_id)


def check_change_roles(org: Organization, membership: Membership, roles: list[str], *,
                       lock: bool = False) -> list[str]:
    """Refuse a change of roles the actor may not make (hierarchy.check_role_change); the new roles."""
    actor = acting_member()
    before = sorted(membership.roles)
    head = hierarchy.head_role(org.kind).value
    if membership.user_id == actor.user_id and head in before and not roles:
        roles = hierarchy.without_head(org.kind, before)  # the hand-over keeps the base role
    after = hierarchy.valid_roles(org.kind, roles)
    losing_head = head in before and head not in after and membership.is_active
    others = other_active_heads(org, membership.user_id, lock=lock and losing_head) if losing_head else 1
    hierarchy.check_role_change(org.kind, actor.roles, before, after, own=membership.user_id == actor.user_id,
                                other_heads=others)
    return after


def change_roles(org: Organization, membership: Membership, roles: list[str]) -> None:
    """Set a member's roles, within what the actor may grant and remove. Nobody is signed out: the
    new roles apply from the person's next request."""
    after = check_change_roles(org, membership, roles, lock=True)
    before = sorted(membership.roles)
    if after == before:
        return
    membership.roles = after
    audit.record("change_roles", "membership", membership.id, object_name=membership.user.full_name,
                 details={"before": before, "after": after})


def check_deactivate(membership: Membership) -> None:
    """Refuse a deactivation the actor may not make (before the confirmation page and again on POST)."""
    actor = acting_member()
    if membership.user_id == actor.user_id:
        raise ServiceError(_l("You cannot deactivate yourself."))
    org = membership.organization
    if membership.is_active and not hierarchy.may_deactivate(org.kind, actor.roles, membership.roles):
        raise ServiceError(_l("You may not deactivate a person who holds a role you cannot grant."))


def deactivate(membership: Membership) -> None:
    """End the person's access to this organization at once (their records stay, and their other
    organizations are untouched)."""
    check_deactivate(membership)
    if not membership.is_active:
        return
    org = membership.organization
    if hierarchy.head_role(org.kind).value in membership.roles and not other_active_heads(
            org, membership.user_id, lock=True):
        raise ServiceError(hierarchy.head_must_remain(org.kind))
    membership.is_active = False
    membership.deactivated_at = utcnow()
    audit.record("deactivate", "membership", membership.id, object_name=membership.user.full_name,
                 details={"before": {"is_active": True}, "after": {"is_active": False}})


def check_reactivate(membership: Membership) -> None:
    actor = acting_member()
    org = membership.organization
    if not membership.is_active and not hierarchy.may_reactivate(org.kind, actor.roles, membership.roles):
        raise ServiceError(_l("You may not reactivate a person who holds a role you cannot grant."))


def reactivate(membership: Membership) -> None:
    check_reactivate(membership)
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
    """The person's own active memberships in active organizations, for the organization switcher,
    in the natural order of names («№1, №5, №11»)."""
    known = people.known_memberships(user.id)
    if known is not None:
        return known
    with as_person(user.id):
        return list(db.session.scalars(select(Membership).where(
            Membership.user_id == user.id, Membership.is_active.is_(True))
            .join(Organization, Organization.id == Membership.org_id)
            .where(Organization.is_active.is_(True))
            .order_by(Organization.sort_key, Organization.id)).unique())


def switcher_links(user: User) -> list[people.OrgLink]:
    """The organizations of the switcher as values (people.OrgLink), in the switcher's order."""
    known = people.known_links(user.id)
    if known is not None:
        return known
    return [people.OrgLink(m.org_id, m.organization.slug, m.organization.short_name, tuple(m.roles))
            for m in memberships_of(user)]


def check_reset_second_factor(membership: Membership, actor: Membership | None = None) -> None:
    """DESIGN.md §1: a person who lost the second factor is reset by the person who may grant their
    role (app/orgs/hierarchy.py may_reset_second_factor). The factor belongs to the person, not to
    this organization: when they hold a privileged role in another organization, or are the platform
    admin, the reset belongs there, and it is refused here. ``actor``: the founder's membership in
    its department (app/orgs/heads.py); else the acting member of this organization."""
    actor = actor or acting_member()
    if not hierarchy.may_reset_second_factor(actor, membership):
        raise ServiceError(_l("You may not reset the second factor of a person who holds a role you cannot grant."))
    if not membership.user.totp_enabled:
        raise ServiceError(_l("This person has no second factor to reset."))
    # The person's other memberships are visible in their own scope only; read for this one check.
    with as_person(membership.user_id):
        elsewhere = db.session.scalars(select(Membership).where(
            Membership.user_id == membership.user_id, Membership.org_id != membership.org_id,
            Membership.is_active.is_(True))).all()
    if membership.user.is_platform_admin or any(m.has_any(PRIVILEGED_ROLES) for m in elsewhere):
        raise ServiceError(_l("This person also holds a role in another organization that requires the second "
                              "factor: it is reset there."))


def reset_second_factor(membership: Membership) -> None:
    """Clear the person's second factor and recovery codes and end their sessions (audited in this
    organization's log); they enrol again at their next sign-in."""
    check_reset_second_factor(membership)
    accounts.reset_second_factor(membership.user_id, actor_user_id=acting_member().user_id)
