"""UI words of accounts in the audit log."""
from flask_babel import lazy_gettext as _l

AUDIT_ACTIONS: dict = {}
AUDIT_OBJECTS = {"user": _l("Account")}
