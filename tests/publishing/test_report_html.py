"""The HTML annual report, made by the command line from the demo data and opened from its
file in headless Chromium with the network off: it draws its charts offline, axe-core finds
nothing serious or critical, and printed on A4 nothing is wider than the page. It says what
the Word report says, from the same model."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from assurance.cli import main
from data_models.store.file import connect

AS_OF = "2026-11-21"
A4_PX = 794                      # 210 mm at 96 px an inch
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HOSTILE = "<script>window.bad = 1</script>"


@pytest.fixture(scope="module")
def db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data with markup in an agency's name and a review's themes."""
    copy = tmp_path_factory.mktemp("report_html") / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    con = connect(copy)
    con.execute("UPDATE reviews SET themes = ? WHERE review_id = (SELECT min(review_id) "
                "FROM reviews)", [HOSTILE])
    con.execute("UPDATE audits SET agency = ? WHERE agency = 'Housing'", [HOSTILE])
    con.close()
    return copy


def _export(db: Path, folder: Path, *chosen: str, fmt: str = "html") -> Path:
    assert main(["--db", str(db), "export", "report", "--format", fmt, "--out", str(folder),
                 "--as-of", AS_OF, *chosen]) == 0
    return next(folder.glob(f"*.{fmt}"))


@pytest.fixture(scope="module")
def every_board(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(db, tmp_path_factory.mktemp("every"), "--period", "2024-25")


@pytest.fixture(scope="module")
def one_board(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A board and year in which most counts are small (every timescale figure hidden)."""
    return _export(db, tmp_path_factory.mktemp("one"), "--period", "2025-26", "--board",
                   "Ashbourne SCP")


@pytest.fixture
def offline(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A tab with no network, the width of an A4 page."""
    context = browser.new_context(offline=True, viewport={"width": A4_PX, "height": 1123})
    try:
        yield context.new_page()
    finally:
        context.close()


class _Outline(HTMLParser):
    """Headings, table header cells and captions, as a screen reader lists them."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.header_cells: list[tuple[str | None, str]] = []
        self.captions: list[str] = []
        self.tables = 0
        self.lang: str | None = None
        self._open: tuple[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "table":
            self.tables += 1
        if re.fullmatch(r"h[1-6]|th|caption", tag):
            self._open, self._text = (tag, dict(attrs).get("scope")), ""

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            if tag == "th":
                self.header_cells.append((self._open[1], self._text))
            elif tag == "caption":
                self.captions.append(self._text)
            else:
                self.headings.append((int(tag[1]), self._text))
            self._open = None


def _outline(path: Path) -> _Outline:
    outline = _Outline()
    outline.feed(path.read_text(encoding="utf-8"))
    return outline


def test_structure_for_screen_readers(every_board: Path) -> None:
    outline = _outline(every_board)
    assert outline.lang == "en-GB"
    assert [h for h in outline.headings if h[0] == 1] == [
        (1, "Annual report: all boards, 2024-25")]
    assert outline.headings[0][0] == 1
    for (before, _), (after, text) in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, f"'{text}' skips a heading level"
    assert len(outline.captions) == outline.tables >= 8
    assert all(re.search(r"\d{4}-\d{2}", c) for c in outline.captions)
    assert all(scope in ("col", "row") for scope, _ in outline.header_cells)
    columns = [text for scope, text in outline.header_cells if scope == "col"]
    for text in columns:
        assert "_" not in text and "pct" not in text.lower() and text[:1].isupper(), text
    assert "Compliance 2024-25" in columns and "Compliance 2023-24" in columns


def test_text_from_the_data_is_escaped(every_board: Path) -> None:
    text = every_board.read_text(encoding="utf-8")
    assert "<script>window.bad" not in text
    assert "&lt;script&gt;window.bad = 1&lt;/script&gt;" in text      # shown, as written
    assert "<script" not in text                 # charts are SVG: no script at all
    assert len(text.encode("utf-8")) < 1_000_000     # was 4.9 MB with plotly.js inside


def test_yes_no_and_no_field_names_in_cells(every_board: Path) -> None:
    text = every_board.read_text(encoding="utf-8")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", text)
    assert cells
    assert not {"True", "False", "nan", "None", "NaT"} & set(cells)
    for code in ("compliance_pct", "not_audited", "notification_5wd", "rapid_review_15wd"):
        assert code not in text.split("<script", 1)[0], code


@pytest.mark.browser
def test_opens_offline_with_charts_drawn_and_nothing_serious_for_axe(
        every_board: Path, offline) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page = offline
    page.goto(every_board.as_uri())
    expect(page.locator(".chart svg").first).to_be_visible(timeout=30_000)
    expect(page.locator(".chart svg")).to_have_count(5)
    assert page.evaluate("() => window.bad") is None
    expect(page.get_by_role("heading", name="Annual report: all boards, 2024-25",
                            level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Bar chart of compliance"))).to_have_count(1)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    blocking = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")]
    assert blocking == []
    assert results.response["passes"]                  # the rules did run


_OVERFLOW = """(width) => {
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    const spills = element instanceof HTMLElement && element.scrollWidth > element.clientWidth + 1
      && getComputedStyle(element).overflowX === 'visible';
    if (box.right > width + 0.5 || spills)
      wide.push(`${element.tagName}.${element.className}: ${Math.round(box.right)}`);
  }
  return {page: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("which", ["every_board", "one_board"])
def test_printed_on_a4_nothing_is_wider_than_the_page(which: str, offline,  # type: ignore[no-untyped-def]
                                                      request: pytest.FixtureRequest) -> None:
    from playwright.sync_api import expect

    path: Path = request.getfixturevalue(which)
    page = offline
    page.goto(path.as_uri())
    expect(page.locator(".chart svg").first).to_be_visible(timeout=30_000)
    page.emulate_media(media="print")
    measured = page.evaluate(_OVERFLOW, A4_PX)
    assert measured == {"page": A4_PX, "wide": []}
    # subjects follow on, none forced onto a page of its own (that left pages holding a note
    # or two); its heading is kept with what follows (tests/publishing/test_layout.py). The
    # publication edition: eight subjects, then "How this report was made".
    breaks = page.locator("section").evaluate_all(
        "sections => sections.map(s => getComputedStyle(s).breakBefore)")
    assert breaks == ["auto"] * 9
    kept = page.locator("section h2").evaluate_all(
        "headings => headings.map(h => getComputedStyle(h).breakAfter)")
    assert kept == ["avoid"] * 9


def test_process_is_charted_and_a_hidden_case_figure_says_why(one_board: Path) -> None:
    text = one_board.read_text(encoding="utf-8")
    timescales = text.split("Statutory and guidance timescales", 1)[1].split("<table", 1)[0]
    assert "<svg" in timescales and "Not shown" not in timescales
    themes = text.split("Learning themes and the learning loop", 1)[1].split("<table", 1)[0]
    assert "<svg" in themes
    assert "Not shown for 2025-26: " in themes


def _sentences_html(path: Path) -> list[str]:
    import html

    return [html.unescape(s) for s in re.findall(r"<p>([^<]*)</p>", path.read_text("utf-8"))]


def test_the_word_and_html_reports_say_the_same(db: Path, one_board: Path,
                                                tmp_path: Path) -> None:
    word = Document(str(_export(db, tmp_path, "--period", "2025-26", "--board",
                                "Ashbourne SCP", fmt="docx")))
    said = [p.text for p in word.paragraphs]
    sentences = _sentences_html(one_board)
    assert len(sentences) > 15
    assert [s for s in sentences if s not in said] == []
    cells_word = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    text = one_board.read_text("utf-8")
    cells_html = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(
        r"<t[hd][^>]*>(.*?)</t[hd]>", row)] for row in re.findall(r"<tr>(.*?)</tr>", text)]
    assert [[__import__("html").unescape(c) for c in row] for row in cells_html] == cells_word
