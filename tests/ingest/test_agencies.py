"""Agency names reconciled per board before the checks, worked out on each board's distinct
names."""

from __future__ import annotations

import duckdb

from access import EVERY_BOARD
from ingest import check_extract
from tests.conftest import AS_OF

HEADER = b"booking_id,board,board_type,course,session_date,agency,status\n"


def test_a_row_with_no_board_is_reported_not_a_fault(con: duckdb.DuckDBPyConnection) -> None:
    data = HEADER + (b"BK-1,Harwick SP,both,Think family,11/06/2024,Police,Attended\n"
                     b"BK-2,,both,Think family,11/06/2024,police,Attended\n"
                     b"BK-3,Harwick SP,both,Think family,11/06/2024,police,Attended\n"
                     b"BK-4,Harwick SP,both,Think family,11/06/2024,Police,Attended\n")
    checked = check_extract(con, "training", data, "training.csv", AS_OF, scope=EVERY_BOARD)
    assert [(p.rule, p.column, p.rows) for p in checked.errors] == [
        ("required_value", "board", (3,))]
    assert checked.frame is not None
    # the board's rows read as the spelling most of them use; the row with no board as written
    assert checked.frame["agency"].astype("str").tolist() == ["Police", "police", "Police",
                                                              "Police"]
