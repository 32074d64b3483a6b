"""The vocabulary of access (DESIGN.md §1): roles and kinds of organization. Features name them in
their ACCESS tables; the UI words for them live here too, since every feature shows them."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class OrgKind(str, enum.Enum):
    school = "school"
    partner = "partner"
    municipal = "municipal"  # the municipal education department


class Role(str, enum.Enum):
    """Roles of DESIGN.md §1. The platform admin is a flag on the user, not a membership."""

    director = "director"
    curator = "curator"
    methodist = "methodist"
    school_admin = "school_admin"
    teacher = "teacher"
    municipal_officer = "municipal_officer"
    network_coordinator = "network_coordinator"
    partner_coordinator = "partner_coordinator"
    external_mentor = "external_mentor"


ROLES_BY_KIND: dict[OrgKind, tuple[Role, ...]] = {
    OrgKind.school: (Role.director, Role.curator, Role.methodist, Role.school_admin, Role.teacher),
    OrgKind.municipal: (Role.municipal_officer, Role.network_coordinator),
    OrgKind.partner: (Role.partner_coordinator, Role.external_mentor),
}

# Roles whose accounts must have a second factor and get the stricter session limits.
PRIVILEGED_ROLES = frozenset({Role.director, Role.curator, Role.municipal_officer, Role.network_coordinator})

# Roles that keep their organization's staff list (invite, change roles, deactivate). What each may
# grant, remove and deactivate there is the orgs feature's hierarchy (app/orgs/hierarchy.py): the
# curator and the school admin keep the list for teachers (DESIGN.md §1).
STAFF_ADMIN_ROLES = frozenset({Role.director, Role.curator, Role.school_admin, Role.municipal_officer,
                               Role.partner_coordinator})

# Roles that read their organization's audit trail: the heads and the school's system administrator.
AUDIT_ROLES = frozenset({Role.director, Role.school_admin, Role.municipal_officer, Role.partner_coordinator})

MUNICIPAL_ROLES = frozenset({Role.municipal_officer, Role.network_coordinator})

ROLE_LABELS = {
    Role.director: _l("Director"),
    Role.curator: _l("Curator"),
    Role.methodist: _l("Methodist"),
    Role.school_admin: _l("School administrator"),
    Role.teacher: _l("Teacher"),
    Role.municipal_officer: _l("Municipal officer"),
    Role.network_coordinator: _l("Network coordinator"),
    Role.partner_coordinator: _l("Partner coordinator"),
    Role.external_mentor: _l("External mentor"),
}

KIND_LABELS = {
    OrgKind.school: _l("School"),
    OrgKind.partner: _l("Partner organization"),
    OrgKind.municipal: _l("Education department"),
}


def role_label(role: str):
    """The UI word of a role value (a Jinja filter: letters are rendered by jobs in the recipient's
    language, so they carry role values, not words)."""
    return ROLE_LABELS[Role(role)]
