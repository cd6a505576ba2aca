"""What the page models share: a chart with its sentence and table, records as a page shows
them (or only how many, for a person who may not see them), a drill-down to them, a headline
tile, and the ways a table or a figure is made readable.

Every figure carries the notes of the filters it does not honour, and a percentage on a base
below the suppression threshold is shown as counts. Tables say words, never codes
(`readable`), with the column a reader acts on first. Nothing here calls Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard import charts
from data_models.filters import Filters
from data_models.labels import humane, percent_of
from data_models.scope import Reader, Reads
from data_models.settings import SUPPRESSION_THRESHOLD
from data_models.vocabularies import labels
from publishing.tables import report_tables

# A table of records on a page shows this many rows; the rest are in the export.
MAX_SHOWN = 1000
THRESHOLD = SUPPRESSION_THRESHOLD    # the same setting as the exports' default

# Audit types as the contract for audits takes them in (data_models.labels has no vocabulary
# for them yet).
AUDIT_TYPES = {"single_agency": "Single agency", "multi_agency": "Multi-agency",
               "section_11": "Section 11 self-assessment",
               "section_175": "Section 175 self-assessment", "thematic": "Thematic"}


def readable(frame: pd.DataFrame, measures: dict[str, str] | None = None) -> pd.DataFrame:
    """A table as a board member reads it (data_models.labels.humane): headers and codes in
    words, Yes and No, dates as day/month/year, nothing where a value is missing; `measures`
    (rule id -> label) names timescales."""
    out = frame
    if "audit_type" in out.columns:
        out = out.assign(audit_type=out["audit_type"].map(lambda v: AUDIT_TYPES.get(v, v)))
    dates = labels("review_date_column")
    for column in ("needs", "start_column"):
        if column in out.columns:
            out = out.assign(**{column: out[column].map(lambda v: dates.get(v, v))})
    return humane(out, measures=measures)


_PERIOD = re.compile(r"^(\d{4})-\d{2}(?: Q([1-4]))?$")


def to_date(period: str, as_of: dt.date) -> str:
    """A financial year ('2026-27') or quarter ('2026-27 Q3') as a chart or table names it:
    marked '(to date)' while it is still running on the as-of date (the filters', not today's),
    so that figures not yet complete are not read beside whole years as if they were."""
    match = _PERIOD.match(str(period))
    if not match:
        return period
    year, quarter = int(match[1]), int(match[2]) if match[2] else None
    if quarter is None:
        start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    else:
        start = dt.date(year + (quarter == 4), 3 * quarter % 12 + 1, 1)
        end = (start + dt.timedelta(days=92)).replace(day=1) - dt.timedelta(days=1)
    return f"{period}{charts.TO_DATE}" if start <= as_of < end else period


def periods_to_date(frame: pd.DataFrame, column: str, as_of: dt.date) -> pd.DataFrame:
    """The frame with its financial years or quarters in `column` named by `to_date`."""
    return frame.assign(**{column: frame[column].map(lambda p: to_date(p, as_of))})


def first(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns a reader acts on first (those the frame has), then the rest as they were."""
    leading = [c for c in columns if c in frame.columns]
    return frame[[*leading, *(c for c in frame.columns if c not in leading)]]


def percent_or_counts(part: int, whole: int) -> str:
    """A percentage written once from its counts, or on a base below the threshold the counts,
    never a rate of two."""
    if whole == 0:
        return "–"
    if whole < THRESHOLD:
        return f"{part} of {whole}"
    return percent_of(int(part), int(whole))


@dataclass(frozen=True)
class Chart:
    """A chart with its one-sentence summary, what it covers, the filters it does not honour,
    and the same figures as a readable table. `figure` is a plotly figure, or a
    `charts.NoChart` saying why there is none."""

    key: str
    title: str
    sentence: str
    figure: Any
    table: pd.DataFrame
    notes: tuple[str, ...] = ()

    @property
    def alt(self) -> str:
        """What a screen reader announces for the chart."""
        return f"{self.title}. {self.sentence}"

    @classmethod
    def of(cls, key: str, title: str, sentence: str, figure: Any, table: pd.DataFrame,
           notes: list[str] | tuple[str, ...] = (),
           measures: dict[str, str] | None = None) -> Chart:
        return cls(key, title, sentence, figure, readable(table, measures), tuple(notes))


@dataclass(frozen=True)
class Records:
    """Records for a table on a page: the first MAX_SHOWN, readable, and how many there are.
    For a person who may not see record-level rows (their scope's `records`), the count alone:
    this is the one place every page model turns records into what a page shows."""

    shown: pd.DataFrame
    total: int
    hidden: bool = False

    @classmethod
    def of(cls, frame: pd.DataFrame, db: Reads) -> Records:
        if not db.scope.records:
            return cls(pd.DataFrame(), len(frame), hidden=True)
        return cls(readable(frame.head(MAX_SHOWN)), len(frame))

    @property
    def cut(self) -> bool:
        return not self.hidden and self.total > len(self.shown)


@dataclass(frozen=True)
class DrillDown:
    """A summary's rows to choose from and, for each, the records behind it."""

    options: list[str]
    groups: dict[str, Records] = field(default_factory=dict)
    hidden: bool = False

    @classmethod
    def of(cls, options: list[str], records: pd.DataFrame, column: str,
           db: Reads) -> DrillDown:
        keys = records[column].astype(str)
        counts = keys.value_counts(sort=False)
        if not db.scope.records:    # how many records each option has, and nothing of them
            return cls([str(o) for o in options],
                       {str(v): Records(pd.DataFrame(), int(n), hidden=True)
                        for v, n in counts.items()}, hidden=True)
        # each option's first MAX_SHOWN records made readable in one pass, not one per option
        shown = readable(records.groupby(keys, sort=False, observed=True).head(MAX_SHOWN))
        groups = {str(value): Records(part, int(counts[value]))
                  for value, part in shown.groupby(keys.loc[shown.index].to_numpy(), sort=False)}
        return cls([str(o) for o in options], groups)

    def records(self, option: str) -> Records:
        return self.groups.get(option, Records(pd.DataFrame(), 0, hidden=self.hidden))


@dataclass(frozen=True)
class Tile:
    """A headline figure: its title names its period; a small base shows counts, no change."""

    title: str
    value: str
    delta: str | None
    caption: str
    help: str
    compare: str = ""        # the same figure for every board of the type, naming none


@dataclass(frozen=True)
class Published:
    """A summary table as the report's publication edition holds it: the disclosure policy
    applied (a count it protects is 'c'), with the note saying what was hidden and why."""

    title: str
    table: pd.DataFrame
    note: str


def _as_published(db: Reader, f: Filters, names: tuple[str, ...]) -> list[Published]:
    named, _ = report_tables(db, f, THRESHOLD, names)
    return [Published(t.title, readable(t.frame), t.note) for t in named.values()]


def published(db: Reads, f: Filters, *names: str) -> list[Published]:
    """The summary tables named (publishing.tables.SUMMARIES) as the publication edition shows
    them, for a page's "Show as published"."""
    return db(_as_published, f, names)
