"""The DuckDB file: opening it, and creating or upgrading its schema.

Core functions take a connection as an argument; only the command line and the dashboard
decide when to open one.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd

from data_models.calendar import calendar_frame

SQL_DIR = Path(__file__).with_name("sql")
SCHEMA_VERSION = 12
DEFAULT_DB = Path("data") / "assurance.duckdb"

# Applied in this order by `init_schema`: tables first, then the views and macros over them.
# Each file builds the relation it is named after.
SCHEMA_FILES = (
    "schema_version",
    "uploads",
    "upload_problems",
    "exports",
    "reviews",
    "recommendations",
    "audits",
    "training_bookings",
    "theme_mentions",
    "calendar_days",
    "timescale_rules",
    "timescale_rule_review_types",
    "timescale_rule_end_columns",
    "themes",
    "theme_aliases",
    "financial_year",
    "review_dates",
    "review_timescales",
    "timescale_detail",
    "timescale_summary",
    "item_themes",
    "source_items",
    "theme_prevalence",
    "names_theme",
    "filtered_timescales",
    "filtered_recommendations",
    "filtered_audits",
    "filtered_training",
    "training_uptake",
    "theme_items",
    "item_theme_set",
    "theme_training",
    "data_freshness",
    "review_theme_shares",
    "review_theme_trend",
    "learning_loop",
    "timescale_completeness",
    "upload_pass_rates",
)

# The tables each data set is stored in, with the column that, with `board`, keys a record.
DATA_TABLES = {
    "reviews": ("reviews", "review_id"),
    "recommendations": ("recommendations", "recommendation_id"),
    "audits": ("audits", "audit_id"),
    "training": ("training_bookings", "booking_id"),
}


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--db PATH, else $ASSURANCE_DB, else data/assurance.duckdb under the current folder."""
    if explicit:
        return Path(explicit)
    if os.environ.get("ASSURANCE_DB"):
        return Path(os.environ["ASSURANCE_DB"])
    return DEFAULT_DB


def connect(path: str | os.PathLike[str], *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file, creating its folder when writing."""
    target = Path(path)
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(target), read_only=read_only)


def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create or upgrade the schema and refresh the rules, vocabulary and calendar from their
    files. Running it again changes nothing."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name in SCHEMA_FILES:
            con.execute(sql_text(name))
        _refresh_reference_tables(con)
        con.execute(
            "INSERT INTO schema_version SELECT ?, ? WHERE NOT EXISTS "
            "(SELECT 1 FROM schema_version WHERE version = ?)",
            [SCHEMA_VERSION, dt.datetime.now(dt.UTC).replace(tzinfo=None), SCHEMA_VERSION],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        version = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
    except duckdb.CatalogException:
        return False
    return bool(version == SCHEMA_VERSION)


def _replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Make a reference table hold exactly these rows, writing only when they differ."""
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    con.register("incoming_rows", frame)
    try:
        differs = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {columns} FROM {table} "  # noqa: S608
            f"EXCEPT ALL SELECT {columns} FROM incoming_rows)) + "
            f"(SELECT count(*) FROM (SELECT {columns} FROM incoming_rows "
            f"EXCEPT ALL SELECT {columns} FROM {table}))"
        ).fetchall()[0][0]
        if differs:
            con.execute(f"DELETE FROM {table}")  # noqa: S608
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")  # noqa: S608
    finally:
        con.unregister("incoming_rows")


def _refresh_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    # Reading the rule and vocabulary files needs pydantic; a board member's session, which
    # finds its schema current, never does.
    from data_models.rules import load_rules, tile_label
    from data_models.themes import load_vocabulary

    rules = load_rules()
    vocabulary = load_vocabulary()
    _replace_rows(con, "calendar_days", calendar_frame())
    _replace_rows(
        con,
        "timescale_rules",
        pd.DataFrame(
            [
                {
                    "rule_id": r.id, "sort_order": i, "label": r.label,
                    "short_label": tile_label(r), "board_type": r.board_type,
                    "start_column": r.start, "limit": r.limit, "unit": r.unit,
                    "comparison": r.comparison, "force": r.force, "source": r.source,
                }
                for i, r in enumerate(rules)
            ]
        ),
    )
    _replace_rows(
        con,
        "timescale_rule_review_types",
        pd.DataFrame(
            [{"rule_id": r.id, "review_type": t} for r in rules for t in r.review_types]
        ),
    )
    _replace_rows(
        con,
        "timescale_rule_end_columns",
        pd.DataFrame(
            [
                {"rule_id": r.id, "priority": p, "column_name": c}
                for r in rules
                for p, c in enumerate(r.end)
            ]
        ),
    )
    _replace_rows(
        con,
        "themes",
        pd.DataFrame(
            [
                {"theme": t.label, "sort_order": i, "boards": t.boards}
                for i, t in enumerate(vocabulary.theme)
            ]
        ),
    )
    _replace_rows(
        con,
        "theme_aliases",
        pd.DataFrame(
            [{"theme_key": k, "theme": label} for k, label in vocabulary.alias_map().items()]
        ),
    )
