"""Text from the data, safe in the files it is written into. A spreadsheet: every text cell a
spreadsheet program would run as a formula (starting '=', '+', '-', '@', a tab or a carriage
return) gets an apostrophe in front, so it is shown as the text it is. A Word document: the
characters XML cannot hold are left out rather than stopping the document."""

from __future__ import annotations

import re

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
            # element by element, kept as objects: a map would make whole numbers beside a
            # gap into floats ("1422.0 days")
            out[column] = pd.Series([neutralise(v) for v in out[column]], index=out.index,
                                    dtype=object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def safe_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel reads it right) with formulas neutralised."""
    return neutralised(frame).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")


# Characters XML cannot hold (control characters other than tab and line breaks).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """A value from an extract as a Word document can hold it: without the characters XML
    cannot hold."""
    return _NOT_XML.sub("", text)
