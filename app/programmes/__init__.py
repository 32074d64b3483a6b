"""Personalized mentoring programmes (Положение 1.2, 7.2; roadmap 5.2): one per pair or group, its plan
of activities with evidence, the pair's journal of meetings, revisions by mutual agreement."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import OrgMember
from app.core.navigation import NavItem
from app.core.roles import OrgKind, Role

bp = Blueprint("programmes", __name__, url_prefix="/<org_slug>/programmes", template_folder="templates")

_SCHOOL = frozenset({OrgKind.school})
# The curator and the methodist (Положение 3.5) write and approve; the director reads.
CURATORS = OrgMember(roles=frozenset({Role.curator, Role.methodist}), kinds=_SCHOOL)
READERS = OrgMember(roles=frozenset({Role.curator, Role.methodist, Role.director}), kinds=_SCHOOL)
# A programme's own pages: any member of the school; the service admits the pair, the curator and the
# director (the journal: the pair and the curator) and answers 404 to anybody else.
MEMBERS = OrgMember(kinds=_SCHOOL)

ACCESS = {
    "programmes.list_page": READERS,
    "programmes.export": READERS,
    "programmes.new": CURATORS,
    "programmes.edit": CURATORS,
    "programmes.add_activity": CURATORS,
    "programmes.approve": CURATORS,
    "programmes.complete": CURATORS,
    "programmes.approve_revision": CURATORS,
    "programmes.mine": MEMBERS,
    "programmes.show": MEMBERS,
    "programmes.document": MEMBERS,
    "programmes.mark": MEMBERS,
    "programmes.evidence": MEMBERS,
    "programmes.journal": MEMBERS,
    "programmes.revisions": MEMBERS,
    "programmes.revision": MEMBERS,
    "programmes.confirm_revision": MEMBERS,
    "programmes.reject_revision": MEMBERS,
}
NAV = [
    NavItem(_l("Programmes"), "programmes.list_page", order=145),
    NavItem(_l("My programmes"), "programmes.mine", order=320),
]


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.programmes import labels, models, views  # noqa: F401  (its tables and routes)

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
