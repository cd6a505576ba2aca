"""The annual report, said once: every section's summary sentences, its chart, its tables (this
year beside last year, small counts suppressed, headers in words) and the notes on the filters
a figure does not honour. The Word report (`report_docx`) and the HTML report (`pack`) both
lay out this one model, so the two cannot disagree.

Every figure comes from the published summary tables (`tables.summary_tables`, already
suppressed); a sentence or a chart never uses a number the tables hide.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from data_models import impact
from data_models import queries as q
from data_models.filters import BOARD_TYPE_WORDS, Filters, previous_financial_year
from data_models.labels import column_label, plural, shell_word, value_labels
from data_models.scope import Reader, Scope
from data_models.themes import theme_words
from data_models.vocabularies import labels, terms
from publishing.disclosure import load_policy
from publishing.figures import Bar, Chart, bars_from, two_year_bars
from publishing.national import (
    INTRO,
    OPEN_DATA,
    Footing,
    NationalTable,
    caveats,
    context_frame,
    context_notes,
    footing,
    missing,
    national_tables,
    nothing_to_show,
    sentences,
    trend_tables,
    year_shown,
)
from publishing.suppression import (
    FROM_HIDDEN,
    PRIMARY,
    SECONDARY,
    SMALL_BASE,
    SUPPRESSED,
    reason_words,
)
from publishing.tables import (
    RATES,
    Table,
    freshness_note,
    report_tables,
    themes_hidden,
    unmapped_note,
    written,
)

MISSING = "–"

# Which report: the publication edition names no review or recommendation and shows nothing a
# hidden count could be worked out from; the board edition adds the lists of reviews and of
# recommendations, for the board's own business, and says on every page it is not for
# publication. Chosen explicitly, never by who makes it.
Edition = Literal["publication", "board"]
EDITIONS: tuple[Edition, ...] = ("publication", "board")
NOT_FOR_PUBLICATION = "Not for publication"
BOARD_ONLY = ("The board edition names each review and recommendation, so it is for people "
              "allowed records (a quality lead, the uploader role): make the publication "
              "edition instead.")
# How long after a theme's cut-over an audit on it is awaited before the report says that
# assurance is missing.
FOLLOW_UP_MONTHS = 6


class EditionRefused(ValueError):
    """The board edition asked for by someone not allowed records; one line says why."""


@dataclass
class ReportTable:
    """A table as the report prints it: a title that names its years, headers in words, every
    cell as text (suppressed cells as 'c'), and the notes a reader needs beside it."""

    title: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]                  # which columns hold figures (right-aligned)
    notes: list[str] = field(default_factory=list)
    rows_are: str = "rows"               # what a row is, in the plural: "themes"
    hidden_why: str = ""                 # why its hidden figures are hidden, in words


@dataclass
class Section:
    heading: str
    summary: list[str]
    chart: Chart | None
    tables: list[ReportTable]
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    title: str
    board: str
    year: str                            # the financial year (or quarter) reported
    last_year: str                       # the one it is compared with
    as_of: dt.date
    stamp: list[tuple[str, str]]         # the title block, in a reader's words: what, its value
    threshold: int
    small_numbers: str                   # suppression, explained once
    sections: list[Section]
    edition: Edition = "publication"
    colophon: list[tuple[str, str]] = field(default_factory=list)   # how it was made, at the end
    command: str = ""                    # the command that makes it again, FORMAT to fill
    data_version: str = ""               # the data version, as the file's properties keep it

    @property
    def marking(self) -> str | None:
        """What every page of the board edition says (None: the publication edition)."""
        return NOT_FOR_PUBLICATION if self.edition == "board" else None

    def again(self, fmt: str) -> str:
        """The command that makes this report again, in the format `fmt` (docx, html, pdf)."""
        return self.command.replace("FORMAT", fmt)

    def colophon_for(self, fmt: str) -> list[tuple[str, str]]:
        """The colophon with the command for the format the report is written in."""
        return [(what, value.replace("--format FORMAT", f"--format {fmt}"))
                for what, value in self.colophon]


# -- cells and headers ------------------------------------------------------------------------

_UNIT_OF_ELAPSED = {"working_days": "working days", "months": "days"}
_TEXT = {"missing_link"}                 # figures' columns that hold words


def header(column: str) -> str:
    """A column's header in words; a percentage's cells carry their own % sign."""
    return column_label(column).removesuffix(" (%)")


def year_header(column: str, year: str) -> str:
    """A column's header in words with its year: 'Compliance 2025-26', 'Met 2025-26'."""
    return f"{header(column)} {year}"


def _missing(value: object) -> bool:
    """None, NaN, NA or NaT: no figure (text, 'c' included, is a figure as published)."""
    if value is None:
        return True
    return not isinstance(value, str) and bool(pd.isna(value))  # type: ignore[call-overload]


def cell(value: object, column: str, unit: str | None = None) -> str:
    """A published figure as text: counts with thousands separators, suppressed as 'c',
    nothing as a dash, yes or no. A percentage is written from its row's counts (`row_cell`)."""
    if _missing(value):
        return MISSING
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if column in RATES:
        raise ValueError(f"{column} is a percentage: it is written from its counts")
    number = float(value)  # type: ignore[arg-type]
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"
    return f"{text} {unit}" if unit else text


def row_cell(row: pd.Series, column: str, unit: str | None = None,
             names: dict[str, str] | None = None) -> str:
    """One figure of a published row as text; a percentage written once from the counts beside
    it (`names`: where a count was renamed), 'c' where it is hidden."""
    value = row[column]
    if column in RATES and not _missing(value) and not isinstance(value, str):
        return written(row, column, names) or MISSING
    return cell(value, column, unit)


def _words(column: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    words = dict(value_labels(column))
    if column == "start_column":
        words = labels("review_date_column")
    return {**words, **(extra or {})}


@dataclass(frozen=True)
class Columns:
    """Which columns of a year's table a report table shows: the keys (said in words), this
    year's figures and last year's."""

    keys: tuple[str, ...]
    this_year: tuple[str, ...]
    last_year: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()       # field -> the name its header comes from
    drop_if_zero: tuple[str, ...] = ()              # rows with all of these 0 in both years


def _table(title: str, this: pd.DataFrame, last: pd.DataFrame | None, columns: Columns, *,
           years: tuple[str, str], notes: list[str], key_words: dict[str, dict[str, str]],
           units: dict[str, str] | None = None) -> ReportTable:
    """This year's rows (and any only last year has), this year's figures beside last
    year's, every header in words and naming its year."""
    renamed = dict(columns.renamed)
    this = this.rename(columns=renamed)
    last = last.rename(columns=renamed) if last is not None else None
    keys = list(columns.keys)

    def key_of(row: pd.Series) -> tuple[object, ...]:
        return tuple(row[k] for k in keys)

    before = {key_of(row): row for _, row in last.iterrows()} if last is not None else {}
    order = [key_of(row) for _, row in this.iterrows()]
    now = {key_of(row): row for _, row in this.iterrows()}
    order += [k for k in before if k not in now]

    def zero(row: pd.Series | None) -> bool:
        return row is None or all(not _missing(row[c]) and row[c] == 0
                                  for c in columns.drop_if_zero)

    compared = bool(columns.last_year)
    heads = [header(k) for k in keys]
    heads += [year_header(c, years[0]) if compared else header(c) for c in columns.this_year]
    heads += [year_header(c, years[1]) for c in columns.last_year]
    rows = []
    for key in order:
        mine, theirs = now.get(key), before.get(key)
        if columns.drop_if_zero and zero(mine) and zero(theirs):
            continue
        unit = (units or {}).get(str(key[0]))
        row = [_words(k, key_words.get(k)).get(str(v), str(v)) if not _missing(v) else MISSING
               for k, v in zip(keys, key, strict=True)]
        row += [row_cell(mine, c, unit if c == "median_elapsed" else None, renamed)
                if mine is not None else MISSING for c in columns.this_year]
        row += [row_cell(theirs, c, names=renamed) if theirs is not None else MISSING
                for c in columns.last_year]
        rows.append(row)
    numeric = [False] * len(keys) + [c not in _TEXT for c in (*columns.this_year,
                                                              *columns.last_year)]
    return ReportTable(title, heads, rows, numeric, notes)


# -- sentences --------------------------------------------------------------------------------

def _figure(value: object) -> str | None:
    """A count for a sentence, or None when it is hidden or missing."""
    if _missing(value) or isinstance(value, str):
        return None
    return f"{float(value):,.0f}"  # type: ignore[arg-type]


def _percent(row: pd.Series | None, column: str) -> str | None:
    """A percentage of a published row for a sentence, written once from its counts, or None
    when it is hidden or missing."""
    return written(row, column) if row is not None else None


def _count(value: object, noun: str) -> str:
    shown = _figure(value)
    return f"{shown} {noun}" if shown is not None else f"a small number of {noun} (not shown)"


def _compared(row: pd.Series | None, column: str, year: str) -> str:
    """Last year's figure of a published row, for beside this year's."""
    shown = (_percent(row, column) if column in RATES else
             _figure(row[column]) if row is not None else None)
    if shown is not None:
        return f"{year}: {shown}"
    return (f"{year}: not shown" if row is not None and row[column] == SUPPRESSED
            else f"no figure for {year}")


def _first_row(table: Table) -> pd.Series | None:
    return table.frame.iloc[0] if len(table.frame) else None


def _why(table: Table, rows: pd.Index, column: str, noun: str,
         threshold: int) -> list[str | None]:
    """For each row (by its index in the table), why its figure is hidden, in words: the true
    reason the suppression recorded (a small count, a count hidden beside another, a small
    base, or a figure that would reveal a hidden count)."""
    out: list[str | None] = []
    for row in rows:
        reason = (table.reasons.at[row, column] if table.reasons is not None
                  and column in table.reasons.columns and row in table.reasons.index else None)
        out.append(reason_words(reason, threshold, noun) if isinstance(reason, str) else None)
    return out


def _first_why(table: Table, column: str, noun: str, threshold: int) -> str:
    return (_why(table, table.frame.index[:1], column, noun, threshold) or [None])[0] \
        or reason_words(None, threshold)


# -- the report -------------------------------------------------------------------------------

def _years(f: Filters) -> tuple[Filters, str, str]:
    """Last year's filters, and the labels of this year and last (a quarter is compared with
    the same quarter a year before)."""
    assert f.period is not None
    before = previous_financial_year(f.period)
    quarter = f"{before} {f.quarter[-2:]}" if f.quarter else None
    return f.but(period=before, quarter=quarter), f.quarter or f.period, quarter or before


def _stored(freshness: pd.DataFrame) -> str:
    """What the figures include, in a reader's words: the data as it was stored when the last
    upload behind them was stored (no upload number: that is the dashboard's own word)."""
    stored = freshness.dropna(subset=["last_upload"])
    if stored.empty:
        return "the data held, which no upload has changed (demonstration or imported data)"
    latest = stored.loc[stored["last_upload"].idxmax()]
    return (f"the data as stored on {latest['last_upload']:%d/%m/%Y} at "
            f"{latest['last_upload']:%H:%M} UTC (the last upload behind the figures: "
            f"{latest['kind']})")


def small_numbers(threshold: int) -> str:
    policy = load_policy()
    protected = (f" In those, where a hidden count could be worked out from a total or from "
                 "the other counts beside it, a further count is hidden too, and also shown "
                 f"as '{SUPPRESSED}'; a percentage or median resting on fewer than {threshold}, "
                 f"or on a hidden count, is shown as '{SUPPRESSED}'. Wherever a figure is "
                 "hidden, the sentence, chart or table note beside it says why."
                 if policy.protected() else "")
    return (f"To protect the children and adults behind these figures, without hiding the "
            f"board's own work: {policy.sentence(threshold)}{protected} A dash (–) means "
            f"there is no figure. This is the board's disclosure policy ({policy.path.name}).")


@dataclass
class Then:
    """The figures that change after the year ends, as they stood at its end."""

    day: dt.date
    tables: dict[str, Table]
    heads: dict[str, Table]


def period_end(f: Filters) -> dt.date:
    """The last day of the financial year (or quarter) reported."""
    assert f.period is not None
    start = int(f.period[:4])
    if not f.quarter:
        return dt.date(start + 1, 3, 31)
    month = 3 + 3 * int(f.quarter[-1])           # Q1 ends in June, Q4 in March
    year = start + (month > 12)
    month = (month - 1) % 12 + 1
    return dt.date(year + (month == 12), 1, 1) - dt.timedelta(days=1) if month == 12 else \
        dt.date(year, month + 1, 1) - dt.timedelta(days=1)


# The summary tables the report reads: this year's, and last year's it compares them with.
LAST_YEAR = ("timescales", "themes", "recommendations", "audits_by_agency", "training_by_agency",
             "training_by_workforce")
THIS_YEAR = (*LAST_YEAR, "timescales_by_board", "learning_loop", "completeness")


def annual_report(db: Reader, f: Filters, threshold: int,
                  edition: Edition = "publication") -> Report:
    """The annual report for a board (or all) and a financial year, compared with the year
    before: what the Word and HTML reports both show. The publication edition (the default)
    names no review or recommendation; the board edition adds their lists and is refused
    (`EditionRefused`) to anyone not allowed records."""
    if not f.period:
        raise ValueError("an annual report needs a financial year (--period 2023-24)")
    if edition not in EDITIONS:
        raise ValueError(f"an edition is one of {', '.join(EDITIONS)}")
    if edition == "board" and not db.scope.records:
        raise EditionRefused(BOARD_ONLY)
    before, year, last_year = _years(f)
    this, heads = report_tables(db, f, threshold, THIS_YEAR)
    last, heads_before = report_tables(db, before, threshold, LAST_YEAR)
    kind = _board_type(f, this)
    hidden = themes_hidden(this, f)        # by the stored label, as the national figures name it
    for tables in (this, last):
        _in_own_words(tables, kind)
    end = period_end(f)
    then = (Then(end, *report_tables(db, f.but(as_of=end), threshold, ("timescales",)))
            if f.as_of > end else None)
    freshness = q.data_freshness(db, f)
    data = db.data_version()
    rules = q.timescale_rules(db, f.board)
    short = {rule: one_name(str(name)) for rule, name in zip(
        rules["rule_id"], rules["short_label"].fillna(rules["label"]), strict=True)}
    units = {rule: _UNIT_OF_ELAPSED.get(unit, str(unit))
             for rule, unit in zip(rules["rule_id"], rules["unit"], strict=True)}
    years = (year, last_year)
    sections = [
        _timescales(db, f, this, last, short, units, years, threshold, then),
        _themes(f, this, last, years, threshold),
        _impact(db, f, threshold, min(f.as_of, end), this["learning_loop"].frame, kind),
        _recommendations(f, this, last, heads, heads_before, years, threshold, then),
        _audits(f, this, last, heads, heads_before, years, threshold),
        _training(f, this, last, heads, heads_before, years, threshold),
        _data_quality(db, f, this, short, years, freshness, edition),
        _national(db, f, threshold, hidden),
    ]
    if edition == "board":
        sections += [_reviews_of_the_year(db, f, short, years),
                     _recommendations_by_review(db, f, years)]
    sections = [_settled(s) for s in sections]
    start = int(f.period[:4])
    whose = db.scope.whose(f.board)
    board = whose[:1].upper() + whose[1:]
    stamp = [
        ("Board", board + (f" ({BOARD_TYPE_WORDS[f.board_type]} arrangements)"
                           if f.board_type else "")),
        ("Financial year", f"{f.period}: 1 April {start} to 31 March {start + 1}"
         + (f"; the quarter {f.quarter}" if f.quarter else "")
         + f", compared with {last_year}"),
        ("Figures as of", _as_of_words(f.as_of, end, year, then is not None)),
        ("What is counted", _counted(year, freshness, f.board is not None)),
        *([("Filters", extra)] if (extra := _extra_filters(f)) else []),
        ("Edition", "Board edition: names each review and recommendation. Not for publication."
         if edition == "board" else
         "Publication edition: small numbers hidden under the board's disclosure policy; no "
         "review or recommendation named."),
    ]
    command = _command(f, threshold, edition, data.number, db.scope)
    colophon = [
        ("Made for", db.scope.describe(f)),
        ("Data", _stored(freshness)),
        ("Data version", data.words()),
        ("To make the same report again", command
         + (" (EMAIL: the email of the person it was made for, whose boards it covers)"
            if "--as EMAIL" in command else "")
         + (" (while no later upload is stored: the embedded file keeps only the latest "
            "records)" if data.kind == "upload" else "")),
        ("Produced", f"{dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC"),
    ]
    title = f"Annual report: {whose}, {year}" + (
        f". Board edition: {NOT_FOR_PUBLICATION}" if edition == "board" else "")
    return Report(title, board, year, last_year, f.as_of, stamp, threshold,
                  small_numbers(threshold), sections, edition, colophon, command,
                  data.words())


def _all_hidden(table: ReportTable) -> bool:
    """Whether every figure of a table is hidden or missing (there is nothing to read)."""
    figures = [row[i] for row in table.rows for i, numeric in enumerate(table.numeric)
               if numeric]
    return bool(figures) and all(v in (SUPPRESSED, MISSING, "") for v in figures)


def _settled(section: Section) -> Section:
    """A section as printed: a table whose figures are all hidden said in one sentence with
    its true reason (and then no sentence about a chart it could not draw either); each note
    said once in the section; a section with nothing to show says so in one line."""
    tables, said, gone = [], [], False
    for table in section.tables:
        if not _all_hidden(table):
            tables.append(table)
            continue
        gone = True
        n = len(table.rows)
        if any(v == SUPPRESSED for row in table.rows for v in row):
            said.append(f"{table.title}: every figure is hidden for "
                        + ("the one row" if n == 1 else f"all {n:,} {table.rows_are}")
                        + f" ({table.hidden_why or reason_words(None, 0)}), so the table is "
                        "not printed.")
        else:
            said.append(f"{table.title}: no figures.")
    chart = section.chart
    if gone and chart is not None and chart.figure is None:
        chart = None
    seen: set[str] = set(section.summary)
    for table in tables:
        kept = []
        for note in table.notes:
            if note not in seen:
                kept.append(note)
                seen.add(note)
        table.notes = kept
    notes = []
    for note in section.notes:
        if note not in seen:
            notes.append(note)
            seen.add(note)
    summary = [*section.summary, *said]
    if not tables and chart is None and not said and len(summary) <= 1:
        summary.append("Nothing to show for these filters.")
    return Section(section.heading, summary, chart, tables, notes)


def _hidden_why(table: Table, columns: list[str], noun: str, threshold: int) -> str:
    """Why a summary table's hidden figures are hidden: each reason its suppression recorded,
    in words, once."""
    if table.reasons is None:
        return reason_words(None, threshold)
    words = {PRIMARY: f"each a count from 1 to {threshold - 1}",
             SECONDARY: "hidden beside another hidden count so that it cannot be worked out",
             SMALL_BASE: f"resting on fewer than {threshold} {noun}".rstrip(),
             FROM_HIDDEN: "made from a hidden count"}
    found = [r for c in columns if c in table.reasons.columns
             for r in table.reasons[c].dropna().unique()]
    said = list(dict.fromkeys(words.get(str(r), reason_words(str(r), threshold, noun))
                              for r in found))
    return "; or ".join(said) or reason_words(None, threshold)


def one_name(text: str) -> str:
    """One name for each kind of review: a Domestic Homicide Review is a DARDR now, as the
    review types say ("DARDR (formerly DHR)"), in a measure's name too."""
    return re.sub(r"(?<!formerly )\bDHRs?\b", lambda m: "DARDR" + m.group(0)[3:], text)


def _as_of_words(as_of: dt.date, end: dt.date, year: str, changed: bool) -> str:
    """The as-of date, said plainly, and what it means beside the year's end."""
    day = f"{as_of.day} {as_of:%B %Y}"
    last = f"{end.day} {end:%B %Y}"
    if changed:
        return (f"{day}. Where a figure changed after {year} ended on {last} (a clock stopped, a "
                "recommendation completed), it is also given as it stood then.")
    if as_of < end:
        return f"{day}: {year} had not ended, so its figures are to that day."
    return f"{day}, the last day of {year}."


def _counted(year: str, freshness: pd.DataFrame, one_board: bool) -> str:
    """What the figures count, in a reader's words."""
    stored = freshness.dropna(subset=["last_upload"])
    whose = "the board's" if one_board else "the boards'"
    held = (f", as {whose} records stood on {stored['last_upload'].max():%d/%m/%Y}"
            if not stored.empty else "")
    return (f"The reviews decided or notified in {year} and their timescales, the "
            "recommendations agreed, the case audits completed and the multi-agency training "
            f"booked in {year}{held}.")


def _extra_filters(f: Filters) -> str:
    """A filter beyond the board and the year, in words (empty when there is none)."""
    said = [*([f"only {f.agency}'s figures where a figure has an agency"] if f.agency else []),
            *([f"only the theme {f.theme}"] if f.theme else [])]
    return "; ".join(said)


def _command(f: Filters, threshold: int, edition: Edition, version: int, scope: Scope) -> str:
    """The command line that makes this report again from the same data (FORMAT to fill); as
    the person it was made for (--as, their email to fill) where their boards are not all."""
    words = ["assurance", "export", "report"]
    for flag, value in (("--board", f.board), ("--board-type", f.board_type),
                        ("--period", f.period), ("--quarter", f.quarter),
                        ("--agency", f.agency), ("--theme", f.theme)):
        if value:
            words += [flag, str(value)]
    words += ["--as-of", f"{f.as_of:%Y-%m-%d}", "--edition", edition,
              "--threshold", str(threshold), "--snapshot", str(version)]
    person = " --as EMAIL" if not scope.every_board and not f.board else ""
    return " ".join(shell_word(w) for w in words) + person + " --format FORMAT"


def _timescales(db: Reader, f: Filters, this: dict[str, Table],
                last: dict[str, Table], short: dict[str, str], units: dict[str, str],
                years: tuple[str, str], threshold: int, then: Then | None) -> Section:
    now, before = this["timescales"].frame, last["timescales"].frame
    counts = ("met", "missed", "overdue", "pending")
    notes = q.notes(q.timescale_compliance, f)
    table = _table(f"Timescales, {years[0]} beside {years[1]}", now, before,
                   Columns(("measure",), ("met", "missed", "overdue", "pending",
                                          "compliance_pct", "median_elapsed"),
                           ("compliance_pct",), drop_if_zero=counts),
                   years=years, notes=notes, key_words={"measure": short}, units=units)
    applies = {row[0] for row in table.rows}
    previous = {r["measure"]: r for _, r in before.iterrows()}
    sentences = []
    bars = []
    why = dict(zip(now.index, _why(this["timescales"], now.index, "compliance_pct", "clocks",
                                   threshold), strict=True))
    for index, row in now.iterrows():
        name = short.get(str(row.measure), str(row.label))
        if name not in applies:
            continue
        pct = _percent(row, "compliance_pct")
        old = previous.get(row.measure)
        if pct is not None:
            counted = sum(int(v) for v in (row.met, row.missed, row.overdue))
            sentences.append(f"{name}: {pct} within timescale in {years[0]} ({row.met:,} of "
                             f"{plural(counted, 'clock')}; "
                             f"{_compared(old, 'compliance_pct', years[1])}).")
        elif row.compliance_pct == SUPPRESSED:
            sentences.append(f"{name}: not shown for {years[0]}, "
                             f"{why[index] or reason_words(None, threshold)} "
                             f"({_compared(old, 'compliance_pct', years[1])}).")
        else:
            sentences.append(f"{name}: no clock stopped or passed its due date in {years[0]}.")
        if not _missing(row.compliance_pct):
            bars.append(Bar(name, row.compliance_pct,
                            old["compliance_pct"] if old is not None else None, why[index],
                            pct, _percent(old, "compliance_pct")))
    if not sentences:
        sentences = [f"No timescale clock started in {years[0]} for these filters."]
    chart = two_year_bars(bars, this_year=years[0], last_year=years[1],
                          measure="compliance with each timescale (%)", noun="clocks",
                          threshold=threshold)
    tables = [table]
    if then is not None:
        tables.append(_timescales_then(then, now, short, years[0], f.as_of, notes, applies))
    by_board = this["timescales_by_board"].frame
    if not f.board and by_board["board"].nunique() > 1:
        tables.append(_table(
            f"Timescales by board, {years[0]}", by_board, None,
            Columns(("board", "measure"), ("met", "missed", "overdue", "pending",
                                           "compliance_pct"), drop_if_zero=counts),
            years=years, notes=notes, key_words={"measure": short}))
    return Section("Statutory and guidance timescales",
                   ["Each review's clocks are measured against the timescale rules in working "
                    "days (England and Wales bank holidays excluded) or months. An open clock "
                    "past its due date counts as missed; one not yet due counts in neither.",
                    *sentences], chart, tables)


def _board_type(f: Filters, this: dict[str, Table]) -> str | None:
    """The one type of board the report is about (children's or adults'), or None for both."""
    if f.board_type:
        return f.board_type
    types = set(this["themes"].frame["board_type"].dropna().astype(str))
    return types.pop() if len(types) == 1 else None


def _in_own_words(tables: dict[str, Table], kind: str | None) -> None:
    """Each theme as the report's one type of board (`kind`) names it ('voice of the child' on
    a children's board); on both types together, the one stored label everywhere."""
    if kind is None:
        return
    for name in ("themes", "learning_loop"):
        if name in tables:
            frame = tables[name].frame
            frame["theme"] = [theme_words(t, kind) if isinstance(t, str) else t
                              for t in frame["theme"]]


def _themes(f: Filters, this: dict[str, Table], last: dict[str, Table],
            years: tuple[str, str], threshold: int) -> Section:
    now, before = this["themes"].frame, last["themes"].frame
    board_types = [bt for bt in now["board_type"].unique()]
    both = len(board_types) > 1
    notes = q.notes(q.theme_shares, f, source="reviews")
    sentences = []
    for board_type in board_types:
        mine = now[now["board_type"] == board_type]
        total = _figure(mine["items_total"].iloc[0]) if len(mine) else None
        whose = BOARD_TYPE_WORDS.get(str(board_type), str(board_type))
        shown = mine[mine["share_pct"].map(lambda v: _figure(v) is not None)]
        shown = shown[pd.to_numeric(shown["items_with_theme"], errors="coerce") > 0]
        if total is None:
            sentences.append(f"Too few {whose} reviews in {years[0]} to report theme shares.")
            continue
        if shown.empty:
            sentences.append(f"No theme was named in {threshold} or more of the {total} {whose} "
                             f"reviews in {years[0]}.")
            continue
        top = shown.loc[pd.to_numeric(shown["share_pct"]).idxmax()]
        previous = before[(before["board_type"] == board_type) & (before["theme"] == top.theme)]
        sentences.append(
            f"The theme most often raised in {whose} reviews in {years[0]} was {top.theme}: "
            f"{_percent(top, 'share_pct')} of {total} reviews "
            f"({_compared(previous.iloc[0] if len(previous) else None, 'share_pct', years[1])}).")
    loop = this["learning_loop"].frame
    gaps = loop.dropna(subset=["gap"])
    if len(gaps):
        sentences.append(f"{plural(len(gaps), 'theme')} raised in reviews in {years[0]} "
                         f"had no audit or no training to match: " + "; ".join(
                             f"{r.theme} ({r.gap})" for r in gaps.itertuples()) + ".")
    elif len(loop):
        sentences.append(f"Every theme raised in reviews in {years[0]} was examined by an audit "
                         "and covered by training.")

    def named(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        if both:
            out["theme"] = [f"{t} ({BOARD_TYPE_WORDS.get(str(b), b)})"
                            for t, b in zip(out["theme"], out["board_type"], strict=True)]
        return out

    ranked = named(now)
    ranked = ranked[pd.to_numeric(ranked["items_with_theme"], errors="coerce").fillna(1) > 0]
    ranked["order"] = pd.to_numeric(ranked["share_pct"], errors="coerce")
    top = ranked.sort_values("order", ascending=False, kind="stable")
    top = pd.concat([top[top["order"].notna()].head(10), top[top["share_pct"] == SUPPRESSED]])
    chart = two_year_bars(bars_from(top, "theme", "share_pct", named(before), key="theme",
                                    why=_why(this["themes"], top.index, "share_pct", "reviews",
                                             threshold)),
                          this_year=years[0], last_year=years[1],
                          measure="share of reviews raising the theme (%)", noun="reviews",
                          threshold=threshold)
    keys = ("theme", "board_type") if both else ("theme",)
    columns = Columns(keys, ("reviews", "share_pct"), ("reviews", "share_pct"),
                      renamed=(("items_with_theme", "reviews"),), drop_if_zero=("reviews",))
    themes = _table(f"Themes in reviews, {years[0]} beside {years[1]}", now, before, columns,
                    years=years, notes=notes, key_words={})
    themes.rows_are, themes.hidden_why = "themes", _hidden_why(
        this["themes"], ["items_with_theme", "share_pct"], "reviews", threshold)
    looped = _table(f"The learning loop, {years[0]}", loop.assign(gap=loop["gap"].fillna("")),
                    None, Columns(("theme",), ("reviews", "recommendations",
                                               "recommendations_overdue", "audits",
                                               "audits_below_good", "training_sessions",
                                               "training_attendees", "missing_link"),
                                  renamed=(("gap", "missing_link"),),
                                  drop_if_zero=("reviews", "recommendations", "audits",
                                                "training_sessions")),
                    years=years, notes=q.notes(q.learning_loop, f), key_words={})
    looped.rows_are, looped.hidden_why = "themes", _hidden_why(
        this["learning_loop"], list(loop.columns), "reviews", threshold)
    tables = [themes, looped]
    return Section("Learning themes and the learning loop",
                   ["Themes come from one vocabulary shared by children's and adults' boards. "
                    "The learning loop follows each theme from the reviews that raised it to "
                    "recommendations, audits and training.", *sentences], chart, tables)


# Which disclosure group each thing that followed a theme's actions counts under: reviews
# raising a theme are its themes; audits and training on a theme, its learning loop.
_IMPACT_GROUPS = {"reviews_raising_it": "themes", "audits_good_or_better": "learning_loop",
                  "confident_after_training": "learning_loop"}


# The impact table counts each theme's recommendations over every year, not the report's year.
_IMPACT_HEADERS = {"recommendations": "Recommendations, all years",
                   "completed": "Completed, all years"}


def _followed_up(cut_over: object, day: dt.date) -> bool:
    """Whether the follow-up time after a theme's cut-over had passed on `day`."""
    if _missing(cut_over):
        return False
    due = pd.Timestamp(cut_over) + pd.DateOffset(months=FOLLOW_UP_MONTHS)  # type: ignore[arg-type]
    return bool(due.date() <= day)


def _impact(db: Reader, f: Filters, threshold: int, day: dt.date,
            loop: pd.DataFrame, kind: str | None) -> Section:
    """Did our actions make a difference? As it stood on `day` (the year's end, or the as-of
    date before it): for each theme with recommendations, where its actions stand (those
    completed with no audit within the follow-up time first), and for each with a cut-over,
    what followed: shares before and after, with their intervals. A theme's counts that the
    learning loop (`loop`) hides, or that are small where the policy protects them, are hidden
    here too, with the sentences that would give them away."""
    frame = q.theme_impact(db, f.but(as_of=day))
    frame["theme"] = [theme_words(str(t), kind) for t in frame["theme"]]
    every = impact.overview(frame)
    policy = load_policy()
    protect = {key: (threshold if policy.kind(group) == "cases" else 0)
               for key, group in _IMPACT_GROUPS.items()}
    below = threshold if policy.kind("learning_loop") == "cases" else 0
    recommendations_hidden = {str(r.theme) for r in loop.itertuples()
                              if r.recommendations == SUPPRESSED}
    audits_hidden = {str(r.theme) for r in loop.itertuples() if r.audits == SUPPRESSED}

    def small(n: int) -> bool:
        return 0 < n < below

    hide = {str(r.theme) for r in frame.itertuples()
            if str(r.theme) in recommendations_hidden or small(int(r.recommendations))
            or small(int(r.completed)) or small(int(r.recommendations) - int(r.completed))}
    hide_audits = {str(r.theme) for r in frame.itertuples()
                   if str(r.theme) in audits_hidden or small(int(r.audits_since))}
    reported = f.quarter or f.period
    when = (f"as it stood on {day:%d/%m/%Y}, the end of {reported}" if day < f.as_of
            else f"as it stood on {day:%d/%m/%Y}")
    summary = [
        f"For each learning theme with recommendations, {when}: once more than half of them "
        "were completed (the cut-over), did fewer new reviews raise it, and did audits on it "
        "and confidence after training on it improve? Each share is compared between the two "
        "years before the cut-over and the time from it to that day (at most two years), so "
        f"it reaches beyond {reported} alone.", impact.CLEAR_RULE, impact.NOT_CAUSE,
        f"An audit on a theme is expected within {FOLLOW_UP_MONTHS} months of its cut-over: "
        "only after that is assurance called missing."]
    overdue = [r for r in every.itertuples()
               if r.where_it_stands == impact.MISSING and _followed_up(r.cut_over, day)]
    awaited = [r for r in every.itertuples()
               if r.where_it_stands == impact.MISSING and not _followed_up(r.cut_over, day)]
    if overdue:
        summary.append(f"Assurance that practice changed is missing for "
                       f"{plural(len(overdue), 'theme')}: the actions were completed more than "
                       f"{FOLLOW_UP_MONTHS} months before {day:%d/%m/%Y} and no audit has looked "
                       "at the theme since: "
                       + "; ".join(str(r.theme) for r in overdue) + ".")
    if awaited:
        summary.append(f"A follow-up audit was not yet due for {plural(len(awaited), 'theme')}, "
                       f"whose cut-over was less than {FOLLOW_UP_MONTHS} months before "
                       f"{day:%d/%m/%Y}: " + "; ".join(str(r.theme) for r in awaited)
                       + ".")
    told = [r for r in frame.itertuples() if str(r.theme) not in hide and (
        impact.telling(r._replace(audits_since=1), protect)
        or (int(r.audits_since) == 0 and _followed_up(r.cut_over, day)))]
    for row in sorted(told, key=lambda r: (int(r.audits_since) > 0, r.sort_order)):
        said = impact.sentences(row, protect)[:-1]          # "not cause" is said once, above
        if not _followed_up(row.cut_over, day):
            said = [s for s in said if "assurance that practice changed is missing" not in s]
        summary += said
    quiet = len(frame) - len(told)
    if quiet:
        summary.append(f"For the other {plural(quiet, 'theme')} the table says where their "
                       "actions stand: too few items either side to tell, not yet more than half "
                       "of their recommendations completed, or counts too small to publish.")

    def count(theme: str, n: object, hidden: set[str]) -> str:
        return SUPPRESSED if theme in hidden and int(n) != 0 else f"{int(n):,}"  # type: ignore[call-overload]

    def stands(r: object) -> str:
        words = str(r.where_it_stands)  # type: ignore[attr-defined]
        if words == impact.MISSING and not _followed_up(r.cut_over, day):  # type: ignore[attr-defined]
            return f"completed; audit not yet due ({FOLLOW_UP_MONTHS} months from the cut-over)"
        return words

    rows = [[str(r.theme), stands(r), count(str(r.theme), r.recommendations, hide),
             count(str(r.theme), r.completed, hide), _day(r.cut_over),
             count(str(r.theme), r.audits_since, hide_audits),
             *(str(getattr(r, m.key)) if isinstance(getattr(r, m.key), str)
               and str(r.theme) not in hide else MISSING for m in impact.MEASURES)]
            for r in every.itertuples()]
    table = ReportTable(
        f"Where each theme's actions stand, and the change seen: {reported}, as on "
        f"{day:%d/%m/%Y}",
        [_IMPACT_HEADERS.get(c, header(c)) for c in every.columns], rows,
        [False, False, True, True, False, True, False, False, False],
        [*q.notes(q.theme_impact, f)], rows_are="themes",
        hidden_why=f"counts about people's cases from 1 to {threshold - 1}, or hidden in the "
                   "learning loop above")
    return Section("Did our actions make a difference?", summary, None,
                   [table] if rows else [])


_STATUS_WORDS = labels("recommendation_status")


def _recommendations(f: Filters, this: dict[str, Table], last: dict[str, Table],
                     heads: dict[str, Table], heads_before: dict[str, Table],
                     years: tuple[str, str], threshold: int, then: Then | None) -> Section:
    everyone, everyone_before = _first_row(heads["recommendations"]), _first_row(
        heads_before["recommendations"])
    notes = q.notes(q.recommendation_status, f)
    statuses = list(_STATUS_WORDS)
    sentences = []
    if everyone is not None and everyone["total"] != 0:
        done = [everyone[s] for s in ("completed", "assured")]
        sentences.append(
            f"{_count(everyone['total'], 'recommendations')} were agreed in {years[0]} "
            f"({_compared(everyone_before, 'total', years[1])}). On {f.as_of:%d/%m/%Y}, "
            + (f"{sum(int(v) for v in done):,} had been completed or assured"
               if all(_figure(v) is not None for v in done)
               else "the number completed or assured is not shown ("
               + _first_why(heads["recommendations"], "completed", "", threshold) + ")")
            + (f" and {_figure(everyone['overdue'])} were overdue."
               if _figure(everyone["overdue"]) is not None
               else "; the number overdue is not shown ("
               + _first_why(heads["recommendations"], "overdue", "", threshold) + ")."))
    else:
        sentences.append(f"No recommendations were agreed in {years[0]} for these filters.")
    bars = [Bar(_STATUS_WORDS[s], everyone[s] if everyone is not None else None,
                everyone_before[s] if everyone_before is not None else None,
                _first_why(heads["recommendations"], s, "", threshold)
                if everyone is not None and everyone[s] == SUPPRESSED else None)
            for s in statuses]
    chart = two_year_bars([b for b in bars if not (b.this_year == 0 and b.last_year in (0, None))],
                          this_year=years[0], last_year=years[1],
                          measure="recommendations by status", noun="recommendations",
                          threshold=threshold, percent=False, axis="Recommendations")
    table = _table(f"Recommendations by owner, {years[0]} beside {years[1]}",
                   this["recommendations"].frame, last["recommendations"].frame,
                   Columns(("owner",), (*statuses, "overdue", "total"), ("total",),
                           drop_if_zero=("total",)),
                   years=years, notes=notes, key_words={})
    tables = [table]
    ended = _first_row(then.heads["recommendations"]) if then is not None else None
    if then is not None and ended is not None and everyone is not None \
            and everyone["total"] != 0:
        tables.insert(0, ReportTable(
            f"Recommendations agreed in {years[0]}: at the year's end and on {f.as_of:%d/%m/%Y}",
            ["State", f"On {then.day:%d/%m/%Y}", f"On {f.as_of:%d/%m/%Y}"],
            [[_STATUS_WORDS.get(c, column_label(c)), cell(ended[c], c), cell(everyone[c], c)]
             for c in (*statuses, "overdue", "total")], [False, True, True],
            [f"A recommendation's state on each day comes from its dates (agreed, completed, "
             f"assured): one completed after {then.day:%d/%m/%Y} was open then.", *notes]))
        open_then = [ended[t.code] for t in terms("recommendation_status") if t.get("is_open")]
        if all(_figure(v) is not None for v in (*open_then, ended["overdue"])):
            sentences.append(
                f"At the year's end ({then.day:%d/%m/%Y}), "
                f"{sum(int(v) for v in open_then):,} of them were still open and "
                f"{_figure(ended['overdue'])} overdue.")
    return Section("Recommendations",
                   ["Each review's recommendations are owned by an agency or by the board; "
                    "'assured' means the board has seen evidence that practice changed. A "
                    "recommendation belongs to the year it was agreed.", *sentences], chart,
                   tables)


def _audits(f: Filters, this: dict[str, Table], last: dict[str, Table],
            heads: dict[str, Table], heads_before: dict[str, Table],
            years: tuple[str, str], threshold: int) -> Section:
    every, every_before = _first_row(heads["audits"]), _first_row(heads_before["audits"])
    notes = q.notes(q.audit_grades, f, by="agency")
    if every is not None and every["total"] != 0:
        share = _percent(every, "good_or_better_pct")
        before = _compared(every_before, "good_or_better_pct", years[1])
        sentences = [
            f"{_count(every['total'], 'audits')} were completed in {years[0]}. "
            + (f"{share} were graded good or outstanding ({before})." if share is not None else
               "The share graded good or outstanding is not shown: "
               + _first_why(heads["audits"], "good_or_better_pct", "audits", threshold)
               + f" ({before}).")]
    else:
        sentences = [f"No audits were completed in {years[0]} for these filters."]
    now, before = this["audits_by_agency"].frame, last["audits_by_agency"].frame
    chart = two_year_bars(bars_from(now, "agency", "good_or_better_pct", before,
                                    why=_why(this["audits_by_agency"], now.index,
                                             "good_or_better_pct", "audits", threshold)),
                          this_year=years[0], last_year=years[1],
                          measure="audits graded good or better (%)", noun="audits",
                          threshold=threshold)
    grades = tuple(labels("audit_grade"))
    table = _table(f"Audit grades by agency, {years[0]} beside {years[1]}", now, before,
                   Columns(("agency",), (*grades, "total", "good_or_better_pct"),
                           ("good_or_better_pct",), drop_if_zero=("total",)),
                   years=years, notes=notes, key_words={})
    return Section("Audits",
                   ["Single- and multi-agency case audits, graded on the inspectors' four-point "
                    "scale (outstanding, good, requires improvement, inadequate).", *sentences],
                   chart, [table])


def _training(f: Filters, this: dict[str, Table], last: dict[str, Table],
              heads: dict[str, Table], heads_before: dict[str, Table],
              years: tuple[str, str], threshold: int) -> Section:
    every, every_before = _first_row(heads["training"]), _first_row(heads_before["training"])
    notes = q.notes(q.training_uptake, f)
    if every is not None and every["booked"] != 0:
        attended, no_show = (_percent(every, "attendance_pct"), _percent(every, "no_show_pct"))
        sentences = [
            f"{_count(every['booked'], 'places')} were booked on multi-agency training in "
            f"{years[0]}; "
            + (f"{attended} attended" if attended else "attendance is not shown ("
               + _first_why(heads["training"], "attendance_pct", "bookings", threshold) + ")")
            + (f" and {no_show} of those expected did not attend" if no_show else "")
            + f" ({_compared(every_before, 'attendance_pct', years[1])} attended)."]
    else:
        sentences = [f"No training places were booked in {years[0]} for these filters."]
    now, before = this["training_by_agency"].frame, last["training_by_agency"].frame
    chart = two_year_bars(bars_from(now, "agency", "attendance_pct", before,
                                    why=_why(this["training_by_agency"], now.index,
                                             "attendance_pct", "bookings", threshold)),
                          this_year=years[0], last_year=years[1],
                          measure="places attended (%)", noun="bookings", threshold=threshold)
    figures = ("booked", "attended", "did_not_attend", "cancelled", "attendance_pct",
               "no_show_pct")
    tables = [
        _table(f"Training by agency, {years[0]} beside {years[1]}", now, before,
               Columns(("agency",), figures, ("attendance_pct",), drop_if_zero=("booked",)),
               years=years, notes=notes, key_words={}),
        _table(f"Training by workforce, {years[0]} beside {years[1]}",
               this["training_by_workforce"].frame, last["training_by_workforce"].frame,
               Columns(("workforce",), figures, ("attendance_pct",), drop_if_zero=("booked",)),
               years=years, notes=notes, key_words={}),
    ]
    return Section("Training",
                   ["Multi-agency training run by the partnership. The no-show rate is those "
                    "who did not attend out of those expected (attended or did not attend); a "
                    "cancellation made in advance is not a no-show.", *sentences], chart, tables)


def _yes(value: object) -> bool:
    """A yes/no from the records, where a gap (a recommendation with no due date is neither
    overdue nor not) is no."""
    return not _missing(value) and bool(value)


def _day(value: object) -> str:
    """A date as a reader writes it (day/month/year), or a dash."""
    return MISSING if _missing(value) else f"{pd.Timestamp(value):%d/%m/%Y}"  # type: ignore[arg-type]


def _timescales_then(then: Then, now: pd.DataFrame, short: dict[str, str], year: str,
                     as_of: dt.date, notes: list[str], applies: set[str]) -> ReportTable:
    """Each measure's clocks of the year as they stood at its end beside the as-of date: a
    clock pending then may have been met or missed since."""
    before = {row["measure"]: row for _, row in then.tables["timescales"].frame.iterrows()}
    heads = ["Measure", f"Compliance on {then.day:%d/%m/%Y}", f"Overdue on {then.day:%d/%m/%Y}",
             f"Pending on {then.day:%d/%m/%Y}", f"Compliance on {as_of:%d/%m/%Y}",
             f"Overdue on {as_of:%d/%m/%Y}"]
    rows = []
    for _, row in now.iterrows():
        name = short.get(str(row.measure), str(row.label))
        if name not in applies:
            continue
        old = before.get(row.measure)
        rows.append([name, *([row_cell(old, "compliance_pct"), cell(old.overdue, "n"),
                              cell(old.pending, "n")] if old is not None else [MISSING] * 3),
                     row_cell(row, "compliance_pct"), cell(row.overdue, "n")])
    return ReportTable(f"Timescales of {year}: at the year's end and on {as_of:%d/%m/%Y}",
                       heads, rows, [False] + [True] * 5,
                       [f"The clocks started in {year}, as they stood on {then.day:%d/%m/%Y} "
                        f"and on {as_of:%d/%m/%Y}: a clock pending at the year's end may have "
                        "been met or missed since.", *notes])


def _reviews_of_the_year(db: Reader, f: Filters, short: dict[str, str],
                         years: tuple[str, str]) -> Section:
    """Each review of the year: its reference, type and stage, each clock's dates and whether
    it was met, and its publication, as the seed documents' responses set them out."""
    heading = f"The reviews of {years[0]}"
    reviews = q.review_list(db, f)
    clocks = q.timescale_records(db, f.but(period=None, quarter=None))
    clocks = clocks[clocks["status"] != "not_applicable"]
    said: dict[tuple[str, str], list[str]] = {}
    status_words = {"met": "met", "missed": "missed", "overdue": "overdue",
                    "pending": "not yet due"}
    for c in clocks.itertuples():
        when = (_day(c.end_date) if not _missing(c.end_date)
                else f"due {_day(c.due_date)}" if not _missing(c.due_date) else "no date")
        said.setdefault((str(c.board), str(c.review_id)), []).append(
            f"{short.get(str(c.measure), str(c.measure))}: {status_words.get(c.status, c.status)}"
            f" ({when})")
    kinds, stages = labels("review_type"), {"open": "Open", "closed": "Closed"}
    rows = [[str(r.review_id), kinds.get(str(r.review_type), str(r.review_type)),
             stages.get(str(r.status), MISSING if _missing(r.status) else str(r.status)),
             "; ".join(said.get((str(r.board), str(r.review_id)), [])) or MISSING,
             _day(r.publication_date) if not _missing(r.publication_date) else "Not yet"]
            for r in reviews.itertuples()]
    with_board = not f.board and reviews["board"].nunique() > 1
    if with_board:
        rows = [[str(b), *row] for b, row in zip(reviews["board"], rows, strict=True)]
    header = [*(["Board"] if with_board else []), "Review", "Type", "Stage",
              "Timescales (date, or when due)", "Published"]
    published = int(reviews["publication_date"].notna().sum())
    summary = [f"{plural(len(reviews), 'review')} belong{'s' if len(reviews) == 1 else ''} to "
               f"{years[0]} (a review's year is that of "
               "its decision, else its notification, awareness or rapid review date); "
               f"{published:,} of them published." if len(reviews) else
               f"No review belongs to {years[0]} for these filters."]
    table = ReportTable(f"The reviews of {years[0]}", header, rows, [False] * len(header),
                        q.notes(q.review_list, f))
    return Section(heading, summary, None, [table] if rows else [])


def _recommendations_by_review(db: Reader, f: Filters,
                               years: tuple[str, str]) -> Section:
    """Each recommendation agreed in the year, grouped by its review: what was asked, of whom,
    by when, its state on the as-of date, the latest progress and the evidence of impact."""
    heading = f"Recommendations agreed in {years[0]}, review by review"
    records = q.recommendation_records(db, f).sort_values(
        ["board", "review_id", "recommendation_id"], na_position="last", kind="stable")
    tables = []
    for (board, review), group in records.groupby(["board", "review_id"], sort=False,
                                                  dropna=False):
        name = str(review) if not _missing(review) else "No review named"
        rows = [[str(r.recommendation_id), str(r.recommendation), str(r.owner),
                 _day(r.due_date),
                 _STATUS_WORDS.get(str(r.status), str(r.status))
                 + (" (overdue)" if _yes(r.is_overdue) else ""),
                 MISSING if _missing(r.status_reason) else str(r.status_reason),
                 MISSING if _missing(r.evidence_of_impact) else str(r.evidence_of_impact)]
                for r in group.itertuples()]
        title = (f"Review {name}" + (f" ({board})" if not f.board else "")
                 + f": its recommendations agreed in {years[0]}")
        tables.append(ReportTable(title, ["Ref", "Recommendation", "Owner", "Due",
                                          f"State on {f.as_of:%d/%m/%Y}", "Latest progress",
                                          "Evidence of impact"], rows, [False] * 7))
    summary = [f"{plural(len(records), 'recommendation')} from {plural(len(tables), 'review')}, "
               "each with "
               f"its state on {f.as_of:%d/%m/%Y} as the records' dates give it." if len(records)
               else f"No recommendation was agreed in {years[0]} for these filters."]
    if tables:
        tables[0].notes.extend(q.notes(q.recommendation_records, f))
    return Section(heading, summary, None, tables)


def _data_quality(db: Reader, f: Filters, this: dict[str, Table],
                  short: dict[str, str], years: tuple[str, str],
                  freshness: pd.DataFrame, edition: Edition) -> Section:
    completeness = this["completeness"].frame
    gaps = completeness[completeness["complete_pct"].map(
        lambda v: _figure(v) is not None and not math.isclose(float(v), 100.0))]
    sentences = ["A review without the date that starts a clock is left out of that "
                 "timescale's figures; the table shows how many hold it."]
    if len(gaps):
        worst = gaps.loc[pd.to_numeric(gaps["complete_pct"]).idxmin()]
        kind = labels("review_type").get(str(worst.review_type), str(worst.review_type))
        sentences.append(f"The least complete: {short.get(str(worst.measure), worst.label)} "
                         f"({kind}), where {_percent(worst, 'complete_pct')} of reviews hold "
                         "the date that starts the clock.")
    sentences.append(unmapped_note(db, f, texts=edition == "board"))
    sentences += [f"{item.removeprefix('Freshness: ').capitalize()}: {detail}"
                  for item, detail in freshness_note(freshness, f, db.scope)]
    table = _table(f"Completeness of the dates that start each clock, {years[0]}", completeness,
                   None, Columns(("measure", "review_type", "start_column"),
                                 ("reviews", "with_date", "complete_pct"),
                                 renamed=(("needs", "start_column"),)),
                   years=years, notes=q.notes(q.timescale_completeness, f),
                   key_words={"measure": short})
    return Section("Data quality caveats", sentences, None, [table],
                   notes=[*q.notes(q.data_freshness, f),
                          *q.notes(q.unmapped_mentions, f, source="reviews")])


# -- national context -----------------------------------------------------------------------

NATIONAL = "National context"


def _national(db: Reader, f: Filters, threshold: int,
              hidden: Collection[tuple[str, str]]) -> Section:
    """The national context of the report's board and year, and the trend since 2019-20."""
    assert f.period is not None
    frame = context_frame(db, f.but(period=None, quarter=None))
    ground = footing(db, f)
    only = list(ground.footprints) if not f.board and len(ground.footprints) == 1 else []
    return national_section(frame, ground, board=f.board or (only[0] if only else None),
                            year=f.period, threshold=threshold,
                            hidden=hidden, notes=context_notes(f))


def _national_table(table: NationalTable, title: str, first: bool) -> ReportTable:
    notes = [*([table.hidden] if table.hidden else []), *table.caveats, *table.sources,
             *([OPEN_DATA] if first else [])]
    return ReportTable(title, table.header, table.rows, table.numeric, notes, rows_are="areas",
                       hidden_why="the board's own counts, hidden under its disclosure policy")


def _national_chart(table: NationalTable, rows: pd.DataFrame, year: str) -> Chart | None:
    """The board's rate beside England's, its region's and its neighbours' median, this year
    beside the year before (from `rows`, the board's figures); a figure a publisher did not
    give is named, with its state."""
    before = previous_financial_year(year)
    drawn = pd.concat([table.chart, *(t.chart for t in national_tables(rows, year=before)
                                      if t.measure == table.measure)], ignore_index=True)
    bars = []
    for area in dict.fromkeys(drawn.loc[drawn["year"] == year, "area"]):
        now = drawn[(drawn["year"] == year) & (drawn["area"] == area)].iloc[0]
        then = drawn[(drawn["year"] == before) & (drawn["area"] == area)]
        old = then.iloc[0] if len(then) else None
        if _missing(now["value"]) and now["text"] in (MISSING, ""):
            continue                                    # a rounded count: no rate to draw
        bars.append(Bar(str(area), SUPPRESSED if _missing(now["value"]) else now["value"],
                        None if old is None or _missing(old["value"]) else old["value"],
                        None if not _missing(now["value"]) else str(now["text"]),
                        str(now["text"]),
                        None if old is None else str(old["text"])))
    if not bars:
        return None
    header = table.header
    rate = next(h for h in header if h.startswith("Rate per"))
    return two_year_bars(bars, this_year=year, last_year=before,
                         measure=f"{table.title[:1].lower()}{table.title[1:]}", noun="areas",
                         threshold=0, percent=False, axis=rate)


def national_section(frame: pd.DataFrame, ground: Footing, *, board: str | None, year: str,
                     threshold: int, hidden: Collection[tuple[str, str]] = (),
                     notes: list[str] | None = None) -> Section:
    """The national context section from the figures (`national_context`'s frame): the year's
    sentences and a table a measure, each with its caveats and sources, a chart of the first
    rate, and the trend of each rate since 2019-20. With no figure, why, and what to do."""
    rows = frame[frame["board"] == board] if board else frame
    short = missing(board, ground, rows)
    shown, said = year_shown(rows, year)
    if shown is None:
        return Section(NATIONAL, [INTRO, short or nothing_to_show(board, ground)], None,
                       [], list(notes or []))
    tables = national_tables(rows, year=shown, threshold=threshold,
                             hidden=hidden if shown == year else ())
    trends = trend_tables(rows)
    rates = [t for t in tables if any(h.startswith("Rate per") for h in t.header)]
    one = rows["board"].nunique() == 1            # several boards' areas are not one chart
    chart = _national_chart(rates[0], rows, shown) if rates and one else None
    printed = [_national_table(t, f"{t.title}, {shown}", i == 0) for i, t in enumerate(tables)]
    printed += [_national_table(t, t.title, False) for t in trends]
    return Section(NATIONAL, [INTRO, *([short] if short else []), *([said] if said else []),
                              *caveats(tables), *sentences(rows, tables, shown)],
                   chart, printed, list(notes or []))
