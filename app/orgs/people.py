"""The signed-in person of a request with their memberships, in one query (the speed issue: the
session, the person and the membership of the URL's organization cost the request two statements);
and why a person may no longer enter one of their own former organizations.

accounts calls ``load_person`` (wired by ``init_app``) right after the session lookup, in the person's
own scope; the access check (``org_by_slug_for_member``) and the organization switcher of the layout
then read the memberships kept on ``g`` instead of asking again."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import g, has_request_context, url_for
from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import contains_eager

from app.accounts import services as accounts
from app.accounts.models import User
from app.core.extensions import db
from app.core.roles import PRIVILEGED_ROLES
from app.orgs.models import Membership, Municipality, Organization
from tenants.switches import as_person

_KEY = "person_memberships"
_LINKS_KEY = "person_org_links"


@dataclass(frozen=True)
class OrgLink:
    """An organization of the switcher, as values: a refused change rolls the request back and expires
    its rows, and another school's rows cannot be read again in this school's scope."""

    org_id: uuid.UUID
    slug: str
    short_name: str
    roles: tuple[str, ...]

# Built once: building and keying this statement cost each request almost a millisecond.
_PERSON = (select(User, Membership)
           .outerjoin(Membership, and_(Membership.user_id == User.id, Membership.is_active.is_(True)))
           .outerjoin(Organization, and_(Organization.id == Membership.org_id, Organization.is_active.is_(True)))
           .outerjoin(Municipality, Municipality.id == Organization.municipality_id)
           .options(contains_eager(Membership.organization).contains_eager(Organization.municipality),
                    contains_eager(Membership.user))
           .where(User.id == bindparam("user_id"))
           .order_by(Organization.sort_key, Organization.id))


def load_person(user_id: uuid.UUID) -> User | None:
    """The person, their active memberships in active organizations (switcher order, «№1, №5, №11»)
    and whether a role of theirs requires the second factor."""
    rows = db.session.execute(_PERSON, {"user_id": user_id}).all()
    if not rows:
        return None
    person = rows[0][0]
    memberships = [m for _, m in rows if m is not None]
    person.privileged = any(m.has_any(PRIVILEGED_ROLES) for m in memberships)
    if has_request_context():
        own = [m for m in memberships if m.organization is not None]
        setattr(g, _KEY, (user_id, own))
        setattr(g, _LINKS_KEY, (user_id, [OrgLink(m.org_id, m.organization.slug, m.organization.short_name,
                                                  tuple(m.roles))
                                          for m in own]))
    return person


def known_links(user_id: uuid.UUID) -> list[OrgLink] | None:
    """The switcher's organizations of the person, when this request loaded them."""
    if not has_request_context():
        return None
    known = g.get(_LINKS_KEY)
    return known[1] if known and known[0] == user_id else None


def known_memberships(user_id: uuid.UUID) -> list[Membership] | None:
    """The person's active memberships in active organizations, when this request loaded them."""
    if not has_request_context():
        return None
    known = g.get(_KEY)
    return known[1] if known and known[0] == user_id else None


def _ended_here(slug: str, user_id: uuid.UUID):
    """Why the person may no longer enter the organization of ``slug`` when it is one of their own —
    their membership ended, or the organization archived — else None. Read in the person's own scope,
    where only their memberships and organizations are visible: any other slug gives None, and its
    answer stays the same 404 as an unknown one."""
    with as_person(user_id):
        row = db.session.execute(
            select(Organization.short_name, Organization.is_active, Membership.is_active)
            .join(Membership, Membership.org_id == Organization.id)
            .where(Organization.slug == slug, Membership.user_id == user_id)).first()
    if row is None:
        return None
    name, org_active, member_active = row
    if org_active and member_active:
        return None
    return accounts.ended_message([] if not org_active else [name], [] if org_active else [name])


def ended_access(slug: str, user_id: uuid.UUID):
    """The access layer's hook (app/core/access.py): a signed-in person opening their own former
    organization is sent to the landing page, which leads to their other organizations (then the
    reason comes with them) or, when none is left, says it itself (so it is not said twice)."""
    message = _ended_here(slug, user_id)
    if message is None:
        return None
    elsewhere = known_memberships(user_id)
    return (message if elsewhere or elsewhere is None else None), url_for("orgs.landing")
