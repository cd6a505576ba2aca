"""Stage 4, enrich: what the checks need beside the records: the theme text that maps to no
theme, and each recommendation's review key."""

from __future__ import annotations

import pandas as pd

from data_models.themes import load_vocabulary, unmapped_per_item


def enrich(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    if "themes" in frame.columns:
        frame["themes__unmapped"] = unmapped_per_item(frame, load_vocabulary().alias_map())
    if kind == "recommendations" and {"board", "review_id"} <= set(frame.columns):
        frame["review_key"] = (frame["board"] + "|" + frame["review_id"]).astype("str")
    return frame
