"""The school's teacher registry (Положение 3.4: the personified record the curator keeps with the
system administrator): teacher records, the derived young-specialist flag and its municipal rule,
the import of staff files."""
from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.core.access import OrgMember
from app.core.navigation import NavItem
from app.core.roles import OrgKind, Role

bp = Blueprint("teachers", __name__, url_prefix="/<org_slug>/teachers", template_folder="templates")

_SCHOOL = frozenset({OrgKind.school})
# Положение 3.4: the curator keeps the registry «совместно с системным администратором»; the director
# and the methodist (Положение 3.5: «ведет учет сведений о молодых/начинающих специалистах») read it.
REGISTRY_KEEPERS = OrgMember(roles=frozenset({Role.curator, Role.school_admin}), kinds=_SCHOOL)
REGISTRY_READERS = OrgMember(roles=frozenset({Role.curator, Role.school_admin, Role.director, Role.methodist}),
                             kinds=_SCHOOL)
SCHOOL_MEMBER = OrgMember(kinds=_SCHOOL)
DEPARTMENT_OFFICER = OrgMember(roles=frozenset({Role.municipal_officer}), kinds=frozenset({OrgKind.municipal}))

ACCESS: dict = {
    "teachers.registry": REGISTRY_READERS,
    "teachers.export": REGISTRY_READERS,
    "teachers.card": REGISTRY_READERS,
    "teachers.new": REGISTRY_KEEPERS,
    "teachers.edit": REGISTRY_KEEPERS,
    "teachers.deactivate": REGISTRY_KEEPERS,
    "teachers.reactivate": REGISTRY_KEEPERS,
    "teachers.invite": REGISTRY_KEEPERS,
    "teachers.my_record": SCHOOL_MEMBER,
    "teachers.rules": DEPARTMENT_OFFICER,
    # The import of staff files (import_views.py): the registry's keepers.
    "teachers.import_start": REGISTRY_KEEPERS,
    "teachers.import_show": REGISTRY_KEEPERS,
    "teachers.import_mapping": REGISTRY_KEEPERS,
    "teachers.import_confirm": REGISTRY_KEEPERS,
    "teachers.import_status": REGISTRY_KEEPERS,
    "teachers.import_report": REGISTRY_KEEPERS,
}
NAV: list = [
    NavItem(_l("Teachers"), "teachers.registry", order=110),
    NavItem(_l("My record"), "teachers.my_record", order=120),
    NavItem(_l("Young specialist rule"), "teachers.rules", order=210),
]


def _link_joined_member(sender, *, org_id, user_id, email, **_extra) -> None:
    from app.teachers import services

    services.link_joined_member(org_id, user_id, email)


def init_app(app) -> None:
    from app.audit.labels import add as add_audit_labels
    from app.orgs.signals import member_joined
    from app.teachers import import_labels, import_models, import_views  # noqa: F401  (the import: table, routes)
    from app.teachers import labels, models, views  # noqa: F401  (its tables and routes)

    app.register_blueprint(bp)
    add_audit_labels(app, labels.AUDIT_ACTIONS, labels.AUDIT_OBJECTS, labels.AUDIT_FIELDS)
    add_audit_labels(app, import_labels.AUDIT_ACTIONS, import_labels.AUDIT_OBJECTS, import_labels.AUDIT_FIELDS)
    member_joined.connect(_link_joined_member, sender=app, weak=False)
