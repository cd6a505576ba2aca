"""Figures kept at store time, so that a first view reads thousands of rows rather than
working out millions again: the timescale clocks of every review and rule (review_clocks).

Each is written in the transaction of every change to what it is worked out from: a store of
reviews rewrites the clocks of the boards it changed; a removal of reviews, a board's own rules
and a build that changes the national rules, the vocabulary of date columns or the calendar
rewrite them all (rare, and cheap beside the change itself). A writer that forgot would cost
time, never a figure: a clock kept is read only while its review and rule are still as they
were (core/review_clocks_on.sql), and any other is worked out live.
"""

from __future__ import annotations

from collections.abc import Collection

import duckdb

_CLOCK_COLUMNS = ("board, review_id, measure, board_type, review_type, dates, latest_date, "
                  "rule_key, start_date, end_date, start_index, end_index, due_date, "
                  "later_step, period, quarter")


def rewrite_clocks(con: duckdb.DuckDBPyConnection,
                   boards: Collection[str] | None = None) -> None:
    """Within the caller's transaction: the kept clocks of these boards' reviews (None: of every
    board) deleted and worked out again from the reviews, rules and calendar as they now are."""
    if boards is None:
        con.execute("DELETE FROM review_clocks")
        con.execute(f"INSERT INTO review_clocks ({_CLOCK_COLUMNS}) "  # noqa: S608 (a constant)
                    f"SELECT {_CLOCK_COLUMNS} FROM review_clocks_rebuilt")
        return
    if not boards:
        return
    chosen = sorted(set(boards))
    con.execute("DELETE FROM review_clocks WHERE list_contains(?, board)", [chosen])
    con.execute(f"INSERT INTO review_clocks ({_CLOCK_COLUMNS}) "  # noqa: S608 (a constant)
                f"SELECT {_CLOCK_COLUMNS} FROM review_clocks_rebuilt "
                "WHERE list_contains(?, board)", [chosen])
