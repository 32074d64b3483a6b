"""Layer 1 of isolation and the route table: every endpoint is classified here, in one place, and
``enforce()`` applies the classification to each request before any view runs.

A request under ``/<org_slug>/`` is served only to an active member of that organization; any other
organization — another school, another municipality, or no such slug — answers the same 404.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g, redirect, request, session, url_for
from flask_login import current_user

from app.extensions import db
from app.models.accounts import STAFF_ADMIN_ROLES, Role
from app.models.orgs import OrgKind
from app.services import audit, orgs
from app.services import sessions as session_service
from tenants.scope import TenantScope, set_scope


@dataclass(frozen=True)
class Public:
    """No sign-in needed."""


@dataclass(frozen=True)
class SigningIn:
    """A signed-in person who may still owe the second factor or its enrolment."""


@dataclass(frozen=True)
class Authenticated:
    """Fully signed in; no organization involved."""


@dataclass(frozen=True)
class PlatformAdmin:
    """The platform admin; sees no tenant data."""


@dataclass(frozen=True)
class OrgMember:
    """An active member of the organization in the URL, with one of ``roles`` (any role if None),
    in an organization of one of ``kinds`` (any kind if None)."""

    roles: frozenset[Role] | None = None
    kinds: frozenset[OrgKind] | None = None


PUBLIC, SIGNING_IN, AUTHENTICATED, PLATFORM_ADMIN = Public(), SigningIn(), Authenticated(), PlatformAdmin()
ANY_MEMBER = OrgMember()
STAFF_ADMIN = OrgMember(roles=STAFF_ADMIN_ROLES)
MUNICIPAL_STAFF = OrgMember(roles=frozenset({Role.municipal_officer, Role.network_coordinator}),
                            kinds=frozenset({OrgKind.municipal}))

ROUTES: dict[str, object] = {
    "static": PUBLIC,
    "auth.index": PUBLIC,
    "auth.login": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.accept_invitation": PUBLIC,
    "auth.set_language": PUBLIC,
    "auth.health": PUBLIC,
    "auth.second_factor": SIGNING_IN,
    "auth.logout": SIGNING_IN,
    "account.totp_setup": SIGNING_IN,
    "account.home": AUTHENTICATED,
    "account.profile": AUTHENTICATED,
    "account.change_password": AUTHENTICATED,
    "account.change_language": AUTHENTICATED,
    "account.totp_disable": AUTHENTICATED,
    "platform.index": PLATFORM_ADMIN,
    "platform.new_municipality": PLATFORM_ADMIN,
    "platform.failed_jobs_page": PLATFORM_ADMIN,
    "platform.retry_job": PLATFORM_ADMIN,
    "org.home": ANY_MEMBER,
    "org.staff": STAFF_ADMIN,
    "org.invite": STAFF_ADMIN,
    "org.member": STAFF_ADMIN,
    "org.member_roles": STAFF_ADMIN,
    "org.member_deactivate": STAFF_ADMIN,
    "org.member_reactivate": STAFF_ADMIN,
    "org.invitation_revoke": STAFF_ADMIN,
    "org.audit_log_page": STAFF_ADMIN,
    "municipal.organizations": MUNICIPAL_STAFF,
    "municipal.new_organization": MUNICIPAL_STAFF,
    "municipal.invite_first_account": MUNICIPAL_STAFF,
}


def client_ip() -> str | None:
    return request.remote_addr


def _auth_state() -> str:
    """anonymous | second_factor (code owed) | enrolment (must set up TOTP) | ok"""
    if not current_user.is_authenticated:
        return "anonymous"
    from app.services import accounts

    live = g.user_session
    if current_user.totp_enabled and live.second_factor_at is None:
        return "second_factor"
    if not current_user.totp_enabled and accounts.requires_second_factor(current_user):
        return "enrolment"
    return "ok"


def _to_login():
    if request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
    abort(401)


def enforce():
    try:
        return _enforce()
    finally:
        # The session's activity (last seen, last organization) is kept even when the view itself
        # writes nothing; otherwise a person who only reads would hit the idle limit.
        # A failed transaction is left to the error handler, which rolls it back.
        live = g.get("user_session")
        if live is not None and live in db.session.dirty and db.session.is_active:
            db.session.commit()


def _enforce():
    audit.client_ip.set(client_ip())
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no such route: Flask answers 404
    policy = ROUTES.get(endpoint)
    if policy is None:
        abort(403)  # fail closed: an unclassified route serves nobody (tests/test_routes.py catches it)
    if current_user.is_authenticated:
        set_scope(TenantScope(user_id=current_user.id))
    if isinstance(policy, Public):
        return None
    state = _auth_state()
    g.auth_state = state
    if state == "anonymous":
        return _to_login()
    if isinstance(policy, SigningIn):
        return None
    if state == "second_factor":
        return redirect(url_for("auth.second_factor"))
    if state == "enrolment":
        return redirect(url_for("account.totp_setup"))
    if isinstance(policy, Authenticated):
        return None
    if isinstance(policy, PlatformAdmin):
        if not current_user.is_platform_admin:
            abort(404)
        return None
    if isinstance(policy, OrgMember):
        return _enter_org(policy)
    abort(403)


def _enter_org(policy: OrgMember):
    slug = (request.view_args or {}).get("org_slug")
    found = orgs.org_by_slug_for_member(slug, current_user.id) if slug else None
    if found is None:
        abort(404)
    org, membership = found
    if policy.kinds is not None and org.kind not in policy.kinds:
        abort(404)
    if policy.roles is not None and not membership.has_any(policy.roles):
        abort(403)
    g.org, g.membership = org, membership
    set_scope(TenantScope(user_id=current_user.id, municipality_id=org.municipality_id, org_id=org.id))
    live = g.user_session
    if live.current_org_id != org.id:
        live.current_org_id = org.id
    return None


def load_session_user(token: str):
    """Flask-Login's loader: the cookie carries a session token, not a user id (so it can be revoked)."""
    resolved = session_service.resolve(token)
    if resolved is None:
        session.clear()
        return None
    user, live = resolved
    user.session_token = token
    g.user_session = live
    return user
