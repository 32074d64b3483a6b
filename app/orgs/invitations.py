"""Invitations: an e-mailed, single-use, expiring link to join an organization with given roles."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.links import external_url
from app.core.models import utcnow
from app.core.roles import ROLES_BY_KIND
from app.mail import services as mail
from app.orgs.models import Invitation, Membership, Organization
from tenants.scope import require_scope
from tenants.switches import acting_in


def _invite_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="invitation")


def validate_roles(org: Organization, roles: list[str]) -> list[str]:
    allowed = {r.value for r in ROLES_BY_KIND[org.kind]}
    chosen = sorted(set(roles))
    if not chosen:
        raise ServiceError(_l("Choose at least one role."), field="roles")
    if not set(chosen) <= allowed:
        raise ServiceError(_l("This role does not exist in this kind of organization."), field="roles")
    return chosen


def invite(org: Organization, email: str, full_name: str, roles: list[str]) -> Invitation:
    """Invite a person into ``org`` (which must be the current scope's organization)."""
    scope = require_scope()
    if scope.org_id != org.id:
        raise ServiceError(_l("Invitations are sent from inside the organization."))
    email = accounts.check_email(email)
    roles = validate_roles(org, roles)
    member = db.session.scalars(
        select(Membership).join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org.id, User.email == email)).one_or_none()
    if member is not None and member.is_active:
        raise ServiceError(_l("This person is already on the staff list."), field="email")
    secret = secrets.token_urlsafe(24)
    invitation = Invitation(
        id=uuid.uuid4(), org_id=org.id, municipality_id=org.municipality_id, email=email,
        full_name=full_name.strip(), roles=roles,
        token_hash=hashlib.sha256(secret.encode()).hexdigest(),
        expires_at=utcnow() + timedelta(hours=current_app.config["INVITATION_TTL_HOURS"]),
        invited_by_id=scope.user_id,
    )
    db.session.add(invitation)
    token = _invite_serializer().dumps({"i": str(invitation.id), "o": str(org.id),
                                        "m": str(org.municipality_id), "s": secret})
    link = external_url("orgs.accept_invitation", token=token)
    mail.queue_email(email, _l("Invitation to %(org)s", org=org.short_name), "orgs/invitation_letter.txt",
                     org_owned=True, org=org, invitation=invitation, link=link)
    audit.record("invite", "invitation", invitation.id, details={"email": email, "roles": roles})
    return invitation


def open_invitation(token: str) -> Invitation:
    """Read an invitation from its link. The signed token names the organization, so the lookup runs
    inside that organization's scope, like any other request."""
    invalid = ServiceError(_l("This invitation link is invalid, has expired or has already been used."))
    try:
        data = _invite_serializer().loads(token, max_age=30 * 24 * 3600)
        municipality_id, org_id = uuid.UUID(data["m"]), uuid.UUID(data["o"])
        invitation_id = uuid.UUID(data["i"])
    except (BadSignature, SignatureExpired, KeyError, ValueError):
        raise invalid
    with acting_in(municipality_id=municipality_id, org_id=org_id,
                   reason="an invitation link names its organization"):
        invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not invitation.is_open or not secrets.compare_digest(
            invitation.token_hash, hashlib.sha256(data["s"].encode()).hexdigest()):
        raise invalid
    return invitation


def accept_invitation(token: str, full_name: str, password: str | None, signed_in: User | None) -> User:
    invitation = open_invitation(token)
    org_id, municipality_id = invitation.org_id, invitation.municipality_id
    existing = accounts.find_user_for_login(invitation.email)
    if signed_in is not None and signed_in.email != invitation.email:
        raise ServiceError(_l("This invitation was sent to another e-mail address. Sign out first."))
    if existing is not None and signed_in is None:
        raise ServiceError(_l("You already have an account: sign in, then open the link again."))
    if existing is None:
        if not password:
            raise ServiceError(_l("Choose a password."), field="password")
        existing = accounts.create_user(invitation.email, full_name.strip() or invitation.full_name, password)
    with acting_in(user_id=existing.id, municipality_id=municipality_id, org_id=org_id,
                   reason="the invited person joins the organization"):
        invitation = db.session.get(Invitation, invitation.id, with_for_update=True, populate_existing=True)
        if not invitation.is_open:  # a concurrent acceptance won the race
            raise ServiceError(_l("This invitation link is invalid, has expired or has already been used."))
        invitation.accepted_at = utcnow()
        membership = db.session.scalars(select(Membership).where(
            Membership.org_id == org_id, Membership.user_id == existing.id)).one_or_none()
        if membership is None:
            membership = Membership(id=uuid.uuid4(), org_id=org_id, municipality_id=municipality_id,
                                    user_id=existing.id, roles=list(invitation.roles))
            db.session.add(membership)
        else:
            membership.roles = sorted(set(membership.roles) | set(invitation.roles))
            membership.is_active, membership.deactivated_at = True, None
        db.session.flush()
        audit.record("accept_invitation", "membership", membership.id, details={"roles": membership.roles})
    return existing


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record("revoke_invitation", "invitation", invitation.id)


def get_invitation(invitation_id: uuid.UUID) -> Invitation | None:
    scope = require_scope()
    return db.session.scalars(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.org_id == scope.org_id)).one_or_none()


def open_invitations():
    scope = require_scope()
    return db.session.scalars(select(Invitation).where(
        Invitation.org_id == scope.org_id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
        Invitation.expires_at > func.now()).order_by(Invitation.created_at.desc()).limit(50)).all()
