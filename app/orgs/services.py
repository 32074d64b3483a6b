"""Municipalities and organizations: created by the platform admin and by municipal staff, who also
edit, archive and restore them and invite their head (the founder's rights: app/orgs/hierarchy.py)."""
from __future__ import annotations

import re
import uuid

from flask_babel import format_datetime, lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import with_expression

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.models import utcnow
from app.core.pagination import Keys, Window, keyset_page
from app.core.roles import ROLE_LABELS, OrgKind, Role
from app.orgs import hierarchy, invitations, people, staff
from app.orgs.models import Invitation, Membership, Municipality, Organization, PartnerKind
from tenants.scope import require_scope
from tenants.switches import acting_in, as_person

# The head of an organization, whom municipal staff (or, for a municipality, the platform admin)
# invite while it has none (DESIGN.md §1: the founder appoints the head); the head then grants the
# other roles.
FIRST_ACCOUNT_ROLES: dict[OrgKind, tuple[Role, ...]] = {
    kind: (hierarchy.head_role(kind),) for kind in (OrgKind.school, OrgKind.partner, OrgKind.municipal)}

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
        invitations.issue_invitation(department, first_email, first_name, [first_role])
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
    if partner_kind is not None and kind != OrgKind.partner:
        raise ServiceError(_l("Only a partner organization has a kind of partner."), field="partner_kind")
    org = Organization(id=uuid.uuid4(), municipality_id=scope.municipality_id, kind=kind, partner_kind=partner_kind,
                       name=name.strip(), short_name=short_name.strip(), slug=slug)
    # Slugs are unique platform-wide, but another municipality's organizations are invisible here
    # (ORM scope and RLS), so the unique index answers, inside a savepoint.
    try:
        with db.session.begin_nested():
            db.session.add(org)
    except IntegrityError:
        raise ServiceError(_l("This short address is already taken."), field="slug")
    return org


def require_founder(kind: OrgKind) -> Membership:
    """The acting member of a municipal department, if they found organizations of ``kind``."""
    actor = staff.acting_member()
    if not hierarchy.may_found(actor.organization.kind, actor.roles, kind):
        raise ServiceError(_l("You may not manage organizations of this kind."))
    return actor


def _partner_kind(kind: OrgKind, partner_kind: str | None) -> PartnerKind | None:
    if kind != OrgKind.partner:
        if partner_kind:
            raise ServiceError(_l("Only a partner organization has a kind of partner."), field="partner_kind")
        return None
    try:
        return PartnerKind(partner_kind or "")
    except ValueError:
        raise ServiceError(_l("Choose the kind of partner."), field="partner_kind")


def create_organization(kind: str, name: str, short_name: str, slug: str,
                        partner_kind: str | None = None) -> Organization:
    """Municipal staff: a school or a partner organization in their own municipality."""
    try:
        kind_value = OrgKind(kind)
    except ValueError:
        raise ServiceError(_l("Choose the kind of organization."), field="kind")
    if kind_value == OrgKind.municipal:
        raise ServiceError(_l("Choose the kind of organization."), field="kind")
    require_founder(kind_value)
    partner = _partner_kind(kind_value, partner_kind)
    org = _new_org(kind_value, name, short_name, slug, partner)
    audit.record("create", "organization", org.id, object_name=org.short_name,
                 details={"kind": kind_value.value, "name": org.name, "slug": org.slug})
    return org


def _state(org: Organization) -> dict:
    return {"name": org.name, "short_name": org.short_name,
            "partner_kind": org.partner_kind.value if org.partner_kind else None}


def update_organization(target: Organization, name: str, short_name: str,
                        partner_kind: str | None = None) -> None:
    """Municipal staff edit an organization's names (and a partner's kind); the address stays."""
    require_founder(target.kind)
    partner = _partner_kind(target.kind, partner_kind)
    name, short_name = (name or "").strip(), (short_name or "").strip()
    if not name:
        raise ServiceError(_l("This field is required."), field="name")
    if not short_name:
        raise ServiceError(_l("This field is required."), field="short_name")
    duplicate = db.session.scalars(select(Organization.id).where(
        Organization.municipality_id == target.municipality_id, Organization.id != target.id,
        func.lower(Organization.short_name) == short_name.lower())).first()
    if duplicate is not None:
        raise ServiceError(_l("An organization with this short name already exists in the municipality."),
                           field="short_name")
    before = _state(target)
    target.name, target.short_name, target.partner_kind = name, short_name, partner
    after = _state(target)
    if after == before:
        return
    changed = [key for key in before if before[key] != after[key]]
    audit.record("update", "organization", target.id, object_name=target.short_name,
                 details={"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}})


def archive_organization(target: Organization) -> None:
    """Archive, never delete: the organization and its records stay (history, legal records); it leaves
    its members' switchers and nobody enters it; it stays in the municipality's list, marked archived."""
    require_founder(target.kind)
    if not target.is_active:
        raise ServiceError(_l("The organization is already archived."))
    target.is_active, target.archived_at = False, utcnow()
    audit.record("archive", "organization", target.id, object_name=target.short_name,
                 details={"before": {"is_active": True, "archived_at": None},
                          "after": {"is_active": False, "archived_at": target.archived_at.isoformat()}})


def restore_organization(target: Organization) -> None:
    require_founder(target.kind)
    if target.is_active:
        raise ServiceError(_l("The organization is not archived."))
    archived_at = target.archived_at
    target.is_active, target.archived_at = True, None
    audit.record("restore", "organization", target.id, object_name=target.short_name,
                 details={"before": {"is_active": False, "archived_at": archived_at.isoformat() if archived_at else None},
                          "after": {"is_active": True, "archived_at": None}})


# By kind, then in the natural order of short names («№1, №5, №11»): ix_organizations_municipality_sort.
ORGANIZATION_ORDER = Keys(((Organization.kind, lambda o: o.kind), (Organization.sort_key, lambda o: o.sort_key),
                           (Organization.id, lambda o: o.id)))


def municipality_organizations() -> Window:
    """The municipality's organizations, archived ones included (marked), in keyset pages; with each,
    the open head invitation the acting department sent (``Organization.head_invitation_*``), read in
    the same statement."""
    scope = require_scope()
    pending = _open_head_invitations(scope.org_id).where(Invitation.org_id == Organization.id).limit(1)

    def of_pending(column):
        return pending.with_only_columns(column).correlate(Organization).scalar_subquery()

    listed = Organization.municipality_id == scope.municipality_id
    stmt = select(Organization).where(listed).options(
        with_expression(Organization.head_invitation_id, of_pending(Invitation.id)),
        with_expression(Organization.head_invitation_email, of_pending(Invitation.email)),
        with_expression(Organization.head_invitation_until, of_pending(Invitation.expires_at)))
    return keyset_page(stmt, ORGANIZATION_ORDER, count_stmt=select(Organization.id).where(listed))


def get_municipal_organization(org_id: uuid.UUID) -> Organization | None:
    """An organization of the current municipality (not the department itself), else None."""
    scope = require_scope()
    return db.session.scalars(select(Organization).where(
        Organization.id == org_id, Organization.municipality_id == scope.municipality_id,
        Organization.kind != OrgKind.municipal)).one_or_none()


def needs_head(target: Organization) -> bool:
    """Whether the organization is open and has no active head (the aggregate kept by the database)."""
    heads = db.session.scalar(select(Organization.active_heads).where(Organization.id == target.id))
    return target.is_active and not heads


def _open_head_invitations(department_id: uuid.UUID):
    """The open head invitations a department sent (read in its own scope: the invitations policy
    admits the rows it sent, ``founder_org_id``, migration 0009_walk), newest first."""
    return (select(Invitation).where(Invitation.founder_org_id == department_id, Invitation.accepted_at.is_(None),
                                     Invitation.revoked_at.is_(None), Invitation.expires_at > func.now())
            .order_by(Invitation.created_at.desc()))


def open_head_invitation(target: Organization) -> Invitation | None:
    scope = require_scope()
    return db.session.scalars(_open_head_invitations(scope.org_id).where(Invitation.org_id == target.id)).first()


def head_already_invited(invitation: Invitation) -> ServiceError:
    return ServiceError(_l("The head has already been invited: the invitation to %(email)s is valid until %(until)s. "
                           "To invite someone else, revoke it first.", email=invitation.email,
                           until=format_datetime(invitation.expires_at, "short")))


def invite_first_account(target: Organization, email: str, full_name: str, role: str) -> Invitation:
    """Municipal staff (the founder of the organization's kind) invite the head of a school or partner
    while it has none and no head invitation of theirs is open: its director or partner coordinator,
    who then grants the other roles. The e-mail of an active member of the acting department is
    refused (an invitation never makes a municipal account a member of a school; the invitee's side
    is checked again on acceptance). They act in the target organization's scope for this one write,
    which the audit trail of both records; the invitation carries the department
    (``founder_org_id``), which sees it in its list and may revoke it."""
    scope = require_scope()
    actor = require_founder(target.kind)
    if not target.is_active:
        raise ServiceError(_l("The organization is archived; restore it first."))
    head = hierarchy.head_role(target.kind)
    if role != head.value:
        raise ServiceError(_l("This role does not exist in this kind of organization."), field="role")
    # One head invitation at a time: two officers inviting at once wait for each other here.
    db.session.execute(select(Organization.id).where(Organization.id == target.id).with_for_update(key_share=True))
    if not needs_head(target):
        raise ServiceError(_l("The organization already has a head: the role «%(role)s» is handed over in its "
                              "staff list.", role=str(ROLE_LABELS[head])))
    pending = open_head_invitation(target)
    if pending is not None:
        raise head_already_invited(pending)
    email = accounts.normalize_email(email)
    municipal_member = db.session.scalars(
        select(Membership.id).join(User, User.id == Membership.user_id)
        .where(Membership.org_id == scope.org_id, Membership.is_active.is_(True), User.email == email)).first()
    if municipal_member is not None:
        raise ServiceError(_l("This e-mail belongs to the staff of the education department, who do not join "
                              "schools or partners. Invite the head at their own e-mail address."), field="email")
    audit.record("invite_first_account", "organization", target.id, object_name=target.short_name,
                 details={"email": email, "role": role})
    with acting_in(user_id=scope.user_id, municipality_id=target.municipality_id, org_id=target.id,
                   reason="municipal staff invite an organization's head"):
        return invitations.issue_invitation(target, email, full_name, [role],
                                            inviter_org_name=actor.organization.short_name,
                                            founder_org_id=scope.org_id)


def get_head_invitation(target: Organization, invitation_id: uuid.UUID) -> Invitation | None:
    """A head invitation the acting department sent to ``target``, else None (also for any other id)."""
    scope = require_scope()
    return db.session.scalars(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.org_id == target.id,
        Invitation.founder_org_id == scope.org_id)).one_or_none()


def check_revoke_head_invitation(target: Organization) -> None:
    require_founder(target.kind)


def revoke_head_invitation(target: Organization, invitation: Invitation) -> None:
    """The founder takes back a head invitation it sent (a wrong address, another head chosen): the
    link stops working at once. Written in the organization's scope, like the invitation itself, and
    recorded in both logs."""
    scope = require_scope()
    require_founder(target.kind)
    with acting_in(user_id=scope.user_id, municipality_id=target.municipality_id, org_id=target.id,
                   reason="municipal staff revoke an organization's head invitation"):
        invitation = db.session.get(Invitation, invitation.id, with_for_update=True, populate_existing=True)
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            return
        invitation.revoked_at = utcnow()
        audit.record("revoke_invitation", "invitation", invitation.id, object_name=invitation.email,
                     details={"before": {"revoked": False}, "after": {"revoked": True},
                              "email": invitation.email, "roles": list(invitation.roles)})
    audit.record("revoke_invitation", "organization", target.id, object_name=target.short_name,
                 details={"email": invitation.email, "roles": list(invitation.roles)})


def org_by_slug_for_member(slug: str, user_id: uuid.UUID):
    """Layer 1 of isolation: the organization named in the URL and the person's active membership in it.
    Runs in the person's own scope, where only their memberships and organizations are visible; an
    unknown slug and another tenant's slug give the same None."""
    known = people.known_memberships(user_id)
    if known is not None:
        found = next((m for m in known if m.organization.slug == slug), None)
        return (found.organization, found) if found else None
    with as_person(user_id):
        row = db.session.execute(
            select(Organization, Membership)
            .join(Membership, Membership.org_id == Organization.id)
            .where(Organization.slug == slug, Membership.user_id == user_id,
                   Membership.is_active.is_(True), Organization.is_active.is_(True))).first()
    return (row[0], row[1]) if row else None
