"""Did our actions work? The impact of a theme's actions, on a store built so that the answer
is known (tests/fixtures/impact.py): a theme whose recurrence falls after its actions, and one
whose does not."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from data_models import impact
from data_models import queries as q
from data_models.filters import Filters
from tests.conftest import everyone
from tests.fixtures.impact import AS_OF, BOARD, CUT_OVER, build


@pytest.fixture
def store(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    build(con)
    return con


def test_wilson_intervals_match_published_values() -> None:
    # Newcombe (1998), table I: 81 of 263 -> 0.2553 to 0.3662; 15 of 148 -> 0.0624 to 0.1605
    low, high = impact.wilson(81, 263)
    assert (round(low / 100, 4), round(high / 100, 4)) == (0.2553, 0.3662)
    low, high = impact.wilson(15, 148)
    assert (round(low / 100, 4), round(high / 100, 4)) == (0.0624, 0.1605)
    assert impact.wilson(0, 10)[0] == 0 and impact.wilson(10, 10)[1] == 100


def test_a_theme_whose_recurrence_falls_after_its_actions(store: duckdb.DuckDBPyConnection
                                                          ) -> None:
    f = Filters(as_of=AS_OF, theme="neglect")
    row = q.theme_impact(everyone(store), f).iloc[0]
    assert row["cut_over"].date() == CUT_OVER and not row["cut_over_chosen"]
    assert (row["recommendations"], row["completed"]) == (10, 6)
    assert [row[c] for c in ("raised_before", "reviews_before", "raised_after",
                             "reviews_after")] == [20, 40, 4, 40]
    assert [row[c] for c in ("good_before", "audits_before", "good_after",
                             "audits_after")] == [8, 20, 18, 20]
    found = impact.findings(q.theme_impact(everyone(store), f)).set_index("what_followed")
    reviews = found.loc["new reviews raising it"]
    assert reviews["change"] == "fell"
    assert (reviews["before_pct"], reviews["before_low"], reviews["before_high"]) == (
        50.0, 35.2, 64.8)
    assert (reviews["after_pct"], reviews["after_low"], reviews["after_high"]) == (
        10.0, 4.0, 23.1)
    audits = found.loc["audits on it graded good or better"]
    assert audits["change"] == "rose"
    assert (audits["before_low"], audits["before_high"], audits["after_low"],
            audits["after_high"]) == (21.9, 61.3, 69.9, 97.2)
    confidence = found.loc["attendees of training on it confident afterwards (4 or 5 of 5)"]
    assert confidence[["before_part", "before_whole", "after_part", "after_whole",
                       "change"]].tolist() == [12, 30, 27, 30, "rose"]
    assert (confidence["before_low"], confidence["before_high"], confidence["after_low"],
            confidence["after_high"]) == (24.6, 57.7, 74.4, 96.5)
    words = " ".join(impact.sentences(next(q.theme_impact(everyone(store), f).itertuples())))
    assert "the cut-over is 01/04/2024 (by then more than half of its 10 recommendations" in words
    assert "10% (95% interval 4% to 23%; 4 of 40) after, against 50% (95% interval 35% to 65%; " \
           "20 of 40) before: fewer new reviews raise it." in words
    assert "not that they caused it" in words


def test_a_theme_whose_recurrence_does_not_change_and_lacks_assurance(
        store: duckdb.DuckDBPyConnection) -> None:
    f = Filters(as_of=AS_OF, theme="think family")
    frame = q.theme_impact(everyone(store), f)
    found = impact.findings(frame).set_index("what_followed")
    assert found.loc["new reviews raising it", ["before_part", "after_part", "change"]].tolist() \
        == [10, 11, "no clear change"]
    assert found.loc["audits on it graded good or better", "change"] == "too few to tell"
    words = impact.sentences(next(frame.itertuples()))
    assert any("No audit has looked at it since the cut-over" in s for s in words)
    every = impact.overview(q.theme_impact(everyone(store), Filters(as_of=AS_OF)))
    assert every["theme"].tolist() == ["think family", "neglect", "mental health",
                                       "self-neglect"]
    assert every["where_it_stands"].tolist() == [impact.MISSING, "completed; audited since",
                                                 "half or fewer completed",
                                                 "most completed, dates missing"]
    mental = q.theme_impact(everyone(store), Filters(as_of=AS_OF, theme="mental health"))
    assert impact.sentences(next(mental.itertuples())) == [
        "Mental health: 1 of its 5 recommendations completed, not yet more than half, so there "
        "is no before and after to compare yet (choose a cut-over date to compare anyway)."]


def test_completions_without_dates_give_no_cut_over_and_say_why(
        store: duckdb.DuckDBPyConnection) -> None:
    frame = q.theme_impact(everyone(store), Filters(as_of=AS_OF, theme="self-neglect"))
    assert frame[["recommendations", "completed", "completed_dated"]].values.tolist() == [
        [4, 3, 1]]
    assert impact.sentences(next(frame.itertuples())) == [
        "Self-neglect: 3 of its 4 recommendations are completed, but only 1 of them has a "
        "completion date, so when more than half were done is not known: choose a cut-over "
        "date to compare before and after."]


def test_a_published_report_withholds_a_small_count_about_the_theme(
        store: duckdb.DuckDBPyConnection) -> None:
    row = next(q.theme_impact(everyone(store), Filters(as_of=AS_OF, theme="neglect")).itertuples())
    said = impact.sentences(row, {"reviews_raising_it": 5, "audits_good_or_better": 5,
                                  "confident_after_training": 5})
    # 4 of 40 reviews after; 2 audits of 20 after not good or better; 3 attendees not confident
    assert [s.split(":")[0] for s in said if "withheld" in s] == [
        "New reviews raising it", "Audits on it graded good or better",
        "Attendees of training on it confident afterwards (4 or 5 of 5)"]
    assert not any(" of 40)" in s or " of 20)" in s for s in said)
    shown = impact.sentences(row, {"reviews_raising_it": 0, "audits_good_or_better": 0,
                                   "confident_after_training": 0})
    assert not any("withheld" in s for s in shown)


def test_a_chosen_cut_over_replaces_the_rule(store: duckdb.DuckDBPyConnection) -> None:
    f = Filters(as_of=AS_OF, theme="neglect")
    moved = q.theme_impact(everyone(store), f, cut_over=pd.Timestamp("2025-04-01").date()).iloc[0]
    assert moved["cut_over_chosen"] and moved["cut_over"].date().isoformat() == "2025-04-01"
    assert moved["most_completed_on"].date() == CUT_OVER
    assert moved["before_from"].date().isoformat() == "2023-04-01"
    with pytest.raises(ValueError, match="one theme"):
        q.theme_impact(everyone(store), Filters(as_of=AS_OF), cut_over=CUT_OVER)


def test_the_actions_over_time(store: duckdb.DuckDBPyConnection) -> None:
    actions = q.theme_actions(everyone(store), Filters(as_of=AS_OF, theme="neglect"))
    assert actions[["period", "training_sessions", "training_attendees"]].values.tolist() == [
        ["2022-23", 0, 0], ["2023-24", 1, 30], ["2024-25", 0, 0], ["2025-26", 1, 30]]
    assert actions[["period", "recommendations_agreed", "recommendations_completed",
                    "audits"]].values.tolist() == [
        ["2022-23", 10, 0, 10], ["2023-24", 0, 5, 10], ["2024-25", 0, 1, 11],
        ["2025-26", 0, 0, 9]]
    assert q.theme_impact(everyone(store), Filters(as_of=AS_OF, board="Another SAB")).empty
    assert sorted(q.theme_impact(everyone(store), Filters(as_of=AS_OF, board=BOARD))["theme"]) == [
        "mental health", "neglect", "self-neglect", "think family"]
