"""The demo data set: deterministic, realistic, and clean under the product's own checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from access import EVERY_BOARD
from assurance.demo import EXTRACT_DATE, generate
from data_models.filters import Filters
from data_models.queries import theme_shares, timescale_compliance
from data_models.store.file import connect
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
