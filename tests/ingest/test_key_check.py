"""The key check: rows whose board and key another row holds too are found by DuckDB
(grouping by the key), and only those are handed to the uniqueness check."""

from __future__ import annotations

import duckdb
import pandas as pd

from access import EVERY_BOARD
from ingest import check_extract
from tests.conftest import AS_OF, csv_bytes


def test_rows_whose_key_repeats_are_found_in_order() -> None:
    from ingest.checks.runner import repeated_keys

    frame = pd.DataFrame({
        "board": pd.Categorical(["A", "A", "B", "A", "B", None, None, "A", "A"]),
        "booking_id": pd.Series(["1", "2", "1", "1", "3", "4", "4", None, None], dtype="str"),
    })
    # 1 on board A three times; a missing key twice on board A; a missing board twice with 4;
    # 1 on board B once, 2 and 3 once
    assert repeated_keys(frame, ["board", "booking_id"]).tolist() == [0, 3, 5, 6, 7, 8]
    assert repeated_keys(frame.iloc[[0, 1, 2]], ["board", "booking_id"]).tolist() == []


def test_a_large_extract_with_repeated_keys_says_which_rows(
        con: duckdb.DuckDBPyConnection) -> None:
    rows = [{"booking_id": f"BK-{i}", "board": f"Board {i % 3}", "board_type": "both",
             "course": "Think family", "session_date": "11/06/2024", "agency": "Police",
             "status": "Attended"} for i in range(3000)]
    rows[2999]["booking_id"] = "BK-2"          # board 2, as BK-2 is
    rows[1000]["booking_id"] = "BK-0"          # board 1, BK-0 on board 0: not a repeat
    checked = check_extract(con, "training", csv_bytes(rows), "training.csv", AS_OF,
                            scope=EVERY_BOARD)
    [repeated] = checked.problems
    assert (repeated.rule, repeated.column, repeated.rows, repeated.value) == (
        "unique_key", "booking_id", (4, 3001), "BK-2")
    assert repeated.message == ("booking_id 'BK-2' appears more than once for this board in "
                                "the file. Keep one row per record.")
