"""Every check of every suite, run by Great Expectations on real extract bytes."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from access import EVERY_BOARD
from ingest import CheckedExtract, check_extract, store
from tests.conftest import AS_OF, csv_bytes

REVIEW = {
    "review_id": "AS-LCS-01", "board": "Ashbourne SCP", "board_type": "children",
    "review_type": "lcspr", "harm": "serious_harm", "aware_date": "02/10/2023",
    "notification_date": "05/10/2023", "rapid_review_date": "25/10/2023",
    "decision_date": "01/11/2023", "report_sent_date": "12/04/2024",
    "publication_date": "30/04/2024", "status": "closed",
    "themes": "information sharing; Voice of the Child",
}
RECOMMENDATION = {
    "recommendation_id": "AS-LCS-01-R1", "review_id": "AS-LCS-01", "board": "Ashbourne SCP",
    "board_type": "children", "recommendation": "Promote the cross-border protocol.",
    "owner": "Police", "themes": "cross-border moves", "agreed_date": "15/05/2024",
    "due_date": "31/03/2027", "status": "in progress",
}
AUDIT = {
    "audit_id": "AUD-1", "board": "Ashbourne SCP", "board_type": "children",
    "audit_type": "multi-agency", "agency": "Police", "audit_date": "14/06/2024",
    "grade": "Requires Improvement", "actions_raised": "4", "actions_completed": "2",
}
BOOKING = {
    "booking_id": "BK-1", "board": "Harwick Safeguarding Partnership", "board_type": "both",
    "course": "Think family", "session_date": "11/06/2024", "agency": "Police",
    "status": "Attended", "pre_confidence": "2", "post_confidence": "4",
}


def _check(con: duckdb.DuckDBPyConnection, kind: str, rows: list[dict[str, object]],
           as_of: dt.date = AS_OF) -> CheckedExtract:
    return check_extract(con, kind, csv_bytes(rows), f"{kind}.csv", as_of, scope=EVERY_BOARD)


def _found(checked: CheckedExtract) -> set[tuple[int | None, str | None, str, str]]:
    """Every (row, column, rule, severity) the problems stand for: a problem lists every row
    that has it."""
    return {(row, p.column, p.rule, p.severity) for p in checked.problems
            for row in (p.rows or (p.row,))}


@pytest.mark.parametrize(
    ("kind", "row"),
    [("reviews", REVIEW), ("recommendations", RECOMMENDATION), ("audits", AUDIT),
     ("training", BOOKING)],
)
def test_a_clean_extract_has_no_errors(con: duckdb.DuckDBPyConnection, kind: str,
                                       row: dict[str, object]) -> None:
    checked = _check(con, kind, [row])
    assert checked.errors == []
    assert checked.ok


def test_required_column_missing(con: duckdb.DuckDBPyConnection) -> None:
    row = {k: v for k, v in AUDIT.items() if k != "grade"}
    checked = _check(con, "audits", [row])
    problem = next(p for p in checked.problems if p.rule == "required_column")
    assert (problem.row, problem.severity) == (None, "error")
    assert "'grade' is missing" in problem.message


def test_required_value_missing(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "audits", [AUDIT, {**AUDIT, "audit_id": "AUD-2", "agency": "N/A"}])
    assert _found(checked) == {(3, "agency", "required_value", "error")}


def test_unparseable_date_names_row_column_and_what_to_do(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "reviews", [{**REVIEW, "notification_date": "31/02/2023"}])
    problem = next(p for p in checked.problems if p.rule == "type")
    assert str(problem) == (
        "Column 'notification_date', row 2: '31/02/2023' is not a date. Use DD/MM/YYYY "
        "(for example 31/01/2024) or YYYY-MM-DD; dates are never read month first."
    )


def test_enumeration_outside_its_values(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "audits", [{**AUDIT, "grade": "Satisfactory"}])
    problem = next(p for p in checked.problems if p.rule == "allowed_values")
    assert (problem.row, problem.column) == (2, "grade")
    assert problem.message == ("'Satisfactory' is not a recognised grade. Use one of: "
                               "Outstanding, Good, Requires improvement, Inadequate.")


def test_key_unique_within_the_file(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "audits", [AUDIT, AUDIT])
    assert _found(checked) == {(2, "audit_id", "unique_key", "error"),
                               (3, "audit_id", "unique_key", "error")}


def test_same_id_on_two_boards_is_not_a_duplicate(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "audits", [AUDIT, {**AUDIT, "board": "Millbrook SCP"}])
    assert checked.errors == []


def test_end_date_before_start_date_is_an_error(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "reviews", [{**REVIEW, "rapid_review_date": "01/10/2023"}])
    problem = next(p for p in checked.problems if p.rule == "date_order")
    assert (problem.row, problem.column, problem.severity) == (2, "rapid_review_date", "error")
    assert problem.message == ("rapid_review_date (01/10/2023) is before notification_date "
                               "(05/10/2023). Check both dates.")


def test_no_date_after_the_as_of_date(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "reviews", [REVIEW], as_of=dt.date(2024, 4, 29))
    assert _found(checked) == {(2, "publication_date", "future_date", "error")}
    # a recommendation's target date may lie ahead
    assert _check(con, "recommendations", [RECOMMENDATION]).errors == []


def test_dates_before_1995_look_like_typing_slips(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "audits", [{**AUDIT, "audit_date": "14/06/1924"}])
    assert _found(checked) == {(2, "audit_date", "date_range", "error")}


def test_scores_run_from_one_to_five(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "training", [{**BOOKING, "post_confidence": "7"},
                                       {**BOOKING, "booking_id": "BK-2", "pre_confidence": "x"}])
    assert _found(checked) == {(2, "post_confidence", "score_range", "error"),
                               (3, "pre_confidence", "type", "error")}


def test_actions_completed_cannot_exceed_actions_raised(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "audits", [{**AUDIT, "actions_completed": "5"}])
    assert _found(checked) == {(2, "actions_completed", "count_order", "error")}


def test_recommendation_for_an_unknown_review_is_a_warning(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "recommendations", [RECOMMENDATION])
    assert _found(checked) == {(2, "review_id", "known_review", "warning")}
    assert checked.ok
    stored_reviews = _check(con, "reviews", [REVIEW])
    store(con, stored_reviews)
    assert _check(con, "recommendations", [RECOMMENDATION]).problems == []


def test_unmapped_theme_text_is_flagged_not_dropped(con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "reviews", [{**REVIEW, "themes": "neglect; school transport"}])
    problem = next(p for p in checked.problems if p.rule == "unmapped_theme")
    assert (problem.row, problem.severity) == (2, "warning")
    assert problem.message.startswith("'school transport' is not in the theme vocabulary")
    assert checked.frame is not None and checked.frame.loc[0, "themes"] == "neglect; school transport"


def test_missing_start_date_where_the_review_type_implies_one(
        con: duckdb.DuckDBPyConnection) -> None:
    checked = _check(con, "reviews", [{**REVIEW, "decision_date": ""}])
    problem = next(p for p in checked.problems if p.rule == "missing_start_date")
    assert (problem.row, problem.column, problem.severity) == (2, "decision_date", "warning")
    assert "LCSPR completed and published within 6 months" in problem.message
    # a learning review has no clock, so no warning
    learning = {**REVIEW, "review_type": "learning_review", "decision_date": ""}
    assert not [p for p in _check(con, "reviews", [learning]).problems
                if p.rule == "missing_start_date"]


def test_headers_of_another_data_set_are_named(con: duckdb.DuckDBPyConnection) -> None:
    checked = check_extract(con, "reviews", csv_bytes([BOOKING]), "bookings.csv", AS_OF, scope=EVERY_BOARD)
    assert any(p.rule == "wrong_data_set" and "look like a training extract" in p.message
               for p in checked.problems)


def test_header_only_file_has_no_rows(con: duckdb.DuckDBPyConnection) -> None:
    data = (",".join(AUDIT) + "\n").encode()
    checked = check_extract(con, "audits", data, "audits.csv", AS_OF, scope=EVERY_BOARD)
    assert [p.rule for p in checked.errors] == ["no_rows"]


def test_many_failing_rows_are_one_problem_listing_a_thousand_and_counting_all(
        con: duckdb.DuckDBPyConnection) -> None:
    rows = [{**AUDIT, "audit_id": f"A{i}", "grade": "Fine"} for i in range(1200)]
    checked = _check(con, "audits", rows)
    [graded] = [p for p in checked.problems if p.rule == "allowed_values"]
    assert graded.count == 1200 and graded.rows == tuple(range(2, 1002))
    assert graded.value == "Fine"


def test_many_distinct_failing_values_are_listed_up_to_a_limit(
        con: duckdb.DuckDBPyConnection) -> None:
    rows = [{**AUDIT, "audit_id": f"A{i}", "grade": f"Fine {i % 250}"} for i in range(500)]
    checked = _check(con, "audits", rows)
    graded = [p for p in checked.problems if p.rule == "allowed_values"]
    assert len(graded) == 201
    assert graded[-1].row is None and graded[-1].count == 100
    assert graded[-1].message == "...and 50 more values with the same problem, on 100 rows."
    assert all(p.count == 2 for p in graded[:-1])
