"""`assurance timescales`: compliance with the statutory timescales, or with --detail one
record per review and measure."""

from __future__ import annotations

import argparse

import pandas as pd

from assurance.commands.common import Commands, heading, print_frame, terminal_table, today
from assurance.commands.opening import open_database
from assurance.filter_args import add_filter_arguments, filters_from, reader_from
from data_models import queries

DETAIL_COLUMNS = [
    "review_id", "board", "board_type", "measure", "start_date", "end_date", "due_date",
    "elapsed", "limit", "unit", "status",
]
SUMMARY_COLUMNS = [
    "measure", "label", "met", "missed", "overdue", "pending", "compliance_pct", "median_elapsed",
    "origin", "not_recorded",
]


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("timescales", parents=[options],
                                 help="compliance with statutory timescales")
    add_filter_arguments(parser)
    parser.add_argument("--detail", action="store_true",
                        help="one record per review and measure")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    con = open_database(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, today())
        query = queries.timescale_records if args.detail else queries.timescale_compliance
        if args.detail:
            frame = _dates_iso(queries.timescale_records(db, f))[DETAIL_COLUMNS]
        else:
            full = queries.timescale_compliance(db, f)
            frame = full[SUMMARY_COLUMNS]
    finally:
        con.close()
    notes = queries.notes(query, f)
    if args.format == "table":
        heading("Statutory timescales", f, db.scope, notes)
        if not args.detail:
            print(terminal_table(_timescales_in_words(full)))
            return 0
    print_frame(frame, args.format,
                extra={"as_of": f.as_of.isoformat(), "filters": f.chosen(), "notes": notes})
    return 0


def _dates_iso(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("start_date", "end_date", "due_date"):
        if column in out:
            out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def _timescales_in_words(summary: pd.DataFrame) -> pd.DataFrame:
    """The compliance summary for a reader: each rule by its label, and the median time taken
    with its unit (working days, or calendar days for rules counted in months)."""
    unit = summary["unit"].map({"working_days": "working days", "months": "calendar days"})
    median = [f"{m:g} {u}" if pd.notna(m) else None
              for m, u in zip(summary["median_elapsed"], unit, strict=True)]
    return pd.DataFrame({
        "timescale": summary["label"], "met": summary["met"], "missed": summary["missed"],
        "overdue": summary["overdue"], "pending": summary["pending"],
        "compliance_pct": summary["compliance_pct"], "median taken": median,
        "date not recorded": summary["not_recorded"],
        "origin": summary["origin"].where(summary["origin"] != "national", "national rule"),
    })
