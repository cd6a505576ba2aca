"""The national context, with known answers worked by hand: a board's two local authorities
added up (counts and bases summed, a rate from the sums, never an average), a suppressed one
making the board's figure suppressed and named; England's and the region's rows; the
statistical neighbours' median and the board's rank among them; an authority that no longer
exists; the themes beside England's; and another board's reader given nothing of it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import duckdb
import pandas as pd
import pytest

from access import EVERY_BOARD
from data_models import queries
from data_models.filters import Filters
from data_models.national import MEASURES, NEIGHBOURS_AREA
from data_models.national_figures import COLUMNS, factor_theme, national_context
from data_models.scope import Reader, Scope
from data_models.themes import load_vocabulary
from ingest import national
from tests.ingest.test_national_store import (
    EASTMERE,
    ENGLAND,
    NORTH_EAST,
    WESTVALE,
    a_board,
    figure,
    national_file,
    neighbours_of,
)

AS_OF = dt.date(2026, 11, 21)
YEAR = "2024-25"
BOARD = "Ashbourne SCP"
# Ten neighbours of Eastmere (901), ranked; Westvale (902) names Eastmere first, then Zedport.
EASTMERE_NEIGHBOURS = [(f"95{n}", name) for n, name in enumerate(
    ("Abbotsford", "Brampton", "Carrow", "Dunmere", "Elsing", "Fenwick", "Garside", "Holbeck",
     "Ixworth"), start=1)] + [("960", "Jarrow Vale")]
WESTVALE_NEIGHBOURS = [("901", "Eastmere"), ("961", "Zedport"), ("951", "Abbotsford")]
# Each neighbour's notifications, of 10,000 children (20,000 for Holbeck) and 1,000 in need:
# per 10,000, 1, 2, c, 4, 5, 6, 0, 0.5 and 7; Zedport 3; Jarrow Vale is the eleventh (not used).
NEIGHBOUR_COUNTS = {"951": 1, "952": 2, "953": "c", "954": 4, "955": 5, "956": 6, "957": 0,
                    "958": 1, "959": 7, "960": 100, "961": 3}


def sin_subnational(westvale: float | str, *, year: str = YEAR) -> list[dict[str, object]]:
    """Eastmere: 7 notifications, 50,000 children, 400 in need; Westvale: `westvale`, 30,000
    and 250; the North East's count rounded to 10; England's."""
    rows = []
    for area, count, children, in_need in ((EASTMERE, 7, 50_000, 400),
                                           (WESTVALE, westvale, 30_000, 250)):
        old = "901" if area == EASTMERE else "902"
        rows += [figure("notifications", year, area, count, old=old),
                 figure("population_0_17_context", year, area, children, old=old),
                 figure("children_in_need_context", year, area, in_need, old=old)]
    for old, count in NEIGHBOUR_COUNTS.items():
        area = (f"E06000{old}", f"Neighbour {old}")
        rows += [figure("notifications", year, area, count, old=old),
                 figure("population_0_17_context", year, area,
                        20_000 if old == "958" else 10_000, old=old),
                 figure("children_in_need_context", year, area, 1_000, old=old)]
    rows += [figure("notifications", year, NORTH_EAST, 60, level="regional", rounded_to=10),
             figure("notifications", year, ENGLAND, 338, level="national"),
             figure("population_0_17_context", year, ENGLAND, 12_000_000, level="national"),
             figure("children_in_need_context", year, ENGLAND, 400_000, level="national")]
    return rows


def loaded(con: duckdb.DuckDBPyConnection, westvale: float | str,
           reviews: Iterable[tuple[str, str]] = (("2024-06-01", "neglect"),)) -> None:
    a_board(con, reviews=reviews)
    national.store_release(con, national_file("sin_subnational", "2025",
                                              sin_subnational(westvale)), "test")
    national.store_release(con, national_file(
        "sn_model", "2025", neighbours=neighbours_of("901", "Eastmere", EASTMERE_NEIGHBOURS)
        + neighbours_of("902", "Westvale", WESTVALE_NEIGHBOURS)), "test")
    national.set_footprint(con, BOARD, ["E06000901", "902"], "test")


def context(con: duckdb.DuckDBPyConnection, **chosen: str) -> pd.DataFrame:
    return national_context(Reader(con, EVERY_BOARD), Filters(as_of=AS_OF, **chosen))


def rows(frame: pd.DataFrame, measure: str, *columns: str) -> list[list[object]]:
    picked = frame[frame["measure"] == measure][list(columns)].astype(object)
    return picked.where(picked.notna(), None).values.tolist()


SHOWN = ["area_kind", "area", "count", "denominator", "rate", "rank", "of", "state"]


def test_a_suppressed_authority_makes_the_boards_count_suppressed_and_names_it(
        con: duckdb.DuckDBPyConnection) -> None:
    loaded(con, westvale="c")
    frame = context(con)
    assert tuple(frame.columns) == COLUMNS
    assert rows(frame, "notifications_per_10000_children", *SHOWN) == [
        ["board", BOARD, None, 80_000.0, None, None, None, "suppressed"],
        ["england", "England", 338.0, 12_000_000.0, 0.28, None, None, "shown"],
        ["region", "North East", 60.0, None, None, None, None, "shown"],
        ["neighbours", NEIGHBOURS_AREA, None, None, 3.0, None, None, "shown"]]
    assert rows(frame, "notifications_per_1000_children_in_need", *SHOWN)[0] == [
        "board", BOARD, None, 650.0, None, None, None, "suppressed"]
    board = frame[frame["area_kind"] == "board"].iloc[0]
    assert board["note"] == ("The count is suppressed for Westvale (1 of the board's 2 local "
                             "authorities).")
    assert board["source"] == "Test publisher, sin_subnational, 2025 release"
    region = frame[frame["area_kind"] == "region"].iloc[0]
    assert region["note"] == ("Rounded to the nearest 10 as published: no rate is worked out "
                              "from a rounded count.")


def test_two_authorities_add_up_their_counts_and_bases_and_rank_among_the_neighbours(
        con: duckdb.DuckDBPyConnection) -> None:
    loaded(con, westvale=5)
    frame = context(con)
    # 12 / 80,000 x 10,000 = 1.5; the neighbours with a rate: 0, 0.5, 1, 2, 3, 4, 5, 6, 7
    # (Carrow suppressed): median 3, and six of the nine above 1.5, so 7th of 10
    assert rows(frame, "notifications_per_10000_children", *SHOWN) == [
        ["board", BOARD, 12.0, 80_000.0, 1.5, 7, 10, "shown"],
        ["england", "England", 338.0, 12_000_000.0, 0.28, None, None, "shown"],
        ["region", "North East", 60.0, None, None, None, None, "shown"],
        ["neighbours", NEIGHBOURS_AREA, None, None, 3.0, None, None, "shown"]]
    # 12 / 650 x 1,000 = 18.4615...; the neighbours per 1,000 in need: their counts, median 3
    assert rows(frame, "notifications_per_1000_children_in_need", *SHOWN) == [
        ["board", BOARD, 12.0, 650.0, 18.46, 1, 10, "shown"],
        ["england", "England", 338.0, 400_000.0, 0.85, None, None, "shown"],
        ["region", "North East", 60.0, None, None, None, None, "shown"],
        ["neighbours", NEIGHBOURS_AREA, None, None, 3.0, None, None, "shown"]]
    neighbours = frame[frame["area_kind"] == "neighbours"].iloc[0]
    # Eastmere's ten and Westvale's, less the footprint, by best rank then name: Zedport (2nd
    # of Westvale's) comes after Brampton (2nd of Eastmere's), and Jarrow Vale (10th) is out
    assert neighbours["note"] == ("The median of 9 of the board's 10 statistical neighbours' "
                                  "rates; none for Carrow.")
    assert frame[frame["area_kind"] == "board"]["note"].isna().all()
    assert set(frame["per"].dropna()) <= {10_000, 1_000, 100}


def test_the_figure_is_registered_and_said_with_its_caveats() -> None:
    declaration = queries.REGISTRY["national_context"]
    assert declaration.function is national_context is queries.national_context
    notes = declaration.notes(Filters(as_of=AS_OF, quarter="2024-25 Q3", period=YEAR))
    assert notes[0] == "Not filtered by quarter: national figures are published for whole years."
    from data_models.national import NO_NATIONAL_TIMESCALES, NOT_PERFORMANCE, SUMMED
    assert {NO_NATIONAL_TIMESCALES, NOT_PERFORMANCE, SUMMED} <= set(notes)
    assert NOT_PERFORMANCE not in declaration.notes(Filters(as_of=AS_OF, board_type="adults"))


def test_no_figure_for_the_5_and_15_working_day_timescales(
        con: duckdb.DuckDBPyConnection) -> None:
    loaded(con, westvale=5)
    frame = context(con)
    assert set(frame["measure"]) <= set(MEASURES)
    said = " ".join([*frame["measure"], *frame["label"], *MEASURES])
    assert not re.search(r"working.day|timescale|5wd|15wd|rapid review", said, re.IGNORECASE)


def test_another_boards_reader_is_given_nothing_of_the_board(
        con: duckdb.DuckDBPyConnection) -> None:
    loaded(con, westvale=5)
    a_board(con, "Kestrel Bay SAB", "adults")
    other = Reader(con, Scope(("Kestrel Bay SAB",), False, "member"))
    theirs = national_context(other, Filters(as_of=AS_OF))
    assert set(theirs["board"]) == {"Kestrel Bay SAB"}
    text = theirs.astype(str).to_string()
    assert "Eastmere" not in text and "Westvale" not in text and BOARD not in text
    assert national_context(other, Filters(as_of=AS_OF, board=BOARD)).empty


def test_one_year_or_every_year(con: duckdb.DuckDBPyConnection) -> None:
    loaded(con, westvale=5, reviews=[("2023-06-01", "neglect"), ("2024-06-01", "neglect")])
    national.store_release(con, national_file("sin_subnational", "2024",
                                              sin_subnational(2, year="2023-24")), "test")
    every = context(con)
    assert sorted(set(every["year"])) == ["2023-24", "2024-25"]
    one = context(con, period="2023-24")
    assert set(one["year"]) == {"2023-24"}
    assert rows(one, "notifications_per_10000_children", *SHOWN)[0] == [
        "board", BOARD, 9.0, 80_000.0, 1.13, 7, 10, "shown"]        # 9 / 80,000 x 10,000


CUMBRIA = ("E10000006", "Cumbria")
CUMBERLAND = ("E06000063", "Cumberland")
WESTMORLAND = ("E06000064", "Westmorland and Furness")


def test_a_board_covering_every_successor_is_given_the_old_authoritys_figure(
        con: duckdb.DuckDBPyConnection) -> None:
    a_board(con)
    figures = [figure("notifications", "2022-23", CUMBRIA, 9, old="909"),
               figure("population_0_17_context", "2022-23", CUMBRIA, 90_000, old="909")]
    for area, old, count in ((CUMBERLAND, "942", 4), (WESTMORLAND, "943", 2)):
        figures += [figure("notifications", "2023-24", area, count, old=old),
                    figure("population_0_17_context", "2023-24", area, 50_000, old=old)]
    national.store_release(con, national_file("sin_subnational", "2024", figures), None)
    national.set_footprint(con, BOARD, ["E06000063", "E06000064"], None)
    board = context(con)
    board = board[(board["area_kind"] == "board")
                  & (board["measure"] == "notifications_per_10000_children")]
    assert board[["year", "count", "denominator", "rate", "state"]].values.tolist() == [
        ["2022-23", 9.0, 90_000.0, 1.0, "shown"], ["2023-24", 6.0, 100_000.0, 0.6, "shown"]]
    assert board["note"].iloc[0] == (
        "2022-23 is before April 2023, when Cumbria became Cumberland and Westmorland and "
        "Furness: Cumbria's figure stands for them, as the board covers all of them.")
    national.set_footprint(con, BOARD, ["942"], None)             # Cumberland alone
    alone = context(con)
    alone = alone[(alone["area_kind"] == "board")
                  & (alone["measure"] == "notifications_per_10000_children")]
    assert alone[["year", "count", "rate", "state"]].astype(object).where(
        alone[["year", "count", "rate", "state"]].notna(), None).values.tolist() == [
        ["2022-23", None, None, "not_available"], ["2023-24", 4.0, 0.8, "shown"]]
    assert alone["note"].iloc[0] == (
        "Cumberland did not exist before April 2023, and Cumbria's figure cannot be split: the "
        "board does not cover Westmorland and Furness, also part of Cumbria.")


def test_the_boards_themes_beside_englands_assessment_factors_and_the_national_analysis(
        con: duckdb.DuckDBPyConnection) -> None:
    loaded(con, westvale=5, reviews=[("2024-06-01", "domestic abuse"),
                                     ("2024-07-01", "domestic abuse; neglect"),
                                     ("2024-08-01", "think family"), ("2024-09-01", "")])
    factors = [("Domestic abuse child", 20_000), ("Domestic abuse parent", 30_000),
               ("Domestic abuse other person", 5_000), ("Neglect", 18_000),
               ("Mental health parent", "c"), ("Emotional abuse", 10_000)]
    national.store_release(con, national_file("cin_c3", "2025", [
        figure("assessments_with_factor", YEAR, ENGLAND, 100_000, level="national"),
        *(figure("assessment_factor", YEAR, ENGLAND, n, level="national", breakdown=b)
          for b, n in factors)]), None)
    national.store_release(con, national_file("national_themes", "2025", theme_shares=[
        {"board_type": "children", "theme": "neglect", "share": 0.4,
         "base": "the Panel's rapid reviews", "base_count": None, "years": "2022-23",
         "source": "Child Safeguarding Practice Review Panel, annual report 2022 to 2023"},
        {"board_type": "adults", "theme": "self-neglect", "share": 0.45, "base": "652 SARs",
         "base_count": 652, "years": "2019-2023", "source": "Second national SAR analysis"}]),
        None)
    themes = context(con)
    themes = themes[themes["measure"] == "theme_share_children"]
    # by year, then theme: the Panel's figure for 2022-23 first
    assert rows(themes, "theme_share_children", "breakdown", "area_kind", "year", "count",
                "denominator", "rate", "state") == [
        ["neglect", "england", "2022-23", None, None, 40.0, "shown"],
        ["domestic abuse", "board", YEAR, 2.0, 4.0, 50.0, "shown"],
        ["domestic abuse", "england", YEAR, 30_000.0, 100_000.0, 30.0, "shown"],
        ["mental health", "board", YEAR, 0.0, 4.0, 0.0, "shown"],
        ["mental health", "england", YEAR, None, 100_000.0, None, "suppressed"],
        ["neglect", "board", YEAR, 1.0, 4.0, 25.0, "shown"],
        ["neglect", "england", YEAR, 18_000.0, 100_000.0, 18.0, "shown"],
        ["think family", "board", YEAR, 1.0, 4.0, 25.0, "shown"]]
    england = themes[(themes["area_kind"] == "england") & (themes["breakdown"] == "domestic abuse")]
    assert england["note"].iloc[0].startswith(
        "Assessments by children's social care in which the factor 'Domestic abuse parent' was "
        "identified (the largest of the 3 factors matched to the theme: ")
    assert set(themes[themes["area_kind"] == "board"]["source"]) == {"the board's own reviews"}
    # a children's board is given no adults' analysis
    assert "self-neglect" not in set(themes["breakdown"])


@pytest.mark.parametrize(("factor", "theme"), [
    ("Domestic abuse child", "domestic abuse"), ("Domestic violence: parent", "domestic abuse"),
    ("Mental health - other person", "mental health"), ("Alcohol misuse parent",
                                                         "substance misuse"),
    ("Drug misuse: child", "substance misuse"), ("Neglect", "neglect"),
    ("Abuse or neglect - neglect", "neglect"), ("Abuse or neglect - emotional abuse", None),
    ("Self-harm", "self-harm and suicide"), ("Going/being missing", "extra-familial harm"),
    ("Child sexual exploitation", "extra-familial harm"),
    ("Child criminal exploitation", "extra-familial harm"), ("Gangs", "extra-familial harm"),
    ("Trafficking", "extra-familial harm"), ("Children missing education",
                                             "children not in school"),
    ("Learning disability child", "disability and communication needs"),
    ("Physical disability or illness child", None), ("Young carer", None),
])
def test_each_assessment_factor_is_set_beside_its_theme_or_none(factor: str,
                                                                 theme: str | None) -> None:
    assert factor_theme(factor) == theme
    if theme is not None:
        assert theme in {t.label for t in load_vocabulary().theme}


def test_an_adults_board_gets_the_adults_measures_and_a_joint_board_both(
        con: duckdb.DuckDBPyConnection) -> None:
    a_board(con, "Kestrel Bay SAB", "adults", reviews=[("2024-06-01", "self-neglect")])
    a_board(con, "Harwick Partnership", "children")
    a_board(con, "Harwick Partnership", "adults", reviews=[("2024-07-01", "neglect")])
    sac = []
    for area, old, concerns, people, risks in ((EASTMERE, "901", 1_000, 200_000, (300, 100)),
                                               (WESTVALE, "902", 500, 100_000, (200, "c"))):
        sac += [figure("concerns", YEAR, area, concerns, old=old),
                figure("adult_population", YEAR, area, people, old=old),
                figure("s42_enquiries", YEAR, area, concerns // 4, old=old),
                figure("sars_completed", YEAR, area, 2, old=old),
                figure("risk_type", YEAR, area, risks[0], old=old, breakdown="Neglect"),
                figure("risk_type", YEAR, area, risks[1], old=old, breakdown="Self-neglect")]
    sac += [figure("concerns", YEAR, ENGLAND, 640_240, level="national"),
            figure("sars_completed", YEAR, ENGLAND, 1_100, level="national"),
            figure("adult_population", YEAR, ENGLAND, 46_000_000, level="national"),
            figure("risk_type", YEAR, ENGLAND, 60_000, level="national", breakdown="Neglect"),
            figure("risk_type", YEAR, ENGLAND, 20_000, level="national",
                   breakdown="Self-neglect")]
    national.store_release(con, national_file("sac", "2024-25", sac), None)
    national.set_footprint(con, "Kestrel Bay SAB", ["901", "902"], None)
    frame = context(con)
    adults = frame[frame["board"] == "Kestrel Bay SAB"]
    assert {MEASURES[m].board_type for m in adults["measure"]} == {"adults"}
    # 1,500 concerns of 300,000 adults: 500 per 100,000; England 640,240 / 46,000,000
    assert rows(adults, "concerns_per_100000_adults", "area_kind", "count", "denominator",
                "rate", "state") == [["board", 1_500.0, 300_000.0, 500.0, "shown"],
                                     ["england", 640_240.0, 46_000_000.0, 1391.83, "shown"]]
    assert rows(adults, "sars_completed", "area_kind", "count", "denominator", "rate", "per",
                "state") == [["board", 4.0, None, None, None, "shown"],
                             ["england", 1_100.0, None, None, None, "shown"]]
    # Westvale's self-neglect suppressed: the board's total of the types is not known
    assert rows(adults, "risk_types", "area_kind", "breakdown", "count", "denominator", "rate",
                "state") == [
        ["board", "Neglect", 500.0, None, None, "suppressed"],
        ["england", "Neglect", 60_000.0, 80_000.0, 75.0, "shown"],
        ["board", "Self-neglect", None, None, None, "suppressed"],
        ["england", "Self-neglect", 20_000.0, 80_000.0, 25.0, "shown"]]
    joint = frame[frame["board"] == "Harwick Partnership"]
    assert {"theme_share_children", "theme_share_adults"} <= set(joint["measure"])
    only_adults = context(con, board_type="adults")
    assert {MEASURES[m].board_type for m in only_adults["measure"]} == {"adults"}
    assert "Harwick Partnership" in set(only_adults["board"])


def test_children_in_need_from_a_population_or_from_rates_as_published_never_averaged(
        con: duckdb.DuckDBPyConnection) -> None:
    loaded(con, westvale=5)
    older = [figure("children_in_need", "2023-24", EASTMERE, 400, old="901"),
             figure("children_in_need_rate", "2023-24", EASTMERE, 80.0, old="901"),
             figure("children_in_need", "2023-24", WESTVALE, 250, old="902"),
             figure("children_in_need_rate", "2023-24", WESTVALE, 83.3, old="902"),
             figure("children_in_need", "2023-24", ENGLAND, 400_000, level="national"),
             figure("children_in_need_rate", "2023-24", ENGLAND, 333.3, level="national")]
    newer = [figure("children_in_need", YEAR, EASTMERE, 400, old="901"),
             figure("population_0_17", YEAR, EASTMERE, 50_000, old="901"),
             figure("children_in_need", YEAR, WESTVALE, 250, old="902"),
             figure("population_0_17", YEAR, WESTVALE, 30_000, old="902")]
    national.store_release(con, national_file("cin_b1", "2024", older), None)
    national.store_release(con, national_file("cin_b1", "2025", newer), None)
    frame = context(con)
    assert rows(frame, "children_in_need_per_10000", "year", "area_kind", "count", "denominator",
                "rate", "state") == [
        ["2023-24", "board", 650.0, None, None, "not_available"],
        ["2023-24", "england", 400_000.0, None, 333.3, "shown"],
        ["2023-24", "neighbours", None, None, None, "not_available"],
        ["2024-25", "board", 650.0, 80_000.0, 81.25, "shown"],      # 650 / 80,000 x 10,000
        ["2024-25", "neighbours", None, None, None, "not_available"]]
    board = frame[(frame["measure"] == "children_in_need_per_10000")
                  & (frame["area_kind"] == "board")]
    assert board["note"].iloc[0] == (
        "The release gives each local authority's rate but not the number it is a rate of, so "
        "no rate over the board's local authorities is worked out: rates are never averaged.")
    england = frame[(frame["measure"] == "children_in_need_per_10000")
                    & (frame["area_kind"] == "england")]
    assert england["note"].iloc[0] == "The rate as published."


def test_englands_notifications_by_nature_as_shares_of_the_total(
        con: duckdb.DuckDBPyConnection) -> None:
    a_board(con)
    nature = [figure("notifications", YEAR, ENGLAND, 338, level="national")] + [
        figure("notifications", YEAR, ENGLAND, n, level="national", breakdown=b)
        for b, n in (("Death", 160), ("Serious harm", 169), ("Other", 9))]
    nature += [figure("notifications", "2023-24", ENGLAND, n, level="national", breakdown=b)
               for b, n in (("Death", 205), ("Serious harm", 180), ("Other", "c"))]
    national.store_release(con, national_file("sin_nature", "2025", nature), None)
    frame = context(con)
    # 160 / 338 = 47.3%, 169 / 338 = 50.0%, 9 / 338 = 2.7%; 2023-24 gives no total and one
    # part suppressed, so no share of it is known
    assert rows(frame, "notifications_by_nature", "year", "area_kind", "breakdown", "count",
                "denominator", "rate", "state") == [
        ["2023-24", "england", "Death", 205.0, None, None, "suppressed"],
        ["2023-24", "england", "Other", None, None, None, "suppressed"],
        ["2023-24", "england", "Serious harm", 180.0, None, None, "suppressed"],
        ["2024-25", "england", "Death", 160.0, 338.0, 47.3, "shown"],
        ["2024-25", "england", "Other", 9.0, 338.0, 2.7, "shown"],
        ["2024-25", "england", "Serious harm", 169.0, 338.0, 50.0, "shown"]]
