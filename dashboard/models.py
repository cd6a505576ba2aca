"""What each board page shows, worked out once per data version, filters and choices.

Each page has a function here returning its model (a dataclass): the summaries, sentences and
plotly figures, built on the first view from the named queries of `data_models.queries` and
shared by every later rerun and session until the data changes (`dashboard.data.model`). A
warm rerun only draws. Every figure carries the notes of the filters it does not honour, and a
percentage on a base below the suppression threshold is shown as counts. Tables say words,
never codes (`readable`), with the column a reader acts on first. Nothing here calls
Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from dashboard import charts
from data_models import impact as impact_words
from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import humane, percent_of, points, share
from data_models.queries import (
    GRADES,
    RECOMMENDATION_STATUSES,
    TRAINING_STATUSES,
    confidence_change,
    recurring_themes,
    training_by,
)
from data_models.scope import Reads
from data_models.settings import (
    CHASE_NO_UPDATE_DAYS,
    ESCALATE_OVERDUE_DAYS,
    SUPPRESSION_THRESHOLD,
)
from data_models.vocabularies import labels, terms

# A table of records on a page shows this many rows; the rest are in the export.
MAX_SHOWN = 1000
THRESHOLD = SUPPRESSION_THRESHOLD    # the same setting as the exports' default
TOO_FEW = "too few to compare"

STATUS_LABELS = {
    "met": "✓ Met", "missed": "✗ Missed", "overdue": "! Overdue", "pending": "… Pending",
    "not_applicable": "– Not applicable",
}
# Audit types as the contract for audits takes them in (data_models.labels has no vocabulary
# for them yet).
AUDIT_TYPES = {"single_agency": "Single agency", "multi_agency": "Multi-agency",
               "section_11": "Section 11 self-assessment",
               "section_175": "Section 175 self-assessment", "thematic": "Thematic"}


def with_status_labels(frame: pd.DataFrame, column: str = "status") -> pd.DataFrame:
    """Status as words and a symbol, never by colour alone."""
    out = frame.copy()
    if column in out:
        out[column] = out[column].map(STATUS_LABELS).fillna(out[column])
    return out


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


# -- overview ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Overview:
    period: str
    period_note: str
    tiles: dict[str, list[Tile]]             # board type -> timescale tiles then indicators
    attention: dict[str, Records]
    attention_notes: dict[str, tuple[str, ...]]
    tile_notes: tuple[str, ...]
    freshness: list[tuple[str, str]]
    compared: bool = False                  # tiles carry the figure over every board of the type


def _period_words(f: Filters) -> tuple[str, str]:
    """The year the tiles show, as their titles name it ('(to date)' while it runs, beside last
    year's figure), and a sentence saying which year that is."""
    period, defaulted = f.year_or_current()
    if defaulted:
        return to_date(period, f.as_of), (
            f"{period} to date: no financial year is chosen, so the tiles show the current one "
            f"up to {f.as_of:%d/%m/%Y}")
    named = to_date(period, f.as_of)
    if named != period:
        return named, (f"{period} to date: the financial year chosen, which has not ended, up to "
                       f"{f.as_of:%d/%m/%Y}")
    return period, f"{period}: the financial year chosen"


def _timescale_tile(row: Any, period: str) -> Tile:
    value = percent_or_counts(int(row.met), int(row.counted))
    comparable = row.counted >= THRESHOLD and row.last_year_counted >= THRESHOLD
    change = points(int(row.met), int(row.counted), int(row.last_year_met),
                    int(row.last_year_counted), places=0)
    delta = (f"{change:+.0f} pts on last year" if comparable and change is not None else None)
    note = "" if row.counted >= THRESHOLD or row.counted == 0 else f" · {TOO_FEW}"
    return Tile(
        f"{row.short_label} · {period}", value, delta,
        f"{row.met} of {row.counted} met · {row.missed} missed · {row.overdue} overdue · "
        f"{row.pending} pending{note}",
        f"{row.label}. {period}: {row.met} met, {row.missed} missed, {row.overdue} overdue "
        f"(counted as missed), {row.pending} pending. Last year "
        f"{'compared' if comparable else 'not compared: too few clocks in one of the years'}.")


def _indicator_tiles(row: Any, period: str) -> list[Tile]:
    return [
        Tile(f"Recommendations overdue · agreed {period}", f"{row.recommendations_overdue}", None,
             f"of {row.recommendations_open} open on the as-of date",
             "Recommendations agreed in the year that are open and past their due date."),
        Tile(f"Audits good or better · {period}",
             percent_or_counts(row.audits_good_or_better, row.audits),
             None, f"{row.audits_good_or_better} of {row.audits} audits"
                   + (f" · {TOO_FEW}" if 0 < row.audits < THRESHOLD else ""),
             "Audits in the year graded good or outstanding."),
        Tile(f"Training attendance · {period}",
             percent_or_counts(row.attended, row.bookings), None,
             f"{row.attended:,} of {row.bookings:,} bookings"
             + (f" · {TOO_FEW}" if 0 < row.bookings < THRESHOLD else ""),
             "Bookings in the year that were attended."),
    ]


INDICATOR_MEASURES = (None, "audits_good_or_better", "training_attendance")


def comparisons(db: Reads, f: Filters) -> dict[tuple[str, str], str]:
    """For a person with one board: (board type, measure) -> the same figure over every board
    of that type, or why it is not shown. Nothing for anyone else (they see boards side by
    side already, or several boards of their own)."""
    if db.scope.every_board or len(db.scope.board_names) != 1:
        return {}
    out = {}
    for row in db(q.comparison_tiles, f).itertuples():
        out[(row.board_type, row.measure)] = (
            f"{_all_boards(row.board_type)}: {percent_of(int(row.met), int(row.counted))} "
            f"({int(row.met):,} of {int(row.counted):,}, {row.boards} boards)" if row.shown
            else _not_compared(row.board_type, row.period))
    return out


def _all_boards(board_type: str) -> str:
    return f"All {labels('board_type').get(board_type, board_type).lower()} boards"


def _not_compared(board_type: str, period: str) -> str:
    return (f"{_all_boards(board_type)}: not shown, fewer than {q.MIN_COMPARED} other boards "
            f"hold this figure for {period}")


def board_types_held(db: Reads, f: Filters) -> list[str]:
    """The board types this view holds a board of (the board chosen, the person's boards, the
    board type chosen): those with a review, recommendation or audit of that type, in any year.
    Training is not asked: a course for both workforces counts for either type."""
    held = []
    for board_type in q.BOARD_TYPES:
        if f.board_type not in (None, board_type):
            continue
        records = db(q.data_freshness, f.but(board_type=board_type))
        if records.loc[records["kind"] != "training", "records"].sum() > 0:
            held.append(board_type)
    return held


def overview(db: Reads, f: Filters) -> Overview:
    period, note = _period_words(f)
    tiles = db(q.timescale_tiles, f)
    indicators = db(q.headline_indicators, f).set_index("board_type")
    compared = comparisons(db, f)
    present = [bt for bt in q.BOARD_TYPES if bt in set(tiles["board_type"])
               or bt in indicators.index]
    held = board_types_held(db, f)
    by_type: dict[str, list[Tile]] = {}
    # a board type the view holds no board of has no tiles: a block of dashes says nothing
    for board_type in [bt for bt in present if bt in held] or present:
        rows = tiles[tiles["board_type"] == board_type]
        by_type[board_type] = [_timescale_tile(r, period) for r in rows.itertuples()]
        if board_type in indicators.index:
            row = indicators.loc[[board_type]].itertuples().__next__()
            by_type[board_type] += _indicator_tiles(row, period)
        if not db.scope.every_board and len(db.scope.board_names) == 1:
            measures = [*rows["measure"], *INDICATOR_MEASURES]
            by_type[board_type] = [
                replace(tile, compare=compared.get(
                    (board_type, measure or ""),
                    f"{_all_boards(board_type)}: no comparison: a count of overdue "
                    "recommendations follows how many a board makes" if measure is None
                    else _not_compared(board_type, period)))
                for tile, measure in zip(by_type[board_type], measures, strict=False)]
    counting = db.aggregating()
    clocks = first(counting(q.clocks_needing_attention, f).rename(columns={"label": "timescale"}),
                   ["due_date", "timescale", "review_id", "board"])
    attention = {
        "overdue_clocks": Records.of(clocks[clocks["status"] == "overdue"].drop(columns="status"),
                                     db),
        "due_soon": Records.of(clocks[clocks["status"] == "pending"].drop(columns="status"), db),
        "recommendations_past_due": Records.of(first(
            counting(q.recommendations_past_due, f),
            ["days_overdue", "owner", "recommendation_id", "due_date", "status"]), db),
    }
    clock_notes = tuple(q.notes(q.clocks_needing_attention, f))
    return Overview(
        period, note, by_type, attention,
        {"overdue_clocks": clock_notes, "due_soon": clock_notes,
         "recommendations_past_due": tuple(q.notes(q.recommendations_past_due, f))},
        tuple(dict.fromkeys([*q.notes(q.timescale_tiles, f), *q.notes(q.headline_indicators, f)])),
        q.freshness_sentences(db(q.data_freshness, f)), bool(compared))


# -- timescales -------------------------------------------------------------------------------

def timescale_measures(db: Reads, f: Filters) -> dict[str, str]:
    """The measures to choose from: rule id -> label, those with clocks first."""
    measures = db(q.timescale_compliance_groups, f)["measure"]
    present = measures[(measures["counted"] + measures["pending"]) > 0]
    labels = dict(zip(measures["measure"], measures["label"], strict=True))
    return {m: labels[m] for m in present["measure"]} or labels


@dataclass(frozen=True)
class Timescales:
    summary: str
    notes: tuple[str, ...]
    charts: list[Chart]
    exceptions: Records
    by_year: DrillDown


def timescales(db: Reads, f: Filters, measure: str) -> Timescales | None:
    records = db.aggregating()(q.timescale_records, f)
    chosen = records[records["measure"] == measure]
    if chosen.empty:
        return None
    notes = q.notes(q.timescale_compliance, f)

    groups = db(q.timescale_compliance_groups, f)

    def grouped(by: q.Grouping) -> pd.DataFrame:
        table = groups[by]
        return table[table["measure"] == measure][
            [by, "met", "missed", "overdue", "pending", "counted", "compliance_pct"]]

    overall = groups["measure"].set_index("measure").loc[measure]
    summary = charts.compliance_sentence(int(overall["met"]), int(overall["counted"]),
                                         overall["compliance_pct"], str(overall["label"]),
                                         f"for {db.scope.describe(f).split(';')[0]}", THRESHOLD)
    gaps = int(overall["not_recorded"])
    if gaps:        # a date not recorded is a gap in the data, not a missed timescale
        summary += (f" {gaps:,} clock{'s' if gaps != 1 else ''} whose end date is not recorded "
                    "though a later step is (the Data quality page lists them) "
                    f"{'are' if gaps != 1 else 'is'} left out of compliance.")
    by_year = periods_to_date(grouped("period"), "period", f.as_of)
    by_quarter = periods_to_date(grouped("quarter"), "quarter", f.as_of)
    by_board = grouped("board")
    columns = ["status", "review_id", "board", "due_date", "end_date", "elapsed", "start_date"]
    elapsed = (chosen[chosen["status"].isin(["met", "missed"])]
               .groupby(["elapsed", "status"]).size().rename("clocks").reset_index())
    exceptions = chosen[chosen["status"].isin(["missed", "overdue", "pending"])]
    unit = str(overall["unit"]).replace("_", " ")
    elapsed_unit = "working days" if overall["unit"] == "working_days" else "calendar days"
    return Timescales(
        summary, tuple(notes),
        [
            Chart.of("by_year", "By financial year (the year each clock started)",
                     charts.best_and_worst_sentence(by_year, "period", THRESHOLD),
                     charts.compliance_bars(by_year, "period", THRESHOLD), by_year, notes),
            Chart.of("by_quarter", "By quarter (the quarter each clock started)",
                     "Each quarter's clocks by what happened to them.",
                     charts.status_stack(by_quarter, "quarter"), by_quarter, notes),
            Chart.of("elapsed", f"How long it took ({elapsed_unit})",
                     f"Elapsed time for stopped clocks, with the limit of {overall['limit']} "
                     f"{unit} marked.",
                     charts.elapsed_bars(elapsed, int(overall["limit"]), str(overall["unit"]),
                                         str(overall["comparison"])),
                     with_status_labels(elapsed), notes),
            Chart.of("by_board", "Boards side by side",
                     "Compliance for each board, with met and counted clocks.",
                     charts.compliance_bars(by_board, "board", THRESHOLD), by_board, notes),
        ],
        Records.of(with_status_labels(exceptions[columns]), db),
        DrillDown.of(by_year["period"].tolist(),
                     with_status_labels(periods_to_date(chosen[["period", *columns]], "period",
                                                        f.as_of)), "period", db),
    )


# -- themes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Themes:
    charts: list[Chart]
    trend_themes: list[str]
    default_trend: list[str]
    recurring: pd.DataFrame
    recurring_notes: tuple[str, ...]
    loop: pd.DataFrame
    loop_notes: tuple[str, ...]
    gaps: dict[str, int]
    loop_themes: list[str]


def themes(db: Reads, f: Filters) -> Themes | None:
    shares = db(q.theme_shares, f)
    if shares.empty:
        return None
    notes = q.notes(q.theme_shares, f)
    trend = db(q.theme_trend, f)
    recurrent = recurring_themes(db(q.theme_trend, f.but(board_type=None)))
    loop = db(q.learning_loop, f)
    gaps = loop["gap"].value_counts().to_dict()
    shown = loop.drop(columns=["sort_order", "not_audited", "not_trained"]).rename(
        columns={"gap": "missing_link"})
    shown["missing_link"] = shown["missing_link"].map(
        lambda g: f"⚠ {g}" if isinstance(g, str) else "")
    shown = first(shown, ["missing_link", "theme"])
    table = shares.drop(columns="sort_order")
    counted = shares[shares["items_total"] >= THRESHOLD]
    if counted.empty:
        sentence = f"Too few reviews in this view to compare themes (fewer than {THRESHOLD})."
    else:
        top = counted.sort_values("share_pct", ascending=False).iloc[0]
        whose = labels("board_type").get(top["board_type"], top["board_type"]).lower()
        sentence = (f"The most common theme is {top['theme']}: {top['items_with_theme']} of "
                    f"{top['items_total']} {whose} reviews "
                    f"({percent_of(top['items_with_theme'], top['items_total'])}).")
    return Themes(
        [
            Chart.of("prevalence", "Prevalence in reviews", sentence,
                     charts.theme_side_by_side(shares), table, notes),
            Chart.of("heatmap", "Theme by board type", "Share of reviews raising each theme (%).",
                     charts.theme_heatmap(shares), table, notes),
            *think_family(shares, notes),
        ],
        sorted(set(trend["theme"])),
        [t for t in recurrent["theme"].head(3) if t in set(trend["theme"])],
        readable(recurrent),
        tuple(q.notes(q.theme_trend, f)),
        readable(shown),
        tuple(q.notes(q.learning_loop, f)),
        {str(k): int(v) for k, v in gaps.items()},
        loop["theme"].tolist(),
    )


def think_family(shares: pd.DataFrame, notes: list[str]) -> list[Chart]:
    """Where the view holds children's and adults' reviews (a joint partnership, an area, every
    board): the themes raised on both sides, side by side (seed 003's "Think Family")."""
    raised = shares[shares["items_with_theme"] > 0]
    both = raised.groupby("theme")["board_type"].nunique()
    common = both[both == 2].index
    if raised["board_type"].nunique() < 2 or common.empty:
        return []
    table = shares[shares["theme"].isin(common)].drop(columns="sort_order")
    return [Chart.of("think_family", "Think Family: themes raised in both children's and "
                     "adults' reviews",
                     f"{len(common)} themes were raised in both children's and adults' reviews "
                     "in this view; each side's share of its own reviews.",
                     charts.theme_side_by_side(shares[shares["theme"].isin(common)]), table,
                     notes)]


def theme_trend(db: Reads, f: Filters, picked: tuple[str, ...]) -> Chart:
    trend = periods_to_date(db(q.theme_trend, f), "period", f.as_of)
    return Chart.of("trend", "Trend over years",
                    "Share of each year's reviews raising the chosen themes.",
                    charts.theme_trend(trend, list(picked)), trend[trend["theme"].isin(picked)],
                    q.notes(q.theme_trend, f))


def theme_reviews(db: Reads, f: Filters, theme: str) -> Records:
    """The reviews raising one theme, for the Themes page's drill-down."""
    return Records.of(db.aggregating()(q.theme_records, f, theme), db)


@dataclass(frozen=True)
class Impact:
    """Every theme with recommendations, where its actions stand (assurance missing first)."""

    themes: pd.DataFrame
    missing: int                            # themes completed with no audit since
    choices: list[str]
    notes: tuple[str, ...]


def impact(db: Reads, f: Filters) -> Impact | None:
    frame = db(q.theme_impact, f.but(theme=None))
    if frame.empty:
        return None
    every = impact_words.overview(frame)
    missing = int((every["where_it_stands"] == impact_words.MISSING).sum())
    return Impact(readable(every), missing, every["theme"].tolist(),
                  tuple(q.notes(q.theme_impact, f)))


def _n(count: object, noun: str) -> str:
    """'1 audit', '3 audits'."""
    number = int(count)  # type: ignore[call-overload]
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class ThemeImpact:
    """What followed the board's actions on one theme."""

    sentences: list[str]
    rule_cut_over: dt.date | None          # the rule's date, offered as the default
    followed: Chart
    actions: Chart


def theme_impact(db: Reads, f: Filters, theme: str,
                 cut_over: dt.date | None) -> ThemeImpact:
    one = f.but(theme=theme)
    frame = db(q.theme_impact, one, cut_over)
    row = next(frame.itertuples())
    found = impact_words.findings(frame)
    actions = db(q.theme_actions, one)
    rule = row.most_completed_on
    notes = q.notes(q.theme_impact, one)
    return ThemeImpact(
        impact_words.sentences(row),
        None if pd.isna(rule) else pd.Timestamp(rule).date(),
        Chart.of("followed", f"What followed the actions on {theme}",
                 "Each share before and after the cut-over, with its 95% interval (the bar).",
                 charts.before_and_after(found),
                 impact_words.in_words(found).drop(columns=["theme"]), notes),
        Chart.of("actions", f"What the board did about {theme}, by financial year",
                 f"{_n(actions['recommendations_agreed'].sum(), 'recommendation')} agreed, "
                 f"{int(actions['recommendations_completed'].sum())} completed, "
                 f"{_n(actions['training_sessions'].sum(), 'training session')} delivered and "
                 f"{_n(actions['audits'].sum(), 'audit')} on {theme} in the data held.",
                 charts.actions_by_year(actions), actions.drop(columns=["theme"]),
                 q.notes(q.theme_actions, one)),
    )


# -- recommendations --------------------------------------------------------------------------

RECOMMENDATION_COLOURS = {"not_started": "#D55E00", "in_progress": "#E69F00",
                          "completed": "#56B4E9", "assured": "#009E73",
                          "not_implemented": "#999999"}
RECOMMENDATION_PATTERNS = {"not_started": "x", "in_progress": "/", "completed": ".",
                           "assured": "", "not_implemented": "-"}


@dataclass(frozen=True)
class Recommendations:
    tiles: list[Tile]
    by_owner: Chart
    owners: DrillDown
    late: Records
    longest_late: int
    age: Chart
    dropped: Records
    off_track: Records                     # rated off track or at some risk, off track first
    rated: int                             # recommendations with a rating at all


def recommendations(db: Reads, f: Filters) -> Recommendations | None:
    records = db.aggregating()(q.recommendation_records, f)
    if records.empty:
        return None
    by_owner = db(q.recommendation_status, f)
    open_count, overdue = int(by_owner[["not_started", "in_progress"]].sum().sum()), \
        int(by_owner["overdue"].sum())
    with_evidence = int(records.loc[records["status"] == "assured",
                                    "evidence_of_impact"].notna().sum())
    late = records[records["is_overdue"]].sort_values("days_overdue", ascending=False)
    open_records = records[records["is_open"]]
    dropped = records[records["status"] == "not_implemented"]
    total = int(by_owner["total"].sum())
    return Recommendations(
        [Tile("Open", f"{open_count:,}", None, f"of {total:,} agreed in this view",
              "Not started or in progress on the as-of date."),
         Tile("Overdue", f"{overdue:,}", None, f"of {open_count:,} open",
              "Open and past the due date on the as-of date."),
         Tile("Assured with evidence of impact",
              percent_or_counts(with_evidence, total), None,
              f"{with_evidence:,} of {total:,} agreed in this view",
              "Assured, with the evidence that practice changed recorded.")],
        Chart.of("by_owner", "Status by owner agency",
                 f"{total} recommendations agreed in this view: {open_count} open, of which "
                 f"{overdue} overdue.",
                 charts.stacked_counts(by_owner, "owner", list(RECOMMENDATION_STATUSES),
                                       RECOMMENDATION_COLOURS, RECOMMENDATION_PATTERNS,
                                       "recommendations"),
                 by_owner),
        DrillDown.of(by_owner["owner"].tolist(),
                     first(records.drop(columns=["is_open", "is_overdue"]),
                           ["status", "days_overdue", "recommendation", "due_date"]), "owner", db),
        Records.of(late[["days_overdue", "recommendation", "owner", "due_date", "status",
                         "status_reason", "board", "recommendation_id"]], db),
        int(late["days_overdue"].max()) if len(late) else 0,
        Chart.of("age", "Age of open recommendations (time since agreed)",
                 f"Open recommendations were agreed a median of "
                 f"{open_records['age_days'].median():.0f} days before the as-of date."
                 if len(open_records) else "No open recommendations.",
                 charts.count_bars(age_bands(open_records["age_days"]), "agreed",
                                   "recommendations", "Time since agreed",
                                   "Open recommendations"),
                 age_bands(open_records["age_days"])),
        Records.of(dropped[["status_reason", "recommendation", "owner", "board",
                            "recommendation_id"]], db),
        Records.of(_off_track_first(records), db),
        int(records["rating"].notna().sum()) if "rating" in records.columns else 0,
    )


@dataclass(frozen=True)
class Chase:
    """Who must act next: each owner's recommendations to chase, and the escalation list."""

    by_owner: pd.DataFrame                 # owner, to chase, overdue, off track, no update
    owners: DrillDown
    total: int
    escalation: Records
    no_update_days: int
    overdue_days: int
    notes: tuple[str, ...]


def chase(db: Reads, f: Filters) -> Chase:
    rows = db.aggregating()(q.chase_list, f, CHASE_NO_UPDATE_DAYS)
    escalated = db.aggregating()(q.escalation_list, f, ESCALATE_OVERDUE_DAYS, CHASE_NO_UPDATE_DAYS)
    by_owner = rows.assign(
        overdue=rows["days_overdue"].notna(), off_track=rows["rating"].eq("off_track"),
        no_update=rows["days_since_update"] > CHASE_NO_UPDATE_DAYS,
    ).groupby("owner", sort=True).agg(
        to_chase=("recommendation_id", "size"), overdue=("overdue", "sum"),
        off_track=("off_track", "sum"), no_update=("no_update", "sum")).reset_index()
    by_owner = by_owner.rename(columns={"no_update": f"no_update_for_{CHASE_NO_UPDATE_DAYS}_days"})
    letter = first(rows.drop(columns=["owner"]).rename(columns={"why": "why_listed"}),
                   ["why_listed", "recommendation", "due_date", "days_overdue"])
    return Chase(
        readable(by_owner.astype({c: int for c in by_owner.columns if c != "owner"})),
        DrillDown.of(by_owner["owner"].tolist(), letter.assign(owner=rows["owner"]), "owner", db),
        len(rows),
        Records.of(first(escalated.rename(columns={"why": "why_listed"}),
                         ["why_listed", "days_overdue", "owner", "recommendation"]), db),
        CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS, tuple(q.notes(q.chase_list, f)))


RATING_ORDER = {t.code: i for i, t in enumerate(terms("recommendation_rating"))}


def _off_track_first(records: pd.DataFrame) -> pd.DataFrame:
    """Open recommendations the board rated off track or at some risk, off track first, then
    the longest overdue."""
    if "rating" not in records.columns:
        return records.iloc[:0][["recommendation", "owner", "board", "recommendation_id"]]
    worried = records[records["rating"].isin(["off_track", "some_risk"]) & records["is_open"]]
    worried = worried.assign(order=worried["rating"].map(RATING_ORDER)).sort_values(
        ["order", "days_overdue"], ascending=[True, False], na_position="last")
    return worried[["rating", "recommendation", "owner", "due_date", "days_overdue", "status",
                    "status_reason", "board", "recommendation_id"]]


AGE_BANDS = ((0, 90, "up to 3 months"), (91, 182, "3 to 6 months"), (183, 365, "6 to 12 months"),
             (366, 730, "1 to 2 years"), (731, None, "over 2 years"))


def age_bands(ages: pd.Series) -> pd.DataFrame:
    """How many open recommendations are of each age."""
    rows = [(label, int(ages.between(low, high if high is not None else float("inf")).sum()))
            for low, high, label in AGE_BANDS]
    return pd.DataFrame(rows, columns=["agreed", "recommendations"])


# -- audits -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Audits:
    by_agency: Chart
    agencies: DrillDown
    charts: list[Chart]


def audits(db: Reads, f: Filters) -> Audits | None:
    records = db.aggregating()(q.audit_records, f)
    if records.empty:
        return None
    groups = db(q.audit_grade_groups, f)
    overall, by_agency = groups["all"].iloc[0], groups["agency"]
    by_period = periods_to_date(groups["period"], "period", f.as_of)
    weak = weak_audit_themes(db(q.themes_of_weak_audits, f),
                             int(overall["requires_improvement"] + overall["inadequate"]))
    good = int(overall["outstanding"] + overall["good"])
    total = int(overall["total"])
    latest = by_period.iloc[-1]
    latest_share = percent_or_counts(int(latest["outstanding"] + latest["good"]),
                                     int(latest["total"]))
    raised, done = int(overall["actions_raised"]), int(overall["actions_completed"])
    actions = by_agency[["agency", "actions_raised", "actions_completed"]]
    return Audits(
        Chart.of("by_agency", "Grades by agency",
                 f"{good} of {total} audits "
                 f"({percent_or_counts(good, total)}) were graded "
                 "good or outstanding.",
                 charts.stacked_counts(by_agency, "agency", list(GRADES), charts.GRADE_COLOURS,
                                       charts.GRADE_PATTERNS, "audits"),
                 by_agency.drop(columns=["actions_raised", "actions_completed"])),
        DrillDown.of(by_agency["agency"].tolist(),
                     first(records, ["grade", "topic", "audit_date", "actions_raised",
                                     "actions_completed"]), "agency", db),
        [
            Chart.of("trend", "Good or better over time",
                     f"In {latest['period']}, {latest_share} of audits were good or better.",
                     charts.percent_line(by_period, "period",
                                         {"good_or_better_pct": "Good or better"},
                                         "financial year", y_label="Audits good or better (%)"),
                     by_period.drop(columns=["actions_raised", "actions_completed"])),
            Chart.of("weak_themes", "Themes of audits graded requires improvement or inadequate",
                     weak_themes_sentence(weak),
                     charts.horizontal_bars(weak, "theme", "audits_naming_it", "Audits below good",
                                            text="bar_text"),
                     weak.drop(columns="bar_text")),
            Chart.of("actions", "Actions completed against raised",
                     f"{done} of {raised} actions raised by audits are completed"
                     + (f" ({percent_or_counts(done, raised)})."
                        if raised else "."),
                     charts.stacked_counts(
                         actions.assign(open=actions["actions_raised"]
                                        - actions["actions_completed"]),
                         "agency", ["actions_completed", "open"],
                         {"actions_completed": "#009E73", "open": "#E69F00"},
                         {"actions_completed": "", "open": "/"}, "actions"),
                     actions),
        ],
    )


def weak_audit_themes(weak: pd.DataFrame, below_good: int) -> pd.DataFrame:
    """The themes of audits below good with their base: how many audits below good name each
    theme, of how many audits below good there are in the view, and that share (an audit can
    name several themes, so the shares add up to more than 100%); `bar_text` is what its bar
    says, the count and, on a base of THRESHOLD or more, the share."""
    table = weak.rename(columns={"audits": "audits_naming_it"}).assign(
        audits_below_good=below_good)
    table["share_pct"] = [share(n, below_good) if below_good else float("nan")
                          for n in table["audits_naming_it"]]
    table["bar_text"] = [f"{n} ({percent_of(n, below_good)})" if below_good >= THRESHOLD
                         else f"{n}" for n in table["audits_naming_it"]]
    return table


def weak_themes_sentence(weak: pd.DataFrame) -> str:
    if weak.empty:
        return "No audits below good."
    top = weak.iloc[0]
    said = (f" ({percent_of(top['audits_naming_it'], top['audits_below_good'])})"
            if top["audits_below_good"] >= THRESHOLD else "")
    return (f"The most frequent: {top['theme']}, named by {top['audits_naming_it']} of the "
            f"{top['audits_below_good']} audits graded below good{said}.")


# -- training ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Training:
    tiles: list[Tile]
    charts: list[Chart]


def training(db: Reads, f: Filters) -> Training | None:
    uptake = db(q.training_uptake, f)
    if uptake.empty:
        return None
    totals = training_by(uptake, "all").iloc[0]
    by_agency = training_by(uptake, "agency")
    by_workforce = training_by(uptake, "workforce")
    by_quarter = training_by(uptake, "quarter")
    confidence = confidence_change(uptake, "course")
    sessions = db(q.theme_training, f)
    statuses = list(TRAINING_STATUSES)
    notes = q.notes(q.training_uptake, f)
    booked, attended = int(totals["booked"]), int(totals["attended"])
    absent, cancelled = int(totals["did_not_attend"]), int(totals["cancelled"])
    expected = attended + absent
    no_show = percent_or_counts(absent, expected)
    by_quarter = periods_to_date(by_quarter, "quarter", f.as_of)
    return Training(
        [Tile("Booked", f"{booked:,}", None,
              f"{attended:,} attended · {absent:,} did not attend · {cancelled:,} cancelled",
              "Bookings for sessions in this view."),
         Tile("Attendance", percent_or_counts(attended, booked), None,
              f"{attended:,} of {booked:,} bookings", "Bookings that were attended."),
         Tile("No-show rate", no_show, None,
              f"{absent:,} of {expected:,} expected (attended or did not attend)",
              "Did not attend, as a share of those who attended or did not attend; a booking "
              "cancelled in advance is not a no-show.")],
        [
            Chart.of("by_agency", "Bookings by agency",
                     f"{attended:,} of {booked:,} bookings were attended; {no_show} of expected "
                     "attendees did not come.",
                     charts.stacked_counts(by_agency, "agency", statuses, charts.TRAINING_COLOURS,
                                           charts.TRAINING_PATTERNS, "bookings"),
                     by_agency, notes),
            Chart.of("by_workforce", "Bookings by workforce",
                     "Courses for children's, adults' or both workforces.",
                     charts.stacked_counts(by_workforce, "workforce", statuses,
                                           charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS,
                                           "bookings"),
                     by_workforce, notes),
            Chart.of("over_time", "Attendance and no-shows over time",
                     "Each quarter's attendance (of its bookings) and no-show rate (of those "
                     "expected: attended or did not attend).",
                     charts.percent_line(by_quarter, "quarter",
                                         {"attendance_pct": "Attendance (% of bookings)",
                                          "no_show_pct": "No-shows (% of expected)"}, "quarter",
                                         y_label="Rate (%)"),
                     by_quarter, notes),
            Chart.of("confidence", "Confidence before and after",
                     "Average confidence of attendees before and after each course (1 to 5).",
                     charts.confidence_dumbbell(confidence, "course"), confidence),
            Chart.of("sessions", "Sessions per theme",
                     "Training sessions covering each learning theme, for the filters above.",
                     charts.horizontal_bars(sessions, "theme", "training_sessions", "Sessions"),
                     sessions, q.notes(q.theme_training, f)),
        ],
    )


# -- data quality -----------------------------------------------------------------------------

@dataclass(frozen=True)
class DataQuality:
    uploads: pd.DataFrame
    rejected: int
    with_problems: dict[str, int]            # "7: file.csv (rejected)" -> upload 7
    unmapped: pd.DataFrame
    unmapped_mentions: int
    freshness: list[tuple[str, str]]
    pass_rates: Chart
    completeness: Chart
    not_recorded: pd.DataFrame               # clocks with no end date though a later step is
    lone_agencies: pd.DataFrame              # agency names a board's records use once or twice


SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "note": "Applied"}


def upload_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """An upload's problems as the Upload page listed them: what, where, what to do."""
    return readable(problems.assign(
        severity=problems["severity"].map(lambda v: SEVERITY_WORDS.get(v, v))).rename(
        columns={"severity": "what", "message": "what_to_do"}).drop(columns="rule"))


def data_quality(db: Reads, f: Filters) -> DataQuality:
    uploads = db(q.uploads, f)
    with_problems = uploads[(uploads["errors"] + uploads["warnings"]) > 0]
    unmapped = db(q.unmapped_by_board, f)
    unmapped = unmapped.assign(data_set=unmapped["data_set"].str.capitalize())
    rates = db(q.upload_pass_rates, f)
    rates = rates.assign(month=pd.to_datetime(rates["month"] + "-01"),
                         kind=rates["kind"].str.capitalize())
    completeness = db(q.timescale_completeness, f)
    rules = db(q.timescale_rules, f.board)
    short = dict(zip(rules["rule_id"], rules["short_label"].fillna(rules["label"]), strict=True))
    review_types = labels("review_type")
    bars = completeness.assign(measure_type=[
        f"{short.get(m, m)} · {review_types.get(t, t)}"
        for m, t in zip(completeness["measure"], completeness["review_type"], strict=True)],
        bar_text=[percent_or_counts(n, total) for n, total in zip(
            completeness["with_date"], completeness["reviews"], strict=True)])
    return DataQuality(
        readable(uploads.assign(received_at=uploads["received_at"].dt.strftime("%d/%m/%Y %H:%M"),
                                kind=uploads["kind"].str.capitalize())[
            ["upload_id", "received_at", "uploaded_by", "kind", "file_name", "rows", "outcome",
             "added", "replaced", "unchanged", "errors", "warnings", "sha256"]]),
        int((uploads["outcome"] == "rejected").sum()),
        {f"{r.upload_id}: {r.file_name} ({r.outcome})": int(r.upload_id)
         for r in with_problems.itertuples()},
        readable(unmapped), int(unmapped["mentions"].sum()) if len(unmapped) else 0,
        q.freshness_sentences(db(q.data_freshness, f)),
        Chart.of("pass_rates", "Check pass rate over time",
                 "Share of each month's uploads that passed the checks, by data set.",
                 charts.monthly_percent(rates, "month", "kind", "pass_pct", "Uploads passed (%)"),
                 rates.assign(month=rates["month"].dt.strftime("%B %Y"))),
        Chart.of("completeness", "Completeness of the dates the timescales need",
                 "For each measure and review type, the share of reviews holding the date that "
                 "starts the clock; without it the measure cannot be reported.",
                 charts.horizontal_bars(bars, "measure_type", "complete_pct",
                                        "Reviews with the date (%)", counts=False,
                                        text="bar_text"),
                 completeness.drop(columns="label"), measures=short),
        readable(_not_recorded(db(q.timescale_records, f.but(period=None, quarter=None))),
                 short),
        readable(db(q.lone_agencies, f)),
    )


def _not_recorded(records: pd.DataFrame) -> pd.DataFrame:
    gaps = records[records["status"] == "not_recorded"]
    return gaps[["board", "review_id", "measure", "start_date", "due_date"]].reset_index(
        drop=True)
