"""Reading staff files and their columns, and the row schema (TeacherRowSchema): the formats schools'
HR and e-journal systems export (Положение 3.4: the registry is kept from the school's own records)."""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from app.teachers import import_files, import_mapping
from app.teachers.schemas import TeacherRowSchema, as_date
from tests.imports.files import HEADER, ROWS, csv_bytes, xlsx_bytes


@pytest.mark.parametrize("title, field", [
    ("ФИО", "full_name"), ("Ф.И.О.", "full_name"), ("Фамилия", "last_name"), ("ИМЯ", "first_name"),
    ("Отчество", "middle_name"), ("Должность", "position"), ("Предмет", "subjects"), ("Предметы", "subjects"),
    ("Преподаваемые предметы", "subjects"), ("Квалификационная категория", "category"), ("Категория", "category"),
    ("Педагогический стаж", "experience"), ("Стаж", "experience"), ("Стаж (лет)", "experience"),
    ("Дата начала пед. стажа", "experience_since"), ("Дата приёма", "hired_on"), ("Дата приема на работу", "hired_on"),
    ("Дата рождения", "birth_date"), ("E-mail", "email"), ("e-mail", "email"), ("Эл. почта", "email"),
    ("Электронная почта", "email"), ("Телефон", "phone"), ("  телефон: ", "phone"),
    ("Примечание", None), ("", None),
])
def test_common_russian_headers_are_recognised_by_themselves(title, field):
    assert import_mapping.field_of(title) == field


def test_a_field_goes_to_its_first_column_and_the_mapping_needs_names_and_a_key():
    assert import_mapping.guess(["Фамилия", "Имя", "Фамилия", "Дата рождения"]) == [
        "last_name", "first_name", "", "birth_date"]
    assert import_mapping.problems(["last_name", "first_name", "birth_date"]) == []
    assert import_mapping.problems(["full_name", "email"]) == []
    assert len(import_mapping.problems(["last_name", "email"])) == 1  # no first name
    assert len(import_mapping.problems(["full_name", "last_name", "first_name", "email"])) == 1  # both forms
    assert len(import_mapping.problems(["full_name", "position"])) == 1  # nothing to match rows by
    assert len(import_mapping.problems(["full_name", "email", "email"])) == 1


def test_the_header_is_found_below_the_title_rows_of_an_export():
    sheet = import_files.read(xlsx_bytes(title_rows=["Список педагогических работников", "МБОУ «СШ №11»"]), 100)
    assert sheet.headers == HEADER and [number for number, _ in sheet.rows] == [4, 5, 6]


def test_excel_dates_are_read_as_dates_in_xlsx_and_csv():
    sheet = import_files.read(xlsx_bytes(), 100)
    assert sheet.rows[0][1][6] == datetime(1985, 5, 17)
    assert as_date(31184) == date(1985, 5, 17)  # the serial number Excel keeps
    assert as_date(31184.0) == date(1985, 5, 17) and as_date("31184") == date(1985, 5, 17)
    for text in ("17.05.1985", "17/05/1985", "1985-05-17", "1985-05-17 00:00:00", "17.05.1985 г."):
        assert as_date(text) == date(1985, 5, 17), text
    assert as_date("7.5.1985") == date(1985, 5, 7)
    for bad in ("31.02.2020", "1985", 1985, "17.05.85", "вчера", True):
        assert as_date(bad) is None, bad


def test_the_encoding_and_the_delimiter_are_found():
    for data in (csv_bytes(encoding="cp1251"), csv_bytes(bom=True, delimiter=","),
                 csv_bytes(delimiter="\t", encoding="utf-16"), csv_bytes(delimiter=",")):
        sheet = import_files.read(data, 100)
        assert sheet.headers == HEADER and sheet.rows[0][1][0] == "Иванова Мария Петровна"
        assert sheet.rows[0][1][2] == "Математика; физика"


def test_an_ods_file_and_a_zip_that_is_not_a_workbook_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(import_files.FileRefused, match=r"\.ods"):
        import_files.read(buffer.getvalue(), 100)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    with pytest.raises(import_files.FileRefused, match="not a spreadsheet"):
        import_files.read(buffer.getvalue(), 100)


def test_too_many_rows_are_refused():
    with pytest.raises(import_files.FileRefused, match="more than 2 rows"):
        import_files.read(csv_bytes(rows=ROWS), 2)


@pytest.fixture
def schema(app):
    with app.test_request_context():
        yield TeacherRowSchema()


def test_the_schema_splits_a_full_name_and_turns_years_into_the_start_date(schema):
    data = schema.load({"full_name": "  Оглы  Ахмед Рашид оглы ", "experience": "5 лет", "email": "a@b.ru",
                        "subjects": "математика,  Математика; физика", "category": "СЗД", "phone": 79001234567})
    assert (data["last_name"], data["first_name"], data["middle_name"]) == ("Оглы", "Ахмед", "Рашид оглы")
    today = date.today()
    assert data["experience_since"].year == today.year - 5
    assert data["subjects"] == ["Математика", "Физика"] and data["category"] == "conformity"
    assert data["phone"] == "79001234567"
    assert schema.load({"last_name": "Иванова", "first_name": "Мария", "birth_date": "17.05.1985",
                        "experience": "5,5"})["experience_since"] <= date(today.year - 5, today.month, 1)


@pytest.mark.parametrize("category, code", [
    ("высшая", "highest"), ("Высшая квалификационная категория", "highest"), ("первая", "first"),
    ("1 категория", "first"), ("соответствие занимаемой должности", "conformity"), ("СЗД", "conformity"),
    ("без категории", "none"), ("нет", "none"), ("highest", "highest"),
])
def test_categories_in_the_usual_russian_words(schema, category, code):
    assert schema.load({"full_name": "Иванова Мария", "email": "a@b.ru", "category": category})["category"] == code


@pytest.mark.parametrize("values, field", [
    ({"full_name": "Иванова М.П.", "email": "a@b.ru"}, "full_name"),
    ({"full_name": "Иванова Мария", "birth_date": "01.01.2020"}, "birth_date"),
    ({"full_name": "Иванова Мария", "email": "a@b.ru", "experience": "100"}, "experience"),
    ({"full_name": "Иванова Мария", "email": "a@b.ru", "phone": "звонить секретарю"}, "phone"),
    ({"full_name": "Иванова Мария", "email": "a@b.ru", "position": "Учитель\x1b[31m"}, "position"),
    ({"full_name": "Иванова Мария", "email": "a@b.ru", "hired_on": "2099-01-01"}, "hired_on"),
    ({"full_name": "Иванова Мария", "email": "a@@b"}, "email"),
    ({"last_name": "Иванова", "email": "a@b.ru"}, "first_name"),
])
def test_the_schema_refuses_implausible_values_field_by_field(schema, values, field):
    from marshmallow import ValidationError

    with pytest.raises(ValidationError) as refused:
        schema.load(values)
    assert field in refused.value.messages
