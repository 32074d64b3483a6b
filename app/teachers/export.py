"""The registry, as filtered on its page, as an XLSX workbook (openpyxl): headers in Russian, dates
as dates shown dd.mm.yyyy, and every text cell neutralised against formula injection — a text that
a spreadsheet would read as a formula (=, +, -, @, or a tab or line break first) is written with a
leading apostrophe, so that no cell of a name, a position or a phone number a person typed runs when
the file is opened or pasted elsewhere (OWASP «CSV injection»).

Written here with openpyxl: the documents engine (app/documents, branch ``docs``) had no XLSX builder
when this was written."""
from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.audit import services as audit
from app.teachers import services
from app.teachers.labels import CATEGORY_LABELS, STATUS_LABELS

MAX_ROWS = 20_000  # far above a school's staff; a bound on one request's work all the same
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
DATE_FORMAT = "DD.MM.YYYY"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralised(value: str) -> str:
    """A text a spreadsheet will show and never evaluate."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _headers() -> list[str]:
    return [_("Last name"), _("First name"), _("Patronymic"), _("Position"), _("Subjects"),
            _("Qualification category"), _("Pedagogical experience since"), _("Hired in this school on"),
            _("Birth date"), _("Young specialist"), _("E-mail"), _("Phone"), _("Status")]


def workbook(registry_filter: services.RegistryFilter) -> tuple[bytes, int]:
    """The workbook of the registry under ``registry_filter`` and the number of its rows; the export
    is recorded in the audit trail (the file carries personal data, 152-ФЗ ст. 19)."""
    rows, rule, on = services.registry_rows(registry_filter, MAX_ROWS)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Teachers")
    headers = _headers()
    sheet.append([neutralised(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    categories = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    yes, no = _("yes"), _("no")
    status = {True: str(STATUS_LABELS["active"]), False: str(STATUS_LABELS["left"])}
    for row in rows:
        values = [row.last_name, row.first_name, row.middle_name, row.position, ", ".join(row.subjects or []),
                  categories[row.category], row.experience_since, row.hired_on, row.birth_date,
                  yes if rule.is_young(row.birth_date, row.experience_since, on) else no, row.email, row.phone,
                  status[row.is_active]]
        sheet.append([_cell(value) for value in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = DATE_FORMAT
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 2))
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    audit.record("export", "teacher_registry", None, details={"rows": len(rows)})
    return out.getvalue(), len(rows)


def _cell(value):
    if value is None:
        return None
    if isinstance(value, str):
        return neutralised(value)
    return value
