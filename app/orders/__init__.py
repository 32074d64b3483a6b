"""The director's orders (приказы; Положение 3.1–3.3, 6.2; the seed's order № 13 – А as the model): a
numbered registry per school and year, drafts, signing with a fresh second factor, frozen once signed,
their effects on pairs, mentors and petitions, the acknowledgements of the people they name."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import OrgMember
from app.core.home import HomePanel
from app.core.navigation import NavItem
from app.core.roles import OrgKind, Role

bp = Blueprint("orders", __name__, url_prefix="/<org_slug>/orders", template_folder="templates")

_SCHOOL = frozenset({OrgKind.school})
# The curator (and the methodist, Положение 3.5) drafts; the director signs; both read the registry.
DRAFTERS = OrgMember(roles=frozenset({Role.curator, Role.methodist}), kinds=_SCHOOL)
READERS = OrgMember(roles=frozenset({Role.curator, Role.methodist, Role.director, Role.school_admin}), kinds=_SCHOOL)
DIRECTOR = OrgMember(roles=frozenset({Role.director}), kinds=_SCHOOL)
SETTINGS = OrgMember(roles=frozenset({Role.curator, Role.director}), kinds=_SCHOOL)
# The person named by an order acknowledges it (their teacher record decides).
OWN = OrgMember(kinds=_SCHOOL)

ACCESS = {
    "orders.registry": READERS,
    "orders.new": DRAFTERS,
    "orders.order": READERS,
    "orders.edit": DRAFTERS,
    "orders.docx": READERS,
    "orders.queue": DIRECTOR,
    "orders.sign": DIRECTOR,
    "orders.scan": READERS,
    "orders.scan_file": READERS,
    "orders.settings": SETTINGS,
    "orders.mine": OWN,
    "orders.my_docx": OWN,
    "orders.acknowledge": OWN,
}

NAV = [
    NavItem(_l("Orders"), "orders.registry", order=160),
    NavItem(_l("To sign"), "orders.queue", order=165),
    NavItem(_l("Orders to acknowledge"), "orders.mine", order=320),
]


def _school_cycle(org, membership):
    from app.orders import panels

    return panels.school_cycle(org, membership)


def _my_work(org, membership):
    from app.orders import panels

    return panels.my_work(org, membership)


HOME = [HomePanel(_school_cycle, order=15), HomePanel(_my_work, order=5)]


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.orders import labels, models, views  # noqa: F401

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
