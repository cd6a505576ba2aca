"""The national context as a reader reads it, from frames built by hand as `national_context`
gives them: the sentences a board member reads first, the tables (a state in words, never 0
and never blank; a region's count said to be rounded; a rate worked out once from its counts),
each table's caveats and sources said once, the board's own theme counts hidden for
publication as the themes table hides them while the national figures are not hidden again,
the trend since 2019-20, and what is said when there is nothing to show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
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
from data_models.scope import Reader, Scope
from publishing.disclosure import GROUPS
from publishing.national import (
    COLUMNS,
    NO_FIGURE,
    OPEN_DATA,
    RANK,
    THEME_BASES,
    Footing,
    NationalTable,
    caveats,
    context_frame,
    context_notes,
    footing,
    missing,
    national_tables,
    nothing_to_show,
    sentences,
    trend_tables,
    year_shown,
)
from publishing.suppression import SUPPRESSED
from tests.conftest import everyone
from tests.publishing.national_frames import (
    ADULTS,
    BOARD,
    C3,
    NEIGHBOURS,
    OTHER,
    OWN,
    ROUNDED,
    SAR_ANALYSIS,
    SAR_YEARS,
    SIN,
    SUPPRESSED_FOR,
    YEARS,
    adults_frame,
    children_frame,
    row,
)

AS_OF = dt.date(2026, 11, 21)


def _table(tables: list[NationalTable], measure: str) -> NationalTable:
    return next(t for t in tables if t.measure == measure)


def _cells(table: NationalTable, area: str, year: str | None = None) -> dict[str, str]:
    """One area's row of a table, as written, by header."""
    for written in table.rows:
        said = dict(zip(table.header, written, strict=True))
        if said["Area"] == area and (year is None or said["Year"] == year):
            return said
    raise AssertionError(f"no row for {area} {year}")


def _at(table: NationalTable, area: str, theme: str) -> int:
    """Where an area's row for a theme is, in the table as exported."""
    found = table.frame[(table.frame["Area"] == area) & (table.frame["Theme"] == theme)]
    return int(found.index[0])


# -- what a board member reads first ------------------------------------------------------------

def test_the_board_is_said_beside_england_its_region_and_neighbours_with_its_rank() -> None:
    frame = children_frame()
    tables = national_tables(frame, year="2024-25")
    said = sentences(frame, tables, "2024-25")
    assert said[:3] == [
        "In 2024-25 Millbrook SCP notified 0.7 serious incidents per 10,000 children; England "
        "0.3; its region, North West, 40 serious incident notifications (rounded to the nearest "
        "10 as published: no rate is worked out from a rounded count); its statistical "
        "neighbours' median 0.5; it ranks 3 of 11 (1 = highest).",
        "In 2024-25 Millbrook SCP notified 2.4 serious incidents per 1,000 children in need; "
        "England 0.8; its statistical neighbours' median 1.6; it ranks 2 of 11 (1 = highest).",
        "In 2024-25, the nature of serious incident notifications: England, Serious harm 56%, "
        "Death 43% and Other 1%.",
    ]
    assert said[3] == ("In 2024-25 the theme most often raised in Millbrook SCP's reviews was "
                       "neglect, in 43% of them; England's national figure for it: 18%.")
    assert not [s for s in said if "(s)" in s]


def test_a_suppressed_board_row_is_said_in_words_with_the_reason() -> None:
    frame = children_frame()
    tables = national_tables(frame, year="2022-23")
    [said] = sentences(frame, tables, "2022-23")
    assert said.startswith(
        "In 2022-23 Millbrook SCP's figure for serious incidents per 10,000 children is "
        "suppressed by the publisher to protect people (suppressed for Eastmere (1 of the "
        "board's 2 local authorities)); England 0.3;")
    assert "ranks" not in said
    table = _table(tables, "notifications_per_10000_children")
    own = _cells(table, BOARD)
    assert own["Notifications"] == STATES["suppressed"]
    assert own["Rate per 10,000 children"] == STATES["suppressed"]
    assert own["Children aged 0 to 17"] == "71,350"            # its base is published
    assert own["Note"] == SUPPRESSED_FOR
    figures = dict(zip(table.header, table.numeric, strict=True))   # words wrap, figures do not
    assert not figures["Notifications"] and figures["Children aged 0 to 17"]
    exported = table.frame.iloc[0]
    assert exported["Notifications"] == STATES["suppressed"] and exported["Area"] == BOARD


def test_adults_measures_are_said_in_their_own_words() -> None:
    frame = adults_frame()
    tables = national_tables(frame, year="2024-25", threshold=5)
    assert sentences(frame, tables, "2024-25") == [
        "In 2024-25 Northfold SAB received 771.8 safeguarding concerns per 100,000 adults; "
        "England 1,388.2; its region, North West, 1,545.3.",
        "In 2024-25 Northfold SAB's figure for section 42 enquiries per 100,000 adults is "
        "published as of low reliability; England 401.7.",
        "In 2024-25, types of risk in section 42 enquiries: Northfold SAB, Neglect and acts of "
        "omission 29% and Self-neglect 16%; England, Neglect and acts of omission 31% and "
        "Self-neglect 12%.",
        "In 2024-25 Northfold SAB completed 2 Safeguarding Adults Reviews; England 231.",
        "In 2024-25 Northfold SAB's own theme shares are not shown: each is hidden for "
        "publication under the board's disclosure policy (the table's note says why).",
    ]


# -- tables -------------------------------------------------------------------------------------

def test_each_table_has_a_readers_columns_the_board_first() -> None:
    tables = national_tables(children_frame(), year="2024-25")
    assert [t.measure for t in tables] == ["notifications_per_10000_children",
                                           "notifications_per_1000_children_in_need",
                                           "notifications_by_nature", "theme_share_children"]
    per_head = _table(tables, "notifications_per_10000_children")
    assert per_head.header == ["Area", "Year", "Notifications", "Children aged 0 to 17",
                               "Rate per 10,000 children", RANK, "Note"]
    assert per_head.rows == [
        [BOARD, "2024-25", "5", "71,250", "0.7", "3 of 11", ""],
        ["England", "2024-25", "338", "12,170,000", "0.3", NO_FIGURE, ""],
        ["North West (region)", "2024-25", "40", NO_FIGURE, NO_FIGURE, NO_FIGURE, ROUNDED],
        [NEIGHBOURS, "2024-25", NO_FIGURE, NO_FIGURE, "0.5", NO_FIGURE,
         "the median of its statistical neighbours' rates"],
    ]
    assert per_head.numeric == [False, False, True, True, True, True, False]
    exported = per_head.frame.iloc[0].to_dict()
    assert exported == {"Area": BOARD, "Year": "2024-25", "Notifications": 5,
                        "Children aged 0 to 17": 71_250, "Rate per 10,000 children": 0.7,
                        RANK: "3 of 11", "Note": ""}
    nature = _table(tables, "notifications_by_nature")
    assert nature.header == ["Area", "Year", "Nature", "Notifications", "All notifications",
                             "Share"]
    assert [r[2:] for r in nature.rows] == [["Death", "146", "338", "43%"],
                                            ["Serious harm", "188", "338", "56%"],
                                            ["Other", "4", "338", "1%"]]


def test_a_rate_is_worked_out_once_from_its_counts() -> None:
    """3 in 200,000 is 0.15 per 10,000, which halves up to 0.2: the float 0.15 (0.1499...)
    would round to 0.1."""
    frame = pd.DataFrame([row(board=BOARD, measure="notifications_per_10000_children",
                              label="x", year="2024-25", area=BOARD, area_kind="board", count=3,
                              denominator=200_000, rate=3 / 200_000 * 10_000, per=10_000,
                              source=SIN)], columns=list(COLUMNS))
    [table] = national_tables(frame)
    assert table.rows[0][4] == "0.2" and table.frame.iloc[0, 4] == 0.2


def test_a_state_is_never_0_and_never_blank() -> None:
    """Every state a publisher's symbol stands for, on a row with no figure: each figure of
    the row says the state in words, in the table as written and as exported."""
    frame = pd.DataFrame(
        [row(board=BOARD, measure="notifications_per_10000_children", label="x", year=year,
             area=BOARD, area_kind="board", state=state, per=10_000, source=SIN)
         for year, state in zip(YEARS, [s for s in STATES if s != "shown"], strict=False)],
        columns=list(COLUMNS))
    [table] = national_tables(frame)
    assert len(table.rows) == len(STATES) - 1
    for written, exported in zip(table.rows, table.frame.itertuples(index=False), strict=True):
        said = dict(zip(table.header, written, strict=True))
        words = STATES[dict(zip(frame["year"], frame["state"], strict=True))[said["Year"]]]
        figures = [said[h] for h in ("Notifications", "Children aged 0 to 17",
                                     "Rate per 10,000 children")]
        assert figures == [words] * 3, said
        assert "0" not in written and "" not in written[:5]
        assert 0 not in list(exported) and words in list(exported)


def test_the_region_is_said_to_be_rounded_and_given_no_rate() -> None:
    tables = national_tables(children_frame(), year="2025-26")
    table = _table(tables, "notifications_per_10000_children")
    region = _cells(table, "North West (region)")
    assert region["Rate per 10,000 children"] == NO_FIGURE
    assert region["Note"] == ROUNDED
    assert REGION_ROUNDED in table.caveats
    assert REGION_ROUNDED in table.note


def test_caveats_and_sources_are_said_once_each_beside_their_table() -> None:
    tables = national_tables(children_frame())
    per_head = _table(tables, "notifications_per_10000_children")
    assert per_head.caveats == [NOT_PERFORMANCE, SUMMED, CONTEXT_LAG, REGION_ROUNDED]
    assert per_head.sources == [f"Source: {SIN} (2019-20 to 2025-26)."]
    themes = _table(tables, "theme_share_children")
    assert themes.caveats == [THEME_BASES]
    assert themes.sources == [f"Source: {OWN} (2024-25).", f"Source: {C3} (2024-25)."]
    assert _table(tables, "notifications_by_nature").caveats == [NOT_PERFORMANCE]
    said = caveats(tables)
    assert said[0] == NO_NATIONAL_TIMESCALES and len(said) == len(set(said))
    for table in tables:
        assert table.note.startswith(f"{table.title}: {OPEN_DATA}")
        assert all(table.note.count(s) == 1 for s in [*table.caveats, *table.sources])
    adults = national_tables(adults_frame())
    assert _table(adults, "sars_completed").caveats == []          # a count alone: no sum said
    assert SUMMED in _table(adults, "concerns_per_100000_adults").caveats


def test_several_boards_are_told_apart_by_a_board_column() -> None:
    both = pd.concat([children_frame(), children_frame().replace({BOARD: OTHER})],
                     ignore_index=True)
    table = _table(national_tables(both, year="2024-25"), "theme_share_children")
    assert table.header[:2] == ["Board", "Area"]
    assert {r[0] for r in table.rows} == {BOARD, OTHER}
    assert [t.measure for t in national_tables(adults_frame())][-1] == "theme_share_adults"


# -- the board's own theme counts ---------------------------------------------------------------

def test_the_boards_own_small_theme_counts_are_hidden_for_publication_and_the_national_not() -> None:
    frame = children_frame()
    held = _table(national_tables(frame, year="2024-25"), "theme_share_children")
    assert _cells(held, BOARD)["Raising the theme"] == "6"
    assert [r[:3] for r in held.rows[:2]] == [[BOARD, "2024-25", "neglect"],     # side by side
                                              ["England", "2024-25", "neglect"]]
    assert [r[3:6] for r in held.rows if r[0] == BOARD] == [
        ["6", "14", "43%"], ["3", "14", "21%"], ["0", "14", "0%"]]
    published = national_tables(frame, year="2024-25", threshold=5)
    themes = _table(published, "theme_share_children")
    own = [r[2:6] for r in themes.rows if r[0] == BOARD]
    assert own == [["neglect", "6", "14", "43%"], ["domestic abuse", SUPPRESSED, "14", SUPPRESSED],
                   ["mental health", "0", "14", "0%"]]
    at = _at(themes, BOARD, "domestic abuse")
    assert themes.frame.loc[at, "Raising the theme"] == SUPPRESSED
    assert themes.reasons is not None and themes.reasons.loc[at, "Raising the theme"] == "primary"
    assert "1 count from 1 to 4 shown as 'c'" in themes.hidden and themes.hidden in themes.note
    nature = _table(published, "notifications_by_nature")            # England's 4: public
    assert [r[3] for r in nature.rows] == ["146", "188", "4"]
    assert _cells(themes, "England")["Raising the theme"] == "107,610"


def test_a_theme_the_themes_table_hides_is_hidden_here_too() -> None:
    published = national_tables(children_frame(), year="2024-25", threshold=5,
                                hidden={("2024-25", "neglect"), ("2023-24", "mental health")})
    themes = _table(published, "theme_share_children")
    own = {r[2]: r[3:6] for r in themes.rows if r[0] == BOARD}
    assert own["neglect"] == [SUPPRESSED, "14", SUPPRESSED]
    assert own["mental health"] == ["0", "14", "0%"]                 # a 0 gives nothing away
    assert themes.reasons is not None
    assert themes.reasons.loc[_at(themes, BOARD, "neglect"), "Raising the theme"] == "secondary"
    assert "1 further count hidden" in themes.hidden
    assert "neglect" not in " ".join(sentences(children_frame(), published, "2024-25")
                                     ).split("most often raised")[-1][:40]


def test_a_policy_that_counts_themes_as_process_publishes_them_as_they_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "disclosure.toml"
    policy.write_text("[figures]\n" + "".join(f'{g} = "process"\n' for g in GROUPS),
                      encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_DISCLOSURE", str(policy))
    themes = _table(national_tables(children_frame(), year="2024-25", threshold=5),
                    "theme_share_children")
    assert SUPPRESSED not in [c for r in themes.rows for c in r]
    assert "published as they are" in themes.hidden


# -- the trend ----------------------------------------------------------------------------------

def test_the_trend_since_2019_20_sets_each_year_beside_england_and_the_neighbours() -> None:
    [trend] = trend_tables(children_frame())
    assert trend.title == ("Serious incident notifications per 10,000 children, 2019-20 to "
                           "2025-26")
    assert trend.header == ["Year", BOARD, "England", NEIGHBOURS,
                            "Rank of the board (1 = highest)"]
    assert [r[0] for r in trend.rows] == list(YEARS)
    assert trend.rows[3] == ["2022-23", STATES["suppressed"], "0.3", "0.4", NO_FIGURE]
    assert trend.rows[5] == ["2024-25", "0.7", "0.3", "0.5", "3 of 11"]
    assert trend.sources == [f"Source: {SIN} (2019-20 to 2025-26)."]
    assert set(trend.chart["area_kind"]) == {"board", "england", "neighbours"}


# -- the year, and nothing to show --------------------------------------------------------------

def test_a_year_not_yet_published_shows_the_latest_before_it_and_says_so() -> None:
    frame = children_frame()
    assert year_shown(frame, "2024-25") == ("2024-25", "")
    shown, said = year_shown(frame, "2026-27")
    assert shown == "2025-26" and "No national figure is loaded for 2026-27 yet" in said
    assert year_shown(frame, None) == ("2025-26", "")
    assert year_shown(frame.iloc[:0], "2024-25") == (None, "")


def test_nothing_to_show_says_why_and_what_to_do() -> None:
    unset = nothing_to_show(BOARD, Footing({}, 3))
    assert unset.startswith(f"{BOARD}'s footprint, the local authorities it covers, is not set")
    assert "Admin page" in unset and "assurance national footprint 'Millbrook SCP' CODE" in unset
    covered = Footing({BOARD: ("Eastmere", "Westmere")}, 0)
    assert nothing_to_show(BOARD, covered).startswith(
        "No national figures are loaded for this board's area: Millbrook SCP covers Eastmere "
        "and Westmere, and no published file is loaded yet.")
    assert "assurance national load FILE (one file or more)" in nothing_to_show(BOARD, covered)
    loaded = nothing_to_show(BOARD, Footing({BOARD: ("Eastmere",)}, 2))
    assert "none of the 2 files loaded holds a figure for it" in loaded
    assert nothing_to_show(None, Footing({}, 0)).startswith(
        "No footprint is set for any board you can see")


def test_the_footing_is_read_for_the_persons_boards_only(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO board_footprints VALUES "
                "('Millbrook SCP', 'E06000901', '901', 'Eastmere', 'admin', now()), "
                "('Millbrook SCP', 'E06000902', '902', 'Westmere', 'admin', now()), "
                "('Northfold SAB', 'E06000903', '903', 'Northfold', 'admin', now())")
    con.execute("INSERT INTO national_releases (kind, release, source, file_name, synthetic, "
                "loaded_at, row_count) VALUES ('sin_subnational', '2026', 'DfE', "
                "'sin.csv', false, now(), 10)")
    f = Filters(as_of=AS_OF)
    assert footing(everyone(con), f) == Footing(
        {BOARD: ("Eastmere", "Westmere"), ADULTS: ("Northfold",)}, 1)
    member = Reader(con, Scope((ADULTS,), False, "viewer"))
    assert footing(member, f) == Footing({ADULTS: ("Northfold",)}, 1)
    assert footing(everyone(con), f.but(board=BOARD)).footprints == {
        BOARD: ("Eastmere", "Westmere")}


def test_no_figures_are_an_empty_frame_with_the_columns(con: duckdb.DuckDBPyConnection) -> None:
    frame = context_frame(everyone(con), Filters(as_of=AS_OF, board=BOARD))
    assert frame.empty and tuple(frame.columns) == COLUMNS
    assert national_tables(frame) == [] and trend_tables(frame) == []


def test_a_theme_hidden_beside_the_themes_table_keeps_a_state_in_words() -> None:
    frame = children_frame()
    own = (frame["area_kind"] == "board") & (frame["breakdown"] == "domestic abuse")
    frame.loc[own, ["count", "rate"]] = None
    frame.loc[own, "state"] = "not_available"
    themes = _table(national_tables(frame, year="2024-25", threshold=5,
                                    hidden={("2024-25", "domestic abuse")}), "theme_share_children")
    row = themes.rows[_at(themes, BOARD, "domestic abuse")]
    assert row[3] == STATES["not_available"] and "1 further count" not in themes.hidden


def test_a_national_analysis_over_its_own_years_stands_beside_every_year() -> None:
    """The national SAR analysis is of April 2017 to March 2019: it is shown beside the board's
    themes of any year, with its own years, and is neither a year to choose nor a trend's."""
    frame = adults_frame()
    tables = national_tables(frame, year="2024-25")
    themes = _table(tables, "theme_share_adults")
    assert [r[:3] for r in themes.rows] == [[ADULTS, "2024-25", "self-neglect"],
                                            ["England", SAR_YEARS, "self-neglect"]]
    assert _cells(themes, "England")["Share"] == "45%"
    assert f"Source: {SAR_ANALYSIS} ({SAR_YEARS})." in themes.sources
    assert sentences(frame, tables, "2024-25")[-1] == (
        "In 2024-25 the theme most often raised in Northfold SAB's reviews was self-neglect, in "
        f"67% of them; England's national figure for it: 45% ({SAR_YEARS}).")
    assert year_shown(frame, None) == ("2024-25", "")
    assert trend_tables(frame) == []
    alone = frame[frame["year"] == SAR_YEARS]
    assert national_tables(alone) == []                  # nothing of the board's beside it


def test_what_keeps_the_boards_figures_away_is_said_though_england_is_shown() -> None:
    """Without a footprint the figures still give England's and the board's own themes: the
    page and the report say what is missing all the same."""
    england = children_frame()
    england = england[(england["area_kind"] != "board")
                      | england["measure"].str.startswith("theme_share")]
    assert missing(BOARD, Footing({}, 4), england).startswith(f"{BOARD}'s footprint")
    assert missing(BOARD, Footing({BOARD: ("Eastmere",)}, 0), england).startswith(
        "No national figures are loaded for this board's area")
    assert "none of the 4 files loaded" in missing(BOARD, Footing({BOARD: ("Eastmere",)}, 4),
                                                   england)
    assert missing(BOARD, Footing({BOARD: ("Eastmere",)}, 4), children_frame()) == ""
    assert missing(None, Footing({}, 4), children_frame()).startswith("No footprint is set")


def test_a_theme_is_named_in_its_kind_of_boards_own_words() -> None:
    """As the report's themes table names it: 'voice of the child' on a children's board, the
    stored 'voice of the person' on an adults' board."""
    children = children_frame().replace({"mental health": "voice of the person"})
    themes = _table(national_tables(children, year="2024-25"), "theme_share_children")
    assert "voice of the child" in {r[2] for r in themes.rows}
    assert "voice of the person" not in {r[2] for r in themes.rows}
    adults = adults_frame().replace({"self-neglect": "voice of the person"})
    themes = _table(national_tables(adults, year="2024-25"), "theme_share_adults")
    assert {r[2] for r in themes.rows} == {"voice of the person"}


def test_a_figure_from_two_files_names_each_source_once() -> None:
    """A neighbours' median rests on the notifications file and the statistical neighbours
    model: each named once, with the years it gives."""
    model = "Department for Education (NFER model), Statistical neighbours model, 2025 release"
    frame = children_frame()
    frame.loc[frame["area_kind"] == "neighbours", "source"] = f"{SIN}; {model}"
    table = _table(national_tables(frame, year="2024-25"), "notifications_per_10000_children")
    assert table.sources == [f"Source: {SIN} (2024-25).", f"Source: {model} (2024-25)."]


def test_the_caveats_are_left_to_the_tables_they_qualify() -> None:
    """The figure's declaration says every caveat; the page and the report say each only
    beside the tables it qualifies (an adults' board is not told how notifications count)."""
    said = context_notes(Filters(as_of=AS_OF, board=ADULTS, agency="Police"))
    assert said and not {NOT_PERFORMANCE, CONTEXT_LAG, REGION_ROUNDED, SUMMED,
                         NO_NATIONAL_TIMESCALES} & set(said)
