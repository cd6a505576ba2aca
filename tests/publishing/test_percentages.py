"""Every percentage is the round-half-up of 100 x part / whole from the counts it stands for,
rounded once: in the report (the model Word, HTML and PDF lay out), the summary tables (CSV
and workbook) and the Overview's tiles. An independent recomputation from the raw tables
found the report rounding twice, to one decimal in SQL and then to a whole number: Kestrel
Bay SCP's audits of 2023-24, 22 of 37 good or better (59.46%), were written "60%", and
Ashbourne SAB's training of 2024-25, 243 of 322 attended (75.47%), "76%". The demo has been
made more like a real board's since; its figures of the same kind (a share whose first
decimal, rounded, ends in 5 though the share is below the half) are Kestrel Bay SAB's audits
of 2022-23, 17 of 41 good or better (41.46%), and Ashbourne SAB's training of 2026-27, 207 of
248 attended (83.47%), which rounding twice would write "42%" and "84%"."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.screens.overview.model import overview
from data_models.filters import Filters
from data_models.labels import percent_of, share
from data_models.store.file import connect
from publishing.pack import report_html
from publishing.report import Report, annual_report
from publishing.tables import RATES, summary_tables
from tests.conftest import everyone

AS_OF = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(demo_db, read_only=True)
    yield con
    con.close()


def half_up(part: int, whole: int, places: int = 0) -> Fraction:
    """Worked out here without the product's helpers: floor(x + 1/2) at `places` decimals."""
    scale = 10 ** places
    return Fraction(math.floor(Fraction(100 * part * scale, whole) + Fraction(1, 2)), scale)


def as_written(part: int, whole: int) -> str:
    """The house style, worked out independently: a whole number, a tenth near 0 or 100."""
    exact, whole_number = Fraction(100 * part, whole), half_up(part, whole)
    if whole_number in (0, 100) and exact not in (0, 100):
        tenth = half_up(part, whole, 1)
        return "<0.1%" if tenth == 0 else ">99.9%" if tenth == 100 else f"{float(tenth):.1f}%"
    return f"{int(whole_number)}%"


def raw_counts(con: duckdb.DuckDBPyConnection, sql: str, board: str, year: str) -> tuple[int, int]:
    start = dt.date(int(year[:4]), 4, 1)
    part, whole = con.execute(sql, [board, start, start.replace(year=start.year + 1)]
                              ).fetchall()[0]
    return int(part), int(whole)


AUDITS = ("SELECT count(*) FILTER (WHERE grade IN ('outstanding', 'good')), count(*) "
          "FROM audits WHERE board = ? AND audit_date >= ? AND audit_date < ?")
ATTENDED = ("SELECT count(*) FILTER (WHERE status = 'attended'), count(*) "
            "FROM training_bookings WHERE board = ? AND session_date >= ? AND session_date < ?")
NO_SHOWS = ("SELECT count(*) FILTER (WHERE status = 'did_not_attend'), "
            "count(*) FILTER (WHERE status IN ('attended', 'did_not_attend')) "
            "FROM training_bookings WHERE board = ? AND session_date >= ? AND session_date < ?")


def summary(report: Report, heading: str) -> str:
    return " ".join(next(s for s in report.sections if s.heading == heading).summary)


def test_the_two_figures_found_wrong_are_their_counts_rounded_once(
        demo: duckdb.DuckDBPyConnection) -> None:
    assert raw_counts(demo, AUDITS, "Kestrel Bay SAB", "2022-23") == (17, 41)      # 41.46%
    kestrel = annual_report(everyone(demo), Filters(as_of=AS_OF, board="Kestrel Bay SAB",
                                          period="2023-24"), 5)
    assert "(2022-23: 41%)" in summary(kestrel, "Audits")
    assert "(2022-23: 41%)" in report_html(kestrel)

    assert raw_counts(demo, ATTENDED, "Ashbourne SAB", "2026-27") == (207, 248)    # 83.47%
    ashbourne = annual_report(everyone(demo), Filters(as_of=AS_OF, board="Ashbourne SAB",
                                            period="2026-27"), 5)
    assert "; 83% attended" in summary(ashbourne, "Training")
    assert "; 83% attended" in report_html(ashbourne)


def test_the_overview_tiles_write_the_same_figures_from_their_counts(
        demo: duckdb.DuckDBPyConnection) -> None:
    query = everyone(demo)

    def tile(board: str, board_type: str, period: str, title: str) -> str:
        view = overview(query, Filters(as_of=AS_OF, board=board, period=period))
        return next(t.value for t in view.tiles[board_type] if t.title.startswith(title))

    assert tile("Kestrel Bay SAB", "adults", "2022-23", "Audits good or better") == "41%"
    assert tile("Ashbourne SAB", "adults", "2026-27", "Training attendance") == "83%"


@pytest.mark.parametrize("year", ["2024-25", "2025-26"])
def test_every_board_s_sentences_agree_with_a_count_of_the_raw_tables(
        demo: duckdb.DuckDBPyConnection, year: str) -> None:
    """The recomputation that found the fault, for every demo board: audits good or better,
    places attended and no-shows, this year and last, from the raw tables."""
    last = f"{int(year[:4]) - 1}-{year[2:4]}"
    boards = [b for (b,) in demo.execute("SELECT DISTINCT board FROM audits ORDER BY 1")
              .fetchall()]
    for board in boards:
        report = annual_report(everyone(demo), Filters(as_of=AS_OF, board=board, period=year), 5)
        audits, audits_before = (raw_counts(demo, AUDITS, board, y) for y in (year, last))
        if audits[1] and audits_before[1]:
            assert (f"{as_written(*audits)} were graded good or outstanding "
                    f"({last}: {as_written(*audits_before)})") in summary(report, "Audits"), board
        attended, attended_before = (raw_counts(demo, ATTENDED, board, y) for y in (year, last))
        no_shows = raw_counts(demo, NO_SHOWS, board, year)
        if attended[1] and attended_before[1] and no_shows[1]:
            assert (f"; {as_written(*attended)} attended and {as_written(*no_shows)} of those "
                    f"expected did not attend ({last}: {as_written(*attended_before)} "
                    "attended)") in summary(report, "Training"), board


def test_every_percentage_in_the_summary_tables_is_its_counts_rounded_once(
        demo: duckdb.DuckDBPyConnection) -> None:
    """To one decimal, halves up, from the counts in the same row: every table, every row."""
    checked = 0
    for f in (Filters(as_of=AS_OF, period="2024-25"),
              Filters(as_of=AS_OF, board="Kestrel Bay SCP", period="2023-24")):
        for table in summary_tables(everyone(demo), f, 5):
            for column in set(RATES) & set(table.frame.columns):
                rate = RATES[column]
                for _, row in table.frame.iterrows():
                    if isinstance(row[column], str) or row[column] is None \
                            or math.isnan(float(row[column])):
                        continue
                    part = sum(int(row[c]) for c in rate.numerator)
                    whole = sum(int(row[c]) for c in rate.denominator)
                    assert row[column] == float(half_up(part, whole, 1)), (table.name, column)
                    checked += 1
    assert checked > 100


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_a_percentage_is_written_from_its_counts_rounded_once(part: int, whole: int) -> None:
    assert percent_of(part, whole) == as_written(part, whole)
    assert share(part, whole) == float(half_up(part, whole, 1))


@pytest.mark.parametrize(("part", "whole", "table", "written"), [
    (22, 37, 59.5, "59%"), (243, 322, 75.5, "75%"), (1, 8, 12.5, "13%"), (49, 400, 12.3, "12%"),
    (1, 16, 6.3, "6%"), (3, 2000, 0.2, "0.2%"), (1, 3000, 0.0, "<0.1%"),
    (1998, 2000, 99.9, "99.9%"), (1999, 2000, 100.0, ">99.9%"), (0, 5, 0.0, "0%")])
def test_the_sql_and_the_writing_round_the_same_counts_the_same_way(
        con: duckdb.DuckDBPyConnection, part: int, whole: int, table: float,
        written: str) -> None:
    assert con.execute("SELECT share_pct(?, ?), compliance_pct(?, ?, 0)",
                       [part, whole, part, whole - part]).fetchall() == [(table, table)]
    assert share(part, whole) == table and percent_of(part, whole) == written
