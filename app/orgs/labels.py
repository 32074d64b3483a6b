"""UI words of organizations and their audit events."""
from datetime import datetime

from flask_babel import format_datetime, lazy_gettext as _l

from app.audit.details import words_of, yes_no
from app.audit.labels import Field
from app.core.roles import KIND_LABELS, ROLE_LABELS
from app.orgs.models import PartnerKind

PARTNER_KIND_LABELS = {
    PartnerKind.university: _l("University"),
    PartnerKind.college: _l("College"),
    PartnerKind.culture_sport: _l("Culture or sports institution"),
    PartnerKind.continuing_education: _l("Continuing professional education"),
    PartnerKind.enterprise: _l("Enterprise"),
    PartnerKind.other: _l("Other"),
}

AUDIT_ACTIONS = {
    "view": _l("Viewed the record"),
    "invite": _l("Sent an invitation"),
    "invite_first_account": _l("Invited the first employee"),
    "accept_invitation": _l("Accepted the invitation"),
    "revoke_invitation": _l("Revoked the invitation"),
    "close_invitation": _l("Closed the invitation by accepting another one"),
    "remove_head": _l("Removed the head role"),
    "change_roles": _l("Changed the roles"),
    "deactivate": _l("Deactivated"),
    "reactivate": _l("Reactivated"),
    "create": _l("Created"),
    "update": _l("Edited"),
    "archive": _l("Archived"),
    "restore": _l("Restored from the archive"),
    "update_requisites": _l("Edited the school's requisites"),
}

AUDIT_OBJECTS = {
    "membership": _l("Staff member"),
    "invitation": _l("Invitation"),
    "organization": _l("Organization"),
    "municipality": _l("Municipality"),
}

_ROLES = Field(_l("Roles"), words_of(ROLE_LABELS))


def _moment(value) -> str:
    """A moment kept in the details as ISO text, in the reader's words."""
    try:
        return format_datetime(datetime.fromisoformat(value), "short")
    except (TypeError, ValueError):
        return str(value)

# How the details of these events read in the log (app/audit/details.py).
AUDIT_FIELDS = {
    "roles": _ROLES,
    "change_roles": _ROLES,  # {"before": [roles], "after": [roles]}
    "role": Field(_l("Role"), words_of(ROLE_LABELS)),
    "is_active": Field(_l("Access"), yes_no(_l("access open"), _l("access closed"))),
    "email": Field(_l("E-mail")),
    "kind": Field(_l("Kind"), words_of(KIND_LABELS)),
    "slug": Field(_l("Short address"), lambda slug: f"/{slug}/"),
    "name": Field(_l("Full name of the organization")),
    "short_name": Field(_l("Short name")),
    "partner_kind": Field(_l("Kind of partner"), words_of(PARTNER_KIND_LABELS)),
    "archived_at": Field(_l("In the archive since"), _moment),
    "revoked": Field(_l("Invitation"), yes_no(_l("revoked"), _l("open"))),
    "full_name": Field(_l("Name")),
    "address": Field(_l("Address")),
    "locality": Field(_l("Locality")),
    "inn": Field(_l("INN")),
    "ogrn": Field(_l("OGRN")),
    "phone": Field(_l("Phone")),
    "document_font": Field(_l("Font of the documents")),
    "document_font_size": Field(_l("Font size of the documents")),
}
