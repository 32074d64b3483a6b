"""The consent ledger (152-ФЗ ст. 9, 10.1, 21; ТК РФ ст. 351.8; Положение 3.2, 3.3, 6.2): one record
per person and purpose, the exact text version shown, how and by whom it was recorded, withdrawal and
the destruction it schedules."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import OrgMember
from app.core.navigation import NavItem
from app.core.roles import OrgKind, Role

bp = Blueprint("consents", __name__, url_prefix="/<org_slug>/consents", template_folder="templates")

_SCHOOL = frozenset({OrgKind.school})
# Who reads the ledger: the curator keeps it, the school's system administrator keeps it with her
# (Положение 3.4), the director approves mentors against it.
READERS = OrgMember(roles=frozenset({Role.curator, Role.school_admin, Role.director}), kinds=_SCHOOL)
# Who records paper forms and paper withdrawals.
RECORDERS = OrgMember(roles=frozenset({Role.curator, Role.school_admin}), kinds=_SCHOOL)
# Who publishes a new version of a text: the curator, for the school as operator.
CURATOR = OrgMember(roles=frozenset({Role.curator}), kinds=_SCHOOL)
# A person's own consents: any member of a school, through the teacher record linked to the account.
OWN = OrgMember(kinds=_SCHOOL)

ACCESS = {
    "consents.overview_page": READERS,
    "consents.person": READERS,
    "consents.consent": READERS,
    "consents.form": READERS,
    "consents.blank_form": READERS,
    "consents.scan": READERS,
    "consents.act": READERS,
    "consents.texts_page": READERS,
    "consents.text": READERS,
    "consents.record_paper": RECORDERS,
    "consents.record_withdrawal": RECORDERS,
    "consents.new_text": CURATOR,
    "consents.mine": OWN,
    "consents.give": OWN,
    "consents.withdraw": OWN,
    "consents.my_form": OWN,
    "consents.my_blank": OWN,
}
NAV = [
    NavItem(_l("Consents"), "consents.overview_page", order=300),
    NavItem(_l("My consents"), "consents.mine", order=310),
]


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.consents import labels, models, views  # noqa: F401  (its tables and routes)

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
