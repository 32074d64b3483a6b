"""UI words of accounts in the audit log."""
from flask_babel import lazy_gettext as _l

# Only the events an organization's log shows (a person's own account events belong to no organization).
AUDIT_ACTIONS = {"second_factor_reset": _l("Reset the second factor of the person")}
AUDIT_OBJECTS = {"user": _l("Account")}
