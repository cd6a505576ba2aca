"""What the Admin page and `assurance rules list` show of the timescale rules and theme aliases:
every rule measured, national and a board's own, with where it comes from; and the aliases
boards imported. Reads only, and imports no pydantic (pages load fast; checking a rules file
is `data_models.local_rules`' job)."""

from __future__ import annotations

import duckdb
import pandas as pd


def rules_and_aliases(con: duckdb.DuckDBPyConnection, boards: tuple[str, ...] | None = None
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every timescale rule measured, national and local, with where it comes from; and the
    theme aliases boards imported. With `boards` (a person's), the national rules and those
    boards' own only: a board's own rules are seen by its people, every-board local ones by
    a person with every board."""
    mine = {"boards": list(boards) if boards is not None else None}
    rules = con.sql("SELECT rule_id, label, board_type, coalesce(board, 'every board') AS board, "
                    "\"limit\", unit, comparison, force, source, origin, imported_at, imported_by "
                    "FROM timescale_rules WHERE origin = 'national' "
                    "OR in_scope(CAST($boards AS VARCHAR[]), board) "
                    "ORDER BY sort_order", params=mine).df()
    aliases = con.sql("SELECT theme_key AS text, theme, coalesce(board, 'every board') AS board, "
                      "origin, imported_at, imported_by FROM theme_aliases "
                      "WHERE origin <> 'national' AND in_scope(CAST($boards AS VARCHAR[]), board) "
                      "ORDER BY origin, theme_key",
                      params=mine).df()
    return rules, aliases
