"""The demo data set: deterministic, realistic, and clean under the product's own checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from access import EVERY_BOARD
from assurance.demo import BOARDS, EXTRACT_DATE, generate
from data_models.filters import Filters
from data_models.queries import theme_shares, timescale_compliance
from data_models.store.file import connect
from data_models.vocabularies import terms
from ingest import check_extract
from tests.conftest import everyone

AS_OF = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def demo(demo_db: Path):  # type: ignore[no-untyped-def]
    con = connect(demo_db, read_only=True)
    yield con
    con.close()


def test_same_seed_same_data_other_seed_other_data() -> None:
    first, again, other = generate(5), generate(5), generate(6)
    for kind in first:
        pd.testing.assert_frame_equal(first[kind], again[kind])
    assert not first["reviews"].equals(other["reviews"])


def test_boards_years_and_data_sets(demo: duckdb.DuckDBPyConnection) -> None:
    boards = demo.execute("SELECT board, list(DISTINCT board_type ORDER BY board_type) "
                          "FROM reviews GROUP BY board ORDER BY board").fetchall()
    assert len(boards) >= 6
    assert ("Harwick Safeguarding Partnership", ["adults", "children"]) in boards
    assert {t for _, types in boards for t in types} == {"adults", "children"}
    years = demo.execute("SELECT count(DISTINCT financial_year(aware_date)) FROM reviews"
                         ).fetchall()[0][0]
    assert years == 6
    for table in ("reviews", "recommendations", "audits", "training_bookings"):
        assert demo.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] > 100  # noqa: S608


def test_every_measure_has_breaches_and_the_data_has_open_clocks(
        demo: duckdb.DuckDBPyConnection) -> None:
    summary = timescale_compliance(everyone(demo), Filters(as_of=AS_OF)).set_index("measure")
    assert (summary["met"] > 0).all()
    assert (summary["missed"] > 0).all()
    assert summary["overdue"].sum() > 0
    assert summary["pending"].sum() > 0


def test_overdue_recommendations_and_mixed_grades(demo: duckdb.DuckDBPyConnection) -> None:
    overdue = demo.execute(
        "SELECT count(*) FROM recommendations WHERE due_date < ? "
        "AND status IN ('not_started', 'in_progress')", [EXTRACT_DATE]).fetchall()[0][0]
    assert overdue > 10
    grades = dict(demo.execute("SELECT grade, count(*) FROM audits GROUP BY 1").fetchall())
    assert set(grades) == {"outstanding", "good", "requires_improvement", "inadequate"}
    statuses = {r[0] for r in demo.execute("SELECT DISTINCT status FROM recommendations"
                                           ).fetchall()}
    assert statuses == {"not_started", "in_progress", "completed", "assured", "not_implemented"}


def test_theme_prevalence_differs_between_adults_and_children(
        demo: duckdb.DuckDBPyConnection) -> None:
    shares = theme_shares(everyone(demo), Filters(as_of=AS_OF), "reviews").pivot(
        index="theme", columns="board_type", values="share_pct")
    assert shares.loc["self-neglect", "adults"] > 20 > shares.loc["self-neglect"].get(
        "children", 0) or pd.isna(shares.loc["self-neglect"].get("children"))
    assert shares.loc["safe sleeping", "children"] > 10
    assert shares.loc["domestic abuse", "children"] > shares.loc["domestic abuse", "adults"]


def _financial_year(day: pd.Series) -> pd.Series:
    return day.dt.year - (day.dt.month < 4)


def test_completions_are_spread_over_time_not_piled_on_the_last_day_of_data() -> None:
    """Work is finished through the years, as a real tracker records it: no single day holds
    more than 1% of the completion dates, and none is after the day the extracts were taken;
    the last updates are not piled on that day either."""
    data = generate(2026)
    for kind, column in (("recommendations", "completed_date"),
                         ("reviews", "completed_date"), ("reviews", "publication_date")):
        days = data[kind][column].dropna()
        assert len(days) > 50, (kind, column)
        busiest = days.value_counts().iloc[0]
        assert busiest <= max(3, len(days) // 100), (kind, column, days.value_counts().head(3))
        assert days.max() <= pd.Timestamp(EXTRACT_DATE), (kind, column)
    recs = data["recommendations"]
    updated = recs["last_updated"]
    assert (updated.eq(pd.Timestamp(EXTRACT_DATE)).sum() <= len(recs) // 50)
    assert (updated >= recs["agreed_date"]).all() and (updated >= recs["completed_date"]).sum(
        ) == recs["completed_date"].notna().sum()


def test_recommendations_are_agreed_in_the_year_their_review_was_decided() -> None:
    """A review's recommendations are agreed on or after the decision to hold it and within
    that financial year, so a year's report lists the recommendations of that year's reviews."""
    data = generate(2026)
    recs = data["recommendations"].merge(
        data["reviews"][["board", "review_id", "decision_date"]], on=["board", "review_id"],
        how="left", validate="many_to_one")
    assert recs["decision_date"].notna().all()
    assert (recs["agreed_date"] >= recs["decision_date"]).all()
    assert (_financial_year(recs["agreed_date"]) == _financial_year(recs["decision_date"])).all()
    assert (recs["agreed_date"] <= pd.Timestamp(EXTRACT_DATE)).all()


def test_review_types_only_under_boards_that_hold_them() -> None:
    """Children's reviews (rapid reviews, LCSPRs) under children's partnerships, SARs under
    adults' boards, as the review-type vocabulary says; DARDRs (commissioned by community
    safety partnerships) only where the board tracks them."""
    whose = {t.code: t.get("board_type") for t in terms("review_type")}
    reviews = generate(2026)["reviews"]
    for row in reviews[["board", "board_type", "review_type"]].drop_duplicates().itertuples():
        assert whose[row.review_type] in ("any", row.board_type), row
    tracking = {(b.name, b.board_type) for b in BOARDS if b.tracks_dardrs}
    dardrs = reviews[reviews["review_type"] == "dhr"]
    assert not dardrs.empty
    assert set(zip(dardrs["board"], dardrs["board_type"], strict=True)) <= tracking
    assert any(b.board_type == "children" and not b.tracks_dardrs for b in BOARDS)
    for b in BOARDS:
        held = set(reviews.loc[(reviews["board"] == b.name)
                               & (reviews["board_type"] == b.board_type), "review_type"])
        assert ("dhr" in held) == b.tracks_dardrs, b


@pytest.mark.slow
def test_demo_extracts_pass_the_checks_as_csv(con: duckdb.DuckDBPyConnection) -> None:
    """Written out as a quality lead's CSV, every demo data set loads without an error."""
    for kind, frame in generate(2026).items():
        sample = frame if kind != "training" else frame.head(3000)
        out = sample.copy()
        for column in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[column]):
                out[column] = out[column].dt.strftime("%d/%m/%Y")
        checked = check_extract(con, kind, out.to_csv(index=False).encode(), f"{kind}.csv",
                                AS_OF, scope=EVERY_BOARD)
        assert checked.errors == [], (kind, checked.errors[:5])
