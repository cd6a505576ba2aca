"""A data set's checks run as one Great Expectations suite, whose cost is paid once: a clean
extract is run through it once, an extract with problems once more for the failing checks
alone, and each problem still names exactly its own rows."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

from access import EVERY_BOARD
from ingest import CheckedExtract, check_extract
from tests.conftest import AS_OF, csv_bytes

BOOKING = {
    "booking_id": "BK-1", "board": "Harwick Safeguarding Partnership", "board_type": "both",
    "course": "Think family", "session_date": "11/06/2024", "agency": "Police",
    "status": "Attended", "pre_confidence": "2", "post_confidence": "4",
}


def _bookings(count: int, **changed: dict[str, str]) -> list[dict[str, object]]:
    """Bookings on distinct dates (so the dates' checks read more distinct rows than the
    others), with `changed[row_index]` applied to some."""
    rows = [{**BOOKING, "booking_id": f"BK-{i}", "session_date": f"{i + 1:02d}/06/2024"}
            for i in range(count)]
    for index, cells in changed.items():
        rows[int(index.removeprefix("row"))].update(cells)
    return rows


@pytest.fixture
def suites_run(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every suite Great Expectations validates, in order (each still run for real)."""
    from great_expectations.datasource.fluent.interfaces import Batch

    run: list[Any] = []
    validate = Batch.validate

    def validating(batch: Batch, expect: Any, **kwargs: Any) -> Any:
        run.append(expect)
        return validate(batch, expect, **kwargs)

    monkeypatch.setattr(Batch, "validate", validating)
    return run


def _check(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> CheckedExtract:
    return check_extract(con, "training", csv_bytes(rows), "training.csv", AS_OF,
                         scope=EVERY_BOARD)


def test_a_clean_extract_is_run_through_one_suite_once(con: duckdb.DuckDBPyConnection,
                                                       suites_run: list[Any]) -> None:
    checked = _check(con, _bookings(5))
    assert checked.problems == []
    [suite] = suites_run
    rules = {e.meta["rule"] for e in suite.expectations}
    assert {"required_value", "type", "allowed_values", "score_range", "date_range",
            "future_date", "unique_key"} <= rules


def test_failing_checks_alone_are_run_again_to_say_where(con: duckdb.DuckDBPyConnection,
                                                         suites_run: list[Any]) -> None:
    checked = _check(con, _bookings(5, row0={"status": "Maybe"}, row3={"status": "Maybe"}))
    every, failing = suites_run
    assert len(every.expectations) > 1
    assert [e.meta["rule"] for e in failing.expectations] == ["allowed_values"]
    [problem] = checked.problems
    assert (problem.rule, problem.column, problem.rows, problem.count) == (
        "allowed_values", "status", (2, 5), 2)


def test_each_problem_names_its_own_rows_whatever_else_fails(
        con: duckdb.DuckDBPyConnection) -> None:
    """Checks of few distinct values (a status) and of many (the dates) run side by side:
    a failing first value is reported for its rows only, once."""
    checked = _check(con, _bookings(
        6, row0={"status": "Maybe", "post_confidence": "9"},
        row2={"session_date": "01/01/1990"}, row4={"booking_id": "BK-0"},
        row5={"pre_confidence": "x"}))
    found = {(p.rule, p.column, p.rows, p.count) for p in checked.problems}
    assert found == {
        ("allowed_values", "status", (2,), 1),
        ("score_range", "post_confidence", (2,), 1),
        ("date_range", "session_date", (4,), 1),
        ("unique_key", "booking_id", (2, 6), 2),
        ("type", "pre_confidence", (7,), 1),
    }
