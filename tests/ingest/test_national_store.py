"""National files stored: a release whole in one transaction, replacing the same kind's release
loaded before; a failure part of the way stores nothing; a board's footprint set whole, each
code checked against the local authorities loaded, an authority that no longer exists refused
naming its successors. On the embedded file, and on the shared store where it can run.

`national_file` and `figure` build the read files the store takes (what
`loaders.national_files.read_national` gives), with the raw measures the design names; the
figures' and commands' tests use them too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from access import EVERY_BOARD
from data_models.national import (
    FIGURE_COLUMNS,
    NEIGHBOUR_COLUMNS,
    SYMBOLS,
    THEME_SHARE_COLUMNS,
    NationalFile,
    NationalFileError,
)
from data_models.records import Upload, store_extract
from data_models.scope import Reader, Scope
from ingest import national
from ingest.national import FootprintError

ENGLAND = ("E92000001", "England")
NORTH_EAST = ("E12000001", "North East")
NORTH_WEST = ("E12000002", "North West")


# -- building read files ------------------------------------------------------------------------

def figure(measure: str, year: str, area: tuple[str, str], value: float | str | None, *,
           level: str = "local_authority", old: str | None = None,
           region: tuple[str, str] | None = NORTH_EAST, breakdown: str | None = None,
           rounded_to: int | None = None) -> dict[str, object]:
    """One figure as a read file gives it: a number shown, or a publisher's symbol as its
    state (never a value)."""
    symbol = isinstance(value, str)
    return {"measure": measure, "year": year, "level": level, "area_code": area[0],
            "old_la_code": old, "area_name": area[1],
            "region_code": region[0] if region and level != "national" else None,
            "region_name": region[1] if region and level != "national" else None,
            "breakdown": breakdown, "value": None if symbol else value,
            "state": SYMBOLS[str(value).lower()] if symbol else "shown",
            "rounded_to": rounded_to}


def national_file(kind: str, release: str, figures: Iterable[Mapping[str, object]] = (),
                  neighbours: Iterable[Mapping[str, object]] = (),
                  theme_shares: Iterable[Mapping[str, object]] = (), *,
                  source: str | None = None, synthetic: bool = False) -> NationalFile:
    def frame(rows: Iterable[Mapping[str, object]], columns: tuple[str, ...]) -> pd.DataFrame:
        return pd.DataFrame(list(rows), columns=list(columns)).astype(object)

    return NationalFile(kind, release, source or f"Test publisher, {kind}, {release} release",
                        f"{kind}_{release}.csv", synthetic, frame(figures, FIGURE_COLUMNS),
                        frame(neighbours, NEIGHBOUR_COLUMNS),
                        frame(theme_shares, THEME_SHARE_COLUMNS))


def neighbours_of(old: str, name: str, ranked: Iterable[tuple[str, str]]
                  ) -> list[dict[str, object]]:
    return [{"old_la_code": old, "la_name": name, "rank": rank, "neighbour_old_la_code": code,
             "neighbour_name": other} for rank, (code, other) in enumerate(ranked, start=1)]


EASTMERE = ("E06000901", "Eastmere")
WESTVALE = ("E06000902", "Westvale")


def notifications(release: str = "2025", eastmere: float | str = 7) -> NationalFile:
    rows = []
    for year in ("2023-24", "2024-25"):
        rows += [figure("notifications", year, EASTMERE, eastmere, old="901"),
                 figure("notifications", year, WESTVALE, 5, old="902"),
                 figure("notifications", year, NORTH_EAST, 60, level="regional",
                        region=NORTH_EAST, rounded_to=10),
                 figure("notifications", year, ENGLAND, 338, level="national")]
    return national_file("sin_subnational", release, rows)


def a_board(con: duckdb.DuckDBPyConnection, board: str = "Ashbourne SCP",
            board_type: str = "children",
            reviews: Iterable[tuple[str, str]] = (("2024-06-01", "neglect"),)) -> None:
    """A board the data holds: its reviews (decided on a day, raising themes), stored as an
    upload stores them, so a footprint can be set for it and its themes counted."""
    review_type = "rapid_review" if board_type == "children" else "sar"
    frame = pd.DataFrame([{"board": board, "board_type": board_type,
                           "review_id": f"{board_type[0].upper()}{n}",
                           "review_type": review_type, "decision_date": day, "themes": themes}
                          for n, (day, themes) in enumerate(reviews, start=1)])
    frame["decision_date"] = pd.to_datetime(frame["decision_date"]).astype("datetime64[s]")
    store_extract(con, Upload("reviews", "reviews.csv", f"{board} {board_type}", len(frame),
                              dt.date(2026, 11, 21)), frame)


# -- a release ----------------------------------------------------------------------------------

def _held(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute("SELECT r.kind, r.release, f.measure, f.year, f.area_name, f.value, "
                       "f.state FROM national_figures AS f JOIN national_releases AS r "
                       "USING (release_id) ORDER BY ALL").fetchall()


def test_a_release_is_stored_with_its_symbols_as_states_never_0(
        con: duckdb.DuckDBPyConnection) -> None:
    said = national.store_release(con, notifications(eastmere="c"), "a quality lead")
    assert said == ("Stored Test publisher, sin_subnational, 2025 release "
                    "(sin_subnational_2025.csv): 8 figures for 2023-24 to 2024-25.")
    eastmere = con.execute("SELECT value, state FROM national_figures "
                           "WHERE area_name = 'Eastmere'").fetchall()
    assert eastmere == [(None, "suppressed"), (None, "suppressed")]
    assert con.execute("SELECT DISTINCT rounded_to FROM national_figures "
                       "WHERE level = 'regional'").fetchall() == [(10,)]
    listed = national.releases(Reader(con, EVERY_BOARD))
    assert listed[["kind", "release", "row_count", "first_year", "last_year",
                   "loaded_by"]].values.tolist() == [
        ["sin_subnational", "2025", 8, "2023-24", "2024-25", "a quality lead"]]


def test_the_same_release_loaded_again_replaces_it_whole(con: duckdb.DuckDBPyConnection) -> None:
    national.store_release(con, notifications(), None)
    national.store_release(con, notifications(release="2024"), None)   # another release: kept
    sn = national_file("sn_model", "2025", neighbours=neighbours_of("901", "Eastmere",
                                                                     [("902", "Westvale")]))
    national.store_release(con, sn, None)
    again = national_file("sin_subnational", "2025", [figure("notifications", "2024-25",
                                                             EASTMERE, 9, old="901")])
    said = national.store_release(con, again, "second load")
    assert said.startswith("Stored Test publisher, sin_subnational, 2025 release "
                           "(sin_subnational_2025.csv): 1 figure for 2024-25 (replacing the "
                           "release loaded on ")
    held = _held(con)
    assert [r for r in held if r[1] == "2025"] == [
        ("sin_subnational", "2025", "notifications", "2024-25", "Eastmere", 9.0, "shown")]
    assert len([r for r in held if r[1] == "2024"]) == 8
    assert con.execute("SELECT count(*) FROM national_releases").fetchall() == [(3,)]
    # the neighbours file, another kind, is untouched; loaded again, its rows are replaced
    national.store_release(con, sn, None)
    assert con.execute("SELECT count(*) FROM statistical_neighbours").fetchall() == [(1,)]


def test_a_failure_part_of_the_way_stores_nothing(con: duckdb.DuckDBPyConnection) -> None:
    national.store_release(con, notifications(), None)
    before = _held(con)
    bad = notifications()
    bad.figures.loc[len(bad.figures) - 1, "value"] = "338 (provisional)"
    # the release loaded before is deleted inside the transaction before the bad value fails
    with pytest.raises(NationalFileError, match=r"^sin_subnational_2025\.csv: a value could not "
                                                r"be stored .*; nothing was stored\.$"):
        national.store_release(con, bad, None)
    assert _held(con) == before
    assert con.execute("SELECT count(*) FROM national_releases").fetchall() == [(1,)]


@pytest.mark.parametrize(("change", "refused"), [
    (lambda f: f.figures.assign(value=[None, *f.figures["value"][1:]]),
     "the value of 1 figure is missing for a figure shown"),
    (lambda f: f.figures.assign(state=["suppressed", *f.figures["state"][1:]]),
     "the value of 1 figure is given for a figure the publisher did not show"),
    (lambda f: f.figures.assign(year=["2024"] * len(f.figures)),
     "the year of 8 figures is not a financial year such as 2023-24"),
    (lambda f: f.figures.assign(state=["rounded"] * len(f.figures)),
     "the state of 8 figures is not one of shown, suppressed"),
])
def test_a_figure_against_the_tables_rules_is_refused_before_anything_is_stored(
        con: duckdb.DuckDBPyConnection, change: object, refused: str) -> None:
    good = notifications()
    bad = NationalFile(good.kind, good.release, good.source, good.file_name, False,
                       change(good), good.neighbours, good.theme_shares)  # type: ignore[operator]
    with pytest.raises(NationalFileError, match="^sin_subnational_2025.csv: " + refused):
        national.store_release(con, bad, None)
    assert _held(con) == []


# -- a footprint --------------------------------------------------------------------------------

def test_a_footprint_needs_a_national_file_loaded_first(con: duckdb.DuckDBPyConnection) -> None:
    a_board(con)
    with pytest.raises(FootprintError, match="^Load a national file first: "):
        national.set_footprint(con, "Ashbourne SCP", ["E06000901"], None)


@pytest.fixture
def loaded(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    a_board(con)
    a_board(con, "Kestrel Bay SAB", "adults")
    national.store_release(con, notifications(), None)
    cumbria = [figure("notifications", "2021-22", ("E10000006", "Cumbria"), 4, old="909",
                      region=NORTH_WEST),
               figure("notifications", "2023-24", ("E06000063", "Cumberland"), 3, old="942",
                      region=NORTH_WEST)]
    national.store_release(con, national_file("sin_subnational", "2024", cumbria), None)
    return con


def test_a_footprint_is_set_whole_by_new_or_old_codes(loaded: duckdb.DuckDBPyConnection) -> None:
    said = national.set_footprint(loaded, "Ashbourne SCP", ["902", " e06000901 ", "E06000902"],
                                  "the operator")
    assert said == ("Ashbourne SCP's footprint is 2 local authorities: Eastmere (E06000901) "
                    "and Westvale (E06000902).")
    national.set_footprint(loaded, "Ashbourne SCP", ["942"], None)     # replaces, whole
    held = national.footprints(Reader(loaded, EVERY_BOARD))
    assert held[["board", "la_code", "old_la_code", "la_name"]].values.tolist() == [
        ["Ashbourne SCP", "E06000063", "942", "Cumberland"]]
    # a person of another board sees none of it
    assert national.footprints(Reader(loaded, Scope(("Kestrel Bay SAB",), False, "member"))
                               ).empty
    assert national.clear_footprint(loaded, "Ashbourne SCP") == (
        "Cleared Ashbourne SCP's footprint (1 local authority).")
    with pytest.raises(FootprintError, match="^Ashbourne SCP has no footprint to clear.$"):
        national.clear_footprint(loaded, "Ashbourne SCP")


@pytest.mark.parametrize(("codes", "refused"), [
    (["E10000006"], "E10000006 is Cumbria, which no longer exists: from April 2023 it is "
                    "Cumberland (E06000063) and Westmorland and Furness (E06000064). Give the "
                    "code of each the board covers."),
    (["942", "909"], "909 is Cumbria, which no longer exists: from April 2023 it is Cumberland "
                     "(E06000063) and Westmorland and Furness (E06000064). Give the code of "
                     "each the board covers."),
    (["E10000021"], "E10000021 is Northamptonshire, which no longer exists: from April 2021 it "
                    "is North Northamptonshire (E06000061) and West Northamptonshire "
                    "(E06000062). Give the code of each the board covers."),
    (["E06000028"], "E06000028 is Bournemouth, which no longer exists: from April 2019 it is "
                    "Bournemouth, Christchurch and Poole (E06000058). Give the code of each "
                    "the board covers."),
    (["E06000911"], "E06000911 is not a local authority in the national files loaded: give its "
                    "ONS code (E06000063) or DfE's three-digit code (942). Did you mean "
                    "E06000901?"),
    ([" ", ""], "Name at least one local authority Ashbourne SCP covers, by its ONS code "
                "(E06000063) or DfE's three-digit code (942); to clear the footprint, clear it "
                "instead."),
])
def test_a_footprint_in_doubt_is_refused_in_one_line_and_the_old_one_kept(
        loaded: duckdb.DuckDBPyConnection, codes: list[str], refused: str) -> None:
    national.set_footprint(loaded, "Ashbourne SCP", ["901"], None)
    with pytest.raises(FootprintError) as raised:
        national.set_footprint(loaded, "Ashbourne SCP", codes, None)
    assert str(raised.value) == refused
    assert national.footprints(Reader(loaded, EVERY_BOARD))["la_name"].tolist() == ["Eastmere"]


def test_a_footprint_for_a_board_the_data_does_not_hold_is_refused(
        loaded: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(FootprintError, match="^'Ashborne SCP': the data holds no board of that "
                                             "name. "):
        national.set_footprint(loaded, "Ashborne SCP", ["901"], None)


def test_an_authority_only_the_neighbours_file_names_is_refused(
        loaded: duckdb.DuckDBPyConnection) -> None:
    national.store_release(loaded, national_file("sn_model", "2025", neighbours=neighbours_of(
        "901", "Eastmere", [("905", "Southholm")])), None)
    with pytest.raises(FootprintError, match=r"^905 \(Southholm\) is only in the statistical "
                                             "neighbours file, which gives no ONS code"):
        national.set_footprint(loaded, "Ashbourne SCP", ["905"], None)


# -- the shared store ---------------------------------------------------------------------------

def _lake_runs() -> bool:
    from tests.hosted.postgres import BIN

    return duckdb.__version__.startswith("1.5.") and BIN is not None


@pytest.mark.skipif(not _lake_runs(), reason="the shared store runs with DuckDB 1.5 and "
                                             "PostgreSQL (make test-hosted's environment)")
def test_a_release_and_a_footprint_on_the_shared_store(tmp_path: Path) -> None:
    from data_models.filters import Filters
    from data_models.national_figures import national_context
    from data_models.schema import init_schema
    from data_models.store.lake import LakeSetting, open_lake
    from tests.hosted.postgres import postgres

    with postgres() as catalog:
        con = open_lake(LakeSetting(catalog, str(tmp_path / "data")))
        try:
            init_schema(con)
            a_board(con)
            national.store_release(con, notifications(), None)
            said = national.store_release(con, notifications(), None)
            assert "(replacing the release loaded on " in said
            bad = notifications()
            bad.figures.loc[0, "value"] = "seven"
            with pytest.raises(NationalFileError, match="nothing was stored"):
                national.store_release(con, bad, None)
            assert len(_held(con)) == 8
            national.set_footprint(con, "Ashbourne SCP", ["901", "902"], None)
            assert con.execute("SELECT max(release_id) FROM national_releases"
                               ).fetchall() == [(2,)]
            assert national.footprints(Reader(con, EVERY_BOARD))["la_name"].tolist() == [
                "Eastmere", "Westvale"]
            figures = national_context(Reader(con, EVERY_BOARD), Filters(as_of=dt.date(
                2026, 11, 21), period="2024-25"))
            board = figures[figures["area_kind"] == "board"]
            assert board[["measure", "count"]].values.tolist()[:1] == [
                ["notifications_per_10000_children", 12.0]]
        finally:
            con.close()


def test_the_builders_give_the_frames_the_store_takes() -> None:
    built = notifications(eastmere="c")
    assert tuple(built.figures.columns) == FIGURE_COLUMNS
    assert built.figures["state"].tolist().count("suppressed") == 2
