"""Mentoring pairs and groups (Положение 2.3, 6.1, 6.2, 7.1; roadmap stages 4 and 5): formed from the
two banks, agreed by both sides, covered by the consents, approved by the director's order, active,
completed or ended early with a reason."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import OrgMember
from app.core.navigation import NavItem
from app.core.roles import OrgKind, Role

bp = Blueprint("pairs", __name__, url_prefix="/<org_slug>/pairs", template_folder="templates")

_SCHOOL = frozenset({OrgKind.school})

# ---- pairs and groups (app/pairs/views.py) -------------------------------------------------------
# Положение 3.5, 6.1: the curator forms pairs with the methodical association; the director reads them
# (and approves them by order, app/orders). A teacher answers for themselves on «My pairs».
PAIR_WORK = OrgMember(roles=frozenset({Role.curator, Role.methodist}), kinds=_SCHOOL)
PAIR_READ = OrgMember(roles=frozenset({Role.curator, Role.methodist, Role.director}), kinds=_SCHOOL)
OWN = OrgMember(kinds=_SCHOOL)

ACCESS: dict = {
    "pairs.index": PAIR_READ,
    "pairs.export_pairs": PAIR_READ,
    "pairs.detail": PAIR_READ,
    "pairs.new": PAIR_WORK,
    "pairs.check_consents": PAIR_WORK,
    "pairs.end": PAIR_WORK,
    "pairs.mine": OWN,
    "pairs.accept": OWN,
    "pairs.decline": OWN,
}
NAV: list = [
    NavItem(_l("Pairs and groups"), "pairs.index", order=140),
    NavItem(_l("My pairs"), "pairs.mine", order=320),
]


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.pairs import labels, models, views  # noqa: F401  (its tables and pages)

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
