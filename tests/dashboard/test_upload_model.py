"""The Upload page's flow, without a browser: one object says when a file is checked again,
what was stored from which check, and what the page says at each step."""

from __future__ import annotations

import datetime as dt

import duckdb

from access import EVERY_BOARD
from dashboard.screens.upload.model import UploadFlow, file_key, stored_message, summary, would_do
from data_models.records import Changes, Stored
from data_models.scope import Scope
from ingest import Correction, check_upload, store
from tests.conftest import AS_OF, csv_bytes

AUDIT = {"audit_id": "A1", "board": "Ashbourne SCP", "board_type": "children",
         "audit_type": "multi_agency", "agency": "Police", "audit_date": "14/06/2024",
         "grade": "good", "topic": "Neglect"}
TODAY = dt.date(2026, 11, 21)


def test_a_file_is_checked_again_only_when_what_the_check_reads_changes(
        con: duckdb.DuckDBPyConnection) -> None:
    flow = UploadFlow()
    data = csv_bytes([AUDIT])
    file = file_key("audits.csv", data)
    wanted = flow.checked_as(file, "audits", TODAY, EVERY_BOARD)
    assert flow.check_of(wanted) is None                     # never checked
    check = flow.checked(wanted, check_upload(con, "audits", data, "audits.csv", AS_OF,
                                              uploaded_by=None, scope=EVERY_BOARD))
    assert flow.check_of(flow.checked_as(file, "audits", TODAY, EVERY_BOARD)) is check
    # the data set chosen, the day, the person's boards, a cell corrected, the board chosen
    assert flow.check_of(flow.checked_as(file, "Recognise", TODAY, EVERY_BOARD)) is None
    assert flow.check_of(flow.checked_as(file, "audits", TODAY.replace(day=22),
                                         EVERY_BOARD)) is None
    assert flow.check_of(flow.checked_as(file, "audits", TODAY,
                                         Scope(("Ashbourne SCP",), True, "uploader"))) is None
    flow.corrections_of(file).append(Correction(2, "grade", "good", "Good"))
    assert flow.check_of(flow.checked_as(file, "audits", TODAY, EVERY_BOARD)) is None
    flow.checked(flow.checked_as(file, "audits", TODAY, EVERY_BOARD), check)
    flow.for_board(file, ("Ashbourne SCP", None))
    assert flow.board_of(file) == ("Ashbourne SCP", None)
    assert flow.check_of(flow.checked_as(file, "audits", TODAY, EVERY_BOARD)) is None
    # a mapping saved: the same file, choices and corrections, checked again
    again = flow.checked_as(file, "audits", TODAY, EVERY_BOARD)
    flow.checked(again, check)
    flow.check_again()
    assert flow.check_of(again) is None
    assert file_key("other.csv", data) != file and flow.corrections_of(
        file_key("other.csv", data)) == []


def test_what_was_stored_is_said_for_its_own_check_until_another_upload(
        con: duckdb.DuckDBPyConnection) -> None:
    flow = UploadFlow()
    data = csv_bytes([AUDIT])
    file = file_key("audits.csv", data)
    wanted = flow.checked_as(file, "audits", TODAY, EVERY_BOARD)
    check = flow.checked(wanted, check_upload(con, "audits", data, "audits.csv", AS_OF,
                                              uploaded_by="lead", scope=EVERY_BOARD))
    assert summary("audits.csv", check.checked).startswith(
        "audits.csv: audits, 1 row (") and "0 errors, 0 warnings." in summary(
        "audits.csv", check.checked)
    done = store(con, check.checked, "lead")
    message = stored_message("audits.csv", check.checked, done)
    assert message == f"Stored audits.csv as upload {done.upload_id}: 1 added, 0 replaced, " \
                      "0 unchanged."
    flow.stored_now(wanted, message, done.upload_id)
    assert flow.stored_from(wanted) is not None and flow.stored_from(
        flow.checked_as(file, "Recognise", TODAY, EVERY_BOARD)) is None
    first = dt.datetime(2026, 11, 20, 9, 30)
    assert stored_message("audits.csv", check.checked, Stored(
        9, Changes(0, 0, 1), (done.upload_id, first))).endswith(
        "This file was first stored on 20/11/2026 09:30 UTC.")
    round_before = flow.round
    flow.upload_another()
    assert flow.round == round_before + 1 and flow.stored_from(wanted) is None
    assert would_do(Changes(1200, 3, 0)) == ("Storing it would add 1,200 new records, replace 3 "
                                              "and leave 0 unchanged.")
