"""Municipalities and organizations: created by the platform admin and by municipal staff."""
from __future__ import annotations

import re
import uuid

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.pagination import paginate
from app.core.roles import OrgKind, Role
from app.orgs import invitations
from app.orgs.models import Invitation, Membership, Municipality, Organization, PartnerKind
from tenants.scope import require_scope
from tenants.switches import acting_in, as_person

# The head of a new organization, whom municipal staff (or, for a municipality, the platform admin)
# invite first (DESIGN.md §1: the founder appoints the head).
FIRST_ACCOUNT_ROLES: dict[OrgKind, tuple[Role, ...]] = {
    OrgKind.school: (Role.director, Role.curator, Role.school_admin),
    OrgKind.partner: (Role.partner_coordinator,),
    OrgKind.municipal: (Role.municipal_officer, Role.network_coordinator),
}

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
# Slugs that would shadow the platform's own URL prefixes.
RESERVED_SLUGS = frozenset({"login", "logout", "invite", "password", "account", "platform", "static",
                            "home", "api", "admin", "health", "set-language"})


def check_slug(slug: str) -> str:
    slug = (slug or "").strip().lower()
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise ServiceError(_l("Use 3–63 Latin letters, digits and hyphens; not a reserved word."), field="slug")
    return slug


def list_municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def create_municipality(name: str, slug: str, department_name: str, department_short_name: str,
                        first_email: str, first_name: str, first_role: str, actor_id: uuid.UUID) -> Municipality:
    """Platform admin: a municipality, its education department (an organization) and an invitation of
    the department's first account. The admin acts inside the new tenant only for this provisioning."""
    slug = check_slug(slug)
    if db.session.scalars(select(Municipality).where(Municipality.slug == slug)).first():
        raise ServiceError(_l("This short address is already taken."), field="slug")
    municipality = Municipality(id=uuid.uuid4(), name=name.strip(), slug=slug)
    db.session.add(municipality)
    db.session.flush()
    with acting_in(user_id=actor_id, municipality_id=municipality.id, reason="provisioning a municipality"):
        department = _new_org(OrgKind.municipal, department_name, department_short_name, f"{slug}-uo", None)
    with acting_in(user_id=actor_id, municipality_id=municipality.id, org_id=department.id,
                   reason="provisioning a municipality: its department's first account"):
        audit.record("create", "municipality", municipality.id, object_name=municipality.name,
                     details={"name": municipality.name})
        if first_role not in {r.value for r in FIRST_ACCOUNT_ROLES[OrgKind.municipal]}:
            raise ServiceError(_l("This role does not exist in this kind of organization."), field="first_role")
        invitations.invite(department, first_email, first_name, [first_role])
    return municipality


def _new_org(kind: OrgKind, name: str, short_name: str, slug: str, partner_kind: PartnerKind | None) -> Organization:
    scope = require_scope()
    slug = check_slug(slug)
    duplicate = db.session.scalars(select(Organization).where(
        Organization.municipality_id == scope.municipality_id,
        func.lower(Organization.short_name) == short_name.strip().lower())).first()
    if duplicate is not None:
        raise ServiceError(_l("An organization with this short name already exists in the municipality."),
                           field="short_name")
    org = Organization(id=uuid.uuid4(), municipality_id=scope.municipality_id, kind=kind,
                       partner_kind=partner_kind if kind == OrgKind.partner else None,
                       name=name.strip(), short_name=short_name.strip(), slug=slug)
    # Slugs are unique platform-wide, but another municipality's organizations are invisible here
    # (ORM scope and RLS), so the unique index answers, inside a savepoint.
    try:
        with db.session.begin_nested():
            db.session.add(org)
    except IntegrityError:
        raise ServiceError(_l("This short address is already taken."), field="slug")
    return org


def create_organization(kind: str, name: str, short_name: str, slug: str,
                        partner_kind: str | None = None) -> Organization:
    """Municipal staff: a school or a partner organization in their own municipality."""
    try:
        kind_value = OrgKind(kind)
    except ValueError:
        raise ServiceError(_l("Choose the kind of organization."), field="kind")
    if kind_value == OrgKind.municipal:
        raise ServiceError(_l("Choose the kind of organization."), field="kind")
    partner = None
    if kind_value == OrgKind.partner:
        try:
            partner = PartnerKind(partner_kind or "")
        except ValueError:
            raise ServiceError(_l("Choose the kind of partner."), field="partner_kind")
    org = _new_org(kind_value, name, short_name, slug, partner)
    audit.record("create", "organization", org.id, object_name=org.short_name,
                 details={"kind": kind_value.value, "name": org.name, "slug": org.slug})
    return org


def municipality_organizations(page: int, per_page: int = 25):
    scope = require_scope()
    stmt = (select(Organization).where(Organization.municipality_id == scope.municipality_id)
            .order_by(Organization.kind, Organization.short_name))
    return paginate(stmt, page, per_page)


def get_municipal_organization(org_id: uuid.UUID) -> Organization | None:
    """An organization of the current municipality (not the department itself), else None."""
    scope = require_scope()
    return db.session.scalars(select(Organization).where(
        Organization.id == org_id, Organization.municipality_id == scope.municipality_id,
        Organization.kind != OrgKind.municipal)).one_or_none()


def invite_first_account(target: Organization, email: str, full_name: str, role: str) -> Invitation:
    """Municipal staff invite a new school's or partner's first director/curator/coordinator. They act
    in the target organization's scope for this one write, which the audit trail of both records."""
    scope = require_scope()
    if role not in {r.value for r in FIRST_ACCOUNT_ROLES[target.kind]}:
        raise ServiceError(_l("This role does not exist in this kind of organization."), field="role")
    audit.record("invite_first_account", "organization", target.id, object_name=target.short_name,
                 details={"email": email, "role": role})
    with acting_in(user_id=scope.user_id, municipality_id=target.municipality_id, org_id=target.id,
                   reason="municipal staff invite a new organization's first account"):
        return invitations.invite(target, email, full_name, [role])


def org_by_slug_for_member(slug: str, user_id: uuid.UUID):
    """Layer 1 of isolation: the organization named in the URL and the person's active membership in it.
    Runs in the person's own scope, where only their memberships and organizations are visible; an
    unknown slug and another tenant's slug give the same None."""
    with as_person(user_id):
        row = db.session.execute(
            select(Organization, Membership)
            .join(Membership, Membership.org_id == Organization.id)
            .where(Organization.slug == slug, Membership.user_id == user_id,
                   Membership.is_active.is_(True), Organization.is_active.is_(True))).first()
    return (row[0], row[1]) if row else None
