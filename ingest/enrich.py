"""Stage 4, enrich: what the checks need beside the records: the theme text that maps to no
theme, and each recommendation's review key."""

from __future__ import annotations

import duckdb
import pandas as pd

from data_models.theme_matching import board_aliases, load_aliases, unmapped_per_item


def enrich(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Theme text is matched as it will be once stored: whole words, with the aliases for
    every board and each row's board's own, from the database."""
    if "themes" in frame.columns:
        boards = (frame["board"].dropna().unique().tolist() if "board" in frame.columns else [])
        frame["themes__unmapped"] = unmapped_per_item(frame, load_aliases(con),
                                                      board_aliases(con, boards))
    if kind == "recommendations" and {"board", "review_id"} <= set(frame.columns):
        frame["review_key"] = (frame["board"].astype("str") + "|"
                               + frame["review_id"].astype("str")).astype("str")
    return frame
