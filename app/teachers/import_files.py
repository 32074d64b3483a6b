"""Reading staff files as schools export them from their HR or e-journal systems: CSV (UTF-8 with or
without BOM, Windows-1251, UTF-16 «Unicode text»; `;`, `,` or tab, sniffed) and XLSX (openpyxl,
read-only). The kind is decided by the content, never by the file's name.

What is refused, with a message and before anything is stored: a file that is not a spreadsheet, an
old or other office format (.xls, .ods), a workbook with a formula in any cell, a CSV cell that
spreadsheet programs would run as a formula (`=…`, or `+ - @` followed by a function or a DDE call:
`=cmd|' /C calc'!A0`, `=HYPERLINK(…)`, `@SUM(…)`), too many rows or columns.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import filetype
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.teachers import import_mapping

MAX_COLUMNS = 60
# The rows above the header that an export may carry (a title, the school's name, the date).
HEADER_SEARCH_ROWS = 10
# A workbook whose parts unpack to more than this is not a staff list (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the old binary office formats
_ZIP = b"PK\x03\x04"
# `=` anything; `+ - @` (after spaces) followed by a name and a call, a DDE pipe or a sheet reference.
_FORMULA = re.compile(r"^\s*(=|[+\-@]\s*[A-Za-zА-Яа-яЁё_][\w.]*\s*[(|!])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FileRefused(Exception):
    """The file cannot be imported; ``message`` says why in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Sheet:
    kind: str  # csv | xlsx
    headers: list[str]
    # (row number as the spreadsheet program shows it, the row's cell values)
    rows: list[tuple[int, list]] = field(default_factory=list)


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and bool(_FORMULA.match(value))


def _cell(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _formula_refused(row: int, column: int):
    return FileRefused(_l("Cell %(cell)s contains a formula. Files with formulas are not accepted: they could run "
                          "commands on the computer that opens them. Save the values only (paste as values) and "
                          "upload the file again.", cell=_cell(row, column)))


def read(data: bytes, max_rows: int) -> Sheet:
    """The file's header and data rows, or ``FileRefused``."""
    if not data:
        raise FileRefused(_l("The file is empty."))
    if data.startswith(_OLE2):
        raise FileRefused(_l("Files in the old Excel format (.xls) are not accepted: save the file as .xlsx or CSV "
                             "and upload it again."))
    if data.startswith(_ZIP):
        return _read_xlsx(data, max_rows)
    if filetype.guess(data) is not None:
        raise _not_a_spreadsheet()
    return _read_csv(data, max_rows)


def _not_a_spreadsheet():
    return FileRefused(_l("The file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."))


# ------------------------------------------------------------------------------------------ XLSX


def _read_xlsx(data: bytes, max_rows: int) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
                raise FileRefused(_l("Files in the OpenDocument format (.ods) are not accepted: save the file as "
                                     ".xlsx or CSV and upload it again."))
            if "xl/workbook.xml" not in names:
                raise _not_a_spreadsheet()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _not_a_spreadsheet()
    except zipfile.BadZipFile:
        raise _not_a_spreadsheet() from None
    try:
        # Not data_only: a formula must be seen as one (and refused), not as its cached value.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise FileRefused(_l("The workbook cannot be read: it is damaged or not an Excel workbook.")) from None
    try:
        if not workbook.worksheets:
            raise _not_a_spreadsheet()
        rows, kept, blanks = [], 0, 0
        for number, row in enumerate(workbook.worksheets[0].iter_rows(), start=1):
            values = []
            for column, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or looks_like_formula(value) or not isinstance(
                        value, (str, int, float, bool, type(None))) and not hasattr(value, "year"):
                    raise _formula_refused(number, column)
                values.append(value)
            rows.append((number, values))
            blanks = blanks + 1 if _blank(values) else 0
            kept += not blanks
            # A workbook may declare a huge range of formatted empty rows; stop at them, or past the limit.
            if blanks > 1000 or kept > max_rows + HEADER_SEARCH_ROWS * 3 + 1:
                break
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(_l("The workbook cannot be read: it is damaged or not an Excel workbook.")) from None
    finally:
        workbook.close()
    return _sheet("xlsx", rows, max_rows)


# ------------------------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")  # what Excel and 1C save as «CSV» on a Russian Windows


def _delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the same number (above one) of columns most often."""
    best, best_score = ";", (False, 0, 0)
    for delimiter in (";", ",", "\t"):
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if not _blank(row)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = (common > 1, counts.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, max_rows: int) -> Sheet:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None
    if _CONTROL.search(text):
        raise _not_a_spreadsheet()
    lines = text.splitlines()
    delimiter = _delimiter([line for line in lines[:30] if line.strip()])
    try:
        rows, kept = [], 0
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for row in reader:
            for column, value in enumerate(row, start=1):
                if looks_like_formula(value):
                    raise _formula_refused(reader.line_num, column)
            rows.append((reader.line_num, row))
            kept += not _blank(row)
            if kept > max_rows + HEADER_SEARCH_ROWS * 3 + 1:
                break
    except csv.Error:
        raise _not_a_spreadsheet() from None
    sheet = _sheet("csv", rows, max_rows)
    if len(sheet.headers) < 2:
        raise _not_a_spreadsheet()
    return sheet


# ---------------------------------------------------------------------------------------- common


def _blank(row) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _header_index(rows: list[tuple[int, list]]) -> int | None:
    """The header row: the first (of the first few non-empty ones) with the most known column titles;
    without any, the first non-empty row."""
    candidates = [i for i, (_, row) in enumerate(rows) if not _blank(row)][:HEADER_SEARCH_ROWS]
    if not candidates:
        return None
    known = {i: sum(1 for value in rows[i][1] if import_mapping.field_of(value)) for i in candidates}
    best = max(known.values())
    return next(i for i in candidates if known[i] == best) if best else candidates[0]


def _sheet(kind: str, rows: list[tuple[int, list]], max_rows: int) -> Sheet:
    index = _header_index(rows)
    if index is None:
        raise FileRefused(_l("The file has no rows."))
    header = list(rows[index][1])
    while header and (header[-1] is None or not str(header[-1]).strip()):
        header.pop()
    if not header:
        raise FileRefused(_l("The file has no rows."))
    if len(header) > MAX_COLUMNS:
        raise FileRefused(_l("The file has more than %(n)d columns: is it a staff list?", n=MAX_COLUMNS))
    headers = [" ".join(str(value).split()) if value is not None else "" for value in header]
    data_rows = []
    for number, row in rows[index + 1:]:
        if _blank(row):
            continue
        if len(data_rows) == max_rows:
            raise FileRefused(_l("The file has more than %(n)d rows: split it into several files.", n=max_rows))
        data_rows.append((number, list(row[:len(headers)]) + [None] * (len(headers) - len(row))))
    return Sheet(kind, headers, data_rows)
