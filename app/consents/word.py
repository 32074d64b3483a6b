"""The ledger's documents, built with the documents engine (app/documents): the printable consent form
(the school's requisites, every element of 152-ФЗ ст. 9 ч. 4, the passport and address lines left to be
filled in by hand — the product stores no passport data — the date and the signature) and the act of
destruction with the extract of the event log (ст. 21 ч. 5)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.documents import Item, Requisites, Signer, WordDocument
from app.documents.typography import blank


@dataclass(frozen=True)
class FormRecord:
    """How a recorded consent was given, for the form printed from the record."""

    channel: str  # "in_app" / "paper"
    given_at: datetime
    client_ip: str | None = None
    withdrawn_at: datetime | None = None


def consent_form(requisites: Requisites, *, title: str, version: int, body: str, subject: str | None,
                 record: FormRecord | None = None) -> bytes:
    """The school's requisites, the title and version, the subject with the lines of the passport and
    the address to fill by hand, the filled text (operator, purpose, data, actions, term, withdrawal), how
    a recorded consent was given, the date and the signature."""
    document = WordDocument(requisites, title=title)
    document.header("СОГЛАСИЕ", numbered=False)
    document.title([title, f" (редакция № {version})"])
    document.paragraph(["Субъект персональных данных: ", subject or blank(50)], align="left", indent=False)
    document.paragraph(["паспорт: серия ", blank(6), " № ", blank(12), ", выдан ", blank(40)], align="left",
                       indent=False)
    document.paragraph(["зарегистрирован(а) по адресу: ", blank(50)], align="left", indent=False)
    document.paragraph("")
    for line in body.split("\n"):
        if line.strip():
            document.paragraph(line.strip())
    if record is not None:
        if record.channel == "in_app":
            how = (f"Дано в электронной форме на странице «Мои согласия» системы «Наставник» "
                   f"{record.given_at.strftime('%d.%m.%Y %H:%M')} UTC"
                   + (f", адрес {record.client_ip}" if record.client_ip else "") + ".")
        else:
            how = f"Подписано на бумаге {record.given_at.strftime('%d.%m.%Y')}."
        document.paragraph(how, indent=False)
        if record.withdrawn_at is not None:
            document.paragraph(f"Отозвано {record.withdrawn_at.strftime('%d.%m.%Y')}.", indent=False)
    document.date_line(record.given_at if record is not None and record.channel == "paper" else None, align="left")
    document.signature(Signer(subject or ""), heading="Субъект персональных данных:", with_position=False)
    return document.to_bytes()


@dataclass(frozen=True)
class LogLine:
    at: datetime
    actor: str | None
    action: str
    object: str | None


def destruction_act(requisites: Requisites, *, number: str, subject: str, purpose: str, basis: str,
                    destroyed: list[str], notes: list[str], method: str, destroyed_on: date,
                    log: list[LogLine]) -> bytes:
    """«Акт об уничтожении персональных данных»: the school's requisites, the subject, the purpose, the
    basis, the data destroyed, the method, the date, the commission's signatures, and the extract of the
    event log as a table."""
    document = WordDocument(requisites, title="Акт об уничтожении персональных данных")
    document.header("АКТ", date=destroyed_on, number=number)
    document.title("об уничтожении персональных данных")
    document.numbered([
        Item(f"{subject}.", lead="Субъект персональных данных:"),
        Item(f"{purpose}.", lead="Цель обработки, согласие на которую отозвано:"),
        Item(basis, lead="Основание уничтожения:"),
        Item("", lead="Уничтоженные персональные данные:"),
    ])
    for line in destroyed:
        document.paragraph(f"— {line};", indent=False)
    for line in notes:
        document.paragraph(line)
    document.numbered([Item(method, lead="Способ уничтожения:"),
                       Item(destroyed_on.strftime("%d.%m.%Y"), lead="Дата уничтожения:")], start=5)
    document.signature(Signer(), heading="Председатель комиссии:")
    document.signature(Signer(), heading="Члены комиссии:")
    document.signature(Signer(), heading="")
    document.paragraph("Приложение: выгрузка из журнала событий системы «Наставник» о субъекте и его согласиях.",
                       indent=False)
    document.table(["Дата и время (UTC)", "Кто", "Действие", "Объект"],
                   [[entry.at.strftime("%d.%m.%Y %H:%M:%S"), entry.actor or "система", entry.action,
                     entry.object or ""] for entry in log], widths_mm=[35, 40, 50, 40], font_size=10)
    return document.to_bytes()
