"""UI words of the staff-file import in the audit log."""
from flask_babel import lazy_gettext as _l

from app.audit.details import words_of
from app.audit.labels import Field

IMPORT_STATUS_LABELS = {"finished": _l("done"), "failed": _l("stopped by an error")}

AUDIT_ACTIONS = {"import": _l("Imported a staff file"),
                 "expire": _l("Cleared an unconfirmed staff file")}
AUDIT_OBJECTS = {"teacher_import": _l("Staff file")}
AUDIT_FIELDS = {
    "import_status": Field(_l("Result"), words_of(IMPORT_STATUS_LABELS)),
    "file_rows": Field(_l("Rows in the file")),
    "created_records": Field(_l("Records created")),
    "updated_records": Field(_l("Records updated")),
    "skipped_rows": Field(_l("Rows skipped")),
}
