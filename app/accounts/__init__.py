"""Accounts: people, sign-in, the second factor, server-side sessions, passwords.

Accounts sits below orgs (ARCHITECTURE.md): orgs creates people through accepted invitations and
reads them for the staff list; accounts names the memberships table only by string."""
from flask import Blueprint

from app.core.access import AUTHENTICATED, PUBLIC, SIGNING_IN

auth_bp = Blueprint("auth", __name__, template_folder="templates")
account_bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")

ACCESS = {
    "auth.index": PUBLIC,
    "auth.login": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.set_language": PUBLIC,
    "auth.health": PUBLIC,
    "auth.second_factor": SIGNING_IN,
    "auth.recovery_code": SIGNING_IN,
    "auth.logout": SIGNING_IN,
    "account.totp_setup": SIGNING_IN,
    "account.profile": AUTHENTICATED,
    "account.change_password": AUTHENTICATED,
    "account.change_language": AUTHENTICATED,
    "account.totp_disable": AUTHENTICATED,
    "account.change_email": AUTHENTICATED,
    "account.recovery_codes": AUTHENTICATED,
    "account.my_sessions": AUTHENTICATED,
    "account.end_session": AUTHENTICATED,
    "account.end_other_sessions": AUTHENTICATED,
    # The link sent to the new address: it may be opened on another device, signed in or not.
    "account.confirm_email": PUBLIC,
}


def init_app(app) -> None:
    from app.accounts import labels, profile_views, views  # noqa: F401  (their routes)
    from app.audit.labels import add as add_audit_labels

    for blueprint in (auth_bp, account_bp):
        app.register_blueprint(blueprint)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS)
