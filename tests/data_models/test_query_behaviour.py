"""The named queries apply each filter as the pages say, and follow a theme round the loop."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_models import queries as figures
from data_models.filters import Filters
from data_models.records import Upload, store_extract
from data_models.store.file import connect
from tests.conftest import everyone

AS_OF = dt.date(2026, 11, 21)


@pytest.mark.parametrize(
    ("query", "source", "key"),
    [(figures.timescale_records, "reviews", "review_id"),
     (figures.recommendation_records, "recommendations", "recommendation_id"),
     (figures.audit_records, "audits", "audit_id")],
    ids=["timescale_records", "recommendation_records", "audit_records"],
)
def test_the_theme_filter_keeps_exactly_the_items_naming_the_theme(
        demo_db: Path, query: Callable[..., pd.DataFrame], source: str, key: str) -> None:
    con = connect(demo_db, read_only=True)
    try:
        everything = query(everyone(con), Filters(as_of=AS_OF))
        themed = query(everyone(con), Filters(as_of=AS_OF, theme="neglect"))
        naming = {(b, i) for b, i in con.execute(
            "SELECT board, item_id FROM item_themes WHERE source = ? AND theme = 'neglect'",
            [source]).fetchall()}
    finally:
        con.close()
    expected = everything[[(b, i) in naming for b, i in zip(everything["board"],
                                                             everything[key], strict=True)]]
    assert 0 < len(themed) < len(everything)
    assert sorted(zip(themed["board"], themed[key], strict=True)) == sorted(
        zip(expected["board"], expected[key], strict=True))


def test_the_theme_filter_on_training_counts_only_bookings_on_the_theme(demo_db: Path) -> None:
    con = connect(demo_db, read_only=True)
    try:
        themed = figures.training_uptake(everyone(con), Filters(as_of=AS_OF, theme="think family"))
        expected = con.execute("SELECT count(*) FROM training_bookings WHERE themes = "
                               "'think family'").fetchall()[0][0]
    finally:
        con.close()
    assert int(figures.training_by(themed, "all")["booked"].sum()) == expected > 0


def test_freshness_in_words(demo_db: Path) -> None:
    con = connect(demo_db, read_only=True)
    try:
        sentences = dict(figures.freshness_sentences(figures.data_freshness(everyone(con), Filters(AS_OF))))
    finally:
        con.close()
    assert set(sentences) == {"Reviews", "Recommendations", "Audits", "Training"}
    for sentence in sentences.values():
        said = re.fullmatch(r"[\d,]+ records, data up to (\d{2}/\d{2}/\d{4}); last upload that "
                            r"changed them: upload \d+, stored \d{2}/\d{2}/\d{4} \d{2}:\d{2}\.",
                            sentence)
        assert said, sentence
        # the latest date held: in the weeks before the demo's extracts were taken (30/10/2026)
        latest = dt.datetime.strptime(said.group(1), "%d/%m/%Y").date()
        assert dt.date(2026, 10, 1) <= latest <= dt.date(2026, 10, 30), sentence


def _store(con: duckdb.DuckDBPyConnection, kind: str, rows: list[dict[str, object]]) -> None:
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if column.endswith("_date"):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    store_extract(con, Upload(kind, f"{kind}.csv", kind, len(frame), AS_OF), frame)


def test_the_learning_loop_follows_a_theme_from_review_to_training(
        con: duckdb.DuckDBPyConnection) -> None:
    child = {"board": "X", "board_type": "children"}
    _store(con, "reviews", [
        {**child, "review_id": "R1", "review_type": "rapid_review",
         "notification_date": "2025-06-02", "themes": "neglect"},
        {**child, "review_id": "R2", "review_type": "rapid_review",
         "notification_date": "2025-07-01", "themes": "Neglect; neglect of the child"}])
    _store(con, "recommendations", [
        {**child, "recommendation_id": "M1", "review_id": "R1", "recommendation": "Train",
         "owner": "Police", "status": "in_progress", "agreed_date": "2025-08-01",
         "due_date": "2025-12-01", "themes": "neglect"},
        {**child, "recommendation_id": "M2", "review_id": "R1", "recommendation": "Audit",
         "owner": "Health", "status": "completed", "agreed_date": "2025-08-01",
         "due_date": "2026-12-01", "themes": "domestic abuse"}])
    _store(con, "audits", [
        {**child, "audit_id": "A1", "audit_type": "thematic", "agency": "Police",
         "audit_date": "2025-10-01", "grade": "requires_improvement", "themes": "neglect"}])
    booking = {**child, "course": "Neglect toolkit", "agency": "Police",
               "themes": "neglect; Neglect"}   # one booking naming the theme twice
    _store(con, "training", [
        {**booking, "booking_id": "B1", "session_date": "2025-11-03", "status": "attended"},
        {**booking, "booking_id": "B2", "session_date": "2025-11-03", "status": "attended"},
        {**booking, "booking_id": "B3", "session_date": "2025-11-03", "status": "cancelled"},
        {**booking, "booking_id": "B4", "session_date": "2026-01-12", "status": "attended"}])
    f = Filters(as_of=AS_OF)
    loop = figures.learning_loop(everyone(con), f).set_index("theme")
    assert loop.loc["neglect", ["reviews", "recommendations", "recommendations_open",
                                "recommendations_overdue", "audits", "audits_below_good",
                                "training_sessions", "training_attendees"]].tolist() == [
        2, 1, 1, 1, 1, 1, 2, 3]
    assert not loop.loc["neglect", "not_audited"] and not loop.loc["neglect", "not_trained"]
    assert pd.isna(loop.loc["neglect", "gap"])
    assert loop.loc["domestic abuse", ["reviews", "recommendations"]].tolist() == [0, 1]
    sessions = figures.theme_training(everyone(con), f)
    assert sessions.to_dict("records") == [
        {"theme": "neglect", "training_sessions": 2, "training_attendees": 3}]
    one_year = figures.theme_training(everyone(con), Filters(as_of=AS_OF, period="2025-26"))
    assert one_year["training_sessions"].tolist() == [2]
    assert figures.theme_training(everyone(con), Filters(as_of=AS_OF, board="Y")).empty


def test_a_period_filter_keeps_exactly_the_days_named_that_period(
        con: duckdb.DuckDBPyConnection) -> None:
    """The filters compare dates with the period's first day; they must agree with naming each
    day's financial year and quarter, across year ends and leap days, and match nothing for a
    name not written as the dashboard writes it."""
    con.execute("CREATE TEMP TABLE days AS SELECT CAST(d AS DATE) AS day FROM "
                "range(DATE '2019-01-01', DATE '2026-06-01', INTERVAL 1 DAY) AS t(d)")
    disagreements = con.execute("""
        SELECT count(*) FROM days, (SELECT DISTINCT financial_year(day) AS period,
                                           financial_quarter(day) AS quarter FROM days)
        WHERE (financial_year(day) = period) <> in_financial_year(day, period)
           OR (financial_quarter(day) = quarter) <> in_financial_quarter(day, quarter)
    """).fetchall()[0][0]
    assert disagreements == 0
    for name in ("2024-26", "2024", "24-25", "2024-25 Q5", "2024-25 Q0", "Q1", ""):
        assert con.execute("SELECT count(*) FROM days WHERE in_financial_year(day, ?) "
                           "OR in_financial_quarter(day, ?)", [name, name]).fetchall() == [(0,)]


@pytest.mark.parametrize(("audited", "trained", "gap"), [
    (True, False, "no training"), (False, True, "no audit"),
    (False, False, "no audit and no training"), (True, True, None)])
def test_the_learning_loop_says_which_link_is_missing(
        con: duckdb.DuckDBPyConnection, audited: bool, trained: bool, gap: str | None) -> None:
    child = {"board": "X", "board_type": "children"}
    _store(con, "reviews", [{**child, "review_id": "R1", "review_type": "rapid_review",
                             "notification_date": "2025-06-02", "themes": "neglect"}])
    if audited:
        _store(con, "audits", [{**child, "audit_id": "A1", "audit_type": "thematic",
                                "agency": "Police", "audit_date": "2025-10-01", "grade": "good",
                                "themes": "neglect"}])
    if trained:
        _store(con, "training", [{**child, "booking_id": "B1", "course": "Neglect",
                                  "agency": "Police", "session_date": "2025-11-03",
                                  "status": "attended", "themes": "neglect"}])
    row = figures.learning_loop(everyone(con), Filters(as_of=AS_OF)).set_index("theme").loc["neglect"]
    assert (None if pd.isna(row["gap"]) else row["gap"]) == gap


def test_a_recommendations_state_on_the_as_of_date_comes_from_its_dates(con: duckdb.DuckDBPyConnection
                                                                         ) -> None:
    """Built so that today's status and the state then differ: completed or assured after the
    as-of date was open then (and overdue if past due), agreed after it was not yet made."""
    def rec(rid: str, status: str, agreed: str, due: str, completed: str | None = None,
            updated: str | None = None, evidence: str | None = None) -> dict[str, object]:
        return {"board": "Test SCP", "recommendation_id": rid, "review_id": "R1",
                "board_type": "children", "recommendation": f"Do {rid}", "owner": "Police",
                "themes": None, "agreed_date": pd.Timestamp(agreed), "due_date": pd.Timestamp(due),
                "status": status, "status_reason": None,
                "completed_date": pd.Timestamp(completed) if completed else pd.NaT,
                "evidence_of_impact": evidence,
                "last_updated": pd.Timestamp(updated) if updated else pd.NaT}

    frame = pd.DataFrame([
        rec("late-done", "completed", "2024-05-01", "2025-01-31", "2025-09-01", "2025-09-01"),
        rec("done-then", "completed", "2024-05-01", "2025-01-31", "2025-01-15", "2025-01-15"),
        rec("assured-later", "assured", "2024-05-01", "2025-12-31", "2025-03-01", "2025-10-01",
            "audit showed change"),
        rec("dropped-later", "not_implemented", "2024-05-01", "2026-03-31", None, "2025-08-01"),
        rec("not-yet", "in_progress", "2025-09-01", "2026-01-31"),
    ])
    store_extract(con, Upload("recommendations", "t.csv", "x", len(frame), AS_OF, "t",
                              ("Test SCP",)), frame)
    then = figures.recommendation_records(everyone(con), Filters(as_of=dt.date(2025, 6, 30)))
    state = then.set_index("recommendation_id")
    assert "not-yet" not in state.index
    assert state.loc["late-done", ["status", "status_now", "is_open", "is_overdue"]].tolist() == [
        "in_progress", "completed", True, True]
    assert pd.isna(state.loc["late-done", "completed_date"])
    assert state.loc["done-then", "status"] == "completed" and not state.loc["done-then",
                                                                               "is_open"]
    assert state.loc["assured-later", "status"] == "completed"
    assert pd.isna(state.loc["assured-later", "evidence_of_impact"])
    assert state.loc["dropped-later", "status"] == "in_progress"
    by_owner = figures.recommendation_status(everyone(con), Filters(as_of=dt.date(2025, 6, 30)))
    assert by_owner[["in_progress", "completed", "overdue", "total"]].iloc[0].tolist() == [
        2, 2, 1, 4]
    now = figures.recommendation_records(everyone(con), Filters(as_of=AS_OF)).set_index("recommendation_id")
    assert (now["status"] == now["status_now"]).all() and len(now) == 5
    assert now.loc["assured-later", "evidence_of_impact"] == "audit showed change"
