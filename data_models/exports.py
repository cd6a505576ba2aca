"""The tables an export holds, built from the same named queries the pages use, with the
suppression each needs for publication. No Streamlit, no files: writers live elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

import duckdb
import pandas as pd

from data_models import figures
from data_models.figures import (
    GRADES,
    RECOMMENDATION_STATUSES,
    TRAINING_STATUSES,
    Filters,
    compliance,
)
from data_models.publication import DEFAULT_THRESHOLD, Additive, Rate, Suppressed, suppress

STATUSES = ("met", "missed", "overdue", "pending")


@dataclass
class Table:
    name: str                    # sheet and file name
    title: str                   # what a reader sees
    frame: pd.DataFrame          # as published (suppressed where it is a summary)
    note: str                    # what was suppressed and why (or why not)


def _summary(name: str, title: str, frame: pd.DataFrame, threshold: int, *, counts: list[str],
             additive: tuple[Additive, ...] = (), rates: tuple[Rate, ...] = ()) -> Table:
    present = [c for c in counts if c in frame.columns]
    result: Suppressed = suppress(frame, present, additive=additive, rates=rates,
                                  threshold=threshold)
    return Table(name, title, result.table, result.note(title, threshold))


def _timescales(name: str, title: str, frame: pd.DataFrame, threshold: int) -> Table:
    """Met, missed, overdue and pending add up to the clocks counted: a lone hidden one could
    be worked out, and compliance is hidden with any of its counts."""
    return _summary(name, title, frame, threshold, counts=list(STATUSES),
                    additive=(Additive(STATUSES),),
                    rates=(Rate("compliance_pct", ("met",), ("met", "missed", "overdue")),))


def summary_tables(con: duckdb.DuckDBPyConnection, f: Filters,
                   threshold: int = DEFAULT_THRESHOLD) -> list[Table]:
    """Every summary table the pages show, for the filters, suppressed for publication."""
    records = figures.timescale_records(con, f)
    labels = figures.timescale_rules(con).set_index("rule_id")["label"]
    by_measure = compliance(records, ["measure"])
    by_measure.insert(1, "label", by_measure["measure"].map(labels))
    recommendations = figures.recommendation_records(con, f)
    audits = figures.audit_records(con, f)
    uptake = figures.training_uptake(con, f)
    loop = figures.learning_loop(con, f).drop(columns=["sort_order"])
    completeness = figures.timescale_completeness(con)
    tables = [
        _timescales("timescales", "Timescales by measure", by_measure, threshold),
        _timescales("timescales_by_board", "Timescales by board",
                    compliance(records, ["measure", "board"]), threshold),
        _timescales("timescales_by_year", "Timescales by financial year",
                    compliance(records, ["measure", "period"]), threshold),
        _summary("themes", "Themes in reviews",
                 figures.review_theme_shares(con, f).drop(columns=["sort_order"]), threshold,
                 counts=["items_with_theme", "items_total"],
                 rates=(Rate("share_pct", ("items_with_theme",), ("items_total",)),)),
        _summary("learning_loop", "The learning loop", loop, threshold,
                 counts=[c for c in loop.columns if c not in ("theme", "not_audited",
                                                              "not_trained")],
                 additive=(Additive(("audits_good_or_better", "audits_below_good"), "audits"),)),
        _summary("recommendations", "Recommendations by owner",
                 figures.recommendation_status_by_owner(recommendations), threshold,
                 counts=[*RECOMMENDATION_STATUSES, "overdue", "total"],
                 additive=(Additive(RECOMMENDATION_STATUSES, "total"),)),
        _summary("audits_by_agency", "Audit grades by agency",
                 figures.grade_counts(audits, "agency"), threshold,
                 counts=[*GRADES, "total"], additive=(Additive(GRADES, "total"),),
                 rates=(Rate("good_or_better_pct", ("outstanding", "good"), ("total",)),)),
        _summary("audits_by_year", "Audit grades by financial year",
                 figures.grade_counts(audits, "period"), threshold,
                 counts=[*GRADES, "total"], additive=(Additive(GRADES, "total"),),
                 rates=(Rate("good_or_better_pct", ("outstanding", "good"), ("total",)),)),
    ]
    for by, title in (("agency", "Training by agency"), ("workforce", "Training by workforce")):
        tables.append(_summary(
            f"training_by_{by}", title, figures.training_by(uptake, by), threshold,
            counts=["booked", *TRAINING_STATUSES],
            additive=(Additive(TRAINING_STATUSES, "booked"),),
            rates=(Rate("attendance_pct", ("attended",), ("booked",)),
                   Rate("no_show_pct", ("did_not_attend",), ("attended", "did_not_attend")))))
    tables.append(_summary("completeness", "Completeness of timescale dates", completeness,
                           threshold, counts=["reviews", "with_date"],
                           rates=(Rate("complete_pct", ("with_date",), ("reviews",)),)))
    return tables


def record_tables(con: duckdb.DuckDBPyConnection, f: Filters) -> list[Table]:
    """The filtered records of each data set. Never suppressed: only for people allowed
    record-level data, and never for publication."""
    note = "Record-level data: not for publication; no suppression applied."
    training = con.execute(
        "SELECT * FROM filtered_training(?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, "
        "?::VARCHAR, ?::VARCHAR) ORDER BY board, booking_id",
        [f.board, f.board_type, f.period, f.quarter, f.agency, f.theme]).df()
    return [
        Table("timescale_records", "Timescale records",
              figures.timescale_records(con, f).drop(columns=["sort_order"]), note),
        Table("recommendation_records", "Recommendation records",
              figures.recommendation_records(con, f), note),
        Table("audit_records", "Audit records", figures.audit_records(con, f), note),
        Table("training_records", "Training bookings", training, note),
    ]


def notes(con: duckdb.DuckDBPyConnection, f: Filters, tables: list[Table], threshold: int,
          described: str) -> pd.DataFrame:
    """What a reader of the export needs to know: filters, as-of date, freshness,
    suppression and the timescale rules used."""
    rows: list[tuple[str, str]] = [
        ("Filters", described),
        ("As of", f.as_of.isoformat()),
        ("Produced", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Suppression", f"Counts from 1 to {threshold - 1} are shown as 'c', with further "
                        "counts hidden so none can be worked out; percentages on a base below "
                        f"{threshold} or from a hidden count are shown as 'c'."),
    ]
    for row in figures.data_freshness(con).itertuples():
        latest = row.latest_date.isoformat() if pd.notna(row.latest_date) else "no data"
        rows.append((f"Freshness: {row.kind}", f"{row.records} records, data up to {latest}"))
    rows += [(f"Table: {t.title}", t.note) for t in tables]
    for rule in figures.timescale_rules(con).itertuples():
        rows.append((f"Rule: {rule.rule_id}", f"{rule.label} ({rule.comparison.replace('_', ' ')} "
                                              f"{rule.limit} {rule.unit.replace('_', ' ')}). "
                                              f"Source: {rule.source}."))
    return pd.DataFrame(rows, columns=["item", "detail"])


def log_export(con: duckdb.DuckDBPyConnection, *, what: str, fmt: str, f: Filters,
               threshold: int, destination: str, exported_by: str | None) -> int:
    """Record an export: who, when, what, with which filters."""
    return int(con.execute(
        "INSERT INTO exports (exported_at, exported_by, what, format, filters, threshold, "
        "destination) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING export_id",
        [dt.datetime.now(dt.UTC).replace(tzinfo=None), exported_by, what, fmt,
         json.dumps(asdict(f), default=str), threshold, destination]).fetchall()[0][0])
