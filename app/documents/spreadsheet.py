"""The XLSX builder: `book = Spreadsheet()`, `book.sheet(title, header, rows, caption="…")` per sheet, then
`book.to_bytes()`. Dates as ДД.ММ.ГГГГ, text never read as a formula, filter and frozen header."""
from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV/DDE injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 8, 60
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


class Spreadsheet:
    def __init__(self, *, author: str = ""):
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.workbook.properties.creator = author or "Nastavnik"
        self._names: set[str] = set()

    def sheet(self, title: str, header: Sequence[str], rows: Iterable[Sequence[object]], *,
              caption: str = "") -> None:
        """A sheet: `caption` (bold) on the first row when given, then the bold header with a filter and
        the panes frozen under it, then the rows. Widths follow the longest value, capped."""
        worksheet = self.workbook.create_sheet(self._sheet_name(title))
        widths = [len(str(name)) for name in header]
        if caption:
            worksheet.append([_text(caption)])
            worksheet.cell(row=1, column=1).font = Font(bold=True, size=12)
        header_row = worksheet.max_row + 1 if caption else 1
        for column, name in enumerate(header, start=1):
            cell = worksheet.cell(row=header_row, column=column)
            _write(cell, name)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row_number = header_row
        for row_number, values in enumerate(rows, start=header_row + 1):
            for column, value in enumerate(values, start=1):
                cell = worksheet.cell(row=row_number, column=column)
                shown = _write(cell, value)
                if column <= len(widths):
                    widths[column - 1] = max(widths[column - 1], shown)
                else:
                    widths.append(shown)
        last_column = get_column_letter(max(len(widths), 1))
        worksheet.auto_filter.ref = f"A{header_row}:{last_column}{max(row_number, header_row)}"
        worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
        for column, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)

    def _sheet_name(self, title: str) -> str:
        """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the book."""
        base = _SHEET_NAME_FORBIDDEN.sub(" ", _text(title)).strip(" '")[:31] or "Лист"
        name, suffix = base, 2
        while name.lower() in self._names:
            tail = f" ({suffix})"
            name, suffix = base[:31 - len(tail)] + tail, suffix + 1
        self._names.add(name.lower())
        return name

    def to_bytes(self) -> bytes:
        if not self.workbook.worksheets:
            self.workbook.create_sheet("Лист")
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def _text(value: object) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _write(cell, value: object) -> int:
    """Writes one value and returns its width in characters."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
        return 16
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return 10
    if isinstance(value, bool):
        cell.value = "да" if value else "нет"
        return 3
    if isinstance(value, (int, float)):
        cell.value = value
        return len(str(value))
    text = _text(value)
    cell.value = text
    if is_formula_like(text):
        # Kept as the text it is: a string cell, and the quote prefix so that editing it in Excel or
        # LibreOffice does not turn it into a formula either.
        cell.data_type = "s"
        cell.quotePrefix = True
    return max((len(line) for line in text.splitlines()), default=0)
