"""The summary tables (and, for those allowed, the records) as an Excel workbook ready to use:
a Notes sheet first, in plain words, then a sheet a table named for what it holds; headers in
words (`data_models.labels`), codes as their labels and yes or no; the header row frozen and
filters on; columns as wide as what they hold; dates as real dates shown day/month/year; every
text cell neutralised, so nothing is run as a formula."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from data_models.labels import humane
from data_models.vocabularies import labels
from publishing.safe import neutralised
from publishing.tables import Table

EXCEL_MAX_ROWS = 1_048_575   # below the header
DATE_FORMAT = "DD/MM/YYYY"
DATE_TIME_FORMAT = "DD/MM/YYYY HH:MM"
WIDEST = 60                  # characters: longer text wraps
SAMPLE = 2_000               # rows looked at to size a column
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as a reader wants it before its headers are put in words: a timescale by its
    label (not its code and its label), the missing link and the date a clock needs named as
    such, with the date's label."""
    out = frame.copy()
    if "label" in out.columns and "measure" in out.columns:
        out["measure"] = out["label"]
        out = out.drop(columns=[c for c in ("label", "short_label") if c in out.columns])
    if "needs" in out.columns:
        words = labels("review_date_column")
        out["needs"] = out["needs"].map(lambda v: words.get(v, v))
        out = out.rename(columns={"needs": "start_column"})
    if "gap" in out.columns:
        out["gap"] = out["gap"].astype(object).where(out["gap"].notna(), "none")
        out = out.rename(columns={"gap": "missing_link"})
    return out


def sheet_names(titles: list[str]) -> list[str]:
    """Excel's sheet names (31 characters at most, none of []:*?/\\, each once)."""
    names: list[str] = []
    for title in titles:
        name = _NOT_IN_SHEET_NAMES.sub(" ", title)[:31].strip()
        stem, number = name, 2
        while name.lower() in (n.lower() for n in names):
            suffix = f" ({number})"
            name, number = stem[:31 - len(suffix)] + suffix, number + 1
        names.append(name)
    return names


def _width(frame: pd.DataFrame, column: str) -> float:
    values = frame[column].head(SAMPLE)
    if _is_dates(values):
        longest = 10
    else:
        longest = int(values.map(lambda v: len(str(v)) if v is not None else 0).max()
                      if len(values) else 0)
    header = max((len(word) for word in str(column).split()), default=0)
    return float(min(max(longest, header, min(len(str(column)), 24), 6) + 2, WIDEST))


def _is_dates(values: pd.Series) -> bool:
    return bool(values.head(SAMPLE).map(
        lambda v: isinstance(v, dt.date) and pd.notna(v)).any())


def _lay_out(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Header frozen and filtered, each column as wide as it needs, long text wrapped, dates
    shown day/month/year."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for number, column in enumerate(frame.columns, start=1):
        width = _width(frame, column)
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = width
        sheet.cell(row=1, column=number).alignment = Alignment(wrap_text=True, vertical="top")
        if _is_dates(frame[column]):
            timed = frame[column].head(SAMPLE).map(
                lambda v: isinstance(v, dt.datetime) and pd.notna(v)
                and v.time() != dt.time()).any()
            shown = DATE_TIME_FORMAT if timed else DATE_FORMAT
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                cell.number_format = shown
        if width >= WIDEST:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number,
                                           max_row=min(sheet.max_row, SAMPLE + 1)):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _in_words(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) > EXCEL_MAX_ROWS:
        frame = frame.head(EXCEL_MAX_ROWS)
    return neutralised(humane(readable(frame), keep_dates=True))


def workbook_bytes(tables: list[Table], note_frame: pd.DataFrame) -> bytes:
    """One sheet per table, named by its title, and the Notes sheet first."""
    buffer = io.BytesIO()
    names = sheet_names(["Notes", *(t.title for t in tables)])
    with pd.ExcelWriter(buffer, engine="openpyxl", date_format=DATE_FORMAT,
                        datetime_format=DATE_FORMAT) as writer:
        for name, frame in zip(names, [note_frame, *(t.frame for t in tables)], strict=True):
            words = _in_words(frame)
            words.to_excel(writer, sheet_name=name, index=False)
            _lay_out(writer.sheets[name], words)
    return buffer.getvalue()
