"""Every query honours every filter it does not declare as not applying, and ignores every one
it declares; a query with no declaration fails. Run over the demo data, to which a few
unmapped training themes are added so that every filter tells items apart for every query."""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_models import queries
from data_models.filters import FILTER_NAMES, Filters
from data_models.scope import Reader, Scope
from data_models.store.file import connect
from data_models.theme_matching import refresh_mention_themes, refresh_theme_texts
from tests.conftest import everyone

AS_OF = dt.date(2026, 11, 21)

# One value for each filter that picks out some of the demo data and not the rest. The quarter
# is compared with its year alone; the other filters with no filter at all.
VALUES = {
    "board": "Ashbourne SCP",
    "board_type": "adults",
    "period": "2024-25",
    "quarter": "2024-25 Q3",
    "agency": "Police",
    "theme": "domestic abuse",
}


@pytest.fixture(scope="module")
def walk_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        duckdb.DuckDBPyConnection]:
    path = tmp_path_factory.mktemp("walk") / "walk.duckdb"
    shutil.copyfile(demo_db, path)
    con = connect(path)
    # Unmapped theme text on training bookings, so the unmapped counts of training can change
    # with each filter: one booking in four gets some (text that names no theme).
    con.execute("""
        UPDATE training_bookings
        SET themes = coalesce(themes || '; ', '') || 'quarterly newsletter'
        WHERE hash(booking_id) % 4 = 0
    """)
    refresh_theme_texts(con)
    refresh_mention_themes(con)
    # An agency name each board writes once (a misspelling), so the list of names used once or
    # twice can change with each filter.
    con.execute("""
        UPDATE recommendations SET owner = owner || ' (misspelt)'
        WHERE (board, recommendation_id) IN (
            SELECT (board, min(recommendation_id)) FROM recommendations GROUP BY board)
    """)
    con.close()
    con = connect(path, read_only=True)
    yield con
    con.close()


def _same(a: object, b: object) -> bool:
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        return a.reset_index(drop=True).equals(b.reset_index(drop=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


CASES = [(name, example, filter_name)
         for name, declaration in queries.REGISTRY.items()
         for example in declaration.examples
         for filter_name in FILTER_NAMES]


@pytest.mark.parametrize(("name", "example", "filter_name"), CASES,
                         ids=[f"{n}-{'-'.join(map(str, e.values()))}-{f}" for n, e, f in CASES])
def test_each_query_honours_each_filter_or_declares_it_does_not(
        walk_db: duckdb.DuckDBPyConnection, name: str, example: dict[str, object],
        filter_name: str) -> None:
    declaration = queries.REGISTRY[name]
    base = Filters(as_of=AS_OF, period=VALUES["period"] if filter_name == "quarter" else None)
    chosen = base.but(**{filter_name: VALUES[filter_name]})
    without = declaration.function(everyone(walk_db), base, **example)
    with_it = declaration.function(everyone(walk_db), chosen, **example)
    if declaration.applies(filter_name, **example):
        assert not _same(without, with_it), (
            f"{name}{example} does not change with the {filter_name} filter, and does not "
            "declare that it does not apply")
        assert not declaration.notes(chosen, **example) or filter_name in declaration.partly \
            or all(filter_name not in n for n in declaration.notes(chosen, **example))
    else:
        assert _same(without, with_it), (
            f"{name}{example} changes with the {filter_name} filter, but declares it does not "
            "apply")
        assert declaration.notes(chosen, **example), "a filter not applied is said"


def test_every_query_that_takes_filters_is_declared() -> None:
    for name, function in inspect.getmembers(queries, inspect.isfunction):
        if function.__module__ != queries.__name__ or name.startswith("_"):
            continue
        if list(inspect.signature(function).parameters)[:2] == ["db", "f"]:
            assert name in queries.REGISTRY, f"{name} takes filters but declares none"


def test_the_scope_of_boards_reaches_every_query(walk_db: duckdb.DuckDBPyConnection) -> None:
    """The boards a person may see limit every figure, through the one place filters bind."""
    every = Filters(as_of=AS_OF)
    scoped = Reader(walk_db, Scope(("Ashbourne SCP",), records=True))
    board = every.but(board="Ashbourne SCP")
    for name, declaration in queries.REGISTRY.items():
        if not declaration.applies("board"):
            continue
        for example in declaration.examples:
            assert _same(declaration.function(scoped, every, **example),
                         declaration.function(everyone(walk_db), board, **example)), (name,
                                                                                     example)
    choices = queries.filter_choices(scoped, every)
    assert choices["board"] == ["Ashbourne SCP"]


def test_a_note_says_which_chosen_filter_a_figure_does_not_honour() -> None:
    f = Filters(as_of=AS_OF, agency="Police", period="2024-25")
    assert queries.notes(queries.timescale_compliance, f) == [
        "Not filtered by agency: reviews have no agency.", queries.CLOCK_YEAR,
        queries.DATE_NOT_RECORDED]
    assert queries.notes(queries.timescale_compliance, f.but(agency=None)) == [
        queries.CLOCK_YEAR, queries.DATE_NOT_RECORDED]
    assert queries.notes(queries.learning_loop, f) == [
        "Agency: applied to recommendations, audits and training; reviews have no agency.",
        queries.REVIEW_YEAR, queries.DATED_BY_UPDATE]
    assert queries.notes(queries.theme_shares, f, source="training") == []


def test_the_conventions_a_figure_counts_by_are_said_beside_it() -> None:
    """Which date places a review or a clock in a year, and that a course for both workforces
    counts on either side, from the query's own declaration."""
    f = Filters(as_of=AS_OF, period="2023-24")
    assert "started" in queries.CLOCK_YEAR and "decision" in queries.REVIEW_YEAR
    assert queries.REVIEW_YEAR in queries.notes(queries.review_list, f)
    assert queries.REVIEW_YEAR in queries.notes(queries.theme_shares, f, source="reviews")
    assert queries.BOTH_WORKFORCES not in queries.notes(queries.training_uptake, f)
    children = f.but(board_type="children")
    for query in (queries.training_uptake, queries.training_records,
                  queries.headline_indicators, queries.learning_loop):
        assert queries.BOTH_WORKFORCES in queries.notes(query, children), query.__name__
    assert queries.BOTH_WORKFORCES in queries.notes(queries.theme_shares, children,
                                                    source="training")


def test_how_a_recommendation_s_state_is_dated_is_said_beside_the_figures_it_shapes() -> None:
    """Two conventions that lived only in SQL comments (filtered_recommendations, chase_list):
    said wherever the figures they shape are, and in the report writers' page on the annual
    report."""
    f = Filters(as_of=AS_OF)
    assert "agreed date" in queries.NO_UPDATE_FROM_AGREED
    assert "in progress" in queries.DATED_BY_UPDATE and "completed" in queries.DATED_BY_UPDATE
    for query in (queries.chase_list, queries.escalation_list):
        assert {queries.NO_UPDATE_FROM_AGREED, queries.DATED_BY_UPDATE} <= set(
            queries.notes(query, f)), query.__name__
    for query in (queries.recommendation_records, queries.recommendation_status,
                  queries.recommendations_past_due, queries.headline_indicators,
                  queries.learning_loop, queries.theme_actions):
        assert queries.DATED_BY_UPDATE in queries.notes(query, f), query.__name__
    for query in (queries.recommendation_records, queries.recommendation_status,
                  queries.timescale_compliance, queries.audit_grades):
        assert queries.NO_UPDATE_FROM_AGREED not in queries.notes(query, f), query.__name__
    readme = " ".join((Path(__file__).resolve().parents[2] / "docs" / "report-writers"
                       / "annual-report.md").read_text(encoding="utf-8").split())
    assert ("'not implemented' and 'assured' are dated by a recommendation's last update (the "
            "records give them no date of their own)") in readme
    assert ("on an as-of date before a recommendation's last update (the records keep only the "
            "last) it counts as not updated since it was agreed") in readme
