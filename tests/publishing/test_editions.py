"""The annual report's two editions, read back out of the files a board would publish.

Every demo board (made by the real `assurance demo`) x the last three financial years of the
demo data x both editions x Word, HTML and PDF: no table whose figures are all hidden; in the
publication edition no review or recommendation named and no hidden count that can be worked
out from another part of the same document (a row's total less the counts shown, the same
count shown in another table, a sentence giving it, a list's items); no operator words in the
publication edition's title block; no "(s)" anywhere; the board edition marked "Not for
publication" on every PDF page, in the Word header of every section and in each file's
properties, and refused to a person not allowed records.

The walk is every demo board in each of the three years (a few minutes, in `make test`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest
from docx import Document
from pypdf import PdfReader

from assurance.cli import main
from assurance.demo import BOARDS
from data_models.filters import Filters
from data_models.scope import EVERY, Reader, Scope
from data_models.store.file import connect
from publishing.pack import report_html
from publishing.pdf import html_to_pdf
from publishing.report import (
    NOT_FOR_PUBLICATION,
    EditionRefused,
    Report,
    annual_report,
)
from publishing.report_docx import report_docx

AS_OF = dt.date(2026, 11, 21)
THRESHOLD = 5
EVERY_BOARD = sorted({b.name for b in BOARDS})
YEARS = ("2026-27", "2025-26", "2024-25")      # the demo's last three (a test holds it)
WALKED = [(b, y) for b in EVERY_BOARD for y in YEARS]
OPERATOR_WORDS = ("data version", "--snapshot", "extract", "upload")
HIDDEN = "c"
FIGURE = re.compile(r"^(c|–|-?[\d,]+(\.\d+)?%?( (working )?days)?)$")


@dataclass
class Document_:
    """What a reader of one file sees: its title block, its tables (each a header row and
    rows of cells), its sentences and all its text; for a PDF, each page's text."""

    fmt: str
    stamp: str
    tables: list[list[list[str]]]
    sentences: list[str]
    text: str
    pages: list[str] = field(default_factory=list)
    header_marks: list[str] = field(default_factory=list)
    properties: str = ""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("editions") / "demo.duckdb"
    assert main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture(scope="module")
def printer(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """One page of the session's Chromium for every PDF of the walk (the report's HTML printed
    as `html_to_pdf` prints it: A4 from its own print styles, tagged); one report is printed by
    html_to_pdf itself below."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def _years(path: Path) -> list[str]:
    con = connect(path, read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT financial_year(item_date) AS y FROM source_items "
                           "WHERE item_date IS NOT NULL ORDER BY y DESC LIMIT 3").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def _cells(row: object) -> list[str]:
    return [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]  # type: ignore[attr-defined]


def _from_html(page: str) -> Document_:
    tree = lxml.html.fromstring(page)
    for svg in tree.xpath("//*[local-name()='svg']"):
        svg.getparent().remove(svg)
    stamp = " ".join(tree.xpath("//dl[@class='stamp']")[0].text_content().split())
    tables = [[_cells(r) for r in t.xpath(".//tr")] for t in tree.xpath("//table")]
    sentences = [" ".join(p.text_content().split()) for p in tree.xpath("//p|//figcaption")]
    meta = " ".join(f"{m.get('name')}={m.get('content')}" for m in tree.xpath("//meta"))
    title = tree.xpath("//title")[0].text_content()
    return Document_("html", stamp, tables, sentences, " ".join(tree.text_content().split()),
                     properties=f"{title} {meta}")


def _from_docx(content: bytes) -> Document_:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    stamp = " ".join(paragraphs[1:paragraphs.index("Small numbers")])
    tables = [[[" ".join(c.text.split()) for c in row.cells] for row in t.rows]
              for t in document.tables]
    text = " ".join([*paragraphs, *(c for t in tables for r in t for c in r)])
    props = document.core_properties
    return Document_("docx", stamp, tables, [p for p in paragraphs if p], text,
                     header_marks=[" ".join(p.text for p in s.header.paragraphs)
                                   for s in document.sections],
                     properties=" ".join(str(getattr(props, n) or "") for n in (
                         "title", "subject", "keywords", "category", "comments")))


def _from_pdf(content: bytes) -> Document_:
    reader = PdfReader(io.BytesIO(content))
    pages = [p.extract_text() for p in reader.pages]
    text = " ".join(" ".join(pages).split())
    first = " ".join(pages[0].split())
    stamp = first.split("Small numbers")[0]
    return Document_("pdf", stamp, [], [], text, pages=pages,
                     properties=str((reader.metadata or {}).get("/Title", "")))


# -- the checks -------------------------------------------------------------------------------

def _figures(row: list[str]) -> list[str]:
    return [c for c in row[1:] if FIGURE.match(c)]


def no_table_all_hidden(doc: Document_) -> None:
    for table in doc.tables:
        cells = [c for row in table[1:] for c in _figures(row)]
        assert not (cells and HIDDEN in cells and set(cells) <= {HIDDEN, "–"}), (
            f"{doc.fmt}: a table whose figures are all hidden: {table[:2]}")


def no_total_gives_a_hidden_count(doc: Document_) -> None:
    """A row with a total shown and one count hidden beside it gives the hidden count away."""
    for table in doc.tables:
        header = table[0]
        totals = [i for i, h in enumerate(header) if h.startswith("Total")]
        for row in table[1:]:
            for i in totals:
                year = header[i].removeprefix("Total").strip()
                parts = [j for j, h in enumerate(header) if j != i and h.endswith(year)
                         and not h.startswith(("Overdue", "Total")) and "%" not in row[j]
                         and not h.startswith(("Compliance", "Good or better"))]
                hidden = [j for j in parts if row[j] == HIDDEN]
                assert not (row[i] != HIDDEN and len(hidden) == 1), (
                    f"{doc.fmt}: {row[0]}: the total {row[i]} less the counts shown gives "
                    f"the hidden {header[hidden[0]]}")


def _concept(header: str, year: str) -> str:
    return header.replace(f" {year}", "").strip().lower()


def no_count_hidden_here_and_shown_there(doc: Document_, year: str) -> None:
    """A theme's count hidden in one table and shown (above nought) in another, or given in a
    sentence, is not hidden."""
    hidden: set[tuple[str, str]] = set()
    shown: dict[tuple[str, str], str] = {}
    for table in doc.tables:
        header = table[0]
        if not header or header[0] != "Theme":
            continue
        for row in table[1:]:
            for h, c in zip(header[1:], row[1:], strict=False):
                if "share" in h.lower() or "%" in c or (h.count("-") and year not in h):
                    continue          # last year's figures, and shares, are other counts
                key = (row[0].lower(), _concept(h, year))
                if c == HIDDEN:
                    hidden.add(key)
                elif re.fullmatch(r"[\d,]+", c) and c != "0":
                    shown[key] = c
    both = {k: shown[k] for k in hidden & shown.keys()}
    assert not both, f"{doc.fmt}: hidden in one table, shown in another: {both}"
    for sentence in doc.sentences:
        for theme, concept in hidden:
            if concept not in ("reviews", "recommendations", "audits"):
                continue            # "recommendations overdue" is not "its 18 recommendations"
            noun = concept.rstrip("s")
            # a count of the theme's, not a base ("of 10 reviews") or a rule ("fewer than 5")
            # ("neglect" is not the end of "self-neglect")
            said = re.search(rf"(?<![\w-]){re.escape(theme)}\b[^.;]*?(?<!of )(?<!than )\b(\d[\d,]*) "
                             rf"{noun}s?\b", sentence, re.IGNORECASE)
            assert said is None, f"{doc.fmt}: a sentence gives a hidden count: {sentence}"


def names_no_review_or_recommendation(doc: Document_, report: Report, names: set[str],
                                      wordings: set[str]) -> None:
    assert not any(s.heading.startswith("The reviews of") or "review by review" in s.heading
                   for s in report.sections)
    assert f"The reviews of {report.year}" not in doc.text
    assert "review by review" not in doc.text
    leaked = [n for n in names if n in doc.text] + [w for w in wordings if w in doc.text]
    assert not leaked, f"{doc.fmt}: the publication edition names {leaked[:3]}"


def title_block_in_readers_words(doc: Document_) -> None:
    lowered = doc.stamp.lower()
    said = [w for w in OPERATOR_WORDS if w in lowered]
    assert not said, f"{doc.fmt}: the title block says {said}: {doc.stamp}"
    assert "Figures as of" in doc.stamp and "What is counted" in doc.stamp


def no_maybe_plurals(doc: Document_) -> None:
    found = re.findall(r"\S*\(s\)", doc.text)
    assert not found, f"{doc.fmt}: {found[:5]}"


def marked_or_not(doc: Document_, board: bool) -> None:
    if board:
        assert NOT_FOR_PUBLICATION in doc.properties, doc.fmt
        assert NOT_FOR_PUBLICATION in doc.text
        for number, page in enumerate(doc.pages, start=1):
            assert NOT_FOR_PUBLICATION in page, f"PDF page {number} is not marked"
        assert doc.header_marks == [] or all(NOT_FOR_PUBLICATION in h
                                             for h in doc.header_marks)
    else:
        assert NOT_FOR_PUBLICATION.lower() not in doc.text.lower(), doc.fmt
        assert NOT_FOR_PUBLICATION.lower() not in doc.properties.lower(), doc.fmt


# -- the walk ---------------------------------------------------------------------------------

def _named(db: Reader, f: Filters) -> tuple[set[str], set[str]]:
    """The board's review references and the wording of its recommendations of the year."""
    reviews = db.frame("SELECT review_id FROM reviews WHERE board = $board",
                       f, board=f.board)["review_id"]
    wordings = db.frame("SELECT recommendation FROM recommendations WHERE board = $board "
                        "AND financial_year(agreed_date) = $year", f, board=f.board,
                        year=f.period)["recommendation"]
    return ({str(r) for r in reviews}, {str(w) for w in wordings if len(str(w)) > 25})


def _pdf(printer: object, page: str) -> bytes:
    printer.set_content(page, wait_until="load")  # type: ignore[attr-defined]
    return printer.pdf(prefer_css_page_size=True, print_background=True)  # type: ignore[attr-defined,no-any-return]


def test_the_years_walked_are_the_demos_last_three(demo: Path) -> None:
    assert _years(demo) == list(YEARS)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(("board", "year"), WALKED)
def test_every_edition_publishes_safely(demo: Path, printer: object, board: str,
                                        year: str) -> None:
    con = connect(demo, read_only=True)
    try:
        db = Reader(con, Scope(EVERY, True, "uploader"))
        f = Filters(as_of=AS_OF, board=board, period=year)
        names, wordings = _named(db, f)
        for edition in ("publication", "board"):
            report = annual_report(db, f, THRESHOLD, edition)
            page = report_html(report)         # printed as it is: charts drawn once
            docs = [_from_html(page), _from_docx(report_docx(report, [])),
                    _from_pdf(_pdf(printer, page))]
            for doc in docs:
                no_table_all_hidden(doc)
                no_maybe_plurals(doc)
                marked_or_not(doc, edition == "board")
                if edition == "publication":
                    title_block_in_readers_words(doc)
                    no_total_gives_a_hidden_count(doc)
                    no_count_hidden_here_and_shown_there(doc, year)
                    names_no_review_or_recommendation(doc, report, names, wordings)
    finally:
        con.close()


@pytest.mark.browser
def test_the_board_edition_printed_is_marked_on_every_page(demo: Path) -> None:
    """Through the PDF path the command line uses (Chromium's own print), every page."""
    con = connect(demo, read_only=True)
    try:
        db = Reader(con, Scope(EVERY, True, "uploader"))
        report = annual_report(db, Filters(as_of=AS_OF, board="Millbrook SCP",
                                           period="2024-25"), THRESHOLD, "board")
    finally:
        con.close()
    doc = _from_pdf(html_to_pdf(report_html(report, "pdf")))
    assert len(doc.pages) > 3
    marked_or_not(doc, board=True)
    assert doc.properties.endswith("2024-25. Board edition: Not for publication")


def test_a_table_all_hidden_is_one_sentence_with_its_reason(demo: Path) -> None:
    """Every table of the model, each board walked, a year and a quarter: some figure shown, or the
    table said in one sentence that gives the reason, and no sentence about a chart after it
    (a quarter of a small board hides every theme's count)."""
    con = connect(demo, read_only=True)
    try:
        db = Reader(con, Scope(EVERY, True, "uploader"))
        said = []
        for board in EVERY_BOARD:
            for period, quarter in (("2025-26", None), ("2024-25", "2024-25 Q1")):
                report = annual_report(db, Filters(as_of=AS_OF, board=board, period=period,
                                                   quarter=quarter), THRESHOLD)
                for section in report.sections:
                    for table in section.tables:
                        figures = [row[i] for row in table.rows
                                   for i, numeric in enumerate(table.numeric) if numeric]
                        assert not figures or set(figures) - {HIDDEN, "–", ""}, table.title
                    hidden = [s for s in section.summary if "every figure is hidden" in s]
                    if hidden:
                        assert section.chart is None, section.heading
                    said += hidden
    finally:
        con.close()
    assert "Themes in reviews, 2024-25 Q1 beside 2023-24 Q1: every figure is hidden for all" \
        in " ".join(said), "a small board's quarter has every theme's count hidden"
    assert all(re.search(r"(each a count from 1 to 4|fewer than 5 reviews|hidden beside)", s)
               for s in said), said


def test_the_board_edition_is_for_people_allowed_records(demo: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    con = connect(demo, read_only=True)
    try:
        member = Reader(con, Scope(("Millbrook SCP",), False, "viewer"))
        f = Filters(as_of=AS_OF, board="Millbrook SCP", period="2024-25")
        with pytest.raises(EditionRefused, match="for people allowed records"):
            annual_report(member, f, THRESHOLD, "board")
        assert annual_report(member, f, THRESHOLD).edition == "publication"
    finally:
        con.close()
    roles = tmp_path / "access.toml"
    roles.write_text('[people."member@example.org"]\nrole = "viewer"\n'
                     'boards = ["Millbrook SCP"]\n', encoding="utf-8")
    out = tmp_path / "r.html"
    code = main(["--db", str(demo), "export", "report", "--board", "Millbrook SCP",
                 "--period", "2024-25", "--format", "html", "--edition", "board",
                 "--as", "member@example.org", "--roles", str(roles), "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0 and not out.exists()
    assert err.count("\n") == 1 and "for people allowed records" in err


def test_impact_in_a_years_report_is_as_it_stood_at_the_years_end(demo: Path) -> None:
    con = connect(demo, read_only=True)
    try:
        db = Reader(con, Scope(EVERY, True, "uploader"))
        report = annual_report(db, Filters(as_of=AS_OF, board="Millbrook SCP",
                                           period="2024-25"), THRESHOLD)
    finally:
        con.close()
    impact = next(s for s in report.sections if s.heading.startswith("Did our actions"))
    assert impact.tables[0].title.endswith("2024-25, as on 31/03/2025")
    assert "as it stood on 31/03/2025, the end of 2024-25" in impact.summary[0]
    assert any("within 6 months of its cut-over" in s for s in impact.summary)
    for row in impact.tables[0].rows:
        cut = row[4]
        if cut != "–":
            assert dt.datetime.strptime(cut, "%d/%m/%Y").date() <= dt.date(2025, 3, 31), row


def _said(report: Report) -> str:
    """Every word of a report's model: its sections' sentences, tables and notes."""
    parts = [report.title, *(v for _, v in report.stamp)]
    for section in report.sections:
        parts += [section.heading, *section.summary, *section.notes]
        for table in section.tables:
            parts += [table.title, *table.header, *table.notes,
                      *(cell for row in table.rows for cell in row)]
    return "\n".join(parts)


@pytest.mark.parametrize(("board", "own", "other"), [
    ("Ashbourne SCP", "voice of the child", "voice of the person"),
    ("Northfold SAB", "voice of the person", "voice of the child")])
def test_a_theme_is_named_in_its_board_types_own_words(demo: Path, board: str, own: str,
                                                       other: str) -> None:
    con = connect(demo, read_only=True)
    try:
        report = annual_report(Reader(con, Scope(EVERY, True, "uploader")),
                               Filters(as_of=AS_OF, board=board, period="2025-26"), THRESHOLD)
    finally:
        con.close()
    said = _said(report)
    assert own in said
    assert other not in said


@pytest.mark.parametrize("board", [*EVERY_BOARD, None])
def test_a_themes_reviews_are_hidden_alike_in_both_tables(demo: Path, board: str | None) -> None:
    """The themes table counts a theme's reviews for each board type, the learning loop their
    sum (a joint partnership, or all boards, holds both types): where either hides the count,
    so does the other, in the report's tables and in every export of the summary tables."""
    from publishing.tables import report_tables, summary_tables

    con = connect(demo, read_only=True)
    try:
        db = Reader(con, Scope(EVERY, True, "uploader"))
        for year in YEARS:
            f = Filters(as_of=AS_OF, board=board, period=year)
            named, _ = report_tables(db, f, THRESHOLD, ("themes", "learning_loop"))
            exported = {t.name: t for t in summary_tables(db, f, THRESHOLD)}
            for tables in (named, exported):
                parts, sums = tables["themes"].frame, tables["learning_loop"].frame
                for theme, total in zip(sums["theme"], sums["reviews"], strict=True):
                    mine = parts[parts["theme"] == theme]
                    hidden = (mine["items_with_theme"] == "c").any()
                    assert (total == "c") == hidden or (total == 0 and not hidden), (
                        board, year, theme, total, mine["items_with_theme"].tolist())
                    hidden_parts = mine[mine["items_with_theme"] == "c"]
                    assert (hidden_parts["share_pct"] == "c").all(), (board, year, theme)
    finally:
        con.close()


def test_the_export_log_says_which_edition_was_made(demo: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo, db)
    for edition in ("publication", "board"):
        assert main(["--db", str(db), "export", "report", "--board", "Millbrook SCP",
                     "--period", "2025-26", "--as-of", AS_OF.isoformat(), "--format", "html",
                     "--edition", edition, "--out", str(tmp_path / f"{edition}.html")]) == 0
    con = connect(db, read_only=True)
    try:
        logged = con.execute("SELECT destination, what FROM exports ORDER BY destination"
                             ).fetchall()
    finally:
        con.close()
    assert [(Path(where).name, what) for where, what in logged] == [
        ("board.html", "report (board edition)"), ("publication.html", "report")]
