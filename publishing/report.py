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
from dataclasses import dataclass, field

import pandas as pd

from data_models import impact
from data_models import queries as q
from data_models.filters import BOARD_TYPE_WORDS, Filters, previous_financial_year
from data_models.labels import column_label, value_labels
from data_models.scope import Reader
from data_models.vocabularies import labels, terms
from publishing.disclosure import load_policy
from publishing.figures import Bar, Chart, bars_from, two_year_bars
from publishing.suppression import SUPPRESSED, reason_words
from publishing.tables import RATES, Table, freshness_note, report_tables, unmapped_note, written

MISSING = "–"


@dataclass
class ReportTable:
    """A table as the report prints it: a title that names its years, headers in words, every
    cell as text (suppressed cells as 'c'), and the notes a reader needs beside it."""

    title: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]                  # which columns hold figures (right-aligned)
    notes: list[str] = field(default_factory=list)


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
    stamp: list[tuple[str, str]]         # the title block: what, then its value
    threshold: int
    small_numbers: str                   # suppression, explained once
    sections: list[Section]


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
            f"{latest['last_upload']:%H:%M} UTC (the last upload behind them: "
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


def annual_report(db: Reader, f: Filters, threshold: int) -> Report:
    """The annual report for a board (or all) and a financial year, compared with the year
    before: what the Word and HTML reports both show."""
    if not f.period:
        raise ValueError("an annual report needs a financial year (--period 2023-24)")
    before, year, last_year = _years(f)
    this, heads = report_tables(db, f, threshold, THIS_YEAR)
    last, heads_before = report_tables(db, before, threshold, LAST_YEAR)
    end = period_end(f)
    then = (Then(end, *report_tables(db, f.but(as_of=end), threshold, ("timescales",)))
            if f.as_of > end else None)
    freshness = q.data_freshness(db, f)
    data = db.data_version()
    rules = q.timescale_rules(db, f.board)
    short = dict(zip(rules["rule_id"], rules["short_label"].fillna(rules["label"]), strict=True))
    units = {rule: _UNIT_OF_ELAPSED.get(unit, str(unit))
             for rule, unit in zip(rules["rule_id"], rules["unit"], strict=True)}
    years = (year, last_year)
    sections = [
        _timescales(db, f, this, last, short, units, years, threshold, then),
        _themes(f, this, last, years, threshold),
        _impact(db, f, threshold),
        _recommendations(f, this, last, heads, heads_before, years, threshold, then),
        _audits(f, this, last, heads, heads_before, years, threshold),
        _training(f, this, last, heads, heads_before, years, threshold),
        _data_quality(db, f, this, short, years, freshness),
        _reviews_of_the_year(db, f, short, years),
        _recommendations_by_review(db, f, years),
    ]
    start = int(f.period[:4])
    whose = db.scope.whose(f.board)
    board = whose[:1].upper() + whose[1:]
    stamp = [
        ("Board", board + (f" ({BOARD_TYPE_WORDS[f.board_type]} arrangements)"
                           if f.board_type else "")),
        ("Financial year", f"{f.period}, 1 April {start} to 31 March {start + 1}"
         + (f"; {f.quarter}" if f.quarter else "") + f", compared with {last_year}"),
        ("Figures as of", f"{f.as_of:%d/%m/%Y}" + (
            f"; where a figure has changed since the end of {year} (a clock stopped, a "
            f"recommendation completed), it is also given as it stood on {end:%d/%m/%Y}"
            if then else f" ({year} has not ended: its figures are to date)"
            if f.as_of < end else "")),
        ("Filters", db.scope.describe(f)),
        ("Figures include", _stored(freshness)),
        ("Data", f"{data.words()}; the same report is made again from the same data with "
                 f"{data.again()}"),
        ("Produced", f"{dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC"),
    ]
    return Report(f"Annual report: {db.scope.whose(f.board)}, {year}", board, year, last_year,
                  f.as_of, stamp, threshold, small_numbers(threshold), sections)


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
                             f"{counted:,} clocks; {_compared(old, 'compliance_pct', years[1])}).")
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
        sentences.append(f"{len(gaps)} theme(s) raised in reviews in {years[0]} had no audit or "
                         f"no training to match: " + "; ".join(
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
    tables = [
        _table(f"Themes in reviews, {years[0]} beside {years[1]}", now, before, columns,
               years=years, notes=notes, key_words={}),
        _table(f"The learning loop, {years[0]}", loop.assign(gap=loop["gap"].fillna("none")),
               None, Columns(("theme",), ("reviews", "recommendations",
                                          "recommendations_overdue", "audits",
                                          "audits_below_good", "training_sessions",
                                          "training_attendees", "missing_link"),
                             renamed=(("gap", "missing_link"),),
                             drop_if_zero=("reviews", "recommendations", "audits",
                                           "training_sessions")),
               years=years, notes=q.notes(q.learning_loop, f), key_words={}),
    ]
    return Section("Learning themes and the learning loop",
                   ["Themes come from one vocabulary shared by children's and adults' boards. "
                    "The learning loop follows each theme from the reviews that raised it to "
                    "recommendations, audits and training.", *sentences], chart, tables)


# Which disclosure group each thing that followed a theme's actions counts under: reviews
# raising a theme are its themes; audits and training on a theme, its learning loop.
_IMPACT_GROUPS = {"reviews_raising_it": "themes", "audits_good_or_better": "learning_loop",
                  "confident_after_training": "learning_loop"}


def _impact(db: Reader, f: Filters, threshold: int) -> Section:
    """Did our actions make a difference? For each theme with recommendations, where its
    actions stand (those completed with no audit since first), and for each with a cut-over,
    what followed: shares before and after, with their intervals."""
    frame = q.theme_impact(db, f)
    every = impact.overview(frame)
    policy = load_policy()
    protect = {key: (threshold if policy.kind(group) == "cases" else 0)
               for key, group in _IMPACT_GROUPS.items()}
    summary = [
        "For each learning theme with recommendations: once more than half of them were "
        "completed (the cut-over), did fewer new reviews raise it, and did audits on it and "
        "confidence after training on it improve? Each share is compared between the two "
        "years before the cut-over and the time since (at most two years), whatever year this "
        "report is for.", impact.CLEAR_RULE, impact.NOT_CAUSE]
    missing = every[every["where_it_stands"] == impact.MISSING]
    if len(missing):
        summary.append(f"{len(missing)} theme(s) had their actions completed with no audit on "
                       "them since, so assurance that practice changed is missing: "
                       + "; ".join(missing["theme"]) + ".")
    told = [r for r in frame.itertuples() if impact.telling(r, protect)]
    for row in sorted(told, key=lambda r: (int(r.audits_since) > 0, r.sort_order)):
        summary += impact.sentences(row, protect)[:-1]      # "not cause" is said once, above
    quiet = len(frame) - len(told)
    if quiet:
        summary.append(f"For the other {quiet} theme(s) the table says where their actions "
                       "stand: too few items either side to tell, or not yet more than half of "
                       "their recommendations completed.")
    rows = [[str(r.theme), str(r.where_it_stands), f"{int(r.recommendations):,}",
             f"{int(r.completed):,}", _day(r.cut_over), f"{int(r.audits_since):,}",
             *(str(getattr(r, m.key)) if isinstance(getattr(r, m.key), str) else "–"
               for m in impact.MEASURES)]
            for r in every.itertuples()]
    table = ReportTable(
        f"Where each theme's actions stand, and the change seen, as of {f.as_of:%d/%m/%Y} "
        f"(over the years before and since, not {f.period} alone)",
        [header(c) for c in every.columns], rows,
        [False, False, True, True, False, True, False, False, False],
        [*q.notes(q.theme_impact, f)])
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


RECORDS_FOR = ("This list names each review and recommendation, so it is in the report made by "
               "a quality lead (the uploader role); the figures above are for everyone.")


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
    if not db.scope.records:
        return Section(heading, [RECORDS_FOR], None, [])
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
    summary = [f"{len(reviews):,} review(s) belong to {years[0]} (a review's year is that of "
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
    if not db.scope.records:
        return Section(heading, [RECORDS_FOR], None, [])
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
    summary = [f"{len(records):,} recommendation(s) from {len(tables):,} review(s), each with "
               f"its state on {f.as_of:%d/%m/%Y} as the records' dates give it." if len(records)
               else f"No recommendation was agreed in {years[0]} for these filters."]
    if tables:
        tables[0].notes.extend(q.notes(q.recommendation_records, f))
    return Section(heading, summary, None, tables)


def _data_quality(db: Reader, f: Filters, this: dict[str, Table],
                  short: dict[str, str], years: tuple[str, str],
                  freshness: pd.DataFrame) -> Section:
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
    sentences.append(unmapped_note(db, f))
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
