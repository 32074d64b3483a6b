"""The school's teacher registry (Положение 3.4: the personified record the curator keeps with the
system administrator): teacher records, the derived young-specialist flag and its municipal rule,
the import of staff files."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import OrgMember
from app.core.navigation import NavItem
from app.core.roles import OrgKind, Role

bp = Blueprint("teachers", __name__, url_prefix="/<org_slug>/teachers", template_folder="templates")

# The import of staff files (import_views.py): the curator and the school's administrator, who keep the
# registry together (Положение 3.4), in a school.
IMPORTERS = OrgMember(roles=frozenset({Role.curator, Role.school_admin}), kinds=frozenset({OrgKind.school}))
IMPORT_ACCESS = {
    "teachers.import_start": IMPORTERS,
    "teachers.import_show": IMPORTERS,
    "teachers.import_mapping": IMPORTERS,
    "teachers.import_confirm": IMPORTERS,
    "teachers.import_status": IMPORTERS,
    "teachers.import_report": IMPORTERS,
}

ACCESS: dict = {**IMPORT_ACCESS}
NAV: list = [NavItem(_l("Staff import"), "teachers.import_start", order=160)]


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.teachers import models  # noqa: F401  (its tables)
    from app.teachers import import_labels, import_models, import_views  # noqa: F401  (the import: tables, routes)

    app.register_blueprint(bp)
    add_audit_labels(app, import_labels.AUDIT_ACTIONS, import_labels.AUDIT_OBJECTS, import_labels.AUDIT_FIELDS)
