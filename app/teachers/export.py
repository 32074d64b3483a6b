"""The registry, as filtered on its page, as an XLSX workbook, built by the documents engine
(app/documents/spreadsheet.py): headers in Russian, dates as dates shown ДД.ММ.ГГГГ, and every text
cell that a spreadsheet would read as a formula (=, +, -, @, a tab or a line break first) kept as
the text it is — a string cell with the quote prefix — so no name, position or phone a person typed
runs when the file is opened or edited (OWASP «CSV injection»)."""
from __future__ import annotations

from flask_babel import gettext as _

from app.audit import services as audit
from app.documents.spreadsheet import Spreadsheet
from app.teachers import services
from app.teachers.labels import CATEGORY_LABELS, STATUS_LABELS

MAX_ROWS = 20_000  # far above a school's staff; a bound on one request's work all the same
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [_("Last name"), _("First name"), _("Patronymic"), _("Position"), _("Subjects"),
            _("Qualification category"), _("Pedagogical experience since"), _("Hired in this school on"),
            _("Birth date"), _("Young specialist"), _("E-mail"), _("Phone"), _("Status")]


def workbook(registry_filter: services.RegistryFilter, school_name: str) -> tuple[bytes, int]:
    """The workbook of the registry under ``registry_filter`` and the number of its rows; the export
    is recorded in the audit trail (the file carries personal data, 152-ФЗ ст. 19)."""
    rows, rule, on = services.registry_rows(registry_filter, MAX_ROWS)
    categories = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    yes, no = _("yes"), _("no")
    status = {True: str(STATUS_LABELS["active"]), False: str(STATUS_LABELS["left"])}
    book = Spreadsheet()
    book.sheet(_("Teachers"), headers(), (
        [row.last_name, row.first_name, row.middle_name, row.position, ", ".join(row.subjects or []),
         categories[row.category], row.experience_since, row.hired_on, row.birth_date,
         yes if rule.is_young(row.birth_date, row.experience_since, on) else no, row.email, row.phone,
         status[row.is_active]]
        for row in rows), caption=_("Teachers of %(school)s on %(day)s", school=school_name,
                                    day=on.strftime("%d.%m.%Y")))
    audit.record("export", "teacher_registry", None, details={"rows": len(rows)})
    return book.to_bytes(), len(rows)
