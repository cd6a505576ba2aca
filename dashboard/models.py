"""What each board page shows, worked out once per data version, filters and choices.

A page asks for its model (`dashboard.data.model`) and draws it: the summaries, sentences and
plotly figures are built here, on the first view, and shared by every later rerun and every
session until the data changes. A warm rerun therefore only draws; it never regroups records
or rebuilds a figure. Nothing here calls Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard import charts
from data_models import figures
from data_models.figures import (
    GRADES,
    RECOMMENDATION_STATUSES,
    TRAINING_STATUSES,
    Filters,
    compliance,
    confidence_change,
    grade_counts,
    recommendation_status_by_owner,
    recurring_themes,
    training_by,
)

Query = Callable[..., Any]

# A table of records on a page shows this many rows; the rest are in the export.
MAX_SHOWN = 1000

STATUS_LABELS = {
    "met": "✓ met", "missed": "✗ missed", "overdue": "! overdue", "pending": "… pending",
    "not_applicable": "– not applicable",
}


def with_status_labels(frame: pd.DataFrame, column: str = "status") -> pd.DataFrame:
    """Status as words and a symbol, never by colour alone."""
    out = frame.copy()
    if column in out:
        out[column] = out[column].map(STATUS_LABELS).fillna(out[column])
    return out


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names in words and dates as day/month/year, for tables a board member reads."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%d/%m/%Y")
    out.columns = [str(c).replace("_pct", " %").replace("_", " ").capitalize()
                   for c in out.columns]
    return out


@dataclass(frozen=True)
class Chart:
    """A chart with its one-sentence summary and the same figures as a readable table."""

    key: str
    title: str
    sentence: str
    figure: Any
    table: pd.DataFrame

    @classmethod
    def of(cls, key: str, title: str, sentence: str, figure: Any, table: pd.DataFrame) -> Chart:
        return cls(key, title, sentence, figure, readable(table))


@dataclass(frozen=True)
class Records:
    """Records for a table on a page: the first MAX_SHOWN, readable, and how many there are."""

    shown: pd.DataFrame
    total: int

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Records:
        return cls(readable(frame.head(MAX_SHOWN)), len(frame))

    @property
    def cut(self) -> bool:
        return self.total > len(self.shown)


@dataclass(frozen=True)
class DrillDown:
    """A summary's rows to choose from and, for each, the records behind it."""

    options: list[str]
    groups: dict[str, Records] = field(default_factory=dict)

    @classmethod
    def of(cls, options: list[str], records: pd.DataFrame, column: str) -> DrillDown:
        keys = records[column].astype(str)
        groups = {str(value): Records.of(group)
                  for value, group in records.groupby(keys, sort=False, observed=True)}
        return cls([str(o) for o in options], groups)

    def records(self, option: str) -> Records:
        return self.groups.get(option, Records(pd.DataFrame(), 0))


# -- overview ---------------------------------------------------------------------------------

def overview(query: Query, f: Filters) -> dict[str, Any]:
    attention = query("needs_attention", f)
    return {
        "tiles": query("timescale_tiles", f),
        "indicators": query("headline_indicators", f).set_index("board_type"),
        "attention": {key: Records.of(frame) for key, frame in attention.items()},
        "freshness": figures.freshness_sentences(query("data_freshness")),
    }


# -- timescales -------------------------------------------------------------------------------

def timescale_measures(query: Query, f: Filters) -> dict[str, str]:
    """The measures to choose from: rule id -> label, those with records first."""
    rules = query("timescale_rules")
    if f.board_type:
        rules = rules[rules["board_type"].isin(["any", f.board_type])]
    labels = dict(zip(rules["rule_id"], rules["label"], strict=True))
    present = set(query("timescale_records", f)["measure"])
    return {m: label for m, label in labels.items() if m in present} or labels


def timescales(query: Query, f: Filters, measure: str) -> dict[str, Any] | None:
    rule = query("timescale_rules").set_index("rule_id").loc[measure]
    records = query("timescale_records", f)
    chosen = records[records["measure"] == measure]
    if chosen.empty:
        return None
    overall = compliance(chosen.assign(all="all"), ["all"])
    row = overall.iloc[0] if len(overall) else None
    counted = int(row["met"] + row["missed"] + row["overdue"]) if row is not None else 0
    summary = charts.compliance_sentence(int(row["met"]) if row is not None else 0, counted,
                                         rule["label"], f"for {f.describe().split(';')[0]}")
    by_year = compliance(chosen, ["period"])
    by_quarter = compliance(chosen, ["quarter"])
    by_board = compliance(chosen, ["board"])
    columns = ["board", "review_id", "start_date", "due_date", "end_date", "elapsed", "status"]
    elapsed = (chosen[chosen["status"].isin(["met", "missed"])]
               .groupby(["elapsed", "status"]).size().rename("reviews").reset_index())
    exceptions = chosen[chosen["status"].isin(["missed", "overdue", "pending"])]
    return {
        "summary": summary,
        "charts": [
            Chart.of("by_year", "By financial year", charts.best_and_worst_sentence(by_year, "period"),
                     charts.compliance_bars(by_year, "period"), by_year),
            Chart.of("by_quarter", "By quarter", "Each quarter's clocks by what happened to them.",
                     charts.status_stack(by_quarter, "quarter"), by_quarter),
            Chart.of("elapsed", "How long it took",
                     f"Elapsed time for stopped clocks, with the limit of {rule['limit']} "
                     f"{rule['unit'].replace('_', ' ')} marked.",
                     charts.elapsed_histogram(chosen, int(rule["limit"]), rule["unit"],
                                              rule["comparison"]),
                     with_status_labels(elapsed)),
            Chart.of("by_board", "Boards side by side",
                     "Compliance for each board, with met and counted clocks.",
                     charts.compliance_bars(by_board, "board"), by_board),
        ],
        "exceptions": Records.of(with_status_labels(exceptions[columns])),
        "by_year": DrillDown.of(by_year["period"].tolist(),
                                with_status_labels(chosen[["period", *columns]]), "period"),
    }


# -- themes -----------------------------------------------------------------------------------

def themes(query: Query, f: Filters) -> dict[str, Any] | None:
    shares = query("review_theme_shares", f)
    if shares.empty:
        return None
    top = shares.sort_values("share_pct", ascending=False).iloc[0]
    trend_themes = set(query("review_theme_trend", f)["theme"])
    recurrent = recurring_themes(query("review_theme_trend", f.but(board_type=None)))
    loop = query("learning_loop", f)
    gaps = loop[loop["not_audited"] | loop["not_trained"]]
    shown = loop.drop(columns="sort_order").copy()
    shown.insert(1, "gap", ["⚠ no audit or training" if a or t else "" for a, t in
                            zip(shown.pop("not_audited"), shown.pop("not_trained"), strict=True)])
    table = shares.drop(columns="sort_order")
    return {
        "charts": [
            Chart.of("prevalence", "Prevalence in reviews",
                     f"The most common theme is {top['theme']}: {top['items_with_theme']} of "
                     f"{top['items_total']} {top['board_type']}'s reviews ({top['share_pct']:.0f}%).",
                     charts.theme_side_by_side(shares), table),
            Chart.of("heatmap", "Theme by board type", "Share of reviews raising each theme (%).",
                     charts.theme_heatmap(shares), table),
        ],
        "trend_themes": sorted(trend_themes),
        "default_trend": [t for t in recurrent["theme"].head(3) if t in trend_themes],
        "recurring": readable(recurrent),
        "loop": readable(shown),
        "gaps": len(gaps),
        "loop_themes": loop["theme"].tolist(),
    }


def theme_trend(query: Query, f: Filters, picked: tuple[str, ...]) -> Chart:
    trend = query("review_theme_trend", f)
    return Chart.of("trend", "Trend over years",
                    "Share of each year's reviews raising the chosen themes.",
                    charts.theme_trend(trend, list(picked)), trend[trend["theme"].isin(picked)])


# -- recommendations --------------------------------------------------------------------------

RECOMMENDATION_COLOURS = {"not_started": "#D55E00", "in_progress": "#E69F00",
                          "completed": "#56B4E9", "assured": "#009E73",
                          "not_implemented": "#999999"}
RECOMMENDATION_PATTERNS = {"not_started": "x", "in_progress": "/", "completed": ".",
                           "assured": "", "not_implemented": "-"}


def recommendations(query: Query, f: Filters) -> dict[str, Any] | None:
    records = query("recommendation_records", f)
    if records.empty:
        return None
    open_count, overdue = int(records["is_open"].sum()), int(records["is_overdue"].sum())
    with_evidence = int(records.loc[records["status"] == "assured",
                                    "evidence_of_impact"].notna().sum())
    by_owner = recommendation_status_by_owner(records)
    late = records[records["is_overdue"]].sort_values("days_overdue", ascending=False)
    open_records = records[records["is_open"]]
    dropped = records[records["status"] == "not_implemented"]
    return {
        "total": len(records), "open": open_count, "overdue": overdue,
        "with_evidence": with_evidence,
        "by_owner": Chart.of(
            "by_owner", "Status by owner agency",
            f"{len(records)} recommendations: {open_count} open, of which {overdue} overdue.",
            charts.stacked_counts(by_owner, "owner", list(RECOMMENDATION_STATUSES),
                                  RECOMMENDATION_COLOURS, RECOMMENDATION_PATTERNS,
                                  "recommendations"),
            by_owner),
        "owners": DrillDown.of(by_owner["owner"].tolist(),
                               records.drop(columns=["is_open", "is_overdue"]), "owner"),
        "late": Records.of(late[["board", "recommendation_id", "owner", "recommendation",
                                 "status", "due_date", "days_overdue", "status_reason"]]),
        "longest_late": int(late["days_overdue"].max()) if len(late) else 0,
        "age": Chart.of(
            "age", "Age of open recommendations",
            f"Open recommendations were agreed a median of "
            f"{open_records['age_days'].median():.0f} days before the as-of date."
            if len(open_records) else "No open recommendations.",
            charts.histogram(open_records["age_days"], "Days since agreed"),
            age_bands(open_records["age_days"])),
        "dropped": Records.of(dropped[["board", "recommendation_id", "owner", "recommendation",
                                       "status_reason"]]),
    }


AGE_BANDS = ((0, 90, "up to 3 months"), (91, 182, "3 to 6 months"), (183, 365, "6 to 12 months"),
             (366, 730, "1 to 2 years"), (731, None, "over 2 years"))


def age_bands(ages: pd.Series) -> pd.DataFrame:
    """How many open recommendations are of each age."""
    rows = [(label, int(ages.between(low, high if high is not None else float("inf")).sum()))
            for low, high, label in AGE_BANDS]
    return pd.DataFrame(rows, columns=["agreed", "recommendations"])


# -- audits -----------------------------------------------------------------------------------

def audits(query: Query, f: Filters) -> dict[str, Any] | None:
    records = query("audit_records", f)
    if records.empty:
        return None
    good = int(records["good_or_better"].sum())
    by_agency = grade_counts(records, "agency")
    by_period = grade_counts(records, "period")
    latest = by_period.iloc[-1]
    weak = query("themes_of_weak_audits", f)
    actions = records.groupby("agency")[["actions_raised", "actions_completed"]].sum().reset_index()
    raised, done = int(actions["actions_raised"].sum()), int(actions["actions_completed"].sum())
    return {
        "by_agency": Chart.of(
            "by_agency", "Grades by agency",
            f"{good} of {len(records)} audits ({100 * good / len(records):.0f}%) were graded good "
            "or outstanding.",
            charts.stacked_counts(by_agency, "agency", list(GRADES), charts.GRADE_COLOURS,
                                  charts.GRADE_PATTERNS, "audits"),
            by_agency),
        "agencies": DrillDown.of(by_agency["agency"].tolist(), records, "agency"),
        "charts": [
            Chart.of("trend", "Good or better over time",
                     f"In {latest['period']}, {latest['good_or_better_pct']:.0f}% of audits were "
                     "good or better.",
                     charts.percent_line(by_period, "period",
                                         {"good_or_better_pct": "Good or better"}),
                     by_period),
            Chart.of("weak_themes", "Themes of audits graded requires improvement or inadequate",
                     f"The most frequent: {weak.iloc[0]['theme']} ({weak.iloc[0]['audits']} "
                     "audits)." if len(weak) else "No audits below good.",
                     charts.horizontal_bars(weak, "theme", "audits", "Audits"), weak),
            Chart.of("actions", "Actions completed against raised",
                     f"{done} of {raised} actions raised by audits are completed"
                     + (f" ({100 * done / raised:.0f}%)." if raised else "."),
                     charts.stacked_counts(
                         actions.assign(open=actions["actions_raised"]
                                        - actions["actions_completed"]),
                         "agency", ["actions_completed", "open"],
                         {"actions_completed": "#009E73", "open": "#E69F00"},
                         {"actions_completed": "", "open": "/"}, "actions"),
                     actions),
        ],
    }


# -- training ---------------------------------------------------------------------------------

def training(query: Query, f: Filters) -> dict[str, Any] | None:
    uptake = query("training_uptake", f)
    if uptake.empty:
        return None
    totals = training_by(uptake, "all").iloc[0]
    by_agency = training_by(uptake, "agency")
    by_workforce = training_by(uptake, "workforce")
    by_quarter = training_by(uptake, "quarter")
    confidence = confidence_change(uptake, "course")
    sessions = query("sessions_per_theme", f)
    statuses = list(TRAINING_STATUSES)
    return {
        "totals": totals,
        "charts": [
            Chart.of("by_agency", "Bookings by agency",
                     f"{int(totals['attended']):,} of {int(totals['booked']):,} bookings were "
                     f"attended; {totals['no_show_pct']:.0f}% of expected attendees did not come.",
                     charts.stacked_counts(by_agency, "agency", statuses, charts.TRAINING_COLOURS,
                                           charts.TRAINING_PATTERNS, "bookings"),
                     by_agency),
            Chart.of("by_workforce", "Bookings by workforce",
                     "Courses for children's, adults' or both workforces.",
                     charts.stacked_counts(by_workforce, "workforce", statuses,
                                           charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS,
                                           "bookings"),
                     by_workforce),
            Chart.of("over_time", "Attendance and no-shows over time",
                     "Each quarter's attendance and no-show rates.",
                     charts.percent_line(by_quarter, "quarter",
                                         {"attendance_pct": "Attendance",
                                          "no_show_pct": "No-show rate"}),
                     by_quarter),
            Chart.of("confidence", "Confidence before and after",
                     "Average confidence of attendees before and after each course (1 to 5).",
                     charts.confidence_dumbbell(confidence, "course"), confidence),
            Chart.of("sessions", "Sessions per theme",
                     "Training sessions covering each learning theme.",
                     charts.horizontal_bars(sessions, "theme", "training_sessions", "Sessions"),
                     sessions),
        ],
    }
