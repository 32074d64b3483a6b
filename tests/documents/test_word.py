"""The DOCX builder: the blocks of the seed's order (ПРИКАЗ of 24.03.2022 № 13 – А), read back with python-docx."""
import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from app.documents import Bold, Item, Requisites, Signer, WordDocument
from app.documents.typography import NBSP

SCHOOL = Requisites(
    full_name='муниципальное бюджетное общеобразовательное учреждение "Средняя школа №11"',
    short_name="МБОУ СШ №11",
    address="301248, Тульская область, г. Щёкино, ул. Лукашина, д. 5",
    locality="г.Щёкино Тульской области",
    inn="7118011460",
    director_name="Каракулина Надежда Тимофеевна",
)


def mm(length) -> float:
    """Lengths come back in twips: compare them to a tenth of a millimetre."""
    return round(length.mm, 1)


def read(doc: WordDocument):
    return Document(io.BytesIO(doc.to_bytes()))


def texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def table_texts(document) -> list[str]:
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def seed_order() -> WordDocument:
    doc = WordDocument(SCHOOL, title="Приказ")
    doc.header("ПРИКАЗ", date=date(2022, 3, 24), number="13 - А")
    doc.title('Об утверждении "Положения о системе наставничества"')
    doc.paragraph("Руководствуясь нормативной правовой базой")
    doc.paragraph("ПРИКАЗЫВАЮ:", indent=False, align="left")
    doc.numbered([
        Item('"Положение о системе наставничества" (Приложение 1).', lead="Утвердить"),
        Item(["куратором ", Bold("Е.А.Шишкину"), ", заместителя директора."], lead="Назначить"),
        "Разместить данный приказ на сайте школы.",
    ])
    doc.signature()
    doc.acknowledgement(["Шишкина Елена Александровна"])
    return doc


def test_header_carries_the_schools_requisites_kind_date_number_and_locality():
    # The seed's order opens: ПРИКАЗ / 24.03.2022 / № 13 – А / г.Щёкино Тульской области.
    paragraphs = texts(read(seed_order()))
    assert paragraphs[0] == "муниципальное бюджетное общеобразовательное учреждение «Средняя школа №\u00a011»"
    assert "ПРИКАЗ" in paragraphs
    assert f"24.03.2022\t№{NBSP}13{NBSP}– А" in paragraphs
    assert f"г.{NBSP}Щёкино Тульской области" in paragraphs
    assert any("ИНН 7118011460" in text for text in paragraphs)
    assert any(f"ул.{NBSP}Лукашина" in text for text in paragraphs)


def test_header_without_a_number_leaves_blanks_to_fill():
    doc = WordDocument(SCHOOL)
    doc.header("ПРИКАЗ")
    assert any(text.startswith("____") and f"№{NBSP}____" in text for text in texts(read(doc)))


def test_consent_header_may_have_no_date_line():
    doc = WordDocument(SCHOOL)
    doc.header("СОГЛАСИЕ", numbered=False)
    assert not any("№" in text for text in texts(read(doc))[1:])


def test_title_is_bold_centred_with_yolochki():
    document = read(seed_order())
    title = next(p for p in document.paragraphs if p.text.startswith("Об утверждении"))
    assert title.text == "Об утверждении «Положения о системе наставничества»"
    assert title.alignment == 1  # centre
    assert all(run.bold for run in title.runs)


def test_numbered_items_count_from_one_with_a_bold_lead_word():
    # The seed: «1. Утвердить …», «2. Утвердить …», «3. Назначить … Е.А.Шишкину».
    document = read(seed_order())
    items = [p for p in document.paragraphs if p.text[:2] in ("1.", "2.", "3.")]
    assert [p.text.split(NBSP)[0] for p in items] == ["1.", "2.", "3."]
    assert items[0].text == f"1.{NBSP}Утвердить «Положение о системе наставничества» (Приложение 1)."
    lead = [run for run in items[0].runs if run.text == "Утвердить"]
    assert lead and lead[0].bold
    bold_name = [run.text for run in items[1].runs if run.bold]
    assert f"Е.А.{NBSP}Шишкину" in bold_name
    assert not any(run.bold for run in items[2].runs)
    assert mm(items[0].paragraph_format.first_line_indent) == 12.5


def test_numbering_can_continue_and_carry_a_prefix():
    doc = WordDocument(SCHOOL)
    doc.numbered(["a", "b"], start=3, prefix="2.")
    assert [t.split(NBSP)[0] for t in texts(read(doc))] == ["2.3.", "2.4."]


def test_page_margins_of_an_official_document():
    section = read(seed_order()).sections[0]
    # ГОСТ Р 7.0.97-2016 п. 5.1 on A4.
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)


def test_landscape_swaps_the_page():
    section = read(WordDocument(SCHOOL, landscape=True)).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (297, 210)


def test_the_font_comes_from_the_requisites_for_every_script():
    school = Requisites(full_name="Школа", font_name="Arial", font_size=12)
    doc = WordDocument(school)
    doc.paragraph("Текст")
    normal = read(doc).styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(12)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Arial"}
    assert normal.paragraph_format.line_spacing_rule == 0  # single
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "ru-RU"


def test_default_font_is_times_new_roman_14():
    normal = read(WordDocument(SCHOOL)).styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)


def test_signature_block_has_position_line_and_name_with_the_seeds_captions():
    document = read(seed_order())
    signature = document.tables[0]
    line = [cell.text for cell in signature.rows[0].cells]
    captions = [cell.text for cell in signature.rows[1].cells]
    assert line[0::2] == ["директор", "", "Каракулина Надежда Тимофеевна"]
    assert captions[0::2] == ["должность", "подпись", "ФИО (расшифровка подписи)"]
    # Each value sits on a drawn line: the bottom border of its cell.
    for cell in signature.rows[0].cells[0::2]:
        assert cell._tc.tcPr.find(qn("w:tcBorders")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert "Руководитель:" in texts(document)


def test_signature_of_someone_else_than_the_director():
    doc = WordDocument(SCHOOL)
    doc.signature(Signer("Шишкина Елена Александровна", "заместитель директора"), heading="")
    assert [c.text for c in read(doc).tables[0].rows[0].cells][0::2] == [
        "заместитель директора", "", "Шишкина Елена Александровна"]


def test_a_person_signing_for_themselves_has_no_position_line():
    doc = WordDocument(SCHOOL)
    doc.signature(Signer("Шишкина Елена Александровна"), heading="Субъект персональных данных:", with_position=False)
    table = read(doc).tables[0]
    assert [c.text for c in table.rows[0].cells][0::2] == ["", "Шишкина Елена Александровна"]
    assert [c.text for c in table.rows[1].cells][0::2] == ["подпись", "ФИО (расшифровка подписи)"]


def test_acknowledgement_lists_each_person_with_signature_and_date_lines():
    document = read(seed_order())
    assert "С приказом ознакомлен:" in texts(document)
    block = document.tables[1]
    assert block.rows[0].cells[0].text == "Шишкина Елена Александровна"
    assert [c.text for c in block.rows[1].cells][0::2] == ["ФИО (расшифровка подписи)", "подпись", "дата"]


def test_acknowledgement_without_names_leaves_lines_to_fill_by_hand():
    doc = WordDocument(SCHOOL)
    doc.acknowledgement(empty_lines=3)
    assert len(read(doc).tables[0].rows) == 6


def test_fill_in_lines_for_passport_data_written_by_hand():
    # The product keeps no passport data: the consent leaves the lines (issue 7, consent forms).
    doc = WordDocument(SCHOOL)
    doc.fill_in("Паспорт: серия", length=6, caption="кем и когда выдан")
    doc.date_line(None)
    paragraphs = texts(read(doc))
    assert paragraphs[0] == "Паспорт: серия ______"
    assert paragraphs[1] == "кем и когда выдан"
    assert paragraphs[2].startswith("«___»")


def test_table_has_borders_a_bold_header_repeated_on_each_page_and_dates_as_in_orders():
    doc = WordDocument(SCHOOL)
    doc.table(["№", "ФИО", "Дата"], [[1, "Иванова Мария", date(2022, 9, 1)], [2, None, "школа №5"]],
              widths_mm=[10, 100, 30])
    table = read(doc).tables[0]
    assert table.style.name == "Table Grid"
    assert [c.text for c in table.rows[1].cells] == ["1", "Иванова Мария", "01.09.2022"]
    assert [c.text for c in table.rows[2].cells] == ["2", "", f"школа №{NBSP}5"]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert mm(table.columns[1].width) == 100


def test_table_properties_are_in_the_schemas_order():
    # Word asks to repair a file whose w:tblPr children are out of the ECMA-376 order.
    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
             "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]
    document = read(seed_order())
    for table in document.tables:
        tags = [child.tag.split("}")[1] for child in table._tbl.tblPr]
        assert tags == sorted(tags, key=order.index)


def test_text_with_control_characters_still_makes_a_document():
    doc = WordDocument(Requisites(full_name="Школа\x00\x07"))
    doc.paragraph("строка\x0bс мусором")
    document = read(doc)
    assert "строкас мусором" in texts(document)


def test_core_properties_name_the_school():
    properties = read(seed_order()).core_properties
    assert properties.author == "МБОУ СШ №11"
    assert properties.title == "Приказ"


@pytest.mark.parametrize("kind", ["ПРИКАЗ", "СОГЛАСИЕ", "АКТ"])
def test_kind_is_bold_and_larger_than_the_text(kind):
    doc = WordDocument(SCHOOL)
    doc.header(kind)
    paragraph = next(p for p in read(doc).paragraphs if p.text == kind)
    assert paragraph.runs[0].bold and paragraph.runs[0].font.size == Pt(16)
