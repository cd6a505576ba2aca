"""The disclosure policy: the board's own process published with its counts, people and their
cases protected, and every hidden figure saying its true reason. A walk over every demo board
and the last three financial years, with the shipped policy and with one that protects
everything."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from data_models.config_errors import ConfigError
from data_models.filters import Filters
from data_models.national import STATES
from data_models.store.file import connect
from publishing.disclosure import GROUPS, load_policy
from publishing.pack import report_html
from publishing.report import Report, annual_report, small_numbers
from publishing.suppression import SUPPRESSED, reason_words
from publishing.tables import summary_tables
from publishing.word import CELL_PADDING, layout, text_width
from tests.conftest import everyone

AS_OF = dt.date(2026, 11, 21)
YEARS = ("2024-25", "2025-26", "2026-27")
PROCESS_SECTIONS = ("Statutory and guidance timescales", "Recommendations", "Audits",
                    "Multi-agency training")
REASONS = {reason_words(r, 5, noun) for r in ("primary", "secondary", "small_base",
                                              "from_hidden")
           for noun in ("", "clocks", "reviews", "audits", "bookings")}


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(demo_db, read_only=True)
    yield con
    con.close()


def _boards(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [b for (b,) in con.execute("SELECT DISTINCT board FROM reviews ORDER BY 1").fetchall()]


def test_every_board_and_year_publishes_its_process_with_its_counts(
        demo: duckdb.DuckDBPyConnection) -> None:
    """The probe's report: Kestrel Bay SCP 2024-25 showed its four timescale figures as 'c',
    saying 'fewer than 5 clocks', while the page showed 13 clocks. Now no process figure is
    hidden, in the model the Word, HTML and PDF reports all lay out, and in the HTML itself."""
    for board in _boards(demo):
        for year in YEARS:
            report = annual_report(everyone(demo), Filters(as_of=AS_OF, board=board,
                                                           period=year), 5)
            for section in report.sections:
                if section.heading not in PROCESS_SECTIONS:
                    continue
                for table in section.tables:
                    assert not [c for row in table.rows for c in row if c == SUPPRESSED], (
                        board, year, table.title)
                assert not [s for s in section.summary if "not shown" in s], (board, year)
            html = report_html(report)
            assert html.count(f">{SUPPRESSED}</td>") == sum(
                row.count(SUPPRESSED) for s in report.sections for t in s.tables
                for row in t.rows)
            _printed_well(report, html, board, year)
    kestrel = annual_report(everyone(demo), Filters(as_of=AS_OF, board="Kestrel Bay SCP",
                                          period="2024-25"), 5)
    said = " ".join(kestrel.sections[0].summary)
    assert re.search(r"Rapid review[^.]*: \d+% within timescale in 2024-25 \(\d+ of \d+ clocks",
                     said), said


# (or, in the national context, a publisher's state said in words in place of a figure)
PERCENT = re.compile(rf"^(\d+%|(0|99)\.\d%|<0\.1%|>99\.9%|{SUPPRESSED}|–|"
                     + "|".join(re.escape(words) for words in STATES.values()) + ")$")


def _printed_well(report: Report, html: str, board: str, year: str) -> None:
    """Print quality, held for every board and year: percentages one way (whole numbers with
    %), no internal words, no header broken inside a word, no chart of one bar."""
    assert not re.search(r"\bupload \d|Every year held|_pct\b", html), (board, year)
    for section in report.sections:
        figure = section.chart.figure if section.chart else None
        if figure is not None:
            assert max(len(trace.y) for trace in figure.data) > 1, (board, year, section.heading)
        for table in section.tables:
            widths = layout(table).widths
            for number, head in enumerate(table.header):
                longest = max(text_width(word, bold=True) for word in head.split())
                assert widths[number] >= longest + CELL_PADDING - 1e-9, (
                    board, year, table.title, head)
                if "Compliance" in head or "Share" in head or "Good or better" in head:
                    cells = {row[number] for row in table.rows}
                    assert all(PERCENT.match(c) for c in cells), (table.title, head, cells)


def _hidden_reasons(text: str) -> list[str]:
    """The reasons given in a report's 'not shown' sentences."""
    reasons = re.findall(r"not shown for [\d-]+(?: Q\d)?, ([^(]+?) \(", text)
    reasons += re.findall(r"\(([^()]*?)\)(?:; |\.)", " ".join(
        s for s in re.findall(r"Not shown for [^.]*\.", text)))
    return reasons


@pytest.mark.parametrize("policy", ["shipped", "everything protected"])
def test_every_hidden_figure_gives_its_true_reason(demo: duckdb.DuckDBPyConnection,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   policy: str) -> None:
    if policy != "shipped":
        path = tmp_path / "disclosure.toml"
        path.write_text("[figures]\n" + "".join(f'{g} = "cases"\n' for g in GROUPS),
                        encoding="utf-8")
        monkeypatch.setenv("ASSURANCE_DISCLOSURE", str(path))
    checked = 0
    for board in _boards(demo):
        for year in YEARS:
            f = Filters(as_of=AS_OF, board=board, period=year)
            report = annual_report(everyone(demo), f, 5)
            tables = {t.name: t for t in summary_tables(everyone(demo), f, 5)}
            timescales = tables["timescales"]
            for i, row in enumerate(timescales.frame.itertuples()):
                if row.compliance_pct == SUPPRESSED:
                    true = reason_words(timescales.reason(i, "compliance_pct"), 5, "clocks")
                    name_said = [s for s in report.sections[0].summary
                                 if "not shown for" in s and true in s]
                    assert name_said, (board, year, row.measure, true)
                    checked += 1
            for section in report.sections:
                text = " ".join([*section.summary, *(section.chart.not_shown
                                                     if section.chart and section.chart.not_shown
                                                     else "" for _ in [0])])
                for reason in _hidden_reasons(text):
                    assert reason in REASONS, (board, year, section.heading, reason)
                    checked += 1
    assert checked > (0 if policy == "shipped" else 10)
    assert "fewer than 5 clocks behind the figure" not in " ".join(
        s for s in annual_report(everyone(demo), Filters(as_of=AS_OF, board="Kestrel Bay SCP",
                                               period="2024-25"), 5).sections[0].summary
        if "secondary" in s)


def test_the_policy_is_said_once_in_the_note_on_small_numbers(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    said = small_numbers(5)
    assert "published as they are: timescale clocks met, missed, overdue and pending" in said
    assert "protected: themes raised in reviews" in said and "disclosure.toml" in said


@pytest.mark.parametrize(("text", "words"), [
    ('[figures]\ntimescales = "secret"\n', "use \"process\""),
    ('[figures]\nfavourites = "cases"\n', "not a group"),
    ('[figures]\ntimescales = "process"\n', "is missing"),
    ('threshold = 3\n[figures]\n', "unknown setting"),
])
def test_a_policy_file_in_doubt_is_refused_in_one_line(tmp_path: Path, text: str,
                                                       words: str) -> None:
    path = tmp_path / "disclosure.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(words)):
        load_policy(path)
