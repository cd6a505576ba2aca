"""What the Timescales page shows for one measure: the measures to choose from, compliance by
year, quarter and board, how long the stopped clocks took, the misses and open clocks, and the
records behind each year. No Streamlit: the page (timescales.py) draws it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.screens.shared import THRESHOLD, Chart, DrillDown, Records, periods_to_date
from data_models import queries as q
from data_models.filters import Filters
from data_models.scope import Reads

STATUS_LABELS = {
    "met": "✓ Met", "missed": "✗ Missed", "overdue": "! Overdue", "pending": "… Pending",
    "not_applicable": "– Not applicable",
}


def with_status_labels(frame: pd.DataFrame, column: str = "status") -> pd.DataFrame:
    """Status as words and a symbol, never by colour alone."""
    out = frame.copy()
    if column in out:
        out[column] = out[column].map(STATUS_LABELS).fillna(out[column])
    return out


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
