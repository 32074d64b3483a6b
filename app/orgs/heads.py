"""The founder and the heads of the organizations it founds (DESIGN.md §1: the founder appoints the
head; "a person who loses [the second factor] is reset by the person who may grant their role").

The municipal officer (for schools; with the network coordinator for partners: hierarchy.FOUNDERS)
sees the names of an organization's active heads — names only, never the rest of its staff — takes
the head role away (so a school that ended up with two directors can be put right) and resets a
head's lost second factor. Each write happens in the organization's scope, for that one write (like
the head invitation, app/orgs/services.py ``invite_first_account``), and is recorded in both logs: the
organization's (what changed on its member) and the department's (what its officer did)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.orgs import hierarchy, staff
from app.orgs.models import Membership, Organization
from app.orgs.services import require_founder
from tenants.scope import require_scope
from tenants.switches import acting_in


@dataclass(frozen=True)
class Head:
    """What the founder's page shows of a head: the name, and whether a second factor is set up (so
    that a reset is offered only where there is one)."""

    membership_id: uuid.UUID
    full_name: str
    has_second_factor: bool


def _in_target(target: Organization, reason: str):
    scope = require_scope()
    return acting_in(user_id=scope.user_id, municipality_id=target.municipality_id, org_id=target.id, reason=reason)


def _is_head(target: Organization):
    return (Membership.org_id == target.id, Membership.is_active.is_(True),
            Membership.roles.any(hierarchy.head_role(target.kind).value))


def heads_of(target: Organization) -> list[Head]:
    """The organization's active heads, by name (the founder's page)."""
    require_founder(target.kind)
    with _in_target(target, "the founder reads the names of an organization's heads"):
        rows = db.session.execute(
            select(Membership.id, User.full_name, User.totp_enabled_at.is_not(None))
            .join(User, User.id == Membership.user_id)
            .where(*_is_head(target))
            .order_by(Membership.sort_name, Membership.id)).all()
    return [Head(membership_id, name, enrolled) for membership_id, name, enrolled in rows]


def head(target: Organization, membership_id: uuid.UUID) -> Head | None:
    """One active head of the organization, else None (also for anyone else's id)."""
    return next((h for h in heads_of(target) if h.membership_id == membership_id), None)


def _head_membership(target: Organization, membership_id: uuid.UUID, *, fresh: bool = False) -> Membership:
    stmt = select(Membership).where(Membership.id == membership_id, *_is_head(target))
    if fresh:
        stmt = stmt.execution_options(populate_existing=True)
    membership = db.session.scalars(stmt).one_or_none()
    if membership is None:
        raise ServiceError(_l("This person is no longer a head of the organization."))
    return membership


def _open(target: Organization) -> None:
    if not target.is_active:
        raise ServiceError(_l("The organization is archived; restore it first."))


def check_remove_head(target: Organization, membership_id: uuid.UUID) -> None:
    """Refuse before the confirmation page what ``remove_head`` would refuse."""
    require_founder(target.kind)
    _open(target)
    with _in_target(target, "the founder checks that another head remains"):
        membership = _head_membership(target, membership_id)
        if not staff.other_active_heads(target, membership.user_id):
            raise ServiceError(hierarchy.head_must_remain(target.kind))


def remove_head(target: Organization, membership_id: uuid.UUID) -> str:
    """Take the head role from one of the organization's heads while another active head remains (the
    rows locked, as in the hand-over; the database refuses the last one's removal too). They keep
    their other roles, or the organization's base role; they are not signed out. Returns the name."""
    require_founder(target.kind)
    _open(target)
    with _in_target(target, "the founder removes the head role"):
        membership = _head_membership(target, membership_id)
        # Every head's row is locked first, in one order (as in the hand-over), then counted and read
        # again: two removals at once cannot leave none.
        others = staff.other_active_heads(target, membership.user_id, lock=True)
        membership = _head_membership(target, membership_id, fresh=True)
        if not others:
            raise ServiceError(hierarchy.head_must_remain(target.kind))
        name = membership.user.full_name
        before = sorted(membership.roles)
        after = hierarchy.without_head(target.kind, before)
        membership.roles = after
        audit.record("change_roles", "membership", membership.id, object_name=name,
                     details={"before": before, "after": after})
    audit.record("remove_head", "organization", target.id, object_name=target.short_name,
                 details={"full_name": name})
    return name


def check_reset_head_second_factor(target: Organization, membership_id: uuid.UUID) -> None:
    """Refuse before the confirmation page what ``reset_head_second_factor`` would refuse."""
    actor = require_founder(target.kind)
    _open(target)
    with _in_target(target, "the founder checks a head's second factor"):
        staff.check_reset_second_factor(_head_membership(target, membership_id), actor=actor)


def reset_head_second_factor(target: Organization, membership_id: uuid.UUID) -> str:
    """Clear a head's lost second factor and recovery codes and end their sessions (the founder may
    grant the head role: hierarchy.may_reset_second_factor); refused when the person holds a
    privileged role in another organization (the reset belongs there). They enrol again at the next
    sign-in. Returns the name."""
    actor = require_founder(target.kind)
    _open(target)
    with _in_target(target, "the founder resets a head's second factor"):
        membership = _head_membership(target, membership_id)
        staff.check_reset_second_factor(membership, actor=actor)
        name = membership.user.full_name
        accounts.reset_second_factor(membership.user_id, actor_user_id=actor.user_id)
    audit.record("second_factor_reset", "organization", target.id, object_name=target.short_name,
                 details={"full_name": name})
    return name
