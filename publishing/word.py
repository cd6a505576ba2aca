"""Writing a Word document's parts (with python-docx), shared by the annual report
(`report_docx`) and the board's own template (`template`): A4 pages, notes, tables laid out
from what their columns hold, and pictures with alternative text.

Made to be read with a screen reader: table header rows marked as header rows (they repeat on
each page), table titles and descriptions, pictures with alternative text; every value from
the data made safe for XML first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from data_models.labels import plural
from publishing.report import ReportTable
from publishing.safe import xml_safe

A4 = (21.0, 29.7)                # cm
MARGIN = 2.0                     # cm, every side
PORTRAIT_TEXT = A4[0] - 2 * MARGIN       # 17 cm
LANDSCAPE_TEXT = A4[1] - 2 * MARGIN      # 25.7 cm
CHART_WIDTH = 16.0               # cm
# cm: no taller, so that a chart, the sentence before it and the start of the table after it
# fit in two thirds of a page (a tall chart kept with them would leave the page before it
# mostly empty)
CHART_HEIGHT = 12.0
TABLE_FONT = 8.0                 # pt
# Tables are set in Arial, which Word has and LibreOffice matches glyph for glyph (Liberation
# Sans), so that a column worked out here is as wide as its words in both. Arial's widths, in
# thousandths of the font size, regular and bold (other characters are taken as wide as 'W'
# less a little, to be safe).
_ARIAL = {191: "'", 222: "ijl’", 278: "ftI .,;:/", 333: "r-()·‑", 500: "cksvxyzJ",
          556: "0123456789abdeghnopquL–é", 584: "+<>=", 611: "FTZ",
          667: "ABEKPSVXY&", 722: "wCDHNRU", 778: "GOQ", 833: "mM", 889: "%", 944: "W"}
_ARIAL_BOLD = {238: "'", 278: "ijlI .,/’", 333: "ft-;:()·‑", 389: "r", 500: "z",
               556: "0123456789aceksvxyJ–é", 584: "+<>=",
               611: "bdghnopquFLTZ", 667: "EPSVXY", 722: "ABCDHKNRU&", 778: "wGOQ",
               833: "M", 889: "m%", 944: "W"}
_WIDTHS = ({c: w for w, cs in _ARIAL.items() for c in cs},
           {c: w for w, cs in _ARIAL_BOLD.items() for c in cs})
TABLE_TYPEFACE = "Arial"
# A cell's own left and right margins (Word's and LibreOffice's 0.19 cm each), and a little
# more, so that rounding in either never pushes a word's last letter onto a line of its own.
CELL_PADDING, SAFETY = 0.38, 1.06
LINE = 30                        # characters a text column is given, when there is room
HEADER_FILL = "E8EEF5"
NOTE_GREY = RGBColor(0x3D, 0x3D, 0x3D)


# -- pages and notes ---------------------------------------------------------------------------

def a4(section, landscape: bool = False) -> None:  # type: ignore[no-untyped-def]
    """A document section as an A4 page, portrait or landscape, with 2 cm margins."""
    width, height = (A4[1], A4[0]) if landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN))


def note(document: DocumentObject, text: str) -> Paragraph:
    """A note (small, italic, grey) in a paragraph of its own."""
    return note_in(document.add_paragraph(), text)


def note_in(paragraph: Paragraph, text: str) -> Paragraph:
    run = paragraph.add_run(xml_safe(text))
    run.font.size, run.font.italic, run.font.color.rgb = Pt(9), True, NOTE_GREY
    return paragraph


# -- tables ------------------------------------------------------------------------------------

@dataclass
class Layout:
    widths: list[float]          # cm, one a column
    landscape: bool


def text_width(text: str, bold: bool = False) -> float:
    """How wide `text` is set at the table's size, in cm."""
    widths = _WIDTHS[bold]
    thousandths = sum(widths.get(c, 900) for c in text)
    return thousandths / 1000 * TABLE_FONT / 72 * 2.54 * SAFETY


def _longest_word(text: str, bold: bool = False) -> float:
    return max((text_width(word, bold) for word in text.split()), default=0.0)


def layout(table: ReportTable) -> Layout:
    """Column widths from what each column holds, measured in the table's typeface: never
    narrower than its longest word, header words included (or, for figures, its longest value,
    which is not broken), wider for longer text, filling the page. A table whose narrowest
    layout is wider than portrait's text goes on a landscape page."""
    line = text_width("n" * LINE)
    narrowest, wanted = [], []
    for number, header in enumerate(table.header):
        values = [row[number] for row in table.rows]
        words = max([_longest_word(header, bold=True),
                     *(text_width(v) if table.numeric[number] else _longest_word(v)
                       for v in values)])
        longest = max((text_width(v) for v in values), default=0.0)
        narrowest.append(words + CELL_PADDING)
        if table.numeric[number]:           # a figure needs no more than its widest word
            wanted.append(words + CELL_PADDING)
        else:                               # words: a line of up to 30 characters
            wanted.append(max(words, min(longest, line),
                              min(text_width(header, bold=True), line / 2)) + CELL_PADDING)
    landscape = sum(narrowest) > PORTRAIT_TEXT
    room = LANDSCAPE_TEXT if landscape else PORTRAIT_TEXT
    if sum(narrowest) >= room:             # even landscape is tight: share it out
        return Layout([room * w / sum(narrowest) for w in narrowest], landscape)
    spare = room - sum(narrowest)
    growth = [w - n for w, n in zip(wanted, narrowest, strict=True)]
    if sum(growth) >= spare:
        widths = [n + spare * g / sum(growth) for n, g in zip(narrowest, growth, strict=True)]
    else:                                   # everything fits as wanted: fill the line
        widths = [w + (spare - sum(growth)) * w / sum(wanted) for w in wanted]
    return Layout(widths, landscape)


def _shade(cell, fill: str) -> None:  # type: ignore[no-untyped-def]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_property(row, name: str) -> None:  # type: ignore[no-untyped-def]
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _write_cell(cell, text: str, *, bold: bool = False, right: bool = False) -> None:  # type: ignore[no-untyped-def]
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for number, piece in enumerate(xml_safe(text).split("-")):
        if number:                          # '2024-25' is never broken after its hyphen
            hyphen = paragraph.add_run()
            hyphen._r.append(OxmlElement("w:noBreakHyphen"))
            _table_font(hyphen, bold)
        _table_font(paragraph.add_run(piece), bold)


def _table_font(run, bold: bool) -> None:  # type: ignore[no-untyped-def]
    run.font.name, run.font.size, run.font.bold = TABLE_TYPEFACE, Pt(TABLE_FONT), bold


def _keep_with_next(row) -> None:  # type: ignore[no-untyped-def]
    """Every paragraph of a row kept with what follows: Word and LibreOffice keep the row on
    the page of the next."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _describe(table: DocxTable, title: str, description: str) -> None:
    """The table's title and description, which Word shows as its alternative text."""
    properties = table._tbl.tblPr
    for name, value in (("w:tblCaption", title), ("w:tblDescription", description)):
        element = OxmlElement(name)
        element.set(qn("w:val"), xml_safe(value))
        properties.append(element)


SMALL_TABLE = 6                  # rows a table may have and still be kept on one page
KEPT_AT_ENDS = (2, 3)            # rows kept with the header, and together at the end


def table(document: DocumentObject, table: ReportTable, widths: list[float], *,
          kept_with_next: bool = False) -> DocxTable:
    """A report table with its header row, the columns `widths` cm wide in the document
    itself (its grid and every cell, in a fixed layout, so that Word and LibreOffice draw it
    alike). No row is split across pages; a small table is kept on one page, and a long one
    leaves no row or two alone, at its start or its end. `kept_with_next`: its last row kept
    with what follows (its notes)."""
    out = document.add_table(rows=1, cols=len(table.header))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.LEFT
    out.autofit = False
    header = out.rows[0]
    _row_property(header, "w:tblHeader")       # a header row: repeated on every page
    _row_property(header, "w:cantSplit")
    for cell, text in zip(header.cells, table.header, strict=True):
        _write_cell(cell, text, bold=True)
        _shade(cell, HEADER_FILL)
    for values in table.rows:
        row = out.add_row()
        _row_property(row, "w:cantSplit")
        for cell, text, numeric in zip(row.cells, values, table.numeric, strict=True):
            _write_cell(cell, text, right=numeric)
    if not table.rows:
        row = out.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _write_cell(merged, "No records for these filters.")
    for number, width in enumerate(widths):
        out.columns[number].width = Cm(width)
        for cell in out.columns[number].cells:
            cell.width = Cm(width)
    whole = out._tbl.tblPr.find(qn("w:tblW"))       # the table's own width, as its columns'
    if whole is not None:
        whole.set(qn("w:type"), "dxa")
        whole.set(qn("w:w"), str(sum(round(Cm(w).twips) for w in widths)))
    rows = list(out.rows)
    first, last = KEPT_AT_ENDS
    kept = rows[:-1] if len(rows) - 1 <= SMALL_TABLE else rows[:first] + rows[-last:-1]
    for row in [*kept, *(rows[-1:] if kept_with_next else [])]:
        _keep_with_next(row)
    _describe(out, table.title, f"{plural(len(table.rows), 'row')}; columns: {', '.join(table.header)}.")
    return out


# -- pictures ----------------------------------------------------------------------------------

def picture(document: DocumentObject, image: bytes, alt: str, title: str) -> None:
    """A chart's picture in a paragraph of its own, with its alternative text and title."""
    picture_in(document.add_paragraph(), image, alt, title)


def picture_in(paragraph: Paragraph, image: bytes, alt: str, title: str) -> None:
    """A chart's picture, kept with what follows it: 16 cm wide, or narrower if that would
    make it taller than `CHART_HEIGHT`."""
    paragraph.paragraph_format.keep_with_next = True
    size = {"width": Cm(CHART_WIDTH)}
    if image[:8] == b"\x89PNG\r\n\x1a\n":       # its width and height, in its header
        wide, high = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
        if wide and high * CHART_WIDTH / wide > CHART_HEIGHT:
            size = {"height": Cm(CHART_HEIGHT)}
    shape = paragraph.add_run().add_picture(io.BytesIO(image), **size)
    properties = shape._inline.docPr           # Word's alternative text: title and description
    properties.set("descr", xml_safe(alt))
    properties.set("title", xml_safe(title))
