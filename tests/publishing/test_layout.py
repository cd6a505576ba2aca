"""The annual report's layout as a reader sees it on paper: the Word file converted by
LibreOffice (as a board member without Word opens it) and the PDF printed from the HTML report,
both read back page by page. No table header word is broken inside the word, no heading is
the last thing on its page, and no page is less than a third used unless it is the last before
a change of page orientation (or the last of all).

The Word file's tables carry their own column widths and a fixed layout, so that Word and
LibreOffice lay them out alike; the checks on the document itself say so."""

from __future__ import annotations

import datetime as dt
import html as html_text
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from pypdf import PdfReader

from assurance.demo import BOARDS
from data_models.filters import Filters
from data_models.scope import Reader, Scope
from data_models.store.file import connect
from publishing.pack import annual_report_pack
from publishing.pdf import html_to_pdf
from publishing.report_docx import annual_report_docx

AS_OF = dt.date(2026, 11, 21)
# The smallest children's board, a middling one and an adults' board, in three years, in the
# edition to publish; and every demo board in each of the demo's last three years in the board
# edition (which holds every table the publication edition does, and the lists besides).
REPORTS = [("Harwick Safeguarding Partnership", "2024-25", "publication"),
           ("Ashbourne SCP", "2025-26", "publication"), ("Northfold SAB", "2023-24", "publication"),
           *((board, year, "board") for board in sorted({b.name for b in BOARDS})
             for year in ("2024-25", "2025-26", "2026-27"))]
CM = 72 / 2.54                                # PDF points in a centimetre
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TABLE_FONT = 8.0                               # pt: the size of the tables' text, and no other's


@dataclass
class Page:
    width: float
    height: float
    lines: list[tuple[float, str]]            # (baseline from the page's foot, text), top first
    table_words: list[str]                    # words of the tables, as printed

    def fill(self, margin: float) -> float:
        """How much of the text area is used: from its top to the lowest line of text, as a
        share of its height (the page's foot, below the margin, holds only the page number)."""
        top, foot = self.height - margin, margin
        lowest = min(y for y, _ in self.lines)
        return (top - lowest) / (top - foot)


def _pages(pdf: Path, margin: float) -> list[Page]:
    out = []
    widths: dict[str, dict[str, float]] = {}
    for page in PdfReader(pdf).pages:
        pieces: dict[float, list[tuple[float, float, str, bool]]] = {}

        def visit(text, cm, tm, font, size, pieces=pieces) -> None:  # type: ignore[no-untyped-def]
            if text.strip():
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                face = widths.setdefault(str(font["/BaseFont"]), _widths(font))
                wide = sum(face.get(c, 0.0) for c in text) / 1000 * size * tm[0] * cm[0]
                table = abs(size - TABLE_FONT) < 0.1
                pieces.setdefault(round(y), []).append((x, x + wide, text, table))

        page.extract_text(visitor_text=visit)
        lines = [(float(y), " ".join(t.strip() for _, _, t, _ in sorted(parts)))
                 for y, parts in sorted(pieces.items(), reverse=True)
                 if y > margin * 0.8]         # the page number sits below the text area
        words = [w for y, parts in pieces.items() if y > margin * 0.8
                 for w in _table_words(parts)]
        out.append(Page(float(page.mediabox.width), float(page.mediabox.height), lines, words))
    return out


def _widths(font) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Each character's width in a PDF font (thousandths of its size), read from the font's
    widths and its map from codes to characters: for LibreOffice's simple fonts (Chromium's
    composite ones are not measured, having no table words to join)."""
    if "/FirstChar" not in font or "/ToUnicode" not in font:
        return {}
    first, advances = int(font["/FirstChar"]), [float(w) for w in font["/Widths"]]
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out = {}
    for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap):
        index = int(code, 16) - first
        if 0 <= index < len(advances):
            out[bytes.fromhex(text).decode("utf-16-be", "replace")] = advances[index]
    return out


def _table_words(parts: list[tuple[float, float, str, bool]]) -> list[str]:
    """The words a line of table cells prints: pieces that abut (a year's hyphen is a piece of
    its own) joined, pieces apart (in other cells) kept apart."""
    words: list[str] = []
    end, going_on = 0.0, False
    for x, right, text, table in sorted(parts):
        if not table:
            going_on = False
            continue
        split = _normal(text).split()
        if going_on and x - end < 1 and split and not text[:1].isspace():
            words[-1] += split.pop(0)
        words += split
        going_on = bool(words) and not text[-1:].isspace()
        end = right
    return [w.strip(".,;:()'") for w in words]


def _short_pages(pages: list[Page], margin: float) -> list[tuple[int, float]]:
    """Pages less than a third used, but for the last and one before a turn of the page."""
    return [(number, round(page.fill(margin), 2))
            for number, (page, after) in enumerate(zip(pages, pages[1:], strict=False), start=1)
            if (page.width > page.height) == (after.width > after.height)
            and page.fill(margin) < 1 / 3]


def _normal(text: str) -> str:
    return text.replace("\u2011", "-").replace("\u00a0", " ")


def _squeezed(text: str) -> str:
    """A line's text without its spaces (the pieces of a line are not always spaced as set)."""
    return re.sub(r"\s+", "", _normal(text))


@dataclass
class Made:
    name: str
    document: DocumentObject
    pages: list[Page]


@pytest.fixture(scope="module")
def made(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Made]:
    """Each report as a Word file, and all of them converted by LibreOffice in one go."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (Debian's libreoffice-writer)")
    folder = tmp_path_factory.mktemp("layout")
    con = connect(demo_db, read_only=True)
    try:
        for board, year, edition in REPORTS:
            reader = Reader(con, Scope((board,), True, "uploader"))
            data = annual_report_docx(reader, Filters(as_of=AS_OF, board=board, period=year), 5,
                                      edition)
            (folder / f"{board.replace(' ', '-')}_{year}_{edition}.docx").write_bytes(data)
    finally:
        con.close()
    files = sorted(folder.glob("*.docx"))
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                           "--headless", "--convert-to", "pdf", "--outdir", str(folder / "pdf"),
                           *map(str, files)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return [Made(f.stem, Document(str(f)), _pages(folder / "pdf" / f"{f.stem}.pdf", 2 * CM))
            for f in files]


def _words(text: str) -> list[str]:
    return [w.strip(".,;:()'") for w in _normal(text).split()]


def test_no_table_word_is_broken_inside_the_word(made: list[Made]) -> None:
    """A word squeezed into too narrow a column comes out in pieces ('Overdu' over 'e',
    '2024-2' over '5', '25/12/202' over '6'): no word printed in a table is the start of a
    word of its cells unless it is a word of the document in its own right, and every header
    word is printed whole."""
    for report in made:
        document = report.document
        cells = [cell.text for table in document.tables for row in table.rows
                 for cell in row.cells]
        headers = {w for table in document.tables for cell in table.rows[0].cells
                   for w in _words(cell.text) if len(w) > 1}
        vocabulary = {w for text in [p.text for p in document.paragraphs] + cells
                      for w in _words(text)}
        cell_words = {w for text in cells for w in _words(text) if len(w) > 1}
        printed = {w for page in report.pages for w in page.table_words}
        broken = sorted({(piece, whole) for piece in printed for whole in cell_words
                         if len(piece) > 1 and whole.startswith(piece) and piece != whole
                         and piece not in vocabulary})
        assert not broken, (report.name, broken)
        assert not headers - printed, (report.name, sorted(headers - printed))


def test_no_page_is_less_than_a_third_used(made: list[Made]) -> None:
    for report in made:
        assert not _short_pages(report.pages, 2 * CM), report.name


def test_no_heading_is_the_last_thing_on_a_page(made: list[Made]) -> None:
    for report in made:
        headings = [_normal(p.text) for p in report.document.paragraphs
                    if p.style is not None and p.style.name.startswith("Heading")]
        for number, page in enumerate(report.pages[:-1], start=1):
            last = _squeezed(page.lines[-1][1])
            assert not any(_squeezed(h) == last or (len(last) > 3 and _squeezed(h).endswith(last))
                           for h in headings), (report.name, number, last)


def _fixed(table) -> bool:  # type: ignore[no-untyped-def]
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    return layout is not None and layout.get(qn("w:type")) == "fixed"


def test_word_tables_fix_their_widths_and_keep_their_rows_whole(made: list[Made]) -> None:
    """Widths in the document itself (the grid and every cell), a fixed layout, no row split
    across pages, a small table kept on one page, and every heading kept with what follows."""
    for report in made:
        document = report.document
        for table in document.tables:
            assert _fixed(table), report.name
            grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            whole = table._tbl.tblPr.find(qn("w:tblW"))
            assert whole.get(qn("w:type")) == "dxa", report.name
            assert abs(int(whole.get(qn("w:w"))) - sum(grid)) <= len(grid), report.name
            for row in table.rows:
                assert row._tr.trPr.find(qn("w:cantSplit")) is not None
                widths = [int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
                          for cell in row.cells]
                if len(widths) == len(grid):
                    assert widths == grid, report.name
            if len(table.rows) <= 7:            # a header and up to six rows: kept together
                for row in table.rows[:-1]:
                    assert all(p.paragraph_format.keep_with_next
                               for cell in row.cells for p in cell.paragraphs)
        for paragraph in document.paragraphs:
            if paragraph.style is not None and paragraph.style.name.startswith("Heading"):
                assert paragraph.paragraph_format.keep_with_next is not False, paragraph.text


@pytest.mark.browser
def test_the_printed_html_wastes_no_page(demo_db: Path, tmp_path: Path) -> None:
    """The PDF printed from the HTML report (15 mm margins): no page but the last is less than
    a third used, and no heading ends a page."""
    board, year, _ = REPORTS[0]
    con = connect(demo_db, read_only=True)
    try:
        html = annual_report_pack(Reader(con, Scope((board,), True, "uploader")),
                                  Filters(as_of=AS_OF, board=board, period=year), 5)
    finally:
        con.close()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(html_to_pdf(html))
    pages = _pages(pdf, 15 / 10 * CM)
    assert len(pages) > 3
    assert not _short_pages(pages, 15 / 10 * CM)
    headings = [_squeezed(html_text.unescape(h)) for h in re.findall(
        r"<(?:h[1-3]|caption)[^>]*>([^<]+)</(?:h[1-3]|caption)>", html)]
    for number, page in enumerate(pages[:-1], start=1):
        last = _squeezed(page.lines[-1][1])
        assert not any(h == last or (len(last) > 3 and h.endswith(last)) for h in headings), (
            number, page.lines[-1][1])
