"""What the Recommendations page shows: where the recommendations agreed stand, by owner and
age, those overdue, rated off track or not implemented, and who must be chased or escalated
(the lists the Exports page's letters follow). No Streamlit: the page (recommendations.py)
draws it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.screens.shared import Chart, DrillDown, Records, Tile, first, percent_or_counts, readable
from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import plural
from data_models.queries import RECOMMENDATION_STATUSES
from data_models.scope import Reads
from data_models.settings import CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS
from data_models.vocabularies import terms

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
                 f"{plural(total, 'recommendation')} agreed in this view: {open_count} open, of which "
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
    letter = first(_why(rows.drop(columns=["owner"])),
                   ["why_listed", "recommendation", "due_date"])
    return Chase(
        readable(by_owner.astype({c: int for c in by_owner.columns if c != "owner"})),
        DrillDown.of(by_owner["owner"].tolist(), letter.assign(owner=rows["owner"]), "owner", db),
        len(rows),
        Records.of(first(_why(escalated),
                         ["why_listed", "owner", "board", "recommendation"]), db),
        CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS, tuple(q.notes(q.chase_list, f)))


def _why(rows: pd.DataFrame) -> pd.DataFrame:
    """Why each is listed, in the chase letter's words ('overdue by 1711 days; rated off
    track'), without a column of days overdue beside it saying the days again."""
    return rows.rename(columns={"why": "why_listed"}).drop(columns=["days_overdue"])


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
