"""UI words of organizations and their audit events."""
from flask_babel import lazy_gettext as _l

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
    "change_roles": _l("Changed the roles"),
    "deactivate": _l("Deactivated"),
    "reactivate": _l("Reactivated"),
    "create": _l("Created"),
    "update": _l("Edited"),
    "archive": _l("Archived"),
    "restore": _l("Restored from the archive"),
}

AUDIT_OBJECTS = {
    "membership": _l("Staff member"),
    "invitation": _l("Invitation"),
    "organization": _l("Organization"),
    "municipality": _l("Municipality"),
}
