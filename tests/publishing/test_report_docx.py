"""The Word annual report, made by the command line from the demo data and opened with
python-docx as Word would read it: headings in order for the navigation pane, table headers in
words, this year beside last year, every picture with alternative text, small counts hidden
and explained once, every table within the width of its A4 page."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.table import Table

from assurance.cli import main
from data_models import queries
from data_models.filters import Filters
from data_models.store.file import connect
from publishing.report import small_numbers
from publishing.suppression import SUPPRESSED
from tests.conftest import everyone

OPERATOR = f"{getpass.getuser()} (command line)"   # who ran it, as the log records

AS_OF = "2026-11-21"
SECTIONS = ["Small numbers", "Statutory and guidance timescales",
            "Learning themes and the learning loop", "Did our actions make a difference?",
            "Recommendations", "Audits", "Training",
            "Data quality caveats", "National context", "How this report was made"]
A4_CM = (21.0, 29.7)


@pytest.fixture(scope="module")
def db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("report_docx") / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


@pytest.fixture(scope="module")
def report(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One board's report for a year in which most of its counts are small."""
    folder = tmp_path_factory.mktemp("word")
    assert main(["--db", str(db), "export", "report", "--period", "2025-26", "--board",
                 "Ashbourne SCP", "--format", "docx", "--out", str(folder),
                 "--as-of", AS_OF]) == 0
    return folder / "Ashbourne-SCP_annual-report_2025-26.docx"    # named for board and year


@pytest.fixture(scope="module")
def document(report: Path) -> DocumentObject:
    return Document(str(report))


def _headings(document: DocumentObject) -> list[tuple[int, str]]:
    return [(int(p.style.name.removeprefix("Heading ")), p.text) for p in document.paragraphs
            if p.style is not None and p.style.name.startswith("Heading ")]


def _header_row(table: Table) -> list[str]:
    return [cell.text for cell in table.rows[0].cells]


def _cm(length: int) -> float:
    return Emu(length).cm


def test_headings_are_word_styles_in_order(document: DocumentObject) -> None:
    headings = _headings(document)
    assert headings[0] == (1, "Annual report: Ashbourne SCP, 2025-26")
    assert [level for level, _ in headings].count(1) == 1
    assert [text for level, text in headings if level == 2] == SECTIONS
    for (before, _), (after, text) in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"'{text}' skips a heading level"
    # each table is introduced by a heading (level 3) that names its year
    titles = [text for level, text in headings if level == 3]
    assert "Timescales, 2025-26 beside 2024-25" in titles
    assert all(re.search(r"\d{4}-\d{2}", t) for t in titles)
    assert document.core_properties.title == "Annual report: Ashbourne SCP, 2025-26"
    language = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert language is not None and language.get(qn("w:val")) == "en-GB"


def test_sections_follow_on_with_each_heading_kept_with_what_follows(
        document: DocumentObject) -> None:
    """No section is forced onto a page of its own (that left pages holding a note or two):
    each heading is kept with what follows it instead (tests/publishing/test_layout.py reads
    the pages as printed)."""
    sections = [p for p in document.paragraphs if p.style is not None
                and p.style.name == "Heading 2" and p.text in SECTIONS[2:]]
    assert len(sections) == len(SECTIONS) - 2
    for heading in sections:
        assert not heading.paragraph_format.page_break_before, heading.text
        assert heading.style.paragraph_format.keep_with_next, heading.text


def test_title_block_names_board_year_as_of_filters_and_what_it_includes(
        document: DocumentObject, db: Path) -> None:
    text = "\n".join(p.text for p in document.paragraphs[:10])
    con = connect(db, read_only=True)
    freshness = queries.data_freshness(everyone(con), Filters(as_of=dt.date.fromisoformat(AS_OF),
                                                    board="Ashbourne SCP"))
    con.close()
    last = freshness["last_upload"].max()
    assert "Board: Ashbourne SCP" in text
    assert "Financial year: 2025-26: 1 April 2025 to 31 March 2026, compared with 2024-25" in text
    assert ("Figures as of: 21 November 2026. Where a figure changed after 2025-26 ended on 31 "
            "March 2026 (a clock stopped, a recommendation completed), it is also given as it "
            "stood then.") in text
    assert f"as the board's records stood on {last:%d/%m/%Y}." in text
    assert "Filters" not in text                  # nothing chosen beyond the board and year
    for operator in ("data version", "--snapshot", "upload", "extract"):
        assert operator not in text.lower(), operator
    # how it was made, at the end and in the file's properties
    colophon = "\n".join(p.text for p in document.paragraphs[-6:])
    assert f"Data: the data as stored on {last:%d/%m/%Y} at {last:%H:%M} UTC" in colophon
    assert "Data version: data version " in colophon
    assert ("To make the same report again: assurance export report --board 'Ashbourne SCP' "
            "--period 2025-26 --as-of 2026-11-21 --edition publication --threshold 5 "
            "--snapshot ") in colophon
    assert "--format docx" in colophon and "--format docx" in document.core_properties.comments
    assert document.core_properties.category == "Publication edition"


def test_table_headers_are_words_and_repeat_on_each_page(document: DocumentObject) -> None:
    assert len(document.tables) >= 7
    for table in document.tables:
        header = _header_row(table)
        assert all(header), header
        for text in header:
            assert "_" not in text and "pct" not in text.lower(), text
            assert text[:1].isupper(), text
        marked = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert marked is not None and marked.get(qn("w:val")) == "true"
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        assert caption is not None and caption.get(qn("w:val"))


def test_this_year_and_last_year_side_by_side(document: DocumentObject) -> None:
    compared = [_header_row(t) for t in document.tables
                if any("2025-26" in h for h in _header_row(t))
                and any("2024-25" in h for h in _header_row(t))]
    assert len(compared) >= 5           # timescales, themes, recommendations, audits, training
    timescales = compared[0]
    assert "Compliance 2025-26" in timescales and "Compliance 2024-25" in timescales


PROTECTED = ("Themes in reviews", "The learning loop",      # about people and their cases
             "Where each theme's actions stand", "Themes in the board's reviews beside")


def test_cases_are_protected_process_is_published_and_explained_once(
        document: DocumentObject) -> None:
    shown_as_c = small_process_counts = 0
    for table in document.tables:
        header = _header_row(table)
        title = table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        for row in table.rows[1:]:
            for name, cell in zip(header[1:], row.cells[1:], strict=True):
                value = cell.text
                if not title.startswith(PROTECTED):
                    assert value != SUPPRESSED, (title, name)     # process: never hidden
                shown_as_c += value == SUPPRESSED
                if not re.fullmatch(r"[\d,]+", value):
                    continue                        # a percentage, a median with its unit, words
                small = 1 <= int(value.replace(",", "")) <= 4
                if title.startswith(PROTECTED):
                    assert not small, (title, name, value)
                small_process_counts += small
    assert shown_as_c > 5 and small_process_counts > 5
    explanation = small_numbers(5)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.count(explanation) == 1
    assert sum("is shown as 'c'" in p for p in paragraphs) == 1


def test_every_picture_has_alternative_text(document: DocumentObject) -> None:
    pictures = document.inline_shapes
    assert len(pictures) >= 4            # themes, recommendations, audits, training
    for picture in pictures:
        properties = picture._inline.docPr
        assert properties.get("descr", "").startswith("Bar chart of "), properties.get("descr")
        assert properties.get("title", "").startswith("Chart: ")
        assert _cm(picture.width) <= A4_CM[0] - 4
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Chart not available" not in body


def test_process_figures_are_charted_and_hidden_case_figures_say_why(
        document: DocumentObject) -> None:
    """The board's timescale figures rest on a few clocks each: as its own process they are
    published and charted; a theme share hidden says its true reason under the chart."""
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Statutory and guidance timescales")
    end = paragraphs.index("Learning themes and the learning loop")
    assert not [p for p in paragraphs[start:end] if "not shown" in p.lower()]
    themes = paragraphs[end:paragraphs.index("Recommendations")]
    hidden = [p for p in themes if p.startswith("Not shown for 2025-26: ")]
    assert hidden and all(p.endswith(("(fewer than 5 reviews behind the figure).",
                                      "(it would reveal a hidden count).")) or "); " in p
                          for p in hidden)
    own = [s for s in document.inline_shapes                  # the board's own: not national
           if s._inline.docPr.get("title") != "Chart: National context"]
    assert len(own) == 5


def _sections_of_tables(document: DocumentObject) -> list[tuple[Table, float, float]]:
    """Each table with the width and text width of the page section it is in."""
    body = document.element.body
    out: list[tuple[Table, float, float]] = []
    waiting: list[Table] = []
    tables = {t._tbl: t for t in document.tables}

    def close(section_properties) -> None:  # type: ignore[no-untyped-def]
        size = section_properties.find(qn("w:pgSz"))
        margins = section_properties.find(qn("w:pgMar"))
        width = int(size.get(qn("w:w"))) / 567          # twentieths of a point, to cm
        text = width - (int(margins.get(qn("w:left"))) + int(margins.get(qn("w:right")))) / 567
        out.extend((t, width, text) for t in waiting)
        waiting.clear()

    for element in body:
        if element in tables:
            waiting.append(tables[element])
        elif element.tag == qn("w:p") and element.find(
                f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            close(element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}"))
        elif element.tag == qn("w:sectPr"):
            close(element)
    return out


def test_every_page_is_a4_and_every_table_fits_its_page(document: DocumentObject) -> None:
    for section in document.sections:
        size = sorted([round(_cm(section.page_width), 1), round(_cm(section.page_height), 1)])
        assert size == list(A4_CM)
    placed = _sections_of_tables(document)
    assert len(placed) == len(document.tables)
    for table, page_width, text_width in placed:
        columns = table._tbl.tblGrid.findall(qn("w:gridCol"))
        used = sum(int(c.get(qn("w:w"))) for c in columns) / 567
        assert used <= text_width + 0.05, (_header_row(table), used, text_width)
        if used > A4_CM[0] - 4 + 0.05:           # too wide for portrait: on a landscape page
            assert page_width == pytest.approx(A4_CM[1], abs=0.1)


def test_a_note_says_which_filter_a_table_does_not_honour(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "police.docx"
    assert main(["--db", str(db), "export", "report", "--period", "2024-25", "--agency",
                 "Police", "--format", "docx", "--out", str(out), "--as-of", AS_OF]) == 0
    document = Document(str(out))
    body = list(document.element.body)
    timescales = next(t for t in document.tables if _header_row(t)[0] == "Timescale")
    after = body[body.index(timescales._tbl) + 1]
    assert "Not filtered by agency: reviews have no agency." in "".join(after.itertext())
    audits = next(t for t in document.tables if _header_row(t)[0] == "Agency"
                  and "Good 2024-25" in _header_row(t))
    following = "".join(body[body.index(audits._tbl) + 1].itertext())
    assert "Not filtered by agency" not in following
    con = connect(db, read_only=True)
    logged = con.execute("SELECT what, format, exported_by FROM exports "
                         "WHERE destination = ?", [str(out)]).fetchall()
    con.close()
    assert logged == [("report", "docx", OPERATOR)]


def test_without_a_browser_the_report_says_so_and_keeps_its_tables(db: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "no-charts.docx"
    assurance = str(Path(sys.executable).with_name("assurance"))
    done = subprocess.run(
        [assurance, "--db", str(db), "export", "report", "--period", "2024-25", "--format",
         "docx", "--out", str(out), "--as-of", AS_OF],
        env={**os.environ, "BROWSER_PATH": str(tmp_path / "no-such-browser")},
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Charts were not drawn as pictures: no Chromium was found" in done.stderr
    document = Document(str(out))
    assert len(document.inline_shapes) == 0
    notes = [p.text for p in document.paragraphs if p.text.startswith("Chart not available")]
    assert len(notes) == 5
    assert len(document.tables) >= 8


@pytest.mark.browser
def test_the_exports_page_downloads_the_word_report(db: Path, browser,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from tests.dashboard.browser import no_error_shown, serve_app, settled

    with serve_app(db) as served:
        context = browser.new_context(accept_downloads=True)
        try:
            page = context.new_page()
            page.goto(f"{served}/exports?period=2024-25&board=Millbrook+SCP&as_of={AS_OF}")
            settled(page, "Exports")
            button = page.get_by_role("button", name="Publication edition (Word)")
            expect(button).to_be_visible(timeout=60_000)
            expect(page.get_by_role("button",
                                    name="Board edition (not for publication) (Word)")).to_be_visible()
            with page.expect_download(timeout=180_000) as download:
                button.click()
            assert download.value.suggested_filename == "Millbrook-SCP_annual-report_2024-25.docx"
            saved = tmp_path / "report.docx"
            download.value.save_as(saved)
            no_error_shown(page)
        finally:
            context.close()
    document = Document(str(saved))
    assert _headings(document)[0] == (1, "Annual report: Millbrook SCP, 2024-25")
    assert len(document.inline_shapes) >= 3           # drawn by the server, not 'not available'
    assert not [p for p in document.paragraphs if p.text.startswith("Chart not available")]
    con = connect(db, read_only=True)
    logged = con.execute("SELECT what, format, exported_by FROM exports "
                         "WHERE destination = 'Millbrook-SCP_annual-report_2024-25.docx'"
                         ).fetchall()
    con.close()
    assert logged == [("report", "docx", "local user")]
