"""Layer 1 of isolation and the access registry.

Each feature declares ``ACCESS`` (endpoint -> policy) beside its views; ``create_app`` merges them
into one registry, and ``enforce()`` applies it to each request before any view runs. The registry
fails closed: an endpoint missing from it serves nobody (and tests/core/test_access.py fails).

A request under ``/<org_slug>/`` is served only to an active member of that organization; any other
organization — another school, another municipality, or no such slug — answers the same 404. Only
a person's own former organization (their access ended, or it was archived) says why, and sends them
to where they may go.
The core knows no feature: how a person's sign-in state is read and how an organization and a
membership are found are hooks given by the features at wiring time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_login import current_user

from app.core.extensions import db
from app.core.http import CLIENT_IP, client_ip
from app.core.roles import AUDIT_ROLES, MUNICIPAL_ROLES, STAFF_ADMIN_ROLES, OrgKind, Role, role_label
from tenants.switches import enter_request


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

    def admits(self, org, membership) -> bool:
        return ((self.kinds is None or org.kind in self.kinds)
                and (self.roles is None or membership.has_any(self.roles)))


PUBLIC, SIGNING_IN, AUTHENTICATED, PLATFORM_ADMIN = Public(), SigningIn(), Authenticated(), PlatformAdmin()
ANY_MEMBER = OrgMember()
STAFF_ADMIN = OrgMember(roles=STAFF_ADMIN_ROLES)
AUDIT_READER = OrgMember(roles=AUDIT_ROLES)
MUNICIPAL_STAFF = OrgMember(roles=MUNICIPAL_ROLES, kinds=frozenset({OrgKind.municipal}))

# Sign-in states of a person (the accounts feature computes it).
ANONYMOUS, SECOND_FACTOR_OWED, ENROLMENT_OWED, SIGNED_IN = "anonymous", "second_factor", "enrolment", "ok"


@dataclass
class Hooks:
    """What the core needs of the features, given by create_app."""

    auth_state: Callable[[], str]
    # (slug, user id) -> (organization, membership) of an active member, else None.
    find_membership: Callable[[str, object], tuple | None]
    # The person entered an organization: remember it (sign-in lands there next time). True when it
    # wrote (and flushed) something the access check's commit must keep.
    entered_org: Callable[[object], bool]
    # (slug, user id) -> (why, where to go) when the slug names the person's own former organization
    # (their access ended, or it was archived), else None: they are told why rather than shown a 404
    # (``why`` None: the page they are sent to says it).
    ended_access: Callable[[str, object], tuple | None] | None = None


def merge(tables: dict[str, dict[str, object]]) -> dict[str, object]:
    """One registry from the features' ACCESS tables; an endpoint declared twice is a wiring bug."""
    merged: dict[str, object] = {"static": PUBLIC, "favicon": PUBLIC}
    for feature, table in tables.items():
        for endpoint, policy in table.items():
            if endpoint in merged:
                raise RuntimeError(f"{feature}: endpoint {endpoint} is already in the access registry")
            merged[endpoint] = policy
    return merged


def init_app(app, policies: dict[str, object], hooks: Hooks) -> None:
    app.extensions["nastavnik.access"] = policies
    app.extensions["nastavnik.access_hooks"] = hooks
    app.before_request(enforce)
    app.jinja_env.globals["can"] = can
    app.jinja_env.filters["role_label"] = role_label


def registry() -> dict[str, object]:
    return current_app.extensions["nastavnik.access"]


def _hooks() -> Hooks:
    return current_app.extensions["nastavnik.access_hooks"]


def auth_state() -> str:
    """The sign-in state of this request's person, also on public pages (where the access check does
    not compute it): e.g. an invitation link must not serve someone who still owes the second factor."""
    if "auth_state" not in g:
        g.auth_state = _hooks().auth_state()
    return g.auth_state


def can(endpoint: str) -> bool:
    """May the person of this request use ``endpoint`` (in the current organization, for org pages)?
    Templates and navigation ask this; no role names in templates."""
    policy = registry().get(endpoint)
    if policy is None:
        return False
    if isinstance(policy, Public):
        return True
    state = g.get("auth_state", ANONYMOUS)
    if isinstance(policy, SigningIn):
        return state != ANONYMOUS
    if state != SIGNED_IN:
        return False
    if isinstance(policy, Authenticated):
        return True
    if isinstance(policy, PlatformAdmin):
        return bool(current_user.is_platform_admin)
    if isinstance(policy, OrgMember):
        org, membership = g.get("org"), g.get("membership")
        return org is not None and policy.admits(org, membership)
    return False


def _to_login():
    if request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
    abort(401)


def enforce():
    try:
        return _enforce()
    finally:
        # What the access check itself wrote (the session's last activity and organization) is kept
        # even when the view writes nothing; otherwise a person who only reads would hit the idle
        # limit. A failed transaction is left to the error handler, which rolls it back.
        if db.session.is_active and (db.session.dirty or db.session.new or g.pop("_access_wrote", False)):
            db.session.commit()


def _enforce():
    CLIENT_IP.set(client_ip())
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no such route: Flask answers 404
    policy = registry().get(endpoint)
    if policy is None:
        abort(403)  # fail closed: an unclassified route serves nobody
    if current_user.is_authenticated:
        enter_request(current_user.id)
    if isinstance(policy, Public):
        return None
    state = g.auth_state = _hooks().auth_state()
    if state == ANONYMOUS:
        return _to_login()
    if isinstance(policy, SigningIn):
        return None
    if state == SECOND_FACTOR_OWED:
        return redirect(url_for("auth.second_factor"))
    if state == ENROLMENT_OWED:
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
    found = _hooks().find_membership(slug, current_user.id) if slug else None
    if found is None:
        ended = _hooks().ended_access(slug, current_user.id) if slug and _hooks().ended_access else None
        if ended is not None:
            message, target = ended
            if message is not None:
                flash(str(message), "error")  # plain text: escaped on the page like any other
            return redirect(target)
        abort(404)
    org, membership = found
    if policy.kinds is not None and org.kind not in policy.kinds:
        abort(404)
    if not policy.admits(org, membership):
        abort(403)
    g.org, g.membership = org, membership
    enter_request(current_user.id, municipality_id=org.municipality_id, org_id=org.id)
    if _hooks().entered_org(org):
        g._access_wrote = True
    return None
