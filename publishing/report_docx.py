"""The annual report as a Word document (.docx, written with python-docx), for report writers
to build the board's published annual report from.

It lays out the same report model as the HTML report (`publishing.report`): a title block,
the small-numbers note once, then a section for each of timescales, themes and the learning
loop, recommendations, audits, training, the data-quality caveats and the national context,
each with its summary, its chart as a picture (with alternative text saying what it shows) and
its tables. Sections follow on from each other rather than each taking a new page (which left
pages holding a note or two); headings, charts and small tables are kept with what they
introduce instead.

Made to be read with Word's navigation pane and a screen reader: real Heading 1, 2 and 3
styles in order, the document's language set, table header rows marked as header rows (they
repeat on each page), table titles and descriptions, pictures with alternative text. Made to
print on A4: portrait with 2 cm margins, column widths worked out from what the columns hold,
and a landscape section for a table too wide for portrait. The parts (pages, notes, tables,
pictures) are written by `publishing.word`, which the board's own template shares.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from data_models.filters import Filters
from data_models.scope import Reader
from publishing import word
from publishing.images import drawing, warm_up
from publishing.report import Edition, Report, Section, annual_report
from publishing.safe import xml_safe

# -- the document ------------------------------------------------------------------------------

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


def _marked(document: DocumentObject, mark: str) -> None:
    """The board edition's mark at the head of every page (every section, portrait or
    landscape, keeps the first section's header)."""
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(mark)
    run.bold = True
    run.font.size = Pt(10)


def _colophon(document: DocumentObject, report: Report) -> None:
    """How the report was made, at its end: for whoever makes it again, not its readers."""
    document.add_heading("How this report was made", level=2)
    for what, value in report.colophon_for("docx"):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{what}: ").bold = True
        paragraph.add_run(xml_safe(value))


def _new_document(report: Report) -> DocumentObject:
    document = Document()
    word.a4(document.sections[0])
    _language(document)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    properties = document.core_properties
    properties.title = xml_safe(report.title)
    properties.subject = f"Figures for the annual report, {report.year}" + (
        f". {report.marking}." if report.marking else "")
    properties.author = "Safeguarding assurance dashboard"
    properties.language = "en-GB"
    properties.category = f"{report.edition.capitalize()} edition" + (
        f": {report.marking.lower()}" if report.marking else "")
    properties.keywords = ", ".join(["annual report", report.year, f"{report.edition} edition",
                                     *([report.marking] if report.marking else [])])
    properties.comments = xml_safe(f"{report.data_version}. Made again with: "
                                   f"{report.again('docx')}")
    _footer(document, report.title)
    if report.marking:
        _marked(document, report.marking)
    return document


# -- sections ----------------------------------------------------------------------------------

class _Pages:
    """Which orientation the document is in, turning pages only when a table needs it."""

    def __init__(self, document: DocumentObject) -> None:
        self.document = document
        self.landscape = False

    def turn(self, landscape: bool) -> None:
        if landscape != self.landscape:
            word.a4(self.document.add_section(WD_SECTION.NEW_PAGE), landscape)
            self.landscape = landscape


@dataclass
class _Place:
    """Where a section's chart goes, kept empty while the charts are drawn."""

    paragraph: Paragraph
    section: Section


def _fill(place: _Place, image: bytes | None) -> None:
    chart = place.section.chart
    assert chart is not None
    if image is not None:
        word.picture_in(place.paragraph, image, chart.alt, f"Chart: {place.section.heading}")
    else:
        word.note_in(place.paragraph, "Chart not available: it could not be drawn on this "
                                      f"computer. {chart.alt}")


def _section(document: DocumentObject, pages: _Pages, section: Section) -> _Place | None:
    """A section, following on from the last (no page of its own: a page is turned only for a
    table's orientation), each part kept with what it introduces: the heading with its first
    sentence, the sentence before a chart with the chart, a chart with the table after it, a
    table's title with its table and a table with its notes. Its chart's place, if it has a
    chart to draw."""
    document.add_heading(xml_safe(section.heading), level=2)
    for sentence in section.summary:
        document.add_paragraph(xml_safe(sentence))
    for note in section.notes:
        word.note(document, note)
    chart, place = section.chart, None
    if chart is not None:
        if chart.figure is not None:
            _keep_last_with_next(document)
            place = _Place(document.add_paragraph(), section)
            if chart.not_shown:
                word.note(document, chart.not_shown)
        else:
            word.note(document, chart.not_shown or chart.alt)
    for table in section.tables:
        shape = word.layout(table)
        pages.turn(shape.landscape)
        title = document.add_heading(xml_safe(table.title), level=3)
        title.paragraph_format.keep_with_next = True
        word.table(document, table, shape.widths, kept_with_next=bool(table.notes))
        for number, note in enumerate(table.notes, start=1):
            word.note(document, note).paragraph_format.keep_with_next = number < len(table.notes)
    pages.turn(False)
    return place


def _keep_last_with_next(document: DocumentObject) -> None:
    """The last paragraph written kept on the page of what comes next."""
    last = document.element.body[-2] if len(document.element.body) > 1 else None
    if last is not None and last.tag == qn("w:p"):
        Paragraph(last, document._body).paragraph_format.keep_with_next = True


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
    places = [place for section in report.sections if (place := _section(document, pages, section))]
    _colophon(document, report)
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


def annual_report_docx(db: Reader, f: Filters, threshold: int,
                       edition: Edition = "publication") -> bytes:
    """The annual report for a board (or all) and a financial year as a Word document: the
    same model, sentences, tables and charts as the HTML report."""
    warm_up()                                  # the browser starts while the queries run
    report = annual_report(db, f, threshold, edition)
    return report_docx(report, drawing(report_figures(report), "png"))
