"""Reference data: the national timescale rules, the theme vocabulary and the working-day
calendar, rewritten into their tables from their files on every build of the schema (and only
where they differ, so a build that changes nothing writes nothing)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data_models.calendar import calendar_frame


def reference_files() -> tuple[Path, ...]:
    """The files whose content is part of a build: a change to one needs `assurance init`."""
    from data_models.rules import RULES_FILE
    from data_models.themes import THEMES_FILE

    return (RULES_FILE, THEMES_FILE)


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


def refresh_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
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
