"""The import of staff files, page by page (Положение 3.4: the curator keeps the registry of the school's
pedagogical workers with the system administrator): upload, preview, confirmation, the job, the result."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from tests.imports.files import (HEADER, ROWS, confirm, csv_bytes, import_id_of, teachers_of, tr, upload,
                                 xlsx_bytes)
from tests.support.jobs import drain_jobs
from tests.support.mentoring import add_teacher

SLUG = "school-a"


def _imports(inspector) -> list[dict]:
    with inspector.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM teacher_imports ORDER BY created_at"))]


def _import_file(app, client, data: bytes, filename: str, only_valid: bool = False) -> str:
    import_id = import_id_of(upload(client, SLUG, data, filename))
    response = confirm(client, SLUG, import_id, only_valid=only_valid)
    assert response.status_code == 302
    drain_jobs(app)
    return import_id


@pytest.mark.parametrize("data, filename", [
    (csv_bytes(encoding="utf-8"), "staff.csv"),
    (csv_bytes(encoding="utf-8", bom=True, delimiter=","), "staff.csv"),
    (csv_bytes(encoding="cp1251"), "сотрудники.csv"),
    (xlsx_bytes(), "staff.xlsx"),
], ids=["csv-utf8-semicolon", "csv-utf8-bom-comma", "csv-cp1251", "xlsx-excel-dates"])
def test_a_good_file_is_previewed_then_imported_by_the_job(app, world, clients, inspector, data, filename):
    client = clients("a_admin")
    import_id = import_id_of(upload(client, SLUG, data, filename))
    preview = client.get(f"/{SLUG}/teachers/import/{import_id}").get_data(as_text=True)
    assert "Иванова Мария Петровна" in preview and "Смирнова Анна Олеговна" in preview
    assert teachers_of(inspector, world.orgs["A"].id) == []  # the preview writes nothing
    assert confirm(client, SLUG, import_id).status_code == 302
    drain_jobs(app)
    records = {t["last_name"]: t for t in teachers_of(inspector, world.orgs["A"].id)}
    assert set(records) == {"Иванова", "Петров", "Смирнова"}
    ivanova = records["Иванова"]
    assert (ivanova["first_name"], ivanova["middle_name"]) == ("Мария", "Петровна")
    assert ivanova["subjects"] == ["Математика", "Физика"] and ivanova["category"] == "highest"
    assert ivanova["hired_on"] == date(2015, 9, 1) and ivanova["birth_date"] == date(1985, 5, 17)
    assert ivanova["email"] == "ivanova@school.test" and ivanova["phone"] == "+7 900 111-22-33"
    assert date.today().year - ivanova["experience_since"].year == 12
    assert records["Петров"]["hired_on"] == date(2019, 9, 1) and records["Петров"]["category"] == "first"
    assert records["Смирнова"]["hired_on"] == date(2024, 8, 26) and records["Смирнова"]["category"] == "none"
    assert records["Смирнова"]["phone"] == "89001234567"
    (row,) = _imports(inspector)
    assert (row["status"], row["created_count"], row["updated_count"], row["skipped_count"]) == ("finished", 3, 0, 0)
    assert row["content"] is None  # the file is not kept once imported (152-ФЗ ст. 5 ч. 7)
    result = client.get(f"/{SLUG}/teachers/import/{import_id}").get_data(as_text=True)
    assert tr(app, "Records created: %(n)d", n=3) in result


def test_the_same_file_twice_updates_and_never_duplicates(app, world, clients, inspector):
    """Matching by the e-mail in any case, else by the full name and the birth date."""
    client = clients("a_admin")
    _import_file(app, client, csv_bytes(), "staff.csv")
    first = {t["last_name"]: t["id"] for t in teachers_of(inspector, world.orgs["A"].id)}
    rows = [list(r) for r in ROWS]
    rows[0][1] = "Заместитель директора"
    rows[1][7] = "PETROV@school.TEST"  # another case of the same address
    second = import_id_of(upload(client, SLUG, xlsx_bytes(rows=rows), "staff.xlsx"))
    assert tr(app, "will be updated") in client.get(f"/{SLUG}/teachers/import/{second}").get_data(as_text=True)
    confirm(client, SLUG, second)
    drain_jobs(app)
    records = teachers_of(inspector, world.orgs["A"].id)
    assert {t["last_name"]: t["id"] for t in records} == first
    assert next(t for t in records if t["last_name"] == "Иванова")["position"] == "Заместитель директора"
    last = _imports(inspector)[-1]
    assert (last["created_count"], last["updated_count"]) == (0, 3)


def test_an_existing_record_is_matched_by_name_and_birth_date_when_it_has_no_email(app, world, clients, inspector):
    teacher = add_teacher(app, world.orgs["A"], "Смирнова", "Анна", "Олеговна", birth_date=date(2001, 11, 11))
    _import_file(app, clients("a_admin"), csv_bytes(), "staff.csv")
    records = teachers_of(inspector, world.orgs["A"].id)
    assert len(records) == 3
    smirnova = next(t for t in records if t["last_name"] == "Смирнова")
    assert smirnova["id"] == teacher and smirnova["position"] == "Учитель начальных классов"


BAD_ROWS = ROWS + [
    ["Сидоров", "Учитель", "", "вторая", "сто лет", "31.02.2020", "", "not-an-email", ""],
    ["Кузнецова Ольга Ивановна", "Учитель", "", "", "", "", "", "", ""],
    ["Иванова Мария Петровна", "Учитель", "", "", "", "", "17.05.1985", "IVANOVA@school.test", ""],
]


def test_a_file_with_bad_rows_writes_nothing_and_reports_every_error_in_russian(app, world, clients, inspector):
    client = clients("a_admin")
    import_id = import_id_of(upload(client, SLUG, csv_bytes(rows=BAD_ROWS), "staff.csv"))
    html = client.get(f"/{SLUG}/teachers/import/{import_id}").get_data(as_text=True)
    for message in ("Write the last name, the first name and the patronymic.",
                    "Write the category as «высшая», «первая», «соответствие» or «без категории».",
                    "Write the experience in years (for example «5» or «5 лет») or as the date it started.",
                    "Enter the date as dd.mm.yyyy.", "Enter a valid e-mail address.",
                    "Give the e-mail or the birth date: without them the row cannot be matched with the registry."):
        assert tr(app, message) in html, message
    assert tr(app, "The row repeats row %(row)d of the file.", row=2) in html
    response = confirm(client, SLUG, import_id)
    assert response.status_code == 302
    page = client.get(f"/{SLUG}/teachers/import/{import_id}").get_data(as_text=True)
    assert tr(app, "Some rows have errors, so nothing has been imported. Correct the file and upload it again, or "
                   "choose to import the valid rows only.") in page
    drain_jobs(app)
    assert teachers_of(inspector, world.orgs["A"].id) == []
    assert _imports(inspector)[0]["status"] == "draft"

    report = client.get(f"/{SLUG}/teachers/import/{import_id}/report.xlsx")
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(report.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(tr(app, word, raw=True) for word in ("Row", "Full name", "Field", "Message"))
    assert (5, "Сидоров", tr(app, "Full name (last name, first name, patronymic)", raw=True),
            tr(app, "Write the last name, the first name and the patronymic.", raw=True)) in rows
    assert {r[0] for r in rows[1:]} == {5, 6, 7}

    confirm(client, SLUG, import_id, only_valid=True)  # «only the valid rows», after the report
    drain_jobs(app)
    assert {t["last_name"] for t in teachers_of(inspector, world.orgs["A"].id)} == {"Иванова", "Петров", "Смирнова"}
    row = _imports(inspector)[0]
    assert (row["status"], row["created_count"], row["skipped_count"], row["only_valid"]) == ("finished", 3, 3, True)


def test_one_audit_event_per_import_with_its_counts(app, world, clients, inspector):
    _import_file(app, clients("a_admin"), csv_bytes(), "staff.csv")
    with inspector.connect() as conn:
        events = conn.execute(text("SELECT action, object_type, object_name, details, actor_id FROM audit_events "
                                   "WHERE object_type = 'teacher_import'")).all()
    assert len(events) == 1
    action, _kind, name, details, actor = events[0]
    assert (action, name, actor) == ("import", "staff.csv", world.people["a_admin"].id)
    assert details["created_records"] == 3 and details["file_rows"] == 3


NOT_A_SPREADSHEET = "The file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
OLD_EXCEL = ("Files in the old Excel format (.xls) are not accepted: save the file as .xlsx or CSV and upload it "
             "again.")


@pytest.mark.parametrize("data, filename, message", [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "staff.xlsx", NOT_A_SPREADSHEET),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "staff.csv", NOT_A_SPREADSHEET),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "staff.xls", OLD_EXCEL),
    (b"just one line of text without columns\n", "staff.csv", NOT_A_SPREADSHEET),
    (b"PK\x03\x04garbage that is not a zip", "staff.xlsx", NOT_A_SPREADSHEET),
], ids=["pdf", "png", "xls", "plain-text", "broken-zip"])
def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_is_stored(app, world, clients, inspector, data,
                                                                          filename, message):
    response = upload(clients("a_admin"), SLUG, data, filename)
    assert response.status_code == 400
    assert tr(app, message) in response.get_data(as_text=True)
    assert _imports(inspector) == []


def test_an_oversized_file_is_refused_with_the_limit_and_nothing_is_stored(app, world, clients, inspector):
    app.config["TEACHER_IMPORT_MAX_BYTES"] = 1024
    try:
        data = csv_bytes(rows=ROWS * 20)
        assert len(data) > 1024
        response = upload(clients("a_admin"), SLUG, data)
        assert response.status_code == 400
        limit = tr(app, "The file is larger than %(size)s MB: split it into several files.", size=f"{1024 / 1024 / 1024:g}")
        assert limit in response.get_data(as_text=True)
        far_over = upload(clients("a_admin"), SLUG, b"x;y\n" * 40000)  # beyond the envelope: the 413 page
        assert far_over.status_code == 413
    finally:
        app.config["TEACHER_IMPORT_MAX_BYTES"] = 5 * 1024 * 1024
    assert _imports(inspector) == []


def test_a_file_within_the_import_limit_but_over_the_sites_request_limit_is_accepted(app, world, clients):
    """The import's own limit (5 MB by default) applies to its upload, not the site's 2 MB."""
    rows = [[f"Учитель{i} Имя Отчество", "Учитель", "Математика" + "я" * 80, "первая", "3", "01.09.2020",
             "01.01.1990", f"t{i}@school.test", ""] for i in range(12000)]
    data = csv_bytes(rows=rows)
    assert 2 * 1024 * 1024 < len(data) < 5 * 1024 * 1024
    assert upload(clients("a_admin"), SLUG, data).status_code == 302


@pytest.mark.parametrize("data, filename, cell", [
    (xlsx_bytes(rows=[ROWS[0][:7] + ["=HYPERLINK(\"http://evil.test\",\"x\")", ""]]), "staff.xlsx", "H2"),
    (csv_bytes(rows=[ROWS[0][:8] + ["=cmd|' /C calc'!A0"]]), "staff.csv", "I2"),
    (csv_bytes(rows=[ROWS[1], ["@SUM(1+1)*cmd|' /C calc'!A0"] + ROWS[0][1:]]), "staff.csv", "A3"),
    (csv_bytes(rows=[ROWS[1], ["+cmd|' /C calc'!A0"] + ROWS[0][1:]]), "staff.csv", "A3"),
], ids=["xlsx-hyperlink", "csv-dde", "csv-at-sum", "csv-plus-dde"])
def test_a_formula_cell_refuses_the_file_naming_the_cell(app, world, clients, inspector, data, filename, cell):
    response = upload(clients("a_admin"), SLUG, data, filename)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _formula_message(app, cell) in html
    assert _imports(inspector) == []


def _formula_message(app, cell: str) -> str:
    return tr(app, "Cell %(cell)s contains a formula. Files with formulas are not accepted: they could run commands on "
                   "the computer that opens them. Save the values only (paste as values) and upload the file again.",
              cell=cell)


def test_a_real_xlsx_formula_is_refused(app, world, clients, inspector):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(ROWS[0])
    workbook.active["E2"] = "=2025-2013"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(clients("a_admin"), SLUG, buffer.getvalue(), "staff.xlsx")
    assert response.status_code == 400 and _formula_message(app, "E2") in response.get_data(as_text=True)
    assert _imports(inspector) == []


def test_a_phone_or_a_dash_is_not_taken_for_a_formula(app, world, clients):
    rows = [ROWS[0][:8] + ["+7 (900) 111-22-33"], ROWS[1][:4] + ["-"] + ROWS[1][5:]]
    assert upload(clients("a_admin"), SLUG, csv_bytes(rows=rows)).status_code == 302


def test_the_curator_changes_the_mapping_of_a_column(app, world, clients, inspector):
    from tests.support.http import csrf_token

    header = ["Сотрудник", "Занимаемая должность", "Какая-то колонка", "Эл. почта"]
    rows = [["Иванова Мария Петровна", "Учитель", "17.05.1985", "ivanova@school.test"]]
    client = clients("a_admin")
    import_id = import_id_of(upload(client, SLUG, csv_bytes(header=header, rows=rows)))
    page = f"/{SLUG}/teachers/import/{import_id}"
    assert _imports(inspector)[0]["mapping"] == ["full_name", "position", "", "email"]
    response = client.post(f"{page}/mapping", data={"csrf_token": csrf_token(client, page), "columns_-0": "full_name",
                                                     "columns_-1": "position", "columns_-2": "birth_date",
                                                     "columns_-3": "email"})
    assert response.status_code == 302
    row = _imports(inspector)[0]
    assert row["mapping"] == ["full_name", "position", "birth_date", "email"] and row["revision"] == 2
    assert row["report"][0]["data"]["birth_date"] == "1985-05-17"
    refused = client.post(f"{page}/mapping", data={"csrf_token": csrf_token(client, page), "columns_-0": "email",
                                                    "columns_-1": "position", "columns_-2": "birth_date",
                                                    "columns_-3": "email"})
    assert refused.status_code == 400
    assert tr(app, "The field «%(field)s» is chosen for several columns.", field=tr(app, "E-mail", raw=True)) in \
        refused.get_data(as_text=True)
    assert _imports(inspector)[0]["revision"] == 2
    bogus = client.post(f"{page}/mapping", data={"csrf_token": csrf_token(client, page), "columns_-0": "is_admin"})
    assert bogus.status_code == 400 and _imports(inspector)[0]["revision"] == 2


def test_a_confirmation_of_an_older_preview_is_refused(app, world, clients, inspector):
    from tests.support.http import csrf_token

    client = clients("a_admin")
    import_id = import_id_of(upload(client, SLUG, csv_bytes()))
    page = f"/{SLUG}/teachers/import/{import_id}"
    client.post(f"{page}/confirm", data={"csrf_token": csrf_token(client, page), "revision": "7"})
    assert tr(app, "The preview has changed since you opened it: check it again.") in client.get(page).get_data(
        as_text=True)
    assert _imports(inspector)[0]["status"] == "draft"


def test_a_teacher_or_the_director_cannot_open_the_import(app, world, clients):
    for person in ("a_teacher", "a_director"):
        assert clients(person).get(f"/{SLUG}/teachers/import").status_code == 403
    assert clients("a_curator").get(f"/{SLUG}/teachers/import").status_code == 200
