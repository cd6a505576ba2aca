"""The annual report as a Word document (.docx, written with python-docx), for report writers
to build the board's published annual report from.

It lays out the same report model as the HTML report (`publishing.report`): a title block,
the small-numbers note once, then a section a page for timescales, themes and the learning
loop, recommendations, audits, training and the data-quality caveats, each with its summary,
its chart as a picture (with alternative text saying what it shows) and its tables.

Made to be read with Word's navigation pane and a screen reader: real Heading 1, 2 and 3
styles in order, the document's language set, table header rows marked as header rows (they
repeat on each page), table titles and descriptions, pictures with alternative text. Made to
print on A4: portrait with 2 cm margins, column widths worked out from what the columns hold,
and a landscape section for a table too wide for portrait.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from data_models.filters import Filters
from data_models.scope import Reader
from publishing.images import drawing, warm_up
from publishing.report import Report, ReportTable, Section, annual_report
from publishing.safe import xml_safe

A4 = (21.0, 29.7)                # cm
MARGIN = 2.0                     # cm, every side
PORTRAIT_TEXT = A4[0] - 2 * MARGIN       # 17 cm
LANDSCAPE_TEXT = A4[1] - 2 * MARGIN      # 25.7 cm
CHART_WIDTH = 16.0               # cm
TABLE_FONT = 8.0                 # pt
# Widths of text at the table's size, in cm a character (Calibri's average; bold a little
# wider), and the cell's own left and right margins.
BODY_CHARACTER, HEADER_CHARACTER, CELL_PADDING = 0.15, 0.165, 0.42
HEADER_FILL = "E8EEF5"
NOTE_GREY = RGBColor(0x3D, 0x3D, 0x3D)


# -- the document ------------------------------------------------------------------------------

def _a4(section, landscape: bool = False) -> None:  # type: ignore[no-untyped-def]
    width, height = (A4[1], A4[0]) if landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN))


def _language(document: DocumentObject, language: str = "en-GB") -> None:
    """The language every run is in, so a screen reader speaks it and Word spell-checks it."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)


def _footer(document: DocumentObject, title: str) -> None:
    """The report's title and the page number at the foot of every page."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{xml_safe(title)} · page ")
    run.font.size = Pt(8)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    properties, size, text = OxmlElement("w:rPr"), OxmlElement("w:sz"), OxmlElement("w:t")
    size.set(qn("w:val"), "16")                 # half-points: 8 pt, as the words before it
    properties.append(size)
    text.text = "1"
    number.extend([properties, text])
    field.append(number)
    paragraph._p.append(field)


def _new_document(report: Report) -> DocumentObject:
    document = Document()
    _a4(document.sections[0])
    _language(document)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = xml_safe(report.title)
    properties.subject = f"Figures for the annual report, {report.year}"
    properties.author = "Safeguarding assurance dashboard"
    properties.language = "en-GB"
    _footer(document, report.title)
    return document


def _note(document: DocumentObject, text: str) -> Paragraph:
    return _note_in(document.add_paragraph(), text)


def _note_in(paragraph: Paragraph, text: str) -> Paragraph:
    run = paragraph.add_run(xml_safe(text))
    run.font.size, run.font.italic, run.font.color.rgb = Pt(9), True, NOTE_GREY
    return paragraph


# -- tables ------------------------------------------------------------------------------------

@dataclass
class Layout:
    widths: list[float]          # cm, one a column
    landscape: bool


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def layout(table: ReportTable) -> Layout:
    """Column widths from what each column holds: never narrower than its longest word (or,
    for figures, its longest value, which is not broken), wider for longer text, filling the
    page. A table whose narrowest layout is wider than portrait's text goes on a landscape
    page."""
    narrowest, wanted = [], []
    for number, header in enumerate(table.header):
        values = [row[number] for row in table.rows]
        words = max([_longest_word(header) * HEADER_CHARACTER,
                     *((len(v) if table.numeric[number] else _longest_word(v)) * BODY_CHARACTER
                       for v in values)])
        longest = max((len(v) for v in values), default=0)
        narrowest.append(words + CELL_PADDING)
        if table.numeric[number]:           # a figure needs no more than its widest word
            wanted.append(words + CELL_PADDING)
        else:                               # words: a line of up to 30 characters
            wanted.append(max(words, min(longest, 30) * BODY_CHARACTER,
                              min(len(header), 16) * HEADER_CHARACTER) + CELL_PADDING)
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
            hyphen.font.size, hyphen.font.bold = Pt(TABLE_FONT), bold
        run = paragraph.add_run(piece)
        run.font.size = Pt(TABLE_FONT)
        run.font.bold = bold


def _describe(table: DocxTable, title: str, description: str) -> None:
    """The table's title and description, which Word shows as its alternative text."""
    properties = table._tbl.tblPr
    for name, value in (("w:tblCaption", title), ("w:tblDescription", description)):
        element = OxmlElement(name)
        element.set(qn("w:val"), xml_safe(value))
        properties.append(element)


def _table(document: DocumentObject, table: ReportTable, widths: list[float]) -> DocxTable:
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
    _describe(out, table.title, f"{len(table.rows)} rows; columns: {', '.join(table.header)}.")
    return out


# -- sections ----------------------------------------------------------------------------------

class _Pages:
    """Which orientation the document is in, turning pages only when a table needs it."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self.landscape = False

    def turn(self, landscape: bool) -> None:
        if landscape != self.landscape:
            _a4(self.document.add_section(WD_SECTION.NEW_PAGE), landscape)
            self.landscape = landscape


def _picture(document: DocumentObject, image: bytes, alt: str, title: str) -> None:
    _picture_in(document.add_paragraph(), image, alt, title)


def _picture_in(paragraph: Paragraph, image: bytes, alt: str, title: str) -> None:
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(CHART_WIDTH))
    properties = shape._inline.docPr           # Word's alternative text: title and description
    properties.set("descr", xml_safe(alt))
    properties.set("title", xml_safe(title))


@dataclass
class _Place:
    """Where a section's chart goes, kept empty while the charts are drawn."""

    paragraph: Paragraph
    section: Section


def _fill(place: _Place, image: bytes | None) -> None:
    chart = place.section.chart
    assert chart is not None
    if image is not None:
        _picture_in(place.paragraph, image, chart.alt, f"Chart: {place.section.heading}")
    else:
        _note_in(place.paragraph, "Chart not available: it could not be drawn on this "
                                  f"computer. {chart.alt}")


def _section(document: DocumentObject, pages: _Pages, section: Section, *,
             first: bool) -> _Place | None:
    """A section on a page of its own (the first under the title block); its chart's place,
    if it has a chart to draw."""
    heading = document.add_heading(xml_safe(section.heading), level=2)
    heading.paragraph_format.page_break_before = not first and not _at_page_top(document)
    for sentence in section.summary:
        document.add_paragraph(xml_safe(sentence))
    for note in section.notes:
        _note(document, note)
    chart, place = section.chart, None
    if chart is not None:
        if chart.figure is not None:
            place = _Place(document.add_paragraph(), section)
            if chart.not_shown:
                _note(document, chart.not_shown)
        else:
            _note(document, chart.not_shown or chart.alt)
    for table in section.tables:
        shape = layout(table)
        pages.turn(shape.landscape)
        title = document.add_heading(xml_safe(table.title), level=3)
        title.paragraph_format.keep_with_next = True
        _table(document, table, shape.widths)
        for note in table.notes:
            _note(document, note)
    pages.turn(False)
    return place


def _at_page_top(document: DocumentObject) -> bool:
    """Whether the last thing written was a section break (a new page already)."""
    body = document.element.body
    last = body[-2] if len(body) > 1 else None            # body[-1] is the last sectPr
    return last is not None and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def report_docx(report: Report,
                images: list[bytes | None] | Callable[[], list[bytes | None]]) -> bytes:
    """The report as .docx bytes; `images` holds a PNG (or None) for each section's drawn
    chart, in order, or is called for them once the rest is written (while they are drawn)."""
    document = _new_document(report)
    document.add_heading(xml_safe(report.title), level=1)
    for what, value in report.stamp:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{what}: ").bold = True
        paragraph.add_run(xml_safe(value))
    document.add_heading("Small numbers", level=2)
    document.add_paragraph(report.small_numbers)
    pages = _Pages(document)
    places = [place for number, section in enumerate(report.sections)
              if (place := _section(document, pages, section, first=number == 0))]
    drawn = images() if callable(images) else images
    for place, image in zip(places, [*drawn, *[None] * len(places)], strict=False):
        _fill(place, image)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_figures(report: Report) -> list[go.Figure]:
    """The figures to draw as pictures, in the order the sections show them."""
    return [s.chart.figure for s in report.sections
            if s.chart is not None and s.chart.figure is not None]


def annual_report_docx(db: Reader, f: Filters, threshold: int) -> bytes:
    """The annual report for a board (or all) and a financial year as a Word document: the
    same model, sentences, tables and charts as the HTML report."""
    warm_up()                                  # the browser starts while the queries run
    report = annual_report(db, f, threshold)
    return report_docx(report, drawing(report_figures(report), "png"))
