"""Accounts: sign-in, invitations, roles, deactivation, passwords."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.extensions import db
from app.models.accounts import ROLES_BY_KIND, Invitation, Membership, User
from app.models.base import utcnow
from app.models.orgs import Organization
from app.services import ServiceError, audit, mail, passwords, sessions, throttle, totp
from app.services.links import external_url
from tenants.rls import login_lookup
from tenants.scope import TenantScope, current_scope, require_scope, tenant_scope


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_for_login(email: str) -> User | None:
    """The one deliberate path around tenant scope (DESIGN.md §2): before sign-in no organization is
    known, so a person is looked up by e-mail alone — that one row, through tenants/rls.py
    login_lookup() and the ORM's matching ``login_lookup`` option. Whoever changes the user afterwards
    does so in that user's own scope."""
    email = normalize_email(email)
    with login_lookup(db.session(), email):
        return db.session.scalars(select(User).where(User.email == email)
                                  .execution_options(login_lookup=True)).one_or_none()


@dataclass
class LoginResult:
    user: User
    token: str


def authenticate(email: str, password: str, ip: str | None, user_agent: str | None) -> LoginResult:
    email = normalize_email(email)
    if throttle.is_locked(email, ip):
        raise ServiceError(_l("Too many failed attempts. Try again in a few minutes."))
    user = find_user_for_login(email)
    ok = passwords.verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        throttle.register_failure(email, ip)
        raise ServiceError(_l("Wrong e-mail or password."))
    throttle.clear_account(email)
    with tenant_scope(TenantScope(user_id=user.id)):
        if passwords.hasher().check_needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        token = sessions.start(user, ip, user_agent)
        audit.record("login", "user", user.id, tenant=False)
    return LoginResult(user, token)


def verify_second_factor(user: User, session, code: str, ip: str | None) -> None:
    if throttle.is_locked(user.email, ip):
        raise ServiceError(_l("Too many failed attempts. Try again in a few minutes."))
    if not totp.verify(user, code):
        throttle.register_failure(user.email, ip)
        raise ServiceError(_l("The code is wrong or has already been used."), field="code")
    session.second_factor_at = utcnow()


def requires_second_factor(user: User) -> bool:
    if current_app.config["DEMO_RELAX_TOTP"]:
        return False
    return sessions.is_privileged(user)


def enrol_second_factor(user: User, session, secret: str, code: str) -> None:
    if not totp.verify(user, code, secret=secret):
        raise ServiceError(_l("The code is wrong or has already been used."), field="code")
    totp.enable(user, secret)
    session.second_factor_at = utcnow()
    audit.record("totp_enabled", "user", user.id, tenant=False)


def disable_second_factor(user: User) -> None:
    if sessions.is_privileged(user):
        raise ServiceError(_l("Your role requires a second factor; it cannot be turned off."))
    totp.disable(user)
    audit.record("totp_disabled", "user", user.id, tenant=False)


def set_password(user: User, new_password: str) -> None:
    found = passwords.problems(new_password, user.email)
    if found:
        raise ServiceError(found[0], field="password")
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()


def change_password(user: User, session, current: str, new: str) -> None:
    if not passwords.verify_password(user.password_hash, current):
        raise ServiceError(_l("The current password is wrong."), field="current_password")
    set_password(user, new)
    # ASVS 7.4.3: a password change ends every other session of the account.
    sessions.revoke_all(user.id, keep=session)
    audit.record("password_changed", "user", user.id, tenant=False)


# --- password reset: a signed, expiring token bound to the current password hash (single use) ---

def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def request_password_reset(email: str, ip: str | None) -> None:
    """Always succeeds from the caller's view, so the form does not tell who has an account (nor that
    the request was throttled)."""
    if not throttle.allow_reset_request(normalize_email(email), ip):
        return
    user = find_user_for_login(email)
    if user is None or not user.is_active:
        return
    token = _reset_serializer().dumps({"u": str(user.id), "p": _password_fingerprint(user)})
    with tenant_scope(TenantScope(user_id=user.id)):
        mail.queue_email(user.email, _l("Password reset"), "mail/password_reset.txt", org_owned=False,
                         locale=user.locale, recipient_user_id=user.id, user=user,
                         link=external_url("auth.reset_password", token=token))


def reset_password(token: str, new_password: str) -> User:
    max_age = current_app.config["PASSWORD_RESET_TTL_MINUTES"] * 60
    invalid = ServiceError(_l("The link is invalid or has expired. Request a new one."))
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        raise invalid
    with tenant_scope(TenantScope(user_id=uuid.UUID(data["u"]))):
        user = db.session.get(User, uuid.UUID(data["u"]))
        if user is None or not user.is_active or data["p"] != _password_fingerprint(user):
            raise invalid
        set_password(user, new_password)
        sessions.revoke_all(user.id)
        audit.record("password_reset", "user", user.id, tenant=False)
    return user


# --- invitations ---

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
    email = normalize_email(email)
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
    link = external_url("auth.accept_invitation", token=token)
    mail.queue_email(email, _l("Invitation to %(org)s", org=org.short_name), "mail/invitation.txt",
                     org_owned=True, org=org, invitation=invitation, link=link)
    audit.record("invite", "invitation", invitation.id, details={"email": email, "roles": roles})
    return invitation


def open_invitation(token: str) -> tuple[Invitation, TenantScope]:
    """Read an invitation from its link. The signed token names the organization, so the lookup runs
    inside that organization's scope, like any other request."""
    invalid = ServiceError(_l("This invitation link is invalid, has expired or has already been used."))
    try:
        data = _invite_serializer().loads(token, max_age=30 * 24 * 3600)
        scope = TenantScope(municipality_id=uuid.UUID(data["m"]), org_id=uuid.UUID(data["o"]))
        invitation_id = uuid.UUID(data["i"])
    except (BadSignature, SignatureExpired, KeyError, ValueError):
        raise invalid
    with tenant_scope(scope):
        invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not invitation.is_open or not secrets.compare_digest(
            invitation.token_hash, hashlib.sha256(data["s"].encode()).hexdigest()):
        raise invalid
    return invitation, scope


def accept_invitation(token: str, full_name: str, password: str | None, signed_in: User | None) -> User:
    invitation, scope = open_invitation(token)
    existing = find_user_for_login(invitation.email)
    if signed_in is not None and signed_in.email != invitation.email:
        raise ServiceError(_l("This invitation was sent to another e-mail address. Sign out first."))
    if existing is not None and signed_in is None:
        raise ServiceError(_l("You already have an account: sign in, then open the link again."))
    if existing is None:
        if not password:
            raise ServiceError(_l("Choose a password."), field="password")
        existing = User(id=uuid.uuid4(), email=invitation.email, full_name=full_name.strip() or invitation.full_name)
        set_password(existing, password)
        db.session.add(existing)
    with tenant_scope(TenantScope(user_id=existing.id, municipality_id=scope.municipality_id,
                                  org_id=scope.org_id)):
        invitation = db.session.get(Invitation, invitation.id, with_for_update=True, populate_existing=True)
        if not invitation.is_open:  # a concurrent acceptance won the race
            raise ServiceError(_l("This invitation link is invalid, has expired or has already been used."))
        invitation.accepted_at = utcnow()
        membership = db.session.scalars(select(Membership).where(
            Membership.org_id == scope.org_id, Membership.user_id == existing.id)).one_or_none()
        if membership is None:
            membership = Membership(id=uuid.uuid4(), org_id=scope.org_id, municipality_id=scope.municipality_id,
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


# --- staff list ---

def staff_page(page: int, per_page: int = 25):
    scope = require_scope()
    stmt = (select(Membership).join(User, User.id == Membership.user_id)
            .where(Membership.org_id == scope.org_id)
            .order_by(Membership.is_active.desc(), User.full_name, Membership.id))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def open_invitations():
    scope = require_scope()
    return db.session.scalars(select(Invitation).where(
        Invitation.org_id == scope.org_id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
        Invitation.expires_at > func.now()).order_by(Invitation.created_at.desc()).limit(50)).all()


def change_roles(org: Organization, membership: Membership, roles: list[str]) -> None:
    roles = validate_roles(org, roles)
    scope = current_scope()
    if membership.user_id == scope.user_id and not set(roles) & {r.value for r in _admin_roles()}:
        raise ServiceError(_l("You cannot remove your own right to manage the staff list."), field="roles")
    before = list(membership.roles)
    membership.roles = roles
    audit.record("change_roles", "membership", membership.id, details={"before": before, "after": roles})
    # New privileges take effect with a fresh sign-in (and a second factor where required).
    sessions.revoke_all(membership.user_id)


def _admin_roles():
    from app.models.accounts import STAFF_ADMIN_ROLES

    return STAFF_ADMIN_ROLES


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
    audit.record("deactivate", "membership", membership.id,
                 details={"before": {"is_active": True}, "after": {"is_active": False}})


def reactivate(membership: Membership) -> None:
    if membership.is_active:
        return
    membership.is_active, membership.deactivated_at = True, None
    audit.record("reactivate", "membership", membership.id,
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
        audit.record("view", "membership", membership.id)
    return membership


def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def get_invitation(invitation_id: uuid.UUID) -> Invitation | None:
    scope = require_scope()
    return db.session.scalars(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.org_id == scope.org_id)).one_or_none()


def memberships_of(user: User) -> list[Membership]:
    """The person's own active memberships, for the organization switcher."""
    with tenant_scope(TenantScope(user_id=user.id)):
        return list(db.session.scalars(select(Membership).where(
            Membership.user_id == user.id, Membership.is_active.is_(True))
            .join(Organization, Organization.id == Membership.org_id)
            .where(Organization.is_active.is_(True)).order_by(Organization.short_name)).unique())
