"""The page models: what a board page draws, built once per data version."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import duckdb
import pandas as pd

from access import EVERY_BOARD, Scope
from dashboard.screens.data_quality.model import data_quality
from dashboard.screens.exports.model import MIME, tables_file
from dashboard.screens.recommendations.model import age_bands, recommendations
from dashboard.screens.shared import MAX_SHOWN, DrillDown, Records, first, readable
from dashboard.screens.timescales.model import timescales, with_status_labels
from data_models.filters import Filters
from data_models.scope import Reader
from tests.conftest import everyone

ANYONE = Reader(duckdb.connect(), EVERY_BOARD)
VIEWER = Reader(duckdb.connect(), Scope(("Ashbourne SCP",), records=False, role="viewer"))


def test_a_long_list_of_records_shows_the_first_and_counts_them_all() -> None:
    frame = pd.DataFrame({"review_id": [f"R{i}" for i in range(MAX_SHOWN + 5)],
                          "due_date": pd.Timestamp("2026-01-31")})
    records = Records.of(frame, ANYONE)
    assert records.total == MAX_SHOWN + 5
    assert len(records.shown) == MAX_SHOWN and records.cut
    assert list(records.shown.columns) == ["Review", "Due date"]
    assert records.shown["Due date"].iloc[0] == "31/01/2026"
    assert not Records.of(frame.head(3), ANYONE).cut


def test_a_drill_down_holds_the_records_of_each_choice() -> None:
    frame = pd.DataFrame({"agency": ["Police", "Health", "Police"], "audit_id": ["A1", "A2", "A3"]})
    drill = DrillDown.of(["Police", "Health", "Education"], frame, "agency", ANYONE)
    assert drill.records("Police").total == 2
    assert drill.records("Police").shown["Audit"].tolist() == ["A1", "A3"]
    assert drill.records("Education").total == 0


def test_a_person_who_may_not_see_records_gets_their_count_and_nothing_of_them() -> None:
    frame = pd.DataFrame({"agency": ["Police", "Health", "Police"], "audit_id": ["A1", "A2", "A3"]})
    shown = Records.of(frame, VIEWER)
    assert (shown.total, shown.hidden, shown.shown.empty, shown.cut) == (3, True, True, False)
    drill = DrillDown.of(["Police", "Health", "Education"], frame, "agency", VIEWER)
    assert drill.records("Police").total == 2 and drill.records("Police").shown.empty
    assert drill.records("Education").hidden


def test_open_recommendations_are_counted_by_age_band() -> None:
    bands = age_bands(pd.Series([0, 90, 91, 200, 365, 366, 800, 5000]))
    assert bands.set_index("agreed")["recommendations"].to_dict() == {
        "up to 3 months": 2, "3 to 6 months": 1, "6 to 12 months": 2, "1 to 2 years": 1,
        "over 2 years": 2}


def test_status_labels_keep_unknown_values() -> None:
    labelled = with_status_labels(pd.DataFrame({"status": ["met", "odd"]}))
    assert labelled["status"].tolist() == ["✓ Met", "odd"]


def test_tables_say_words_not_codes_and_nothing_where_a_value_is_missing() -> None:
    frame = pd.DataFrame({"status": ["in_progress", "not_started"], "board_type": ["children",
                          "adults"], "audit_type": ["section_11", "multi_agency"],
                          "good_or_better": [True, False], "status_reason": [None, "Awaiting"],
                          "sha256": ["ab", "cd"], "needs": ["aware_date", "decision_date"]})
    shown = readable(frame)
    assert list(shown.columns) == ["Status", "Board type", "Audit type", "Good or better",
                                   "Reason for the status", "SHA-256 of the file", "Needs"]
    assert shown["Status"].tolist() == ["In progress", "Not started"]
    assert shown["Board type"].tolist() == ["Children's", "Adults'"]
    assert shown["Audit type"].tolist() == ["Section 11 self-assessment", "Multi-agency"]
    assert shown["Good or better"].tolist() == ["Yes", "No"]
    assert shown["Needs"].tolist() == ["Became aware", "Decision to review"]
    assert shown["Reason for the status"].tolist() == [None, "Awaiting"]


def test_the_column_to_act_on_comes_first() -> None:
    frame = pd.DataFrame({"board": ["B"], "recommendation_id": ["R1"], "days_overdue": [40]})
    assert list(first(frame, ["days_overdue", "missing"]).columns) == [
        "days_overdue", "board", "recommendation_id"]


def test_a_date_not_recorded_is_listed_for_data_quality_and_said_beside_the_timescale(
        demo_db) -> None:  # type: ignore[no-untyped-def]
    """KB-C-RAP-2021-006 has no notification date though its rapid review was sent: listed
    on Data quality, left out of compliance, and the Timescales page says so."""
    from data_models.store.file import connect

    con = connect(demo_db, read_only=True)
    try:
        query = everyone(con)
        f = Filters(as_of=dt.date(2026, 11, 21))
        quality = data_quality(query, f)
        gaps = quality.not_recorded
        assert len(gaps) > 0 and "KB-C-RAP-2021-006" in set(gaps["Review"])
        assert quality.lone_agencies.empty            # the demo writes each agency one way
        page = timescales(query, f.but(board="Kestrel Bay SCP"), "notification_5wd")
        assert page is not None and "is not recorded though a later step is" in page.summary
    finally:
        con.close()


def test_the_recommendations_rated_off_track_come_first(con) -> None:  # type: ignore[no-untyped-def]
    """A quality lead's own tracker, its RAG colours confirmed: the board's most important
    signal (Red: off track) leads the list, then some risk; completed ones are not listed."""
    from pathlib import Path

    from ingest import Mapping, add_mappings, check_extract, store

    tracker = (Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
               / "own_tracker_month1.csv")
    board = "Kestrel Bay SCP"
    add_mappings(con, [Mapping("recommendations", "rating", colour, rating, board)
                       for colour, rating in (("Red", "off_track"), ("Amber", "some_risk"),
                                              ("Green", "on_track"), ("Blue", "complete"))],
                 created_by="lead")
    checked = check_extract(con, "recommendations", tracker.read_bytes(), tracker.name,
                            dt.date(2025, 3, 1), board=board, scope=EVERY_BOARD)
    store(con, checked, "lead")

    query = everyone(con)
    view = recommendations(query, Filters(as_of=dt.date(2025, 3, 1)))
    assert view is not None and view.rated == 8
    listed = view.off_track.shown
    assert list(listed["Recommendation"]) == ["KB-T02", "KB-T07", "KB-T01", "KB-T05"]
    assert list(listed["Rating"])[:3] == ["Off track", "Off track", "Some risk"]


def test_the_exports_tables_are_one_workbook_or_one_zip_of_the_same_tables(
        demo_db) -> None:  # type: ignore[no-untyped-def]
    """The Exports page's model, without a browser: the same tables as a workbook or zipped
    CSV, the records only when asked for."""
    from data_models.store.file import connect

    con = connect(demo_db, read_only=True)
    try:
        f = Filters(as_of=dt.date(2026, 11, 21), period="2024-25")
        book = pd.ExcelFile(io.BytesIO(tables_file(everyone(con), f, 5, records=False,
                                                   fmt="xlsx")))
        files = zipfile.ZipFile(io.BytesIO(tables_file(everyone(con), f, 5, records=False,
                                                       fmt="csv"))).namelist()
        with_records = pd.ExcelFile(io.BytesIO(tables_file(everyone(con), f, 5, records=True,
                                                           fmt="xlsx")))
    finally:
        con.close()
    assert len(files) == len(book.sheet_names) > 1
    assert len(with_records.sheet_names) > len(book.sheet_names)
    assert MIME["xlsx"].endswith("spreadsheetml.sheet") and MIME["zip"] == "application/zip"
