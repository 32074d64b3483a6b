"""Accounts: sign-in, the second factor, passwords and their reset, a person's own settings."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Boolean, String, Uuid, column, select, table
from sqlalchemy.exc import IntegrityError

from app.accounts import passwords, recovery, sessions, throttle, totp
from app.accounts.models import User
from app.audit import services as audit
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.links import external_url
from app.core.models import utcnow
from app.mail import services as mail
from tenants.rls import creating_user, login_lookup
from tenants.switches import as_person

# The orgs feature's tables, named by string (accounts sits below orgs): whose access has ended.
_memberships = table("memberships", column("user_id", Uuid), column("org_id", Uuid), column("is_active", Boolean))
_organizations = table("organizations", column("id", Uuid), column("short_name", String),
                       column("is_active", Boolean))


def _validated(email: str):
    # No SMTPUTF8: a mail server may refuse a non-Latin local part; a Cyrillic domain is fine (IDNA).
    return validate_email(email, check_deliverability=False, allow_smtputf8=False)


def normalize_email(email: str) -> str:
    """The form an address is kept and compared in: the domain in Unicode (``ivan@школа.рф``, also
    when typed as ``xn--…``), the whole lower-cased, so that addresses compare case-insensitively.
    Lenient, for lookups: an address that is not valid is only stripped and lower-cased."""
    raw = (email or "").strip()
    try:
        return _validated(raw).normalized.lower()
    except EmailNotValidError:
        return raw.lower()


def check_email(email: str, field: str = "email") -> str:
    """The normalized address of a new or changed e-mail, or a refusal in the person's language."""
    raw = (email or "").strip()
    try:
        return _validated(raw).normalized.lower()
    except EmailNotValidError:
        local = raw.rpartition("@")[0]
        if any(ord(char) > 127 for char in local):
            raise ServiceError(_l("Before the @ sign an address may contain only Latin letters, digits and "
                                  "the signs . _ - +; the part after @ may be in Cyrillic (ivan@школа.рф)."),
                               field=field)
        raise ServiceError(_l("Enter a valid e-mail address."), field=field)


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
    device_cookie: str  # the browser is now a known device of this account (app/accounts/throttle.py)


def authenticate(email: str, password: str, ip: str | None, user_agent: str | None,
                 device_cookie: str | None = None, joining: bool = False, locale: str | None = None) -> LoginResult:
    """Check a password at sign-in. A wrong one slows its keys down (app/accounts/throttle.py); an
    attempt that must wait is refused without checking the password. ``joining``: the person signs in
    to accept an invitation (their former organization invited them back), so ended memberships do
    not keep them out; the invitation page checks its own link. ``locale``: the language chosen on the
    sign-in page, saved as the person's when they have none yet (their letters follow it)."""
    email = normalize_email(email)
    attempt = throttle.Attempt(throttle.LOGIN, email, ip, throttle.known_device(device_cookie, email))
    wait = throttle.wait_seconds(attempt)
    if wait > 0:
        raise ServiceError(throttle.too_many(wait))
    user = find_user_for_login(email)
    ok = passwords.verify_password(user.password_hash if user else None, password)
    if not ok or user is None:
        throttle.failed(attempt)
        raise ServiceError(_l("Wrong e-mail or password."))
    throttle.succeeded(attempt)
    refuse_ended_access(user, joining=joining)
    with as_person(user.id):
        if passwords.hasher().check_needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        if locale in current_app.config["LANGUAGES"] and not user.locale:
            user.locale = locale
        token = sessions.start(user, ip, user_agent)
        audit.record("login", "user", user.id, tenant=False)
    return LoginResult(user, token, throttle.remember_device(device_cookie, email))


def refuse_ended_access(user: User, *, joining: bool = False) -> None:
    """Someone whose access was ended — the account deactivated, or every membership — is told so by
    name of organization (and gets no session), rather than landing on a page that asks them to get
    invited. Asked only after the right password, so it tells a stranger nothing. A person coming to
    accept an invitation (``joining``) is let in unless the account itself was deactivated."""
    message = ended_access_message(user, joining=joining)
    if message is not None:
        raise ServiceError(message)


def ended_access_message(user: User, *, joining: bool = False):
    """Why the person has no organization to enter — the account deactivated, memberships ended by
    their organizations, organizations archived by the education department — or None when they do
    (or never had one). The sign-in refuses with it; the landing page of a signed-in person whose
    access has just ended shows it."""
    if joining and user.is_active:
        return None
    with as_person(user.id):
        rows = db.session.execute(
            select(_organizations.c.short_name, _memberships.c.is_active, _organizations.c.is_active)
            .join(_organizations, _organizations.c.id == _memberships.c.org_id)
            .where(_memberships.c.user_id == user.id)).all()
    live = [name for name, member, org in rows if member and org]
    ended = sorted({name for name, member, org in rows if org and not member})
    archived = sorted({name for name, _member, org in rows if not org})
    if user.is_active and (live or user.is_platform_admin or not (ended or archived)):
        return None
    if not (ended or archived):
        return _l("Your account has been deactivated. Contact the administrator of your organization.")
    return ended_message(ended, archived)


def ended_message(ended: list[str], archived: list[str]):
    """The words for organizations that ended the person's access (their names) and for archived ones."""
    parts = []
    if len(ended) == 1:
        parts.append(_l("Your access to %(orgs)s has been ended by the organization. Contact its administrator.",
                        orgs=ended[0]))
    elif ended:
        parts.append(_l("Your access to %(orgs)s has been ended by these organizations. Contact their "
                        "administrators.", orgs=", ".join(ended)))
    if len(archived) == 1:
        parts.append(_l("%(orgs)s has been archived by the education department: its pages are closed.",
                        orgs=archived[0]))
    elif archived:
        parts.append(_l("%(orgs)s have been archived by the education department: their pages are closed.",
                        orgs=", ".join(archived)))
    return parts[0] if len(parts) == 1 else LazyString(lambda: " ".join(str(part) for part in parts))


def verify_second_factor(user: User, session, code: str, ip: str | None) -> None:
    attempt = throttle.Attempt(throttle.CODE, str(user.id), ip)
    wait = throttle.wait_seconds(attempt)
    if wait > 0:
        raise ServiceError(throttle.too_many(wait), field="code")
    if not totp.verify(user, code):
        throttle.failed(attempt)
        raise ServiceError(_l("The code is wrong or has already been used."), field="code")
    throttle.succeeded(attempt)
    session.second_factor_at = utcnow()


def confirm_identity(user: User, secret: str, ip: str | None, *, field: str = "current_password",
                     code_allowed: bool = False) -> None:
    """The proof an account change asks for: the current password (or, where ``code_allowed``, a fresh
    code of the person's second factor). Wrong ones are throttled like sign-in (ASVS 6.3.1)."""
    attempt = throttle.Attempt(throttle.REAUTH, str(user.id), ip)
    wait = throttle.wait_seconds(attempt)
    if wait > 0:
        raise ServiceError(throttle.too_many(wait), field=field)
    secret = secret or ""
    ok = passwords.verify_password(user.password_hash, secret)
    if not ok and code_allowed and user.totp_enabled and secret.strip().replace(" ", "").isdigit():
        ok = totp.verify(user, secret)
    if not ok:
        throttle.failed(attempt)
        raise ServiceError(_l("The current password is wrong.") if not code_allowed
                           else _l("The password or the code is wrong."), field=field)
    throttle.succeeded(attempt)


def requires_second_factor(user: User) -> bool:
    if current_app.config["DEMO_RELAX_TOTP"]:
        return False
    return sessions.is_privileged(user)


def enrol_second_factor(user: User, session, secret: str, code: str) -> list[str]:
    """Turn the second factor on; returns the recovery codes, to be shown once."""
    if not totp.verify(user, code, secret=secret):
        raise ServiceError(_l("The code is wrong or has already been used."), field="code")
    totp.enable(user, secret)
    session.second_factor_at = utcnow()
    codes = recovery.issue(user)
    audit.record("totp_enabled", "user", user.id, tenant=False)
    return codes


def disable_second_factor(user: User, confirmation: str, ip: str | None) -> None:
    """Turning the second factor off takes the current password or a fresh code of it."""
    if sessions.is_privileged(user):
        raise ServiceError(_l("Your role requires a second factor; it cannot be turned off."))
    confirm_identity(user, confirmation, ip, field="confirmation", code_allowed=True)
    totp.disable(user)
    recovery.clear(user)
    audit.record("totp_disabled", "user", user.id, tenant=False)


def use_recovery_code(user: User, session, code: str, ip: str | None) -> int:
    """A recovery code in place of the authenticator's code at sign-in; returns how many are left.
    Wrong ones count with wrong codes (the same throttle keys)."""
    attempt = throttle.Attempt(throttle.CODE, str(user.id), ip)
    wait = throttle.wait_seconds(attempt)
    if wait > 0:
        raise ServiceError(throttle.too_many(wait), field="code")
    if not recovery.use(user, code):
        throttle.failed(attempt)
        raise ServiceError(_l("The recovery code is wrong or has already been used."), field="code")
    throttle.succeeded(attempt)
    session.second_factor_at = utcnow()
    audit.record("recovery_code_used", "user", user.id, tenant=False)
    return recovery.remaining(user)


def regenerate_recovery_codes(user: User, password: str, ip: str | None) -> list[str]:
    """New recovery codes (the old ones stop working), for the current password."""
    if not user.totp_enabled:
        raise ServiceError(_l("Turn the second factor on first."))
    confirm_identity(user, password, ip, field="codes_password")
    codes = recovery.issue(user)
    audit.record("recovery_codes_renewed", "user", user.id, tenant=False)
    return codes


def reset_second_factor(user_id: uuid.UUID, *, actor_user_id: uuid.UUID) -> None:
    """Clear the second factor of a person who lost it (DESIGN.md §1: "a person who loses it is reset
    by the person who may grant their role, with an audit event").

    Contract:

    - **Who may call it is the caller's check.** Accounts sits below orgs and knows no roles of
      organizations: the caller (the staff page, through app/orgs/hierarchy.py) has already decided
      that ``actor_user_id`` may grant the person's role, and calls this in the actor's request scope
      (their organization), through the unit of work (``attempt``), which commits or rolls back.
    - Nobody resets their own second factor this way (a ``ServiceError``): they use a recovery code.
    - A ``ServiceError`` too when the person does not exist or has no second factor to reset.
    - Effects, all in the caller's transaction: the secret, its replay guard and every recovery code
      are deleted, and every session of the person ends — written in the person's own scope, the only
      one where a person's record and sessions may change; and one audit event ``second_factor_reset``
      on the person's account, in the caller's scope (so the organization's log shows it, with the
      actor of the scope), ``actor_user_id`` in its details.
    - Afterwards: at the next sign-in a person whose role requires the second factor
      (``requires_second_factor``) is sent to enrol a new one before anything else, and gets new
      recovery codes; anyone else signs in with the password and may turn it on again.
    """
    if user_id == actor_user_id:
        raise ServiceError(_l("You cannot reset your own second factor: use a recovery code."))
    with as_person(user_id):
        user = db.session.get(User, user_id)
    if user is None or not user.totp_enabled:
        raise ServiceError(_l("This person has no second factor to reset."))
    with as_person(user_id):
        totp.disable(user)
        recovery.clear(user)
    sessions.revoke_all(user_id)
    audit.record("second_factor_reset", "user", user_id, object_name=user.full_name,
                 details={"actor": str(actor_user_id)})


def create_user(email: str, full_name: str, password: str | None) -> User:
    """A new person: only through an accepted invitation or the platform admin's command. The row is
    written through the one named path for it (tenants/rls.py creating_user: the ``users`` INSERT
    policy admits nothing else), never as a platform admin (only the owner role grants that)."""
    user = User(id=uuid.uuid4(), email=check_email(email), full_name=full_name.strip(),
                is_platform_admin=False, is_active=True)
    if password is not None:
        set_password(user, password)
    with creating_user(db.session(), user.id):
        db.session.add(user)
        db.session.flush()
    return user


def new_password_hash(password: str, *, email: str | None, full_name: str | None, field: str = "password") -> str:
    """The hash of an acceptable new password, or a refusal saying why it is not acceptable."""
    found = passwords.problems(password, email=email, full_name=full_name)
    if found:
        raise ServiceError(found[0], field=field)
    return passwords.hash_password(password)


def set_password(user: User, new_password: str) -> None:
    user.password_hash = new_password_hash(new_password, email=user.email, full_name=user.full_name)
    user.password_changed_at = utcnow()


def change_password(user: User, session, current: str, new: str, ip: str | None = None) -> None:
    confirm_identity(user, current, ip)
    set_password(user, new)
    # ASVS 7.4.3: a password change ends every other session of the account.
    sessions.revoke_all(user.id, keep=session)
    audit.record("password_changed", "user", user.id, tenant=False)


def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def request_password_reset(email: str, ip: str | None) -> None:
    """Always succeeds from the caller's view, so the form does not tell who has an account (nor that
    the request was throttled). It does the same work for a known and an unknown address: it records
    the intent — a letter to the normalized address — without looking the account up and without
    rendering anything; the delivery job decides whether there is an account and writes the letter
    (app/accounts/letters.py ``password_reset``)."""
    email = normalize_email(email)
    if not throttle.allow_reset_request(email, ip):
        return
    mail.queue_address_letter(email, "accounts/password_reset_letter.txt", builder="app.accounts.letters:password_reset")


def open_reset_link(token: str) -> User:
    """The person of a password-reset link, or a refusal that says what is wrong with the link: it is
    not one of ours (or is cut short), it has expired, or it has been used (the password changed)."""
    max_age = current_app.config["PASSWORD_RESET_TTL_MINUTES"] * 60
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
        user_id = uuid.UUID(data["u"])
    except SignatureExpired:
        raise ServiceError(_l("This link has expired. Request a new one."))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise ServiceError(_l("This link is not valid: copy it from the letter whole, or request a new one."))
    with as_person(user_id):
        user = db.session.get(User, user_id)
    if user is None or not user.is_active or data.get("p") != _password_fingerprint(user):
        raise ServiceError(_l("This link has already been used, or the password has been changed since. "
                              "Request a new one if you need to."))
    return user


def reset_password(token: str, new_password: str) -> User:
    user = open_reset_link(token)
    with as_person(user.id):
        set_password(user, new_password)
        sessions.revoke_all(user.id)
        audit.record("password_reset", "user", user.id, tenant=False)
    return user


# --- a change of e-mail: confirmed from the new address, announced to the old one ---------------------

def _email_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="email-change")


def request_email_change(user: User, new_email: str, current_password: str, ip: str | None) -> str:
    """Ask to change the person's e-mail: nothing changes until the link sent to the new address is
    opened. The old address is told at once (a password change cancels the request). When the new
    address already belongs to another account, its owner is told instead of sent a link, and the
    person asking is told nothing more than usual (no way to probe who has an account)."""
    confirm_identity(user, current_password, ip, field="email_password")
    new = check_email(new_email, field="new_email")
    if new == user.email:
        raise ServiceError(_l("This is already your e-mail address."), field="new_email")
    if not throttle.allow_email_change(str(user.id), ip):
        raise ServiceError(_l("Too many requests to change the e-mail. Try again later."), field="new_email")
    taken = find_user_for_login(new) is not None
    token = _email_serializer().dumps({"u": str(user.id), "o": user.email, "n": new,
                                       "p": _password_fingerprint(user)})
    hours = current_app.config["EMAIL_CHANGE_TTL_HOURS"]
    with as_person(user.id):
        common = dict(org_owned=False, locale=user.locale, recipient_user_id=user.id, full_name=user.full_name,
                      new_email=new)
        if taken:
            mail.queue_email(new, "accounts/email_taken_letter.txt", **common)
        else:
            mail.queue_email(new, "accounts/email_confirm_letter.txt",
                             link=external_url("account.confirm_email", token=token), hours=hours, **common)
        mail.queue_email(user.email, "accounts/email_change_requested_letter.txt", **common)
        audit.record("email_change_requested", "user", user.id, tenant=False)
    return new


def open_email_change(token: str) -> tuple[User, str]:
    """The person and the new address of a confirmation link, or a refusal saying what is wrong."""
    max_age = current_app.config["EMAIL_CHANGE_TTL_HOURS"] * 3600
    try:
        data = _email_serializer().loads(token, max_age=max_age)
        user_id, new = uuid.UUID(data["u"]), str(data["n"])
    except SignatureExpired:
        raise ServiceError(_l("This link has expired. Request a new one."))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise ServiceError(_l("This link is not valid: copy it from the letter whole, or request a new one."))
    with as_person(user_id):
        user = db.session.get(User, user_id)
    if (user is None or not user.is_active or data.get("o") != user.email
            or data.get("p") != _password_fingerprint(user)):
        raise ServiceError(_l("This link has already been used, or the account has changed since. "
                              "Request a new one if you need to."))
    return user, new


def confirm_email_change(token: str) -> User:
    """Open the link sent to the new address: the address changes now, and the old one is told."""
    user, new = open_email_change(token)
    taken = ServiceError(_l("This e-mail address already belongs to another account."))
    if find_user_for_login(new) is not None:
        raise taken
    old = user.email
    with as_person(user.id):
        user.email = new
        try:
            with db.session.begin_nested():  # another account may have taken it meanwhile
                db.session.flush()
        except IntegrityError:
            raise taken
        mail.queue_email(old, "accounts/email_changed_letter.txt", org_owned=False, locale=user.locale,
                         recipient_user_id=user.id, full_name=user.full_name, new_email=new)
        audit.record("email_changed", "user", user.id, tenant=False)
    return user


# --- the person's own sessions (ASVS 7.5.2) ------------------------------------------------------------

def end_session(user: User, public_id: str) -> None:
    """End one of the person's own sessions (another browser, a lost phone)."""
    gone = ServiceError(_l("This session has already ended."))
    try:
        found = sessions.own_by_public_id(user, uuid.UUID(str(public_id)))
    except ValueError:
        raise gone
    if found is None:
        raise gone
    with as_person(user.id):
        sessions.revoke(found)
        audit.record("session_ended", "user", user.id, tenant=False)


def end_other_sessions(user: User, current) -> int:
    """End every session of the person but this one."""
    ended = sessions.revoke_all(user.id, keep=current)
    with as_person(user.id):
        audit.record("other_sessions_ended", "user", user.id, tenant=False, details={"count": ended})
    return ended
