"""The school's pairs, as filtered on their page, as an XLSX workbook (the documents engine; text cells
never become formulas). The export is recorded in the audit trail: it names people (152-ФЗ ст. 19)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.audit import services as audit
from app.banks import dictionary
from app.documents.spreadsheet import Spreadsheet
from app.pairs import labels, services

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(flt: services.PairFilter, school_name: str) -> tuple[bytes, int]:
    rows, names = services.export_rows(flt)
    forms = {item.code: str(item.title) for item in dictionary.forms(active_only=False)}
    status = {key: str(word) for key, word in labels.PAIR_STATUS.items()}
    kinds = {key: str(word) for key, word in labels.PAIR_KIND.items()}
    reasons = {key: str(word) for key, word in labels.END_REASON.items()}
    book = Spreadsheet()
    book.sheet(_("Pairs and groups"),
               [_("Mentor"), _("Mentees"), _("Kind"), _("Form of mentoring"), _("State"), _("Proposed on"),
                _("Active since"), _("Ended on"), _("Reason of the end")],
               ([", ".join(names[row.id][0]), ", ".join(names[row.id][1]), kinds[row.kind],
                 forms.get(row.form_code, row.form_code), status[row.status], row.created_at.date(),
                 row.activated_at.date() if row.activated_at else None,
                 row.ended_at.date() if row.ended_at else None,
                 reasons[row.end_reason] if row.end_reason else None] for row in rows),
               caption=_("Pairs and groups of %(school)s", school=school_name))
    audit.record("export_pairs", "pairs", None, details={"rows": len(rows)})
    return book.to_bytes(), len(rows)
