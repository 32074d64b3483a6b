"""The DOCX/XLSX engine: styles, blocks, tables, numbering. No domain rules: features hand it plain
values (the school's requisites, items, rows) and get bytes back."""

ACCESS: dict = {}


def init_app(app) -> None:
    """The engine has no pages of its own."""
