"""Invitations: an e-mailed, single-use, expiring link to join an organization with given roles.

Inside an organization a member invites with the roles they may grant (app/orgs/hierarchy.py);
municipal staff invite a new organization's head and the platform admin a department's first
officer through ``issue_invitation`` after their own checks (app/orgs/services.py)."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import format_datetime, lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.links import external_url
from app.core.models import utcnow
from app.core.roles import ROLE_LABELS, OrgKind
from app.mail import services as mail
from app.orgs import hierarchy, signals, staff
from app.orgs.models import Invitation, Membership, Organization
from tenants.scope import require_scope
from tenants.switches import acting_in, as_person

INVALID = _l("This invitation link is invalid, has expired or has already been used.")


def _invite_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="invitation")


def invite(org: Organization, email: str, full_name: str, roles: list[str]) -> Invitation:
    """A member invites a person into ``org`` (the current scope's organization) with roles they may
    grant (hierarchy.may_invite)."""
    scope = require_scope()
    if scope.org_id != org.id:
        raise ServiceError(_l("Invitations are sent from inside the organization."))
    actor = staff.acting_member()
    roles = hierarchy.valid_roles(org.kind, roles)
    for role in hierarchy.ordered(org.kind, roles):
        if role not in hierarchy.grantable(org.kind, actor.roles):
            raise ServiceError(_l("You may not grant the role «%(role)s».", role=str(ROLE_LABELS[role])),
                               field="roles")
    return issue_invitation(org, email, full_name, roles)


def open_invitation_to(org: Organization, email: str) -> Invitation | None:
    """The open invitation of this address in the organization (the current scope's), if any."""
    return db.session.scalars(select(Invitation).where(
        Invitation.org_id == org.id, Invitation.email == email, Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None), Invitation.expires_at > func.now())
        .order_by(Invitation.expires_at.desc())).first()


def already_invited(invitation: Invitation) -> ServiceError:
    return ServiceError(_l("%(email)s has already been invited; the invitation is valid until %(until)s. To send a "
                           "new one, revoke it first.", email=invitation.email,
                           until=format_datetime(invitation.expires_at, "short")), field="email")


def issue_invitation(org: Organization, email: str, full_name: str, roles: list[str], *,
                     inviter_org_name: str | None = None, founder_org_id: uuid.UUID | None = None) -> Invitation:
    """Write and send an invitation in ``org``'s scope. The caller has checked that the actor may
    grant ``roles`` (``invite`` inside the organization; the founder's and the platform's paths in
    app/orgs/services.py). ``inviter_org_name`` names the inviter's organization when it is another:
    such an inviter does not see the staff list, so they are not told whether the person is on it
    (an active member who accepts gains the roles), nor whether the organization has invited the
    address itself (accepting one closes the other, ``accept_invitation``). Inside the organization
    a second invitation of an address while one is open is refused (one letter, one link).
    ``founder_org_id``: the department that invites the head (it sees and may revoke the invitation)."""
    scope = require_scope()
    if scope.org_id != org.id:
        raise ServiceError(_l("Invitations are sent from inside the organization."))
    email = accounts.check_email(email)
    roles = hierarchy.valid_roles(org.kind, roles)
    member = db.session.scalars(
        select(Membership).join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org.id, User.email == email)).one_or_none()
    if member is not None and member.is_active and inviter_org_name is None:
        raise ServiceError(_l("This person is already on the staff list."), field="email")
    if inviter_org_name is None:
        pending = open_invitation_to(org, email)
        if pending is not None:
            raise already_invited(pending)
    inviter = db.session.get(User, scope.user_id) if scope.user_id else None
    secret = secrets.token_urlsafe(24)
    invitation = Invitation(
        id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id, email=email,
        full_name=full_name.strip(), roles=roles,
        token_hash=hashlib.sha256(secret.encode()).hexdigest(),
        expires_at=utcnow() + timedelta(hours=current_app.config["INVITATION_TTL_HOURS"]),
        invited_by_id=scope.user_id,
        inviter_name=inviter.full_name if inviter else None, inviter_org_name=inviter_org_name,
        founder_org_id=founder_org_id,
    )
    db.session.add(invitation)
    token = _invite_serializer().dumps({"i": str(invitation.id), "o": str(org.id),
                                        "m": str(org.municipality_id), "s": secret})
    link = external_url("orgs.accept_invitation", token=token)
    mail.queue_email(email, "orgs/invitation_letter.txt", org_owned=True, org_name=org.name,
                     org_short_name=org.short_name, full_name=invitation.full_name,
                     expires_at=invitation.expires_at, link=link, inviter_name=invitation.inviter_name,
                     inviter_org_name=invitation.inviter_org_name,
                     roles=[r.value for r in hierarchy.ordered(org.kind, roles)])
    audit.record("invite", "invitation", invitation.id, object_name=email,
                 details={"email": email, "full_name": invitation.full_name, "roles": roles})
    return invitation


def open_invitation(token: str) -> Invitation:
    """Read an invitation from its link. The signed token names the organization, so the lookup runs
    inside that organization's scope, like any other request. An archived organization's links are
    closed."""
    return _open(token)[0]


def _open(token: str) -> tuple[Invitation, Organization]:
    invalid = ServiceError(INVALID)
    try:
        data = _invite_serializer().loads(token, max_age=30 * 24 * 3600)
        municipality_id, org_id = uuid.UUID(data["m"]), uuid.UUID(data["o"])
        invitation_id = uuid.UUID(data["i"])
    except (BadSignature, SignatureExpired, KeyError, ValueError):
        raise invalid
    with acting_in(municipality_id=municipality_id, org_id=org_id,
                   reason="an invitation link names its organization"):
        invitation = db.session.get(Invitation, invitation_id)
        org = db.session.get(Organization, org_id)
    if invitation is None or not invitation.is_open or not secrets.compare_digest(
            invitation.token_hash, hashlib.sha256(data["s"].encode()).hexdigest()):
        raise invalid
    if org is None or not org.is_active:
        raise ServiceError(_l("This organization is archived: its invitations are closed."))
    return invitation, org


@dataclass(frozen=True)
class InvitationPage:
    """What the invitation page shows, as plain values (a refused attempt rolls the session back)."""

    email: str
    full_name: str
    roles: list
    org_name: str
    org_short_name: str
    org_slug: str
    inviter_name: str | None
    inviter_org_name: str | None


def invitation_page(token: str) -> InvitationPage:
    invitation, org = _open(token)
    return InvitationPage(
        email=invitation.email, full_name=invitation.full_name,
        roles=[ROLE_LABELS[r] for r in hierarchy.ordered(org.kind, invitation.roles)],
        org_name=org.name, org_short_name=org.short_name, org_slug=org.slug,
        inviter_name=invitation.inviter_name, inviter_org_name=invitation.inviter_org_name)


def check_may_join(user: User, org: Organization) -> None:
    """Who may join an organization by an invitation (DESIGN.md §1: "an invitation never makes a
    municipal account a member of a school: municipal staff see schools only through aggregates").

    The rule: one account is either municipal staff or staff of schools and partners, never both.
    Joining a school or a partner organization is refused to a person with an active membership in a
    municipal department (of any municipality); joining a municipal department is refused to a person
    with an active membership in a school or partner. A deactivated membership does not count (a
    person who left the department may later head a school). Such a person is asked for an invitation
    to another e-mail address: their other account is a separate person to the system. The platform
    admin's account joins no organization at all (it sees no tenant data, DESIGN.md §1)."""
    if user.is_platform_admin:
        raise ServiceError(_l("The platform administrator's account does not join organizations. "
                              "Ask for an invitation to another e-mail address."))
    with as_person(user.id):
        kinds = set(db.session.scalars(
            select(Organization.kind).join(Membership, Membership.org_id == Organization.id)
            .where(Membership.user_id == user.id, Membership.is_active.is_(True), Membership.org_id != org.id)))
    if org.kind != OrgKind.municipal and OrgKind.municipal in kinds:
        raise ServiceError(_l("Your account belongs to the staff of an education department, which sees schools "
                              "only through aggregate figures. Ask for an invitation to another e-mail address."))
    if org.kind == OrgKind.municipal and kinds - {OrgKind.municipal}:
        raise ServiceError(_l("Your account belongs to the staff of a school or partner organization; the staff "
                              "of the education department use a separate account. Ask for an invitation to "
                              "another e-mail address."))


def check_join(token: str, user: User) -> None:
    """Refuse now what accepting would refuse for this signed-in person (the page says it at once)."""
    _invitation, org = _open(token)
    check_may_join(user, org)


def accept_invitation(token: str, full_name: str | None, password: str | None, signed_in: User | None) -> User:
    """Join the invitation's organization. A new person chooses their name and password here; a person
    with an account signs in first and only joins (name and password are not asked). The signed-in
    person must be the invitee, and may join (``check_may_join``). A deactivated former member comes
    back with the invitation's roles only (their old roles ended with the deactivation); an active
    member gains the invitation's roles."""
    invitation, org = _open(token)
    org_id, municipality_id = invitation.org_id, invitation.municipality_id
    existing = accounts.find_user_for_login(invitation.email)
    if signed_in is not None and signed_in.email != invitation.email:
        raise ServiceError(_l("This invitation was sent to another e-mail address. Sign out first."))
    if existing is not None and signed_in is None:
        raise ServiceError(_l("You already have an account: sign in, then open the link again."))
    if existing is None:
        if not password:
            raise ServiceError(_l("Choose a password."), field="password")
        existing = accounts.create_user(invitation.email, (full_name or "").strip() or invitation.full_name,
                                        password)
    else:
        check_may_join(existing, org)
    with acting_in(user_id=existing.id, municipality_id=municipality_id, org_id=org_id,
                   reason="the invited person joins the organization"):
        invitation = db.session.get(Invitation, invitation.id, with_for_update=True, populate_existing=True)
        if not invitation.is_open:  # a concurrent acceptance won the race
            raise ServiceError(INVALID)
        invitation.accepted_at = utcnow()
        _close_others(invitation)
        membership = db.session.scalars(select(Membership).where(
            Membership.org_id == org_id, Membership.user_id == existing.id)).one_or_none()
        before = None
        if membership is None:
            membership = Membership(id=uuid.uuid4(), org_id=org_id, municipality_id=municipality_id,
                                    user_id=existing.id, roles=sorted(invitation.roles))
            db.session.add(membership)
        else:
            before = {"roles": sorted(membership.roles), "is_active": membership.is_active}
            kept = set(membership.roles) if membership.is_active else set()
            membership.roles = sorted(kept | set(invitation.roles))
            membership.is_active, membership.deactivated_at = True, None
        db.session.flush()
        details = {"roles": membership.roles}
        if before is not None:
            details = {**details, "before": before, "after": {"roles": membership.roles, "is_active": True}}
        audit.record("accept_invitation", "membership", membership.id, object_name=existing.full_name,
                     details=details)
        signals.member_joined.send(current_app._get_current_object(), org_id=org_id, user_id=existing.id,
                                   email=invitation.email)
    return existing


def _close_others(accepted: Invitation) -> None:
    """The person has joined: the other open invitations of their address in this organization (one
    the founder sent and one the organization sent, say) are closed, each with an audit event, so no
    second link stays usable."""
    others = db.session.scalars(select(Invitation).where(
        Invitation.org_id == accepted.org_id, Invitation.email == accepted.email, Invitation.id != accepted.id,
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)).with_for_update()).all()
    for other in others:
        other.revoked_at = utcnow()
        audit.record("close_invitation", "invitation", other.id, object_name=other.email,
                     details={"before": {"revoked": False}, "after": {"revoked": True},
                              "email": other.email, "roles": list(other.roles)})


def check_revoke(invitation: Invitation) -> None:
    actor = staff.acting_member()
    org = actor.organization
    if not hierarchy.may_revoke(org.kind, actor.roles, invitation.roles):
        raise ServiceError(_l("You may not revoke an invitation with a role you cannot grant."))


def revoke_invitation(invitation: Invitation) -> None:
    check_revoke(invitation)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record("revoke_invitation", "invitation", invitation.id, object_name=invitation.email,
                     details={"before": {"revoked": False}, "after": {"revoked": True},
                              "email": invitation.email, "roles": list(invitation.roles)})


def get_invitation(invitation_id: uuid.UUID) -> Invitation | None:
    scope = require_scope()
    return db.session.scalars(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.org_id == scope.org_id)).one_or_none()


def open_invitations():
    scope = require_scope()
    return db.session.scalars(select(Invitation).where(
        Invitation.org_id == scope.org_id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
        Invitation.expires_at > func.now()).order_by(Invitation.created_at.desc()).limit(50)).all()
