"""An order as DOCX in the form of the seed's order № 13 – А: the school's full name, «ПРИКАЗ», the date
and number line, the place; the title «Об …»; the preamble; «ПРИКАЗЫВАЮ:»; the numbered items with their
bold lead words; «Контроль исполнения настоящего приказа оставляю за собой.»; the director's signature;
«С приказом ознакомлены:» with a line for each person named; the appendix on its own page."""
from __future__ import annotations

from datetime import date

from app.documents import Item, Requisites, Signer, WordDocument
from app.orders.models import Order, OrderPerson
from app.orders.texts import CLOSING_ITEM
from app.programmes.files import latin

SIGNED_BY = "Руководитель:"


def build(order: Order, people: list[OrderPerson], requisites: Requisites) -> bytes:
    doc = WordDocument(requisites, title=order.title)
    doc.header("ПРИКАЗ", date=order.signed_on, number=order.number)
    doc.title(order.title)
    for paragraph in order.preamble.split("\n"):
        if paragraph.strip():
            doc.paragraph(paragraph)
    doc.paragraph("")
    doc.paragraph("ПРИКАЗЫВАЮ:", align="left", indent=False, bold=True)
    items = [Item(item.get("text", ""), lead=item.get("lead", "")) for item in order.items]
    items.append(Item(CLOSING_ITEM, lead="Контроль"))
    doc.numbered(items)
    signer = Signer(order.signed_by_name or requisites.director_name, requisites.director_position)
    doc.signature(signer, heading=SIGNED_BY)
    heading = "С приказом ознакомлен:" if len(people) == 1 else "С приказом ознакомлены:"
    doc.acknowledgement([Signer(person.name, person.position or "") for person in people], heading=heading)
    if order.appendix:
        doc.page_break()
        for paragraph in order.appendix.split("\n"):
            doc.paragraph(paragraph)
    return doc.to_bytes()


def filename(order: Order, today: date | None = None) -> str:
    """«prikaz-9-a-2026-09-22.docx»: Latin letters only, as the programmes' files (a mail client that
    mangles Cyrillic still saves a readable name), the number and the signing day; a draft «proekt»."""
    number = latin(order.number) if order.number else "proekt"
    return f"prikaz-{number or 'proekt'}-{(order.signed_on or today or date.today()).isoformat()}.docx"
