"""Staff files as schools export them, built for the tests: CSV (UTF-8, BOM, Windows-1251; `;` or `,`)
and XLSX (openpyxl), and the upload of one through the import page."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from openpyxl import Workbook

HEADER = ["ФИО", "Должность", "Преподаваемые предметы", "Квалификационная категория", "Педагогический стаж",
          "Дата приёма на работу", "Дата рождения", "E-mail", "Телефон"]
ROWS = [
    ["Иванова Мария Петровна", "Учитель", "Математика; физика", "высшая", "12", "01.09.2015", "17.05.1985",
     "ivanova@school.test", "+7 900 111-22-33"],
    ["Петров Игорь Сергеевич", "Учитель", "История", "первая", "5 лет", "1.9.2019", "03.02.1990",
     "Petrov@School.test", ""],
    ["Смирнова Анна Олеговна", "Учитель начальных классов", "", "без категории", "1", "2024-08-26", "11.11.2001",
     "", "89001234567"],
]


def csv_bytes(header=HEADER, rows=ROWS, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(header=HEADER, rows=ROWS, title_rows=(), excel_dates=True) -> bytes:
    """A workbook; ``excel_dates`` writes the dates as Excel dates (datetimes), not text."""
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        values = []
        for value in row:
            found = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value) if isinstance(value, str) else None
            if excel_dates and found:
                value = datetime(int(found[3]), int(found[2]), int(found[1]))
            values.append(value)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, slug: str, data: bytes, filename: str = "staff.csv"):
    from tests.support.http import csrf_token

    token = csrf_token(client, f"/{slug}/teachers/import")
    return client.post(f"/{slug}/teachers/import", data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def import_id_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def confirm(client, slug: str, import_id: str, only_valid: bool = False):
    from tests.support.http import csrf_token

    page = f"/{slug}/teachers/import/{import_id}"
    html = client.get(page).get_data(as_text=True)
    revision = re.search(r'name="revision" type="hidden" value="(\d+)"', html) or re.search(
        r'id="revision" name="revision" type="hidden" value="(\d+)"', html)
    data = {"csrf_token": csrf_token(client, page), "revision": revision[1] if revision else ""}
    if only_valid:
        data["only_valid"] = "y"
    return client.post(f"{page}/confirm", data=data)


def teachers_of(inspector, org_id) -> list[dict]:
    from sqlalchemy import text

    with inspector.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(text(
            "SELECT * FROM teachers WHERE org_id = :org ORDER BY sort_name"), {"org": org_id})]


EXAMPLE_DAY = date(2025, 1, 1)


def tr(app, msgid: str, raw: bool = False, **values) -> str:
    """The words the pages show for ``msgid`` in Russian (as the catalog has them), escaped as in HTML
    unless ``raw``."""
    from flask_babel import force_locale, gettext
    from markupsafe import escape

    with app.test_request_context(), force_locale("ru"):
        words = gettext(msgid, **{k: str(v) if not isinstance(v, int) else v for k, v in values.items()})
    return words if raw else str(escape(words))
