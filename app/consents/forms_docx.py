"""The ledger's documents as DOCX, written with python-docx (the documents engine of app/documents was
not on the branch when these were built): the printable consent form (every element of 152-ФЗ ст. 9
ч. 4, the school's requisites, the passport lines left to be filled in by hand: the product stores no
passport data) and the act of destruction with the extract of the event log (ст. 21 ч. 5)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

FONT, SIZE = "Times New Roman", 14
PASSPORT_LINE = "паспорт: серия ______ № ____________, выдан ________________________________________"
ADDRESS_LINE = "зарегистрирован(а) по адресу: ___________________________________________________"
NBSP = "\u00a0"


def typeset(text: str) -> str:
    """Russian typography: a non-breaking space after «№» and before «г.» of a date."""
    return text.replace("№ ", f"№{NBSP}").replace(" г.", f"{NBSP}г.")


def _document() -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(SIZE)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)
    style.paragraph_format.space_after = Pt(4)
    return document


def _paragraph(document, text: str, *, bold: bool = False, align=None, size: int | None = None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(typeset(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _requisites(document, operator: str, address: str) -> None:
    """The header: the school's full name and address as the operator."""
    _paragraph(document, operator, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"Адрес: {address}", align=WD_ALIGN_PARAGRAPH.CENTER, size=12)


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "«___» ______________ 20___ г."
    return value.strftime("%d.%m.%Y") + " г."


@dataclass(frozen=True)
class FormRecord:
    """How a recorded consent was given, for the form printed from the record."""

    channel: str  # "in_app" / "paper"
    given_at: datetime
    client_ip: str | None = None
    withdrawn_at: datetime | None = None


def consent_form(*, operator: str, address: str, title: str, version: int, body: str, subject: str | None,
                 record: FormRecord | None = None) -> bytes:
    """The printable consent: the school's requisites, the title, the subject with the passport and
    address lines to fill by hand, the filled text (purpose, data, actions, term, withdrawal), the date
    and the signature lines."""
    document = _document()
    _requisites(document, operator, address)
    _paragraph(document, title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"(редакция № {version})", align=WD_ALIGN_PARAGRAPH.CENTER, size=11)
    _paragraph(document, f"Субъект персональных данных: {subject or '_' * 50}")
    _paragraph(document, PASSPORT_LINE)
    _paragraph(document, ADDRESS_LINE)
    for line in body.split("\n"):
        if line.strip():
            _paragraph(document, line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if record is not None:
        how = ("Дано в электронной форме на странице «Мои согласия» системы «Наставник» "
               f"{record.given_at.strftime('%d.%m.%Y %H:%M')} UTC"
               + (f", адрес {record.client_ip}" if record.client_ip else "") + "."
               if record.channel == "in_app" else f"Подписано на бумаге {_day(record.given_at)}")
        _paragraph(document, how, size=12)
        if record.withdrawn_at is not None:
            _paragraph(document, f"Отозвано {_day(record.withdrawn_at)}", size=12)
    document.add_paragraph()
    _paragraph(document, f"Дата: {_day(record.given_at if record and record.channel == 'paper' else None)}")
    _paragraph(document, f"Подпись: ____________________ / {subject or '____________________'} /")
    return _bytes(document)


@dataclass(frozen=True)
class LogLine:
    at: datetime
    actor: str | None
    action: str
    object: str | None


def destruction_act(*, operator: str, address: str, number: str, subject: str, purpose: str, basis: str,
                    destroyed: list[str], notes: list[str], method: str, destroyed_on: date,
                    log: list[LogLine]) -> bytes:
    """«Акт об уничтожении персональных данных»: requisites, subject, purpose, basis, the data
    destroyed, the method, the date, the commission's signature lines, the extract of the event log."""
    document = _document()
    _requisites(document, operator, address)
    _paragraph(document, "АКТ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "об уничтожении персональных данных", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"№ {number} от {_day(destroyed_on)}", align=WD_ALIGN_PARAGRAPH.CENTER)
    items = [
        f"Субъект персональных данных: {subject}.",
        f"Цель обработки, согласие на которую отозвано: {purpose}.",
        f"Основание уничтожения: {basis}",
        "Уничтоженные персональные данные:",
    ]
    for number_, item in enumerate(items[:3], start=1):
        _paragraph(document, f"{number_}. {item}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph(document, f"4. {items[3]}")
    for line in destroyed:
        _paragraph(document, f"— {line};")
    for line in notes:
        _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=12)
    _paragraph(document, f"5. Способ уничтожения: {method}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph(document, f"6. Дата уничтожения: {_day(destroyed_on)}")
    _paragraph(document, "Комиссия:")
    for role in ("Председатель комиссии", "Член комиссии", "Член комиссии"):
        _paragraph(document, f"{role}: ____________________ / ____________________ /")
    _paragraph(document, "Приложение: выгрузка из журнала событий системы «Наставник».", size=12)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, ("Дата и время (UTC)", "Кто", "Действие", "Объект")):
        cell.text = heading
    for entry in log:
        cells = table.add_row().cells
        cells[0].text = entry.at.strftime("%d.%m.%Y %H:%M:%S")
        cells[1].text = entry.actor or "система"
        cells[2].text = entry.action
        cells[3].text = entry.object or ""
    return _bytes(document)
