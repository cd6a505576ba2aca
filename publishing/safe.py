"""Files a spreadsheet opens: every text cell a spreadsheet program would run as a formula
(starting '=', '+', '-', '@', a tab or a carriage return) gets an apostrophe in front, so it
is shown as the text it is."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells a spreadsheet will show, never run."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise, na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel reads it right) with formulas neutralised."""
    return neutralised(frame).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")
