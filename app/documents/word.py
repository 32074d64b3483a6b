"""The DOCX builder: `doc = WordDocument(requisites)`, then blocks `header`, `title`, `paragraph`, `numbered`,
`table`, `signature`, `acknowledgement`, `fill_in`, `page_break`; `doc.to_bytes()` returns the file."""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.documents.requisites import Requisites
from app.documents.typography import NBSP, blank, clean, date_numeric, date_words, typeset, typeset_run

# ГОСТ Р 7.0.97-2016 п. 5.1 (the margins of an official document); the seed's order uses them.
MARGINS_MM = {"left": 30, "right": 15, "top": 20, "bottom": 20}
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
FIRST_LINE_INDENT_MM = 12.5
SIGNATURE_GAP_MM = 5

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


class Bold(str):
    """A piece of a paragraph written in bold: `doc.paragraph(["Назначить куратором ", Bold("Е.А. Шишкину")])`."""


Text = str | Sequence[str]


@dataclass(frozen=True)
class Item:
    """One numbered item; `lead` is its bold first word, as in the seed's «1. **Утвердить** …»."""
    text: Text
    lead: str = ""


@dataclass(frozen=True)
class Signer:
    """A line of a signature or acknowledgement block. Empty values leave the line to fill by hand."""
    name: str = ""
    position: str = ""


class WordDocument:
    def __init__(self, requisites: Requisites, *, landscape: bool = False, title: str = ""):
        self.requisites = requisites
        self.document = Document()
        self._font_size = Pt(requisites.font_size)
        self._caption_size = Pt(max(requisites.font_size - 4, 8))
        self._setup_page(landscape)
        self._setup_styles()
        properties = self.document.core_properties
        properties.author = properties.last_modified_by = clean(requisites.name)
        properties.title = clean(title)
        properties.language = "ru-RU"
        properties.created = properties.modified = datetime.now().replace(microsecond=0)
        properties.revision = 1

    # ---- the page and the styles -------------------------------------------------------------------

    def _setup_page(self, landscape: bool) -> None:
        section = self.document.sections[0]
        width, height = (PAGE_HEIGHT_MM, PAGE_WIDTH_MM) if landscape else (PAGE_WIDTH_MM, PAGE_HEIGHT_MM)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        self.text_width = Mm(width - MARGINS_MM["left"] - MARGINS_MM["right"])

    def _setup_styles(self) -> None:
        for name in ("Normal", "Table Grid"):
            style = self.document.styles[name]
            _set_font(style.element, style.font, self.requisites.font_name, self._font_size)
        normal = self.document.styles["Normal"].paragraph_format
        normal.space_before = normal.space_after = Pt(0)
        normal.line_spacing_rule = WD_LINE_SPACING.SINGLE
        normal.widow_control = True
        rpr = self.document.styles["Normal"].element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "ru-RU")
        lang.set(qn("w:eastAsia"), "ru-RU")
        rpr.append(lang)

    # ---- paragraphs ---------------------------------------------------------------------------------

    def _paragraph(self, text: Text = "", *, align: str = "justify", indent: bool = False, bold: bool = False,
                   size: Pt | None = None, container=None, keep_with_next: bool = False, space_after: int = 0):
        paragraph = (container or self.document).add_paragraph()
        paragraph.alignment = ALIGN[align]
        paragraph_format = paragraph.paragraph_format
        paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM) if indent else Mm(0)
        paragraph_format.keep_with_next = keep_with_next
        if space_after:
            paragraph_format.space_after = Pt(space_after)
        self._runs(paragraph, text, bold=bold, size=size)
        return paragraph

    def _runs(self, paragraph, text: Text, *, bold: bool = False, size: Pt | None = None) -> None:
        parts = [text] if isinstance(text, str) else list(text)
        depth, previous = 0, ""
        for part in parts:
            set_text, depth = typeset_run(part, depth, previous)
            if not set_text:
                continue
            run = paragraph.add_run(set_text)
            run.bold = bold or isinstance(part, Bold) or None
            if size is not None:
                run.font.size = size
            previous = set_text[-1]

    def header(self, kind: str, *, date: date | None = None, number: str | None = None,
               numbered: bool = True) -> None:
        """The top of an order as in the seed: the school's full name, the kind («ПРИКАЗ», «СОГЛАСИЕ»),
        the line «24.03.2022 … № 13 – А» (blanks to fill when not yet known), the locality."""
        requisites = self.requisites
        self._paragraph(requisites.full_name, align="center", bold=True)
        if requisites.address:
            self._paragraph(requisites.address, align="center", size=self._caption_size)
        contacts = ", ".join(value for value in (
            f"ИНН {requisites.inn}" if requisites.inn else "",
            f"ОГРН {requisites.ogrn}" if requisites.ogrn else "",
            f"тел. {requisites.phone}" if requisites.phone else "",
            f"e-mail: {requisites.email}" if requisites.email else "") if value)
        if contacts:
            self._paragraph(contacts, align="center", size=self._caption_size)
        self._paragraph("", align="center")
        self._paragraph(kind, align="center", bold=True, size=Pt(self.requisites.font_size + 2), space_after=6)
        if numbered:
            line = self._paragraph(align="left")
            line.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
            number_text = typeset(f"№ {number}") if number else f"№{NBSP}{blank(8)}"
            line.add_run(f"{date_numeric(date) if date else blank(12)}\t{number_text}")
        if requisites.locality:
            self._paragraph(requisites.locality, align="center")
        self._paragraph("")

    def title(self, text: Text, *, align: str = "center") -> None:
        """The document's title, bold, kept with what follows."""
        self._paragraph(text, align=align, bold=True, keep_with_next=True)
        self._paragraph("")

    def paragraph(self, text: Text = "", *, align: str = "justify", indent: bool = True, bold: bool = False) -> None:
        """Body text with the first-line indent; `text` is a string or a list of strings and `Bold` pieces."""
        self._paragraph(text, align=align, indent=indent and align == "justify", bold=bold)

    def numbered(self, items: Iterable[Item | Text], *, start: int = 1, prefix: str = "") -> None:
        """Items «1.», «2.» … (or «2.1.» with prefix="2."); the numbers are text, so every editor shows the same."""
        for offset, item in enumerate(items):
            if not isinstance(item, Item):
                item = Item(item)
            body = [item.text] if isinstance(item.text, str) else list(item.text)
            lead = [Bold(item.lead), " "] if item.lead else []
            self._paragraph([f"{prefix}{start + offset}.{NBSP}", *lead, *body], indent=True)

    def date_line(self, value: date | None = None, *, align: str = "right") -> None:
        """«24» марта 2022 г. (or its blanks) on a line of its own."""
        self._paragraph(date_words(value), align=align)

    def fill_in(self, label: str = "", *, length: int = 40, caption: str = "") -> None:
        """A line to fill by hand: «Паспорт: серия ______ номер ________» is fill_in("Паспорт: серия", length=6)…
        `caption` is written small under the line."""
        self._paragraph([label + (" " if label else ""), blank(length)], align="left")
        if caption:
            self._paragraph(caption, align="center", size=self._caption_size)

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ---- tables -------------------------------------------------------------------------------------

    def table(self, header: Sequence[str], rows: Iterable[Sequence[object]], *,
              widths_mm: Sequence[float] | None = None, font_size: int | None = None) -> None:
        """A bordered table; the header row is bold and repeats on every page. Cells: text, numbers, dates."""
        rows = list(rows)
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = Pt(font_size) if font_size else None
        _widths(table, widths_mm or [self.text_width.mm / len(header)] * len(header))
        header_row = table.rows[0]
        _repeat_header(header_row)
        for cell, text in zip(header_row.cells, header):
            self._cell(cell, text, bold=True, align="center", size=size)
        for row, values in zip(table.rows[1:], rows):
            _cant_split(row)
            for cell, value in zip(row.cells, values):
                self._cell(cell, value, align="left", size=size)
        self._paragraph("")

    def _cell(self, cell, value: object, *, bold: bool = False, align: str = "left", size: Pt | None = None) -> None:
        if isinstance(value, (date, datetime)):
            value = date_numeric(value)
        elif value is None:
            value = ""
        paragraph = cell.paragraphs[0]
        paragraph.alignment = ALIGN[align]
        self._runs(paragraph, value if isinstance(value, (list, tuple)) else str(value), bold=bold, size=size)

    # ---- signatures ---------------------------------------------------------------------------------

    def signature(self, signer: Signer | None = None, *, heading: str = "Руководитель:",
                  with_position: bool = True) -> None:
        """The seed's signature block: «Руководитель:», then position — signature — name on lines with the
        captions «должность», «подпись», «ФИО (расшифровка подписи)» under them. Defaults to the director;
        a person signing for themselves (a consent) has no position: `with_position=False`."""
        signer = signer or Signer(self.requisites.director_name, self.requisites.director_position)
        self._paragraph("", keep_with_next=True)
        if heading:
            self._paragraph(heading, align="left", keep_with_next=True)
        if with_position:
            self._lines([[signer.position, "", signer.name]], ["должность", "подпись", "ФИО (расшифровка подписи)"],
                        [45, 35, 85])
        else:
            self._lines([["", signer.name]], ["подпись", "ФИО (расшифровка подписи)"], [60, 105])

    def acknowledgement(self, signers: Iterable[Signer | str] = (), *, heading: str = "С приказом ознакомлен:",
                        empty_lines: int = 1) -> None:
        """«С приказом ознакомлен:» and for each person the lines name — signature — date (blank lines to
        fill by hand when nobody is named)."""
        people = [signer if isinstance(signer, Signer) else Signer(signer) for signer in signers]
        self._paragraph(heading, align="left", keep_with_next=True)
        rows = [[person.name, "", ""] for person in people] or [["", "", ""]] * empty_lines
        self._lines(rows, ["ФИО (расшифровка подписи)", "подпись", "дата"], [80, 40, 45])

    def _lines(self, rows: list[list[str]], captions: list[str], widths_mm: list[float]) -> None:
        """A borderless table: each value on a line (a bottom border) with its caption small beneath;
        narrow empty columns keep the lines apart."""
        columns = 2 * len(captions) - 1
        table = self.document.add_table(rows=2 * len(rows), cols=columns)
        _no_borders(table)
        gaps = [SIGNATURE_GAP_MM] * (len(captions) - 1)
        widths = _fit(widths_mm, self.text_width.mm - sum(gaps))
        _widths(table, [width for pair in zip(widths, gaps + [0]) for width in pair][:columns])
        for index, values in enumerate(rows):
            line, under = table.rows[2 * index], table.rows[2 * index + 1]
            _cant_split(line)
            _keep_with_next(line)
            for cell, value in zip(line.cells[::2], values):
                _bottom_border(cell)
                self._cell(cell, value, align="center")
            for cell, caption in zip(under.cells[::2], captions):
                self._cell(cell, caption, align="center", size=self._caption_size)
                for run in cell.paragraphs[0].runs:
                    run.italic = True
        self._paragraph("")

    # ---- the file -----------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _set_font(element, font, name: str, size: Pt) -> None:
    font.name = name
    font.size = size
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attribute), name)


def _fit(widths_mm: list[float], total_mm: float) -> list[float]:
    scale = total_mm / sum(widths_mm)
    return [width * scale for width in widths_mm]


def _widths(table, widths_mm: Sequence[float]) -> None:
    """Word reads the cells' widths, LibreOffice the grid's: both are written."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _tr_pr(row):
    return row._tr.get_or_add_trPr()


def _repeat_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    _tr_pr(row).append(header)
    _cant_split(row)


def _cant_split(row) -> None:
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    _tr_pr(row).append(cant)


def _keep_with_next(row) -> None:
    """A signature line stays on the page of its caption."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


# The children of w:tblPr that follow w:tblBorders (ECMA-376 order; Word asks to repair a file out of order).
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _insert_before(parent, child, successors: Sequence[str]) -> None:
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _insert_before(tbl_pr, borders, _TBLPR_AFTER_BORDERS)


def _tc_borders(cell):
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        _insert_before(tc_pr, borders, ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                                        "w:vAlign", "w:hideMark"))
    return borders


def _bottom_border(cell) -> None:
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), "000000")
    _tc_borders(cell).append(bottom)
