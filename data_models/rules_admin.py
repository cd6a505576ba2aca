"""What the Admin page and `assurance rules list` show of the timescale rules and theme aliases:
every rule measured, national and a board's own, with where it comes from; and the aliases
boards imported. Reads only, and imports no pydantic (pages load fast; checking a rules file
is `data_models.local_rules`' job)."""

from __future__ import annotations

import pandas as pd

from data_models.scope import Reader


def rules_and_aliases(db: Reader) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every timescale rule measured within the reader's scope, national and local, with where
    it comes from; and the theme aliases boards imported: the national rules and the person's
    boards' own only (a board's own rules are seen by its people, every-board local ones by a
    person with every board)."""
    rules = db.frame("SELECT rule_id, label, board_type, coalesce(board, 'every board') AS board, "
                    "\"limit\", unit, comparison, force, source, origin, imported_at, imported_by "
                    "FROM timescale_rules WHERE origin = 'national' "
                    "OR in_scope($scope, board) "
                    "ORDER BY sort_order")
    aliases = db.frame("SELECT theme_key AS text, theme, coalesce(board, 'every board') AS board, "
                      "origin, imported_at, imported_by FROM theme_aliases "
                       "WHERE origin <> 'national' AND in_scope($scope, board) "
                       "ORDER BY origin, theme_key")
    return rules, aliases
