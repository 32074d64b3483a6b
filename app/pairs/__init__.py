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
    "pairs.paper_answer": PAIR_WORK,
    "pairs.end": PAIR_WORK,
    "pairs.mine": OWN,
    "pairs.accept": OWN,
    "pairs.decline": OWN,
}
NAV: list = [
    NavItem(_l("Pairs and groups"), "pairs.index", order=140),
    NavItem(_l("My pairs"), "pairs.mine", order=320),
]

# ---- petitions and the production calendar (Положение 4.1, 5.1; ТК РФ ст. 112, 351.8) ----
from app.core.access import MUNICIPAL_STAFF  # noqa: E402

_PETITION_SCHOOL = frozenset({OrgKind.school})
# Положение 3.5: the curator (with the methodist) reviews; 3.3: the director decides; a participant files
# their own (their teacher record decides, app/pairs/petitions.py).
PETITION_REVIEW = OrgMember(roles=frozenset({Role.curator, Role.methodist}), kinds=_PETITION_SCHOOL)
PETITION_READ = OrgMember(roles=frozenset({Role.curator, Role.methodist, Role.director}), kinds=_PETITION_SCHOOL)
PETITION_DIRECTOR = OrgMember(roles=frozenset({Role.director}), kinds=_PETITION_SCHOOL)
PETITION_OWN = OrgMember(kinds=_PETITION_SCHOOL)
ACCESS.update({
    "pairs.petitions_mine": PETITION_OWN,
    "pairs.petitions_list": PETITION_READ,
    "pairs.petition_review": PETITION_REVIEW,
    "pairs.petition_queue": PETITION_DIRECTOR,
    "pairs.petition_decide": PETITION_DIRECTOR,
    "pairs.calendar_days": MUNICIPAL_STAFF,
    "pairs.calendar_remove": MUNICIPAL_STAFF,
})
NAV += [
    NavItem(_l("Petitions"), "pairs.petitions_list", order=160),
    NavItem(_l("Petitions to decide"), "pairs.petition_queue", order=165),
    NavItem(_l("My petitions"), "pairs.petitions_mine", order=330),
    NavItem(_l("Production calendar"), "pairs.calendar_days", order=215),
]
# ---- end of petitions ----


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.pairs import labels, models, views  # noqa: F401  (its tables and pages)

    # Petitions and the production calendar (their tables, pages and audit words).
    from app.pairs import calendar, petition_views, petitions  # noqa: F401

    add_audit_labels(app, petitions.AUDIT_ACTIONS, petitions.AUDIT_OBJECTS, petitions.audit_fields())

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
