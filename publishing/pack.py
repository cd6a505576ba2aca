"""The annual report as one HTML file, ready to print on A4 and to read with a screen reader:
the report model (`publishing.report`) laid out with one h1, a section (h2) per subject
(printed one after another, with page numbers: headings, charts, small tables and the ends of
long ones kept with what belongs to them, rather than each section on a new page), tables
with captions, header cells and headers in words, and charts drawn as SVG inside the file (it
opens with no network, and stays small: no script). The PDF report is this file printed by
Chromium. A chart whose figures are hidden says so in a sentence instead of drawing what is
left. Every text in it is escaped."""

from __future__ import annotations

import html
import re

from data_models.filters import Filters
from data_models.scope import Reader
from publishing.figures import WIDTH
from publishing.images import svg_images, warm_up
from publishing.palette import TEXT
from publishing.report import Edition, Report, ReportTable, Section, annual_report

# A4 is 210 mm wide; with 15 mm margins the text is 180 mm (680 px), as wide as a chart.
_CSS = f"""
:root{{color-scheme:light}}
*{{box-sizing:border-box}}
body{{font-family:system-ui,-apple-system,'Segoe UI',Arial,sans-serif;font-size:11pt;
line-height:1.45;color:{TEXT};background:#fff;max-width:calc({WIDTH}px + 2rem);
margin:1.5rem auto;padding:0 1rem}}
h1{{font-size:1.75rem;margin:0 0 .6rem}}
h2{{font-size:1.35rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid #0072B2}}
dl.stamp{{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 1rem}}
dl.stamp dt{{font-weight:600}} dl.stamp dd{{margin:0}}
p{{margin:.4rem 0}}
.note{{font-size:9.5pt;color:#3d3d3d}}
.not-shown{{border-left:4px solid #E69F00;background:#fff8e5;padding:.4rem .7rem}}
figure{{margin:.8rem 0;max-width:100%}}
figcaption{{font-size:9.5pt;color:#3d3d3d;margin-top:.2rem}}
.chart{{max-width:100%;overflow:hidden}}
table{{width:100%;max-width:100%;border-collapse:collapse;margin:.8rem 0 .2rem;font-size:9pt;
line-height:1.3}}
caption{{caption-side:top;text-align:left;font-weight:700;font-size:10.5pt;padding:0 0 .3rem}}
th,td{{border:1px solid #767676;padding:2px 4px;vertical-align:top;overflow-wrap:break-word}}
.year{{white-space:nowrap}}
thead th{{background:#e8eef5;text-align:left;font-weight:700;overflow-wrap:normal;hyphens:manual}}
tbody th{{text-align:left;font-weight:400}}
td.figure{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}
@page{{size:A4 portrait;margin:15mm 15mm 18mm;
  @bottom-right{{content:"Page " counter(page) " of " counter(pages);font-size:9pt;color:#3d3d3d;
  font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif}}}}
.chart svg{{max-width:100%;height:auto}}
@media print{{
  body{{max-width:none;margin:0;padding:0;font-size:10pt}}
  thead{{display:table-header-group}}
  tr,figure,.not-shown{{break-inside:avoid}}
  h2,caption,thead{{break-after:avoid}}
  p:has(+figure),p:has(+table),table:has(+.note),.note:has(+.note){{break-after:avoid}}
  table:not(:has(tbody tr:nth-child(7))){{break-inside:avoid}}
  tbody tr:nth-child(-n+2),tbody tr:nth-last-child(-n+3):not(:last-child){{break-after:avoid}}
  .chart svg{{max-height:120mm;width:auto}}
}}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


_YEAR = re.compile(r"(\d{4}-\d{2}(?: Q[1-4])?)")


def _header(text: str) -> str:
    """A header cell's text, its year never broken after the hyphen."""
    return _YEAR.sub(lambda m: f"<span class='year'>{m.group(1)}</span>", _e(text))


def _table(table: ReportTable) -> str:
    head = "".join(f"<th scope='col'>{_header(h)}</th>" for h in table.header)
    body = []
    for row in table.rows:
        cells = [f"<th scope='row'>{_e(row[0])}</th>"]
        cells += [f"<td class='figure'>{_e(v)}</td>" if numeric else f"<td>{_e(v)}</td>"
                  for v, numeric in zip(row[1:], table.numeric[1:], strict=True)]
        body.append(f"<tr>{''.join(cells)}</tr>")
    if not table.rows:
        body.append(f"<tr><td colspan='{len(table.header)}'>No records for these filters."
                    "</td></tr>")
    notes = "".join(f"<p class='note'>{_e(n)}</p>" for n in table.notes)
    return (f"<table><caption>{_e(table.title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{notes}")


def _section(section: Section, number: int, image: bytes | None) -> str:
    parts = [f"<section aria-labelledby='s{number}'><h2 id='s{number}'>{_e(section.heading)}</h2>"]
    parts += [f"<p>{_e(s)}</p>" for s in section.summary]
    parts += [f"<p class='note'>{_e(n)}</p>" for n in section.notes]
    chart = section.chart
    if chart is not None and chart.figure is not None:
        caption = f"c{number}"
        drawn = (_svg(image, number) if image is not None else
                 "<p class='not-shown'>Chart not available (no browser could draw it here); "
                 "the table below has its figures.</p>")
        parts.append(f"<figure><div class='chart' role='img' aria-labelledby='{caption}'>"
                     f"{drawn}</div><figcaption id='{caption}'>{_e(chart.alt)}</figcaption>"
                     "</figure>")
    elif chart is not None:
        parts.append(f"<p class='not-shown'>{_e(chart.not_shown or chart.alt)}</p>")
    parts += [_table(t) for t in section.tables]
    return "".join(parts) + "</section>"


def _svg(image: bytes, number: int) -> str:
    """A chart drawn as SVG, inside the page (no script: the file stays small and prints the
    same); the XML declaration dropped, its random element ids made the chart's own (the same
    report is the same file), and hidden from screen readers, which read the figure's caption
    instead."""
    text = image.decode("utf-8")
    for i, old in enumerate(dict.fromkeys(re.findall(r'id="([^"]+)"', text))):
        text = re.sub(re.escape(old) + r"(?![\w-])", f"c{number}-{i}", text)
    text = re.sub(r"^<\?xml[^>]*>\s*", "", text)
    return text.replace("<svg ", "<svg aria-hidden='true' focusable='false' ", 1)


# The board edition's mark: at the top of every printed page (a page margin box) and above
# the title on screen.
_MARKED = """
.marking{{font-weight:700;color:#a00000;border:2px solid #a00000;padding:.2rem .5rem;
display:inline-block;margin:0 0 .6rem}}
@page{{@top-center{{content:"{mark}";font-weight:700;font-size:10pt;color:#a00000;
  font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif}}}}
"""


def _colophon(report: Report, fmt: str) -> str:
    """How the report was made, at its end: for whoever makes it again, not its readers."""
    said = "".join(f"<dt>{_e(what)}</dt><dd>{_e(value)}</dd>"
                   for what, value in report.colophon_for(fmt))
    return ("<section aria-labelledby='colophon'><h2 id='colophon'>How this report was made"
            f"</h2><dl class='stamp'>{said}</dl></section>")


def _properties(report: Report, fmt: str) -> str:
    """What the file says of itself (its title is the PDF's title too)."""
    mark = report.marking
    meta = {"description": f"Figures for the annual report, {report.year}"
                           + (f". {mark}." if mark else ""),
            "keywords": ", ".join(["annual report", report.year, f"{report.edition} edition",
                                   *([mark] if mark else [])]),
            "data-version": report.data_version,
            "made-again-with": report.again(fmt)}
    return "".join(f"<meta name='{name}' content='{_e(value)}'>" for name, value in meta.items())


def report_html(report: Report, fmt: str = "html") -> str:
    """The report as one HTML file that opens offline and prints on A4 (`fmt`: "pdf" when it
    is to be printed, for the command in its colophon)."""
    stamp = "".join(f"<dt>{_e(what)}</dt><dd>{_e(value)}</dd>" for what, value in report.stamp)
    mark = report.marking
    style = _CSS + (_MARKED.format(mark=mark.replace('"', "")) if mark else "")
    banner = f"<p class='marking'>{_e(mark)}</p>" if mark else ""
    drawn = [s.chart.figure for s in report.sections
             if s.chart is not None and s.chart.figure is not None]
    images = iter(svg_images(drawn))
    sections = "".join(
        _section(s, n, next(images) if s.chart is not None and s.chart.figure is not None
                 else None)
        for n, s in enumerate(report.sections, start=1))
    return ("<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_e(report.title)}</title>{_properties(report, fmt)}"
            f"<style>{style}</style></head><body><main>"
            f"<header>{banner}<h1>{_e(report.title)}</h1><dl class='stamp'>{stamp}</dl>"
            f"<h2 id='small-numbers'>Small numbers</h2><p>{_e(report.small_numbers)}</p>"
            f"</header>{sections}{_colophon(report, fmt)}</main></body></html>")


def annual_report_pack(db: Reader, f: Filters, threshold: int,
                       edition: Edition = "publication", fmt: str = "html") -> str:
    """The annual report for a board (or all) and a financial year, as one HTML file: the
    same model, sentences, tables and charts as the Word report (`fmt` "pdf" when it is to
    be printed)."""
    warm_up()                                  # the browser starts while the queries run
    return report_html(annual_report(db, f, threshold, edition), fmt)
