"""Personalized mentoring programmes (Положение 1.2, 7.2; roadmap 5.2): one per pair or group, its plan
of activities with evidence, the pair's journal of meetings, revisions by mutual agreement."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import OrgMember
from app.core.home import HomePanel
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


def _revisions_waiting(org, membership):
    from app.programmes import panels

    return panels.revisions_waiting(org, membership)


# Right after the participant's «waiting for you» (app/orders/panels.py, order 5): what waits is a
# decision of theirs too.
HOME = [HomePanel(_revisions_waiting, order=6)]


def _complete_with_pair(sender, *, pair_id, reason, **_extra) -> None:
    """Положение 7.1: the programme ends when its pair ends (app/pairs/signals.py ``pair_ended``: sent in
    the school's scope, inside the ending's transaction, so the programme closes in the same commit)."""
    from app.programmes import services

    services.complete_with_pair(pair_id, reason)


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.pairs.signals import pair_ended
    from app.programmes import labels, models, views  # noqa: F401  (its tables and routes)

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
    # Any sender (the pair ended is the sender); a module-level function, so connecting again when
    # another app is created (the tests) keeps one receiver.
    pair_ended.connect(_complete_with_pair, weak=False)
