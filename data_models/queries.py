"""Every figure the product shows, as one named, typed query function: the pages, the exports
and the command line all call these, so a figure means the same wherever it appears.

Each query takes a connection and the filters (`Filters`), which bind themselves to SQL by
name as `$f`; the SQL is in `sql/` (the marts). Each query also declares the filters that do
not apply to it, and why ("reviews have no agency"): the pages put that in the caption, the
exports in the table's note, the command line beside its output. A test walks every query in
the registry with every filter and holds it to its declaration; a query with no declaration
fails it.

No Streamlit here. The small Python steps left (turning grouped rows into a table, rates of
training uptake) work on already-aggregated frames.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeVar

import numpy as np
import pandas as pd

from data_models import national_figures
from data_models.calendar import add_working_days
from data_models.filters import FILTER_LABELS, FILTER_NAMES, Filters, previous_financial_year
from data_models.impact import CLEAR_RULE, CUT_OVER_RULE
from data_models.labels import points, share
from data_models.national import (
    CONTEXT_LAG,
    NO_NATIONAL_TIMESCALES,
    NOT_PERFORMANCE,
    REGION_ROUNDED,
    SUMMED,
)
from data_models.scope import Reader, RecordsRefused
from data_models.settings import CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS
from data_models.vocabularies import codes

BOARD_TYPES = codes("board_type")
GRADES = codes("audit_grade")
RECOMMENDATION_STATUSES = codes("recommendation_status")
TRAINING_STATUSES = codes("training_status")
SOURCES = ("reviews", "recommendations", "audits", "training")
Source = Literal["reviews", "recommendations", "audits", "training"]

NO_AGENCY = "reviews have no agency"


# -- the one read path: a reader bound to the person's scope (data_models.scope.Reader.frame) --

# -- the registry of queries and the filters each honours --------------------------------------

@dataclass(frozen=True)
class Declaration:
    """A query and the filters that do not apply to it, each with the reason a reader is given.
    `partly` names filters that apply to some of its figures only, said the same way."""

    name: str
    function: Callable[..., Any]
    not_applied: Callable[[Mapping[str, object]], Mapping[str, str]]
    partly: Mapping[str, str] = field(default_factory=dict)
    examples: tuple[Mapping[str, object], ...] = ({},)
    summary: str = ""
    conventions: Callable[[Filters, Mapping[str, object]], tuple[str, ...]] = \
        lambda _f, _arguments: ()
    records: bool = False       # it lists records or free text: for people allowed them

    def applies(self, name: str, **arguments: object) -> bool:
        return name not in self.not_applied(arguments)

    def notes(self, f: Filters, **arguments: object) -> list[str]:
        """What a reader must know about the filters chosen (those this figure does not honour,
        and those it honours in part) and the conventions it counts by."""
        chosen = f.chosen()
        skipped = self.not_applied(arguments)
        out = [f"Not filtered by {FILTER_LABELS[name]}: {why}." for name, why in skipped.items()
               if name in chosen]
        out += [f"{FILTER_LABELS[name].capitalize()}: {how}." for name, how in self.partly.items()
                if name in chosen]
        return out + list(self.conventions(f, arguments))


# The figures by the name the command line's `figure NAME` and the README's table give them;
# code calls the functions themselves.
REGISTRY: dict[str, Declaration] = {}
_DECLARED: dict[Callable[..., Any], Declaration] = {}
P = ParamSpec("P")
R = TypeVar("R")


def declared(*, not_applied: Mapping[str, str] | Callable[[Mapping[str, object]],
                                                        Mapping[str, str]] | None = None,
             partly: Mapping[str, str] | None = None,
             examples: tuple[Mapping[str, object], ...] = ({},),
             conventions: tuple[str, ...] | Callable[[Filters, Mapping[str, object]],
                                                     tuple[str, ...]] = (),
             records: bool = False,
             ) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a query with the filters that do not apply to it (name -> why) and the
    conventions a reader needs to read its figures (said wherever its notes are). A query
    that lists records or free text (`records`) runs only for a reader allowed them: the record
    rule is held here, where the query runs, not by its callers."""
    fixed = {} if callable(not_applied) else dict(not_applied or {})
    rule = not_applied if callable(not_applied) else (lambda _arguments: fixed)
    unknown = (set(fixed) | set(partly or {})) - set(FILTER_NAMES)
    if unknown:
        raise ValueError(f"not filters: {sorted(unknown)}")

    def register(function: Callable[P, R]) -> Callable[P, R]:
        name = function.__name__
        if name in REGISTRY:
            raise ValueError(f"two figures are named {name}")
        query = function
        if records:
            @functools.wraps(function)
            def query(*args: P.args, **kwargs: P.kwargs) -> R:
                db = args[0] if args else kwargs.get("db")
                if not isinstance(db, Reader) or not db.may_list_records:
                    raise RecordsRefused(f"{_RECORD_WORDS.get(name, name)} are record-level "
                                         "data, which this person's role may not see; the "
                                         "summary figures are theirs.")
                return function(*args, **kwargs)

        declaration = Declaration(
            name, query, rule, dict(partly or {}), examples,
            " ".join((function.__doc__ or "").strip().split("\n\n")[0].split()),
            conventions if callable(conventions) else (lambda _f, _a: tuple(conventions)),
            records)
        REGISTRY[name] = _DECLARED[query] = declaration
        return query

    return register


def declaration(query: Callable[..., Any]) -> Declaration:
    """A query function's declaration (a function that is not a declared query has none)."""
    return _DECLARED[query]


def notes(query: Callable[..., Any], f: Filters, **arguments: object) -> list[str]:
    """The filter notes of a registered query, for its caption or its table's note."""
    return declaration(query).notes(f, **arguments)


_RECORD_WORDS = {
    "timescale_records": "Each review's timescale clocks",
    "clocks_needing_attention": "The clocks needing attention, review by review",
    "recommendations_past_due": "The recommendations past their due date, one by one",
    "chase_list": "The recommendations on the chase list",
    "escalation_list": "The recommendations on the escalation list",
    "recommendation_records": "The recommendation records", "audit_records": "The audit records",
    "training_records": "The training bookings", "theme_records": "The reviews raising a theme",
    "review_list": "The reviews, one by one",
    "unmapped_mentions": "The theme texts that map to no theme",
    "unmapped_by_board": "The theme texts that map to no theme",
    "upload_problems": "An upload's problems, row by row",
}


# -- conventions a reader needs beside the figures that count by them ----------------------------

CLOCK_YEAR = ("A timescale clock counts in the financial year in which it started (the date "
              "that starts it), which may differ from the year of the review's decision.")
REVIEW_YEAR = ("A review counts in the financial year of its decision date (else its "
               "notification, awareness or rapid review date).")
BOTH_WORKFORCES = ("A course for both workforces counts with the children's courses and with "
                   "the adults' alike, so it is in the figures for either kind of board.")
DATE_NOT_RECORDED = ("A date not recorded is never a missed timescale: a clock with no start "
                     "date (for the report to the Panel, no date the report was sent, whether "
                     "or not the review is published) is not applicable, and one with no end "
                     "date though a later step is recorded is 'date not recorded'; neither "
                     "counts in compliance.")
NO_UPDATE_FROM_AGREED = ("On an as-of date before a recommendation's last update (the records "
                         "keep only the last), it counts as not updated since it was agreed: its "
                         "days without an update run from its agreed date.")
DATED_BY_UPDATE = ("'Not implemented' and 'assured' are dated by a recommendation's last update "
                   "(the records give them no date of their own): on an as-of date before that "
                   "update, one not implemented counts as in progress and one assured as "
                   "completed.")


def _workforces(f: Filters, _arguments: Mapping[str, object]) -> tuple[str, ...]:
    """Said where a kind of board is chosen: that is where courses for both count twice."""
    return (BOTH_WORKFORCES,) if f.board_type else ()


def _by_source(f: Filters, arguments: Mapping[str, object]) -> tuple[str, ...]:
    source = arguments.get("source", "reviews")
    return (REVIEW_YEAR,) if source == "reviews" else \
        _workforces(f, arguments) if source == "training" else ()


# -- choices for the filters ------------------------------------------------------------------

_CHOICES_ONLY = {name: "it lists what can be chosen" for name in FILTER_NAMES}


@declared(not_applied=_CHOICES_ONLY)
def filter_choices(db: Reader, f: Filters) -> dict[str, list[str]]:
    """The boards, financial years, agencies and themes there are data for (within the
    person's boards)."""
    items = db.frame("SELECT DISTINCT board FROM source_items "
                     "WHERE in_scope($f, board) "
                     "ORDER BY board", f)
    periods = db.frame("SELECT DISTINCT financial_year(item_date) AS period FROM "
                       "(SELECT DISTINCT item_date FROM source_items WHERE item_date IS NOT NULL "
                       "AND in_scope($f, board)) "
                       "ORDER BY period DESC", f)
    agencies = db.frame("SELECT DISTINCT agency FROM source_items WHERE agency IS NOT NULL "
                        "AND in_scope($f, board) "
                        "ORDER BY agency", f)
    themes = db.frame("SELECT theme FROM themes ORDER BY sort_order")
    return {"board": items["board"].tolist(), "period": periods["period"].tolist(),
            "agency": agencies["agency"].tolist(), "theme": themes["theme"].tolist()}


@declared(not_applied=_CHOICES_ONLY)
def has_any_data(db: Reader, f: Filters) -> bool:
    """Whether any record is held (within the person's boards)."""
    return bool(db.frame("SELECT count(*) AS n FROM source_items "
                         "WHERE in_scope($f, board)", f)["n"].iloc[0])


# -- timescales -------------------------------------------------------------------------------

def timescale_rules(db: Reader, board: str | None = None) -> pd.DataFrame:
    """The timescale rules measured (reference data): the national ones and every-board local
    ones, and the boards' own within the person's boards (and the `board` chosen): a board's
    own rule is seen only by its people."""
    return db.frame("SELECT * FROM timescale_rules WHERE board IS NULL OR (in_scope($scope, board) "
                    "AND (CAST($board AS VARCHAR) IS NULL OR board = $board)) ORDER BY sort_order",
                    board=board)


@declared(not_applied={"agency": NO_AGENCY}, conventions=(CLOCK_YEAR, DATE_NOT_RECORDED), records=True)
def timescale_records(db: Reader, f: Filters) -> pd.DataFrame:
    """One row per review and timescale rule that applies to it: the clock's start, end, due
    date, time taken and status on the as-of date."""
    return db.frame("SELECT * FROM filtered_timescales($f) "
                    "ORDER BY sort_order, board, start_date, review_id", f)


Grouping = Literal["measure", "board_type", "period", "quarter", "board"]


GROUPINGS: tuple[Grouping, ...] = ("measure", "board_type", "period", "quarter", "board")
_GROUPED: dict[str, list[str]] = {**{by: ([] if by == "measure" else [by]) for by in GROUPINGS},
                                  "board_type_period": ["board_type", "period"]}


@declared(not_applied={"agency": NO_AGENCY}, conventions=(CLOCK_YEAR, DATE_NOT_RECORDED))
def timescale_compliance_groups(db: Reader,
                                f: Filters) -> dict[str, pd.DataFrame]:
    """Compliance for each timescale rule, and by board type, financial year, quarter and
    board, from one pass over the clocks (a page that shows several groupings reads this)."""
    frame = db.frame("SELECT * FROM timescale_compliance($f)", f)
    out: dict[str, pd.DataFrame] = {}
    for by, columns in _GROUPED.items():
        rows = frame[frame["grouped_by"] == by].drop(
            columns=["grouped_by", *(c for c in GROUPINGS[1:] if c not in columns)])
        out[by] = rows.sort_values(["sort_order", *columns], kind="stable").reset_index(drop=True)
    return out


@declared(not_applied={"agency": NO_AGENCY}, examples=tuple({"by": by} for by in GROUPINGS),
          conventions=(CLOCK_YEAR, DATE_NOT_RECORDED))
def timescale_compliance(db: Reader, f: Filters,
                         by: Grouping = "measure") -> pd.DataFrame:
    """For each timescale rule (and, `by` another grouping, for each of its values): met,
    missed, overdue, pending, the clocks counted and compliance (met / counted, overdue
    counting as missed), and the median time taken."""
    return timescale_compliance_groups(db, f)[by]


@declared(not_applied={"agency": NO_AGENCY,
                       "quarter": "the tiles compare whole financial years"},
          conventions=(CLOCK_YEAR, DATE_NOT_RECORDED))
def timescale_tiles(db: Reader, f: Filters) -> pd.DataFrame:
    """For each board type and measure: the financial year's compliance (the year chosen, else
    the as-of date's, to date), last year's, and the counts behind both."""
    period, _ = f.year_or_current()
    by_year = timescale_compliance_groups(db, f.but(period=None, quarter=None))[
        "board_type_period"]                 # this year and last from one pass over the clocks
    this_year = by_year[by_year["period"] == period]
    last_year = by_year[by_year["period"] == previous_financial_year(period)]
    rules = timescale_rules(db, f.board)
    grid = pd.DataFrame(
        [(bt, rule.rule_id) for bt in BOARD_TYPES for rule in rules.itertuples()
         if rule.board_type in ("any", bt) and f.board_type in (None, bt)],
        columns=["board_type", "measure"])
    counts = ["met", "missed", "overdue", "pending", "counted"]
    tiles = grid.merge(rules.rename(columns={"rule_id": "measure"})[
        ["measure", "label", "short_label", "sort_order", "limit", "unit"]], on="measure")
    tiles = tiles.merge(this_year[["board_type", "measure", *counts, "compliance_pct"]],
                        on=["board_type", "measure"], how="left")
    tiles = tiles.merge(
        last_year[["board_type", "measure", "met", "counted", "compliance_pct"]].rename(
            columns={"met": "last_year_met", "counted": "last_year_counted",
                     "compliance_pct": "last_year_pct"}),
        on=["board_type", "measure"], how="left")
    for column in [*counts, "last_year_met", "last_year_counted"]:
        tiles[column] = tiles[column].fillna(0).astype(int)
    # in points, from the four counts, rounded once (never the difference of two rounded rates)
    tiles["change"] = [points(m, c, lm, lc) for m, c, lm, lc in zip(
        tiles["met"], tiles["counted"], tiles["last_year_met"], tiles["last_year_counted"],
        strict=True)]
    tiles["period"] = period
    tiles["short_label"] = tiles["short_label"].fillna(tiles["label"])
    return tiles.sort_values(["board_type", "sort_order"]).reset_index(drop=True)


_NOW = "it lists what needs attention on the as-of date, whatever year it started"


@declared(not_applied={"agency": NO_AGENCY, "period": _NOW, "quarter": _NOW}, records=True)
def clocks_needing_attention(db: Reader, f: Filters) -> pd.DataFrame:
    """Clocks overdue on the as-of date, and clocks due within the next five working days."""
    soon = add_working_days(f.as_of, 5)
    return db.frame("SELECT board, review_id, board_type, label, start_date, due_date, elapsed, "
                    "status FROM filtered_timescales($f) "
                    "WHERE status = 'overdue' OR (status = 'pending' AND due_date <= $soon) "
                    "ORDER BY due_date, sort_order, board, start_date, review_id",
               f.but(period=None, quarter=None), soon=soon)


@declared(not_applied={"period": _NOW, "quarter": _NOW}, conventions=(DATED_BY_UPDATE,), records=True)
def recommendations_past_due(db: Reader, f: Filters) -> pd.DataFrame:
    """Open recommendations past their due date on the as-of date, longest overdue first."""
    return db.frame("SELECT board, recommendation_id, owner, status, due_date, days_overdue "
                    "FROM filtered_recommendations($f) WHERE is_overdue "
                    "ORDER BY days_overdue DESC, board, recommendation_id",
               f.but(period=None, quarter=None))


@declared(not_applied={"period": _NOW, "quarter": _NOW},
          conventions=(NO_UPDATE_FROM_AGREED, DATED_BY_UPDATE), records=True)
def chase_list(db: Reader, f: Filters,
               no_update_days: int = CHASE_NO_UPDATE_DAYS) -> pd.DataFrame:
    """Open recommendations an owner agency must be chased for on the as-of date: overdue,
    rated off track, or with no progress update for more than the set time; by owner, oldest
    due first, with the review each came from and why it is listed."""
    return db.frame("SELECT * FROM chase_list($f, $days) "
                    "ORDER BY owner, due_date NULLS LAST, agreed_date, board, recommendation_id",
               f.but(period=None, quarter=None), days=no_update_days)


@declared(not_applied={"period": _NOW, "quarter": _NOW},
          conventions=(NO_UPDATE_FROM_AGREED, DATED_BY_UPDATE), records=True)
def escalation_list(db: Reader, f: Filters,
                    overdue_days: int = ESCALATE_OVERDUE_DAYS,
                    no_update_days: int = CHASE_NO_UPDATE_DAYS) -> pd.DataFrame:
    """For the executive: open recommendations overdue by more than the set time, or rated off
    track in two successive uploads of the board's tracker; most overdue first."""
    return db.frame("SELECT * FROM escalation_list($f, $days, $overdue) "
                    "ORDER BY days_overdue DESC NULLS LAST, owner, board, recommendation_id",
               f.but(period=None, quarter=None), days=no_update_days, overdue=overdue_days)


@declared(not_applied={"agency": NO_AGENCY})
def timescale_completeness(db: Reader, f: Filters) -> pd.DataFrame:
    """For each measure and review type, how many reviews hold the date that starts the
    clock."""
    return db.frame("SELECT * EXCLUDE (sort_order) FROM timescale_completeness($f) "
                    "ORDER BY sort_order, review_type", f)


# -- data held --------------------------------------------------------------------------------

_HELD = "freshness is of everything held for the boards shown"


@declared(not_applied={"period": _HELD, "quarter": _HELD, "agency": _HELD, "theme": _HELD})
def data_freshness(db: Reader, f: Filters) -> pd.DataFrame:
    """For each data set: the records held, the latest date they hold, and the last upload that
    added or changed one of them."""
    return db.frame("SELECT * FROM data_freshness($f) ORDER BY "
                    "list_position(['reviews', 'recommendations', 'audits', 'training'], kind)", f)


def freshness_sentences(freshness: pd.DataFrame) -> list[tuple[str, str]]:
    """For each data set, its name and how fresh it is in words."""
    out = []
    for row in freshness.itertuples():
        latest = f"{row.latest_date:%d/%m/%Y}" if pd.notna(row.latest_date) else "–"
        last = (f"upload {row.last_upload_id}, stored {row.last_upload:%d/%m/%Y %H:%M}"
                if pd.notna(row.last_upload) else "none")
        out.append((str(row.kind).capitalize(),
                    f"{row.records:,} records, data up to {latest}; last upload that changed "
                    f"them: {last}."))
    return out


# -- recommendations --------------------------------------------------------------------------

@declared(conventions=(DATED_BY_UPDATE,), records=True)
def recommendation_records(db: Reader, f: Filters) -> pd.DataFrame:
    """Recommendations agreed in the period, with their state on the as-of date."""
    return db.frame("SELECT * FROM filtered_recommendations($f) "
                    "ORDER BY board, recommendation_id", f)


@declared(conventions=(DATED_BY_UPDATE,))
def recommendation_status(db: Reader, f: Filters) -> pd.DataFrame:
    """Recommendations by owner and status, with those overdue, most recommendations first."""
    return db.frame("SELECT * FROM recommendation_status($f) ORDER BY total DESC, owner", f)


# -- audits -----------------------------------------------------------------------------------

@declared(records=True)
def audit_records(db: Reader, f: Filters) -> pd.DataFrame:
    """Audits in the period, with their grade."""
    return db.frame("SELECT * FROM filtered_audits($f) ORDER BY audit_date, board, audit_id", f)


AuditGrouping = Literal["agency", "period", "all"]


@declared()
def audit_grade_groups(db: Reader, f: Filters) -> dict[str, pd.DataFrame]:
    """Audits by grade for all audits, each agency and each financial year, from one pass (a
    page that shows several groupings reads this)."""
    frame = db.frame("SELECT * FROM audit_grade_counts($f)", f)
    out: dict[str, pd.DataFrame] = {}
    for by in ("agency", "period", "all"):
        keep = [by] if by != "all" else []
        rows = frame[frame["grouped_by"] == by][[*keep, *GRADES, "total", "good_or_better_pct",
                                                 "actions_raised", "actions_completed"]]
        out[by] = (rows.sort_values(keep) if keep else rows).reset_index(drop=True)
    return out


@declared(examples=({"by": "agency"}, {"by": "period"}, {"by": "all"}))
def audit_grades(db: Reader, f: Filters,
                 by: AuditGrouping = "agency") -> pd.DataFrame:
    """Audits by grade for each agency or financial year (or all), with the share graded good
    or better and the actions raised and completed."""
    return audit_grade_groups(db, f)[by]


@declared()
def themes_of_weak_audits(db: Reader, f: Filters) -> pd.DataFrame:
    """Themes of audits graded requires improvement or inadequate, most frequent first."""
    return db.frame("SELECT t.theme, count(*) AS audits FROM filtered_audits($f) AS a "
                    "JOIN text_theme_set AS t ON t.board = a.board AND t.themes = a.themes "
                    "WHERE NOT a.good_or_better AND ($f['theme'] IS NULL OR t.theme = $f['theme']) "
                    "GROUP BY t.theme ORDER BY audits DESC, t.theme", f)


# -- training ---------------------------------------------------------------------------------

@declared(conventions=_workforces, records=True)
def training_records(db: Reader, f: Filters) -> pd.DataFrame:
    """Training bookings in the period."""
    return db.frame("SELECT * FROM filtered_training($f) ORDER BY board, booking_id", f)


@declared(conventions=_workforces)
def training_uptake(db: Reader, f: Filters) -> pd.DataFrame:
    """Bookings by status: for all, and by agency, workforce, quarter and course (`grouped_by`
    says which)."""
    return db.frame("SELECT * FROM training_uptake($f) ORDER BY grouped_by, agency, workforce, "
                    "quarter, course, status", f)


def _grouped(uptake: pd.DataFrame, by: str) -> pd.DataFrame:
    rows = uptake[uptake["grouped_by"] == by]
    return rows.assign(all="all") if by == "all" else rows


def training_by(uptake: pd.DataFrame, by: str) -> pd.DataFrame:
    """Booked, attended, did not attend and cancelled, with attendance and no-show rates, for
    'all' bookings or by agency, workforce, quarter or course.

    The no-show rate is did not attend / (attended + did not attend): cancellations made in
    advance are not no-shows.
    """
    rows = _grouped(uptake, by)
    if rows.empty:
        return pd.DataFrame(columns=[by, "booked", *TRAINING_STATUSES, "attendance_pct",
                                     "no_show_pct"])
    table = (rows.groupby([by, "status"])["bookings"].sum().unstack("status", fill_value=0)
             .reindex(columns=list(TRAINING_STATUSES), fill_value=0))
    table.insert(0, "booked", table.sum(axis=1))
    expected = table["attended"] + table["did_not_attend"]
    # each from its counts, rounded once, halves up (numpy's round halves to even)
    table["attendance_pct"] = [share(a, b) for a, b in zip(table["attended"], table["booked"],
                                                          strict=True)]
    table["no_show_pct"] = [share(d, e) for d, e in zip(table["did_not_attend"], expected,
                                                       strict=True)]
    for column in ("attendance_pct", "no_show_pct"):
        table[column] = table[column].astype(float)
    table.columns.name = None
    return table.reset_index()


def confidence_change(uptake: pd.DataFrame, by: str) -> pd.DataFrame:
    rows = _grouped(uptake, by)
    if rows.empty:
        return pd.DataFrame(columns=[by, "before", "after", "attendees"])
    sums = rows.groupby(by)[["pre_confidence_sum", "pre_confidence_n", "post_confidence_sum",
                             "post_confidence_n"]].sum()
    table = pd.DataFrame({
        "before": (sums["pre_confidence_sum"] / sums["pre_confidence_n"].replace(0, np.nan)).round(2),
        "after": (sums["post_confidence_sum"] / sums["post_confidence_n"].replace(0, np.nan)).round(2),
        "attendees": sums["post_confidence_n"].astype(int),
    })
    return table.dropna(subset=["before", "after"], how="all").reset_index()


@declared()
def theme_training(db: Reader, f: Filters) -> pd.DataFrame:
    """For each theme, the training sessions that covered it and the people who attended."""
    return db.frame("SELECT theme, training_sessions, training_attendees FROM theme_training($f) "
                    "ORDER BY training_sessions DESC, theme", f)


# -- themes -----------------------------------------------------------------------------------

def _agency_of(arguments: Mapping[str, object]) -> dict[str, str]:
    return {"agency": NO_AGENCY} if arguments.get("source", "reviews") == "reviews" else {}


@declared(not_applied=_agency_of, examples=tuple({"source": s} for s in SOURCES),
          conventions=_by_source)
def theme_shares(db: Reader, f: Filters,
                 source: Source = "reviews") -> pd.DataFrame:
    """For each theme and board type, the items of a data set naming it and their share of
    all that board type's items."""
    return db.frame("SELECT * FROM theme_shares($f, $source) ORDER BY sort_order, board_type",
               f, source=source)


_TREND = "a trend shows every year"


@declared(not_applied=lambda a: {"period": _TREND, "quarter": _TREND, **_agency_of(a)},
          examples=tuple({"source": s} for s in SOURCES), conventions=_by_source)
def theme_trend(db: Reader, f: Filters,
                source: Source = "reviews") -> pd.DataFrame:
    """For each financial year, board type and theme, the items naming the theme and their
    share of the year's items."""
    return db.frame("SELECT * FROM theme_trend($f, $source) ORDER BY period, theme, board_type",
               f.but(period=None, quarter=None), source=source)


def recurring_themes(trend: pd.DataFrame, years: int = 3) -> pd.DataFrame:
    """Themes raised in each of the last `years` financial years with data."""
    if trend.empty:
        return pd.DataFrame(columns=["theme", "years_raised", "reviews"])
    recent = sorted(trend["period"].dropna().unique())[-years:]
    window = trend[trend["period"].isin(recent)]
    table = window.groupby("theme").agg(years_raised=("period", "nunique"),
                                        reviews=("items_with_theme", "sum")).reset_index()
    return (table[table["years_raised"] == len(recent)]
            .sort_values(["reviews", "theme"], ascending=[False, True]).reset_index(drop=True))


@declared(partly={"agency": "applied to recommendations, audits and training; reviews have "
                            "no agency"},
          conventions=lambda f, a: (REVIEW_YEAR, DATED_BY_UPDATE, *_workforces(f, a)))
def learning_loop(db: Reader, f: Filters) -> pd.DataFrame:
    """For each theme: reviews raising it, recommendations on it, audits examining it and
    training covering it, and which link is missing."""
    return db.frame("SELECT * FROM learning_loop($f) ORDER BY sort_order", f)


_IMPACT = ("it compares the two years before a theme's cut-over with the time since, "
           "whatever year is chosen")
_IMPACT_AGENCY = {"agency": "applied to recommendations (and so the cut-over), audits and "
                            "training; reviews have no agency"}


def _impact_conventions(f: Filters, arguments: Mapping[str, object]) -> tuple[str, ...]:
    return (CUT_OVER_RULE, CLEAR_RULE, REVIEW_YEAR, *_workforces(f, arguments))


@declared(not_applied={"period": _IMPACT, "quarter": _IMPACT}, partly=_IMPACT_AGENCY,
          conventions=_impact_conventions)
def theme_impact(db: Reader, f: Filters,
                 cut_over: dt.date | None = None) -> pd.DataFrame:
    """For each theme with recommendations (or the theme chosen): its recommendations and how
    many are completed, the cut-over, and what followed in the two years before it and since:
    new reviews raising the theme, audits on it graded good or better, attendees confident
    after training on it."""
    if cut_over is not None and f.theme is None:
        raise ValueError("a cut-over date is for one theme: choose the theme")
    return db.frame("SELECT * FROM theme_impact($f, $theme, $cut_over) ORDER BY sort_order",
               f.but(period=None, quarter=None, theme=None), theme=f.theme, cut_over=cut_over)


@declared(not_applied={"period": "its rows are the financial years",
                       "quarter": "its rows are the financial years"},
          partly=_IMPACT_AGENCY,
          conventions=lambda f, a: (DATED_BY_UPDATE, *_workforces(f, a)))
def theme_actions(db: Reader, f: Filters) -> pd.DataFrame:
    """For each theme (or the theme chosen) and financial year: recommendations agreed,
    completed and assured with evidence, training sessions and attendees, and audits held."""
    return db.frame("SELECT a.* FROM theme_actions($f, $theme) AS a "
                    "JOIN themes AS t USING (theme) ORDER BY t.sort_order, a.period",
               f.but(period=None, quarter=None, theme=None), theme=f.theme)


@declared(not_applied={"agency": NO_AGENCY,
                       "theme": "the theme chosen to drill into applies instead"},
          examples=({"theme": "domestic abuse"},), records=True)
def theme_records(db: Reader, f: Filters, theme: str) -> pd.DataFrame:
    """The reviews raising one theme, for drill-down."""
    return db.frame("SELECT r.board, r.review_id, r.board_type, r.review_type, r.status, r.themes "
                    "FROM filtered_items($f, 'reviews') AS i "
                    "JOIN reviews AS r ON r.board = i.board AND r.review_id = i.item_id "
                    "JOIN item_theme_set($f, 'reviews') AS t "
                    "ON t.board = i.board AND t.item_id = i.item_id "
                    "WHERE t.theme = $theme ORDER BY r.board, r.review_id",
               f.but(theme=None), theme=theme)


@declared(not_applied={"agency": NO_AGENCY}, conventions=(REVIEW_YEAR,), records=True)
def review_list(db: Reader, f: Filters) -> pd.DataFrame:
    """The reviews of the period (a review's year is that of its decision, else notification,
    awareness or rapid review date), each with its type, stage and publication, for the annual
    report's list of the reviews the board commissioned, completed and published."""
    return db.frame("SELECT r.board, r.review_id, r.review_type, r.status, r.decision_date, "
                    "r.completed_date, r.publication_date FROM filtered_items($f, 'reviews') AS i "
                    "JOIN reviews AS r ON r.board = i.board AND r.review_id = i.item_id "
                    "WHERE text_wanted($f, r.board, r.themes) "
                    "ORDER BY r.board, i.item_date, r.review_id", f)


_UNMAPPED = "text that maps to no theme names none"


@declared(not_applied=lambda a: {"theme": _UNMAPPED, **_agency_of(a)},
          examples=tuple({"source": s} for s in SOURCES), records=True)
def unmapped_mentions(db: Reader, f: Filters,
                      source: Source = "reviews") -> pd.DataFrame:
    """Theme text of a data set's items that maps to no theme: the text, how often it is
    written, on how many items."""
    return db.frame("SELECT * FROM unmapped_mentions($f, $source) ORDER BY items DESC, mention",
               f.but(theme=None), source=source)


@declared(not_applied={"theme": _UNMAPPED},
          partly={"agency": "applied to recommendations, audits and training; reviews have "
                            "no agency"}, records=True)
def unmapped_by_board(db: Reader, f: Filters) -> pd.DataFrame:
    """For each board and data set, the theme mentions that map to no theme: how many, how
    many different texts (the first five) and on how many items."""
    return db.frame("SELECT * FROM unmapped_by_board($f) ORDER BY mentions DESC, board, "
                    "list_position(['reviews', 'recommendations', 'audits', 'training'], data_set)",
               f.but(theme=None))


@declared(not_applied={"period": _HELD, "quarter": _HELD, "theme": _HELD,
                       "agency": "it lists the agency names themselves"})
def lone_agencies(db: Reader, f: Filters) -> pd.DataFrame:
    """Agency names a board's records use on one or two records only, across recommendations,
    audits and training: most likely a misspelling or an abbreviation to map to the agency
    it means (names equal but for case, punctuation and 'the' are one agency already)."""
    return db.frame("SELECT board, name AS agency, count(*) AS records, "
                    "list_sort(list(DISTINCT data_set)) AS data_sets FROM ("
                    "SELECT board, board_type, owner AS name, 'recommendations' AS data_set "
                    "FROM recommendations UNION ALL "
                    "SELECT board, board_type, agency, 'audits' FROM audits UNION ALL "
                    "SELECT board, board_type, agency, 'training' FROM training_bookings) "
                    "WHERE name IS NOT NULL AND board_wanted($f, board) "
                    "AND board_type_wanted($f, board_type) "
                    "GROUP BY board, name HAVING count(*) <= 2 ORDER BY board, name", f)


# -- overview indicators ----------------------------------------------------------------------

@declared(not_applied={"quarter": "the tiles compare whole financial years"},
          conventions=lambda f, a: (DATED_BY_UPDATE, *_workforces(f, a)))
def headline_indicators(db: Reader, f: Filters) -> pd.DataFrame:
    """Per board type, for the financial year (the one chosen, else the as-of date's, to date):
    recommendations agreed in it open and overdue on the as-of date, audits graded good or
    better, and training attendance."""
    period, _ = f.year_or_current()
    frame = db.frame("SELECT * EXCLUDE (sort_order) FROM headline_indicators($f) "
                     "ORDER BY sort_order", f.but(period=period, quarter=None))
    frame.insert(1, "period", period)
    return frame


# -- how my board compares, naming no other board ---------------------------------------------

# A comparison is an aggregate of at least this many boards of the same type, or not shown.
MIN_COMPARED = 3
_COMPARED = "it compares with every board of the same type"


@declared(not_applied={"board": _COMPARED,
                       "quarter": "the tiles compare whole financial years"},
          partly={"agency": "applied to audits and training; reviews have no agency"})
def comparison_tiles(db: Reader, f: Filters) -> pd.DataFrame:
    """For each board type and timescale, the financial year's compliance over every board of
    that type (the year chosen, else the as-of date's, to date) and how many boards are behind
    it (and the same for audits good or better and training attendance): a figure beside a
    board's own, naming no board, shown only where 3 boards or more besides the person's own
    hold it."""
    period, _ = f.year_or_current()
    # Deliberately wider than the person's boards: only sums and a count of boards leave here.
    every = db.comparing()
    wide = f.but(board=None, period=period, quarter=None)
    own = set(db.scope.board_names)
    rows = []
    for board_type in BOARD_TYPES:
        if f.board_type not in (None, board_type):
            continue
        by_board = timescale_compliance_groups(every, wide.but(board_type=board_type))["board"]
        counted = by_board[by_board["counted"] > 0]
        for measure, part in counted.groupby("measure", sort=False):
            met, total, boards = int(part["met"].sum()), int(part["counted"].sum()), len(part)
            # at least MIN_COMPARED boards besides the person's own: their own figures taken
            # away must still leave a sum over several boards
            shown = boards - len(own & set(part["board"])) >= MIN_COMPARED
            rows.append((board_type, measure, period, boards, met if shown else None,
                         total if shown else None,
                         share(met, total) if shown and total else None, shown))
        # the rates among the other headline figures: audits good or better, attendance
        rates = every.frame("SELECT 'audits_good_or_better' AS measure, count(DISTINCT board) AS "
                         "boards, count(DISTINCT board) FILTER (WHERE list_contains($own, board)) "
                         "AS own, count(*) FILTER (WHERE good_or_better) AS part, count(*) AS whole "
                         "FROM filtered_audits($f) UNION ALL "
                         "SELECT 'training_attendance', count(DISTINCT board), "
                         "count(DISTINCT board) FILTER (WHERE list_contains($own, board)), "
                         "count(*) FILTER (WHERE status = 'attended'), count(*) "
                         "FROM filtered_training($f)", wide.but(board_type=board_type),
                         own=list(own))
        for rate in rates.itertuples():
            boards, part, whole = int(rate.boards), int(rate.part), int(rate.whole)
            shown = boards - int(rate.own) >= MIN_COMPARED and whole > 0
            rows.append((board_type, rate.measure, period, boards, part if shown else None,
                         whole if shown else None,
                         share(part, whole) if shown else None, shown))
    return pd.DataFrame(rows, columns=["board_type", "measure", "period", "boards", "met",
                                       "counted", "compliance_pct", "shown"])


# -- how my board compares with England, its region and its neighbours ------------------------

_WHOLE_YEARS = "national figures are published for whole years"


def _national_conventions(f: Filters, _arguments: Mapping[str, object]) -> tuple[str, ...]:
    """What every comparison is read with: for children's boards, that notifications measure
    no performance and that the file's context lags a year."""
    children = (NOT_PERFORMANCE, CONTEXT_LAG) if f.board_type in (None, "children") else ()
    return (*children, SUMMED, REGION_ROUNDED, NO_NATIONAL_TIMESCALES, REVIEW_YEAR)


national_context = declared(
    not_applied={"quarter": _WHOLE_YEARS,
                 "agency": "national figures are not by agency, and reviews have none",
                 "theme": "it sets each theme beside England's"},
    partly={"board": "the board's own figures are its alone; England's, beside them, are the "
                     "same for every board"},
    conventions=_national_conventions)(national_figures.national_context)


# -- data quality (about uploads: only the person's boards) ------------------------------------

_UPLOADS = {name: "uploads are listed for all of the person's boards, whatever the filters"
            for name in FILTER_NAMES}


@declared(not_applied=_UPLOADS)
def uploads(db: Reader, f: Filters) -> pd.DataFrame:
    """Every upload of the person's boards (all of the boards its rows name), newest first."""
    return db.frame("SELECT * EXCLUDE (boards) FROM uploads WHERE upload_wanted($f, boards) "
                    "ORDER BY upload_id DESC", f)


@declared(not_applied=_UPLOADS, examples=({"upload_id": 1},), records=True)
def upload_problems(db: Reader, f: Filters, upload_id: int) -> pd.DataFrame:
    """An upload's problems as the quality lead saw them: one per thing to fix, with how many
    rows and which, errors before warnings before the mappings applied (nothing for an upload
    of another board's)."""
    return db.frame('SELECT p.severity, p."column", p.rows_affected AS rows, '
                    "p.row_list AS which_rows, p.message, p.rule FROM upload_problems AS p "
                    "JOIN uploads AS u ON u.upload_id = p.upload_id "
                    "WHERE p.upload_id = $upload AND upload_wanted($f, u.boards) "
                    "ORDER BY list_position(['error', 'warning', 'note'], p.severity), "
                    "p.row NULLS FIRST", f, upload=upload_id)


@declared(not_applied=_UPLOADS)
def upload_pass_rates(db: Reader, f: Filters) -> pd.DataFrame:
    """For each data set and month, the person's uploads and the share that passed the
    checks."""
    return db.frame("SELECT kind, strftime(received_at, '%Y-%m') AS month, count(*) AS uploads, "
                    "count(*) FILTER (WHERE outcome <> 'rejected') AS passed, "
                    "share_pct(count(*) FILTER (WHERE outcome <> 'rejected'), count(*)) "
                    "AS pass_pct FROM uploads WHERE upload_wanted($f, boards) "
                    "GROUP BY ALL ORDER BY kind, month", f)


@declared(not_applied=_UPLOADS, examples=({"days": 0},))
def stale_data_sets(db: Reader, f: Filters, days: int) -> pd.DataFrame:
    """For each of the person's boards and each data set it holds records of: the date of the
    newest extract stored for it (the extract's own as-of date, on or before the as-of date),
    where that is more than `days` days before the as-of date, or there is none."""
    return db.frame("WITH held AS (SELECT DISTINCT board, source AS kind FROM source_items "
                    "WHERE in_scope($f, board)), "
                    "stored AS (SELECT u.kind, b.board, max(u.as_of) AS last_extract "
                    "FROM uploads AS u, unnest(u.boards) AS b(board) "
                    "WHERE u.outcome <> 'rejected' AND u.as_of <= $f['as_of'] GROUP BY ALL) "
                    "SELECT h.board, h.kind, s.last_extract FROM held AS h "
                    "LEFT JOIN stored AS s USING (board, kind) "
                    "WHERE s.last_extract IS NULL "
                    "OR s.last_extract < $f['as_of'] - to_days(CAST($days AS INTEGER)) "
                    "ORDER BY h.board, list_position(['reviews', 'recommendations', 'audits', "
                    "'training'], h.kind)", f, days=days)


@declared(not_applied=_UPLOADS)
def uploads_waiting(db: Reader, f: Filters) -> pd.DataFrame:
    """The person's rejected uploads with no later upload of the same data set stored for
    every board they named: what a quality lead still has to fix and load."""
    return db.frame("SELECT r.upload_id, r.kind, r.received_at, r.errors, r.boards "
                    "FROM uploads AS r WHERE r.outcome = 'rejected' "
                    "AND upload_wanted($f, r.boards) "
                    "AND NOT EXISTS (SELECT 1 FROM uploads AS s WHERE s.kind = r.kind "
                    "AND s.outcome <> 'rejected' AND s.upload_id > r.upload_id "
                    "AND (len(r.boards) = 0 OR list_has_all(s.boards, r.boards))) "
                    "ORDER BY r.upload_id", f)


# -- the README's table of figures and filters ------------------------------------------------

# What the sidebar offers, and the groupings fetched together (each is listed as
# timescale_compliance or audit_grades by its grouping), are not figures of their own.
FIGURES = [name for name in REGISTRY
           if name not in ("filter_choices", "has_any_data", "timescale_compliance_groups",
                           "audit_grade_groups", "uploads", "upload_problems",
                           "upload_pass_rates", "stale_data_sets", "uploads_waiting")]


def declarations_markdown() -> str:
    """Which filters apply to each figure, from the declarations (the README carries it, and a
    test keeps the two the same: `python -m data_models.queries` prints it)."""
    header = ["Figure", "What it is", *(FILTER_LABELS[n].capitalize() for n in FILTER_NAMES)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, declared_as in REGISTRY.items():
        if name not in FIGURES:
            continue
        for example in declared_as.examples:
            label = name + "".join(f" ({value})" for value in example.values())
            skipped = declared_as.not_applied(example)
            cells = []
            for filter_name in FILTER_NAMES:
                if filter_name in skipped:
                    cells.append(f"no: {skipped[filter_name]}")
                elif filter_name in declared_as.partly:
                    cells.append(f"partly: {declared_as.partly[filter_name]}")
                else:
                    cells.append("yes")
            lines.append(f"| `{label}` | {declared_as.summary} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(declarations_markdown(), end="")
