"""The registry's export (issue 7: "export to XLSX"): the rows of the filter as the page shows them,
of this school only, dates as dates shown dd.mm.yyyy, every text cell neutralised against formula
injection (a name, a position or a phone a person typed never runs as a formula), and the export
recorded in the audit trail (the file carries personal data, 152-ФЗ ст. 19). Built by the documents
engine's XLSX builder (app/documents/spreadsheet.py)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import text

from tests.support.mentoring import add_teacher
from tests.teachers.helpers import said, today, years_ago

HEADERS = ["Last name", "First name", "Patronymic", "Position", "Subjects", "Qualification category",
           "Pedagogical experience since", "Hired in this school on", "Birth date", "Young specialist", "E-mail",
           "Phone", "Status"]


def _sheet(client, query: str = ""):
    response = client.get(f"/school-a/teachers/export.xlsx{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(response.data))
    return book.active


def test_the_export_holds_the_filtered_rows_of_this_school_with_dates_and_words(app, world, clients, inspector):
    a = world.orgs["A"]
    add_teacher(app, a, "Иванова", "Мария", "Петровна", position="учитель математики",
                subjects=["Математика", "Физика"], category="highest", birth_date=date(1975, 3, 8),
                experience_since=date(1998, 9, 1), hired_on=date(2005, 9, 1), email="ivanova@school-a.ru")
    young_since, young_born = years_ago(app, 1), years_ago(app, 24)
    add_teacher(app, a, "Молодова", "Анна", None, birth_date=young_born, experience_since=young_since)
    add_teacher(app, a, "Ушедшая", "Вера", None, is_active=False, left_at=datetime.now(timezone.utc))
    add_teacher(app, world.orgs["B"], "Чужая", "Школа", None)
    sheet = _sheet(clients("a_curator"), "?status=active")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == said(app, "Teachers of %(school)s on %(day)s", school="Org A",
                              day=today(app).strftime("%d.%m.%Y"))
    assert list(rows[1]) == [said(app, h) for h in HEADERS]
    assert [r[0] for r in rows[2:]] == ["Иванова", "Молодова"]  # active only, no other school's rows
    ivanova = rows[2]
    assert ivanova[3:6] == ("учитель математики", "Математика, Физика", said(app, "Highest category"))
    assert [v.date() for v in ivanova[6:9]] == [date(1998, 9, 1), date(2005, 9, 1), date(1975, 3, 8)]
    assert ivanova[9] == said(app, "no") and rows[3][9] == said(app, "yes")
    assert ivanova[12] == said(app, "Works in the school")
    for cell in sheet[3][6:9]:
        assert cell.number_format == "DD.MM.YYYY" and cell.is_date
    with inspector.connect() as conn:
        event = conn.execute(text("SELECT * FROM audit_events WHERE action = 'export'")).mappings().one()
    assert event["org_id"] == a.id and event["details"] == {"rows": 2}


def test_every_text_cell_that_would_be_a_formula_is_written_as_plain_text(app, world, clients):
    add_teacher(app, world.orgs["A"], "=HYPERLINK(\"http://evil.example\",\"x\")", "+Мария", "-Петровна",
                position="@SUM(A1:A9)", subjects=["=1+1", "\tМатематика"], phone="+7 900 123-45-67",
                email="a@school-a.ru")
    sheet = _sheet(clients("a_admin"))
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row if cell.value is not None]
    assert cells and all(cell.data_type != "f" for cell in cells)
    texts = {cell.column_letter: cell for cell in cells if isinstance(cell.value, str)}
    expected = {"A": "=HYPERLINK(\"http://evil.example\",\"x\")", "B": "+Мария", "C": "-Петровна", "D": "@SUM(A1:A9)",
                "E": "=1+1, \tМатематика", "L": "+7 900 123-45-67"}
    for column, value in expected.items():
        cell = texts[column]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True), column
    assert not texts["K"].quotePrefix  # a text that starts otherwise is written as it is


def test_a_teacher_cannot_export_the_registry(app, world, clients):
    assert clients("a_teacher").get("/school-a/teachers/export.xlsx").status_code == 403


def test_an_export_under_a_filter_that_does_not_hold_is_refused(app, world, clients):
    assert clients("a_curator").get("/school-a/teachers/export.xlsx?young=maybe").status_code == 400
