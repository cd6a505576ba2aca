"""Named queries over the measures. Each takes a connection and binds every value it is given.

The SQL lives in `sql/`; these functions only choose a relation and pass parameters.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

SOURCES = ("reviews", "recommendations", "audits", "training")

DETAIL_COLUMNS = [
    "review_id", "board", "board_type", "measure", "start_date", "end_date", "due_date",
    "elapsed", "limit", "unit", "status",
]
SUMMARY_COLUMNS = [
    "measure", "label", "met", "missed", "overdue", "pending", "compliance_pct", "median_elapsed",
]
THEME_COLUMNS = ["theme", "board_type", "items_with_theme", "items_total", "share_pct"]


def _filters(as_of: dt.date, board: str | None, board_type: str | None,
             period: str | None) -> list[object]:
    return [as_of, board, board_type, period]


def timescale_detail(con: duckdb.DuckDBPyConnection, as_of: dt.date, *, board: str | None = None,
                     board_type: str | None = None, period: str | None = None) -> pd.DataFrame:
    """One row per review and timescale rule that applies to it (all columns)."""
    return con.execute(
        "SELECT * FROM timescale_detail(?::DATE, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR) "
        "ORDER BY sort_order, board, start_date NULLS LAST, review_id",
        _filters(as_of, board, board_type, period),
    ).df()


def timescale_summary(con: duckdb.DuckDBPyConnection, as_of: dt.date, *, board: str | None = None,
                      board_type: str | None = None, period: str | None = None) -> pd.DataFrame:
    """One row per timescale rule: met, missed, overdue, pending, compliance and median."""
    return con.execute(
        "SELECT * FROM timescale_summary(?::DATE, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR)",
        _filters(as_of, board, board_type, period),
    ).df()


def theme_prevalence(con: duckdb.DuckDBPyConnection, source: str = "reviews") -> pd.DataFrame:
    """One row per theme and board type: items naming it, all items, and the share."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    return con.execute(
        "SELECT * FROM theme_prevalence(?::VARCHAR) ORDER BY sort_order, board_type",
        [source],
    ).df()


def unmapped_mentions(con: duckdb.DuckDBPyConnection, source: str = "reviews") -> pd.DataFrame:
    """Theme text that maps to no theme: the text, how many items name it."""
    return con.execute(
        "SELECT mention, count(DISTINCT (board, item_id)) AS items FROM item_themes "
        "WHERE source = ? AND theme IS NULL GROUP BY mention ORDER BY items DESC, mention",
        [source],
    ).df()


def unmapped_count(con: duckdb.DuckDBPyConnection, source: str = "reviews") -> int:
    """How many theme mentions map to no theme."""
    return int(con.execute(
        "SELECT count(*) FROM item_themes WHERE source = ? AND theme IS NULL", [source]
    ).fetchall()[0][0])
