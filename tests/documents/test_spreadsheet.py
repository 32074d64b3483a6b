"""The XLSX builder: read back with openpyxl."""
import io
from datetime import date, datetime

import openpyxl
import pytest

from app.documents import Spreadsheet
from app.documents.spreadsheet import MAX_WIDTH


def load(book: Spreadsheet):
    return openpyxl.load_workbook(io.BytesIO(book.to_bytes()))


def test_sheet_has_a_title_row_a_bold_filtered_header_and_frozen_panes():
    book = Spreadsheet()
    book.sheet("Учителя", ["ФИО", "Дата приёма"], [["Иванова Мария", date(2022, 9, 1)]], caption="Реестр педагогов")
    sheet = load(book)["Учителя"]
    assert sheet["A1"].value == "Реестр педагогов" and sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == ["ФИО", "Дата приёма"]
    assert all(c.font.b for c in sheet[2])
    assert sheet.auto_filter.ref == "A2:B3"
    assert sheet.freeze_panes == "A3"


def test_without_a_caption_the_header_is_the_first_row():
    book = Spreadsheet()
    book.sheet("Лист", ["a"], [])
    sheet = load(book).active
    assert sheet["A1"].value == "a" and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:A1"


def test_dates_are_real_dates_shown_as_dd_mm_yyyy():
    book = Spreadsheet()
    book.sheet("Даты", ["Дата", "Когда"], [[date(2022, 3, 24), datetime(2022, 3, 24, 9, 5)]])
    cell, stamp = load(book).active["A2"], load(book).active["B2"]
    assert cell.is_date and cell.value.date() == date(2022, 3, 24) and cell.number_format == "DD.MM.YYYY"
    assert stamp.number_format == "DD.MM.YYYY HH:MM"


@pytest.mark.parametrize("value", ["=1+1", '=HYPERLINK("http://x","y")', "+7 900", "-2+3", "@SUM(A1)",
                                   "\tcmd", "\r=1"])
def test_text_that_looks_like_a_formula_stays_text(value):
    book = Spreadsheet()
    book.sheet("Лист", ["Значение"], [[value]])
    cell = load(book).active["A2"]
    assert cell.value == value
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_plain_text_and_numbers_keep_their_types():
    book = Spreadsheet()
    book.sheet("Лист", ["a", "b", "c", "d"], [["Иванова", 5, 2.5, True]])
    row = [c for c in load(book).active[2]]
    assert [c.value for c in row] == ["Иванова", 5, 2.5, "да"]
    assert not row[0].quotePrefix and row[1].data_type == "n"


def test_column_widths_follow_the_content_and_are_capped():
    book = Spreadsheet()
    book.sheet("Лист", ["Короткий", "Длинный"], [["a", "я" * 300]])
    dimensions = load(book).active.column_dimensions
    assert 8 <= dimensions["A"].width <= 12
    assert dimensions["B"].width == MAX_WIDTH


def test_sheet_names_follow_excels_rules_and_stay_unique():
    book = Spreadsheet()
    book.sheet("Отчёт: 2022/2023 [черновик] очень длинное имя листа", ["a"], [])
    book.sheet("Отчёт: 2022/2023 [черновик] очень длинное имя листа", ["a"], [])
    names = load(book).sheetnames
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    assert len(set(names)) == 2


def test_control_characters_are_dropped_instead_of_breaking_the_file():
    book = Spreadsheet()
    book.sheet("Лист", ["a"], [["x\x00y\x1b"]])
    assert load(book).active["A2"].value == "xy"


def test_an_empty_book_still_opens():
    assert load(Spreadsheet()).sheetnames == ["Лист"]
