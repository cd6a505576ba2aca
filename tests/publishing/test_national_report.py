"""The annual report's national context: after the board's own sections, the year's sentences
and a table a measure (the tables the page and the exports show, row for row), the caveats
once above them, a chart of the board's rate beside England's and its neighbours', and the
trend since 2019-20; with no figure, why and what to do, in the report made from the demo."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data_models.filters import Filters
from data_models.national import (
    CONTEXT_LAG,
    NO_NATIONAL_TIMESCALES,
    NOT_PERFORMANCE,
    REGION_ROUNDED,
    STATES,
    SUMMED,
)
from data_models.store.file import connect
from publishing.national import INTRO, OPEN_DATA, THEME_BASES, Footing, national_tables
from publishing.pack import report_html
from publishing.report import NATIONAL, annual_report, national_section
from publishing.tables import report_tables, themes_hidden
from publishing.template import SECTION_NAMES
from tests.conftest import everyone
from tests.publishing.national_frames import (
    ADULTS,
    BOARD,
    NEIGHBOURS,
    OTHER,
    adults_frame,
    children_frame,
)

AS_OF = dt.date(2026, 11, 21)
FOOTPRINT = Footing({BOARD: ("Eastmere", "Westmere")}, 4)


def test_the_section_sets_the_board_beside_england_with_the_pages_tables() -> None:
    frame = children_frame()
    hidden = {("2024-25", "neglect")}
    section = national_section(frame, FOOTPRINT, board=BOARD, year="2024-25",
                               threshold=5, hidden=hidden)
    assert section.heading == NATIONAL
    assert section.summary[:7] == [INTRO, NO_NATIONAL_TIMESCALES, NOT_PERFORMANCE,
                                   SUMMED, CONTEXT_LAG, REGION_ROUNDED, THEME_BASES]
    assert section.summary[7].startswith("In 2024-25 Millbrook SCP notified 0.7 serious "
                                         "incidents per 10,000 children; England 0.3;")
    assert [t.title for t in section.tables] == [
        "Serious incident notifications per 10,000 children, 2024-25",
        "Serious incident notifications per 1,000 children in need, 2024-25",
        "The nature of serious incident notifications, 2024-25",
        "Themes in the board's reviews beside national figures, 2024-25",
        "Serious incident notifications per 10,000 children, 2019-20 to 2025-26"]
    shown = national_tables(frame, year="2024-25", threshold=5, hidden=hidden)
    for printed, table in zip(section.tables, shown, strict=False):
        assert printed.header == table.header and printed.rows == table.rows
        assert printed.numeric == table.numeric
    assert OPEN_DATA in section.tables[0].notes
    themes = section.tables[3]
    assert themes.notes[0].startswith("Themes in the board's reviews beside national figures "
                                      "(the board's own reviews): 1 count from 1 to 4")
    own = {r[2]: r[3] for r in themes.rows if r[0] == BOARD}
    assert own == {"neglect": "c", "domestic abuse": "c", "mental health": "0"}


def test_the_chart_draws_the_areas_with_a_rate_this_year_beside_the_last() -> None:
    section = national_section(children_frame(), FOOTPRINT, board=BOARD,
                               year="2024-25", threshold=5)
    assert section.chart is not None and section.chart.figure is not None
    this_year, last_year = section.chart.figure.data
    assert [name.replace("<br>", " ") for name in this_year.y] == [BOARD, "England", NEIGHBOURS]
    assert list(this_year.text) == ["2024-25: 0.7", "2024-25: 0.3", "2024-25: 0.5"]
    assert list(last_year.text) == ["2023-24: 0.7", "2023-24: 0.3", "2023-24: 0.4"]
    assert section.chart.not_shown is None
    assert "serious incident notifications per 10,000 children" in section.chart.alt


def test_a_board_suppressed_in_the_year_is_named_beside_the_chart_with_its_state() -> None:
    section = national_section(children_frame(), FOOTPRINT, board=BOARD,
                               year="2022-23", threshold=5)
    assert section.chart is not None
    assert section.chart.not_shown == (
        f"Not shown for 2022-23: {BOARD} ({STATES['suppressed']}).")
    said = " ".join(section.summary)
    assert ("is suppressed by the publisher to protect people (suppressed for Eastmere (1 of "
            "the board's 2 local authorities))") in said
    assert section.tables[0].rows[0][2] == STATES["suppressed"]


def test_several_boards_are_told_apart_in_the_tables_and_not_drawn_as_one_chart() -> None:
    both = pd.concat([children_frame(), children_frame().replace({BOARD: OTHER}),
                      adults_frame()], ignore_index=True)
    section = national_section(both, Footing({BOARD: ("Eastmere",), OTHER: ("Westmere",),
                                              ADULTS: ("Northfold",)}, 4),
                               board=None, year="2024-25", threshold=5)
    assert section.chart is None
    themes = next(t for t in section.tables if t.title.startswith("Themes in the board's "
                                                                  "reviews beside national"))
    assert themes.header[:2] == ["Board", "Area"]
    assert {r[0] for r in themes.rows} == {BOARD, OTHER}
    said = " ".join(section.summary)
    assert "In 2024-25 Millbrook SCP notified 0.7" in said
    assert "In 2024-25 Northfold SAB received 771.8" in said


def test_a_year_not_yet_published_gives_the_latest_and_says_so() -> None:
    section = national_section(children_frame(), FOOTPRINT, board=BOARD,
                               year="2026-27", threshold=5)
    assert section.summary[1].startswith("No national figure is loaded for 2026-27 yet")
    assert section.tables[0].title.endswith(", 2025-26")


def test_with_no_footprint_the_section_says_who_sets_it() -> None:
    from publishing.national import empty_frame

    section = national_section(empty_frame(), Footing({}, 0), board=BOARD,
                               year="2024-25", threshold=5)
    assert section.tables == [] and section.chart is None
    assert section.summary[1] == (
        "Millbrook SCP's footprint, the local authorities it covers, is not set, so there is "
        "nothing to set its own figures beside. An administrator sets it on the Admin page, or "
        "with the command assurance national footprint 'Millbrook SCP' CODE ... (each local "
        "authority's code, new or old).")


@pytest.fixture
def demo(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


def test_the_report_made_from_the_demo_says_what_is_missing_after_the_boards_own(
        demo: Path) -> None:
    f = Filters(as_of=AS_OF, board=BOARD, period="2024-25")
    con = connect(demo)
    try:
        for emptied in ("DELETE FROM board_footprints", "DELETE FROM national_figures",
                        "DELETE FROM statistical_neighbours", "DELETE FROM national_releases"):
            con.execute(emptied)                     # what the demo may have loaded
        report = annual_report(everyone(con), f, 5)
        headings = [s.heading for s in report.sections]
        assert headings.index(NATIONAL) == headings.index("Data quality caveats") + 1
        assert SECTION_NAMES.index("national") == headings.index(NATIONAL)
        national = report.sections[headings.index(NATIONAL)]
        assert "footprint, the local authorities it covers, is not set" in national.summary[1]
        con.execute("INSERT INTO board_footprints VALUES "
                    "('Millbrook SCP', 'E06000901', '901', 'Eastmere', 'admin', now()), "
                    "('Millbrook SCP', 'E06000902', '902', 'Westmere', 'admin', now())")
        report = annual_report(everyone(con), f, 5)
        national = next(s for s in report.sections if s.heading == NATIONAL)
        assert national.summary[1] == (
            "No national figures are loaded for this board's area: Millbrook SCP covers "
            "Eastmere and Westmere, and no published file is loaded yet. An administrator "
            "downloads the files from the publishers' pages and loads them on the Upload page, "
            "or with the command assurance national load FILE (one file or more).")
        html = report_html(report)
        assert "<h2 id='s8'>National context</h2>" in html
        assert "assurance national load FILE (one file or more)" in html
    finally:
        con.close()


def test_the_themes_the_report_hides_are_handed_to_its_national_section(demo_db: Path) -> None:
    """A small board's year hides some themes' counts of reviews in the themes table: those
    (by year and the stored theme) are the ones the section's theme shares hide beside them;
    a quarter's are not a year's, and every year's none."""
    con = connect(demo_db, read_only=True)
    try:
        f = Filters(as_of=AS_OF, board="Ashbourne SCP", period="2025-26")
        tables, _ = report_tables(everyone(con), f, 5, ("themes",))
        hidden = themes_hidden(tables, f)
        frame = tables["themes"].frame
        assert hidden == {("2025-26", t) for t in frame.loc[frame["items_with_theme"] == "c",
                                                             "theme"]}
        assert hidden, "the demo's smallest board hides a theme's count in 2025-26"
        quarter = f.but(quarter="2025-26 Q1")
        assert themes_hidden(report_tables(everyone(con), quarter, 5, ("themes",))[0],
                             quarter) == set()
        assert themes_hidden(tables, f.but(period=None)) == set()
    finally:
        con.close()
