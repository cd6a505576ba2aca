"""The annual report in the board's own Word template: its styles, logo, headers and footers and
its own narrative, with the report's figures, sentences, charts and tables put where the
template's placeholders say (`{{ timescales_table }}`, `{{p timescales_summary }}`).

docxtpl fills the template: it keeps everything the board wrote (styles, headers, footers,
images) and puts in only what the placeholders name, where python-docx alone would mean
rebuilding the document around the board's styles. The figures come from the same report
model as the Word, HTML and PDF reports. A placeholder the report does not have is refused in
one line listing those it has, so a misspelt one is never left silently empty.

Placeholders: `title`, `board`, `year`, `last_year`, `as_of`, `small_numbers` (text); for each
section (`timescales`, `themes`, `impact`, `recommendations`, `audits`, `training`,
`data_quality`, `national`, `reviews`, `recommendations_by_review`): `{{p NAME }}` (the whole
section), `{{p NAME_summary }}`, `{{p NAME_tables }}` and `{{ NAME_chart }}` (the picture, or
the sentence standing in for it); and `{{p report }}`, the whole report.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.document import Document as DocumentObject
from docx.shared import Cm
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from data_models.filters import Filters
from data_models.scope import Reader
from publishing import word
from publishing.images import png_images, warm_up
from publishing.report import Report, Section, annual_report
from publishing.report_docx import report_figures
from publishing.safe import xml_safe

SECTION_NAMES = ("timescales", "themes", "impact", "recommendations", "audits", "training",
                 "data_quality", "national", "reviews", "recommendations_by_review")


SCALARS = ("title", "board", "year", "last_year", "as_of", "small_numbers")
PLACEHOLDERS = (*SCALARS, "report",
                *(f"{name}{part}" for name in SECTION_NAMES
                  for part in ("", "_summary", "_tables", "_chart")))


class TemplateError(ValueError):
    """A template that cannot be filled; the message is one line."""


# A board's template is a Word file of its styles, logo and narrative: a few megabytes. Checked
# before it is opened, so that a small file that unpacks to gigabytes (a zip bomb) never is.
TEMPLATE_LARGEST = 20 * 1024 * 1024
UNPACKED_LARGEST = 100 * 1024 * 1024
PARTS_MOST = 2000
# What docxtpl renders as Jinja (DocxTemplate.render): the body, the headers and footers the
# document relates to, every footnotes part, and some of the core properties (render_properties:
# author, comments, identifier, language, subject, title). Every text core property is
# checked here, so a property docxtpl starts to render later is checked already.
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
PROPERTIES = ("author", "category", "comments", "content_status", "identifier", "keywords",
              "language", "last_modified_by", "subject", "title", "version")


def _size_checked(template: bytes) -> None:
    """Refuse a file too large, or one whose parts unpack to too much, before opening it. The
    sizes come from the zip's directory; zipfile never unpacks a part beyond its stated size
    (more fails its check), so they bound what opening it can take."""
    megabytes = 1024 * 1024
    if len(template) > TEMPLATE_LARGEST:
        raise TemplateError(f"the template is {len(template) / megabytes:.0f} MB, larger than "
                            f"the {TEMPLATE_LARGEST // megabytes} MB a Word template may be.")
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TemplateError(f"the template could not be read as a Word document ({error}).") \
            from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > PARTS_MOST or unpacked > UNPACKED_LARGEST:
        raise TemplateError(f"the template unpacks to {unpacked / megabytes:.0f} MB in "
                            f"{len(parts)} parts, more than a Word template does (at most "
                            f"{UNPACKED_LARGEST // megabytes} MB in {PARTS_MOST} parts); "
                            "save it again from Word.")


def _read(template: bytes) -> tuple[Any, set[str]]:
    from docxtpl import DocxTemplate

    _size_checked(template)
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        sources = _rendered_sources(tpl)
        trees = [SandboxedEnvironment().parse(source) for source in sources]
    except Exception as error:  # noqa: BLE001 - a file that is not a Word template, said once
        raise TemplateError(f"the template could not be read as a Word document with "
                            f"placeholders ({type(error).__name__}: {error}).") from None
    if any(_beyond_names(tree) for tree in trees):
        raise TemplateError("the template's placeholders may only name the report's values "
                            "({{ year }}, {{p timescales_tables }}): no attribute, call, filter, "
                            "loop or expression, in the text, headers, footers, footnotes or "
                            "the document's properties (its title, subject, author).")
    wanted = set().union(*(meta.find_undeclared_variables(tree) for tree in trees))
    unknown = sorted(wanted - set(PLACEHOLDERS))
    if unknown:
        raise TemplateError(f"the template asks for {', '.join(unknown)}, which the report "
                            f"does not have. It has: {', '.join(PLACEHOLDERS)}.")
    return tpl, wanted


def _rendered_sources(tpl: Any) -> list[str]:
    """The text of every part docxtpl renders as a template, as it hands each to Jinja."""
    from docx import Document
    from docx.oxml import parse_xml

    document = Document(tpl.template_file)
    sources = [tpl.patch_xml(tpl.xml_to_string(document._element.body))]
    for rel in document.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            sources.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob))))
    for part in document.part.package.parts:
        if part.content_type == FOOTNOTES:
            blob = part.blob
            sources.append(tpl.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes)
                                         else blob))
    properties = document.core_properties
    sources += [text for name in PROPERTIES
                if isinstance(text := getattr(properties, name, None), str) and text]
    return sources


def _beyond_names(tree: nodes.Template) -> bool:
    """Whether any placeholder does more than name a value (an attribute, a call, a filter, an
    index, a loop): refused before rendering, as well as sandboxed while rendering."""
    allowed = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name)
    return any(not isinstance(node, allowed) for node in tree.find_all(nodes.Node))


def check_template(template: bytes) -> None:
    """Refuse, in one line, a template that is too large, cannot be read, does more than name
    values or asks for what the report does not have (before any figure is worked out)."""
    _read(template)


def _summary(document: DocumentObject, section: Section) -> None:
    for sentence in section.summary:
        document.add_paragraph(xml_safe(sentence))
    for note in section.notes:
        word.note(document, note)


def _tables(document: DocumentObject, section: Section) -> None:
    for table in section.tables:
        title = document.add_heading(xml_safe(table.title), level=3)
        title.paragraph_format.keep_with_next = True
        word.table(document, table, word.layout(table).widths, kept_with_next=bool(table.notes))
        for number, note in enumerate(table.notes, start=1):
            word.note(document, note).paragraph_format.keep_with_next = number < len(table.notes)


def _chart(document: DocumentObject, section: Section, image: bytes | None) -> None:
    chart = section.chart
    if chart is None:
        return
    if chart.figure is not None and image is not None:
        word.picture(document, image, chart.alt, f"Chart: {section.heading}")
        if chart.not_shown:
            word.note(document, chart.not_shown)
    else:
        word.note(document, chart.not_shown or f"Chart not available here. {chart.alt}")


def _whole(document: DocumentObject, section: Section, image: bytes | None) -> None:
    document.add_heading(xml_safe(section.heading), level=2)
    _summary(document, section)
    _chart(document, section, image)
    _tables(document, section)


def fill_template(template: bytes, report: Report, images: list[bytes | None]) -> bytes:
    """The board's template with the report's placeholders filled; `images` holds a PNG (or
    None) for each section's drawn chart, in order."""
    return _filled(*_read(template), report, images)


def _filled(tpl: Any, wanted: set[str], report: Report, images: list[bytes | None]) -> bytes:
    from docxtpl import InlineImage

    drawn = iter(images)
    pictures = [next(drawn, None) if s.chart is not None and s.chart.figure is not None else None
                for s in report.sections]
    context: dict[str, Any] = {
        "title": report.title, "board": report.board, "year": report.year,
        "last_year": report.last_year, "as_of": f"{report.as_of:%d/%m/%Y}",
        "small_numbers": report.small_numbers,
    }
    builders: dict[str, Any] = {}
    # the publication edition has no lists: their placeholders are left empty
    context.update({f"{name}{part}": "" for name in SECTION_NAMES[len(report.sections):]
                    for part in ("", "_summary", "_tables", "_chart")})
    for name, section, image in zip(SECTION_NAMES, report.sections, pictures, strict=False):
        builders[name] = (_whole, section, image)
        builders[f"{name}_summary"] = (lambda d, s, _i: _summary(d, s), section, image)
        builders[f"{name}_tables"] = (lambda d, s, _i: _tables(d, s), section, image)
        if image is not None and section.chart is not None:
            context[f"{name}_chart"] = InlineImage(tpl, io.BytesIO(image),
                                                   width=Cm(word.CHART_WIDTH))
        else:
            context[f"{name}_chart"] = (section.chart.not_shown or section.chart.alt
                                        if section.chart is not None else "")
    for name in wanted & set(builders):
        write, section, image = builders[name]
        subdoc = tpl.new_subdoc()
        write(subdoc.subdocx, section, image)
        context[name] = subdoc
    if "report" in wanted:
        subdoc = tpl.new_subdoc()
        for section, image in zip(report.sections, pictures, strict=True):
            _whole(subdoc.subdocx, section, image)
        context["report"] = subdoc
    # Sandboxed: a template is a file from outside, and its placeholders must not reach
    # anything but the values given (no attribute of an object, no call).
    tpl.render(context, jinja_env=SandboxedEnvironment(autoescape=True))
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def annual_report_in_template(db: Reader, f: Filters, threshold: int,
                              template: bytes) -> bytes:
    """The annual report for a board and a year in the board's own Word template, checked
    before any figure is worked out."""
    tpl, wanted = _read(template)
    warm_up()                                  # the browser starts while the queries run
    report = annual_report(db, f, threshold)
    return _filled(tpl, wanted, report, png_images(report_figures(report)))
