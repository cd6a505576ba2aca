"""What the Audits page shows: grades by agency and over time, the themes of audits below good,
and the actions audits raised. No Streamlit: the page (audits.py) draws it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.screens.shared import THRESHOLD, Chart, DrillDown, first, percent_or_counts, periods_to_date
from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import percent_of, share
from data_models.queries import GRADES
from data_models.scope import Reads


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
