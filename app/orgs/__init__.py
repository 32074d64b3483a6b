"""Municipalities, organizations, memberships and their roles, invitations, the staff list and the
municipal directory of organizations."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import ANY_MEMBER, MUNICIPAL_STAFF, PUBLIC, STAFF_ADMIN, AUTHENTICATED, OrgMember
from app.core.roles import OrgKind, Role
from app.core.navigation import NavItem

entry_bp = Blueprint("orgs", __name__, template_folder="templates")
org_bp = Blueprint("org", __name__, url_prefix="/<org_slug>", template_folder="templates")
municipal_bp = Blueprint("municipal", __name__, url_prefix="/<org_slug>/organizations",
                         template_folder="templates")

# The school's requisites: its head and its administrator (app/orgs/requisites.py EDITOR_ROLES).
REQUISITES_EDITORS = OrgMember(roles=frozenset({Role.director, Role.school_admin}), kinds=frozenset({OrgKind.school}))

ACCESS = {
    "orgs.landing": AUTHENTICATED,
    "orgs.accept_invitation": PUBLIC,
    "org.home": ANY_MEMBER,
    "org.staff": STAFF_ADMIN,
    "org.invite": STAFF_ADMIN,
    "org.member": STAFF_ADMIN,
    "org.member_roles": STAFF_ADMIN,
    "org.member_deactivate": STAFF_ADMIN,
    "org.member_reactivate": STAFF_ADMIN,
    "org.member_reset_second_factor": STAFF_ADMIN,
    "org.invitation_revoke": STAFF_ADMIN,
    "org.requisites": REQUISITES_EDITORS,
    "municipal.organizations": MUNICIPAL_STAFF,
    "municipal.new_organization": MUNICIPAL_STAFF,
    "municipal.invite_first_account": MUNICIPAL_STAFF,
    "municipal.edit_organization": MUNICIPAL_STAFF,
    "municipal.archive_organization": MUNICIPAL_STAFF,
    "municipal.restore_organization": MUNICIPAL_STAFF,
    "municipal.revoke_head_invitation": MUNICIPAL_STAFF,
    "municipal.heads": MUNICIPAL_STAFF,
    "municipal.remove_head": MUNICIPAL_STAFF,
    "municipal.reset_head_second_factor": MUNICIPAL_STAFF,
}

NAV = [
    NavItem(_l("Home"), "org.home", order=0),
    NavItem(_l("Staff"), "org.staff", order=100),
    NavItem(_l("Organizations"), "municipal.organizations", order=200),
]


def init_app(app) -> None:
    from app.accounts import sessions
    from app.audit.labels import add as add_audit_labels
    from app.orgs import people
    from app.orgs import entry_views, labels, municipal_views, views  # noqa: F401  (their routes)

    for blueprint in (entry_bp, org_bp, municipal_bp):
        app.register_blueprint(blueprint)
    sessions.init_app(app, load_person=people.load_person)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
