"""The DOCX/XLSX engine: styles, blocks, tables, numbering. No domain rules: features hand it plain
values (the school's requisites, items, rows) and get bytes back.

    from app.documents import Requisites, WordDocument, Item, Bold, Signer, Spreadsheet, typography
"""
from app.documents import typography
from app.documents.requisites import Requisites
from app.documents.spreadsheet import Spreadsheet
from app.documents.word import Bold, Item, Signer, WordDocument

__all__ = ["Bold", "Item", "Requisites", "Signer", "Spreadsheet", "WordDocument", "typography"]

ACCESS: dict = {}


def init_app(app) -> None:
    """The engine has no pages of its own."""
