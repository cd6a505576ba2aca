"""`assurance themes`: how often each learning theme comes up in a data set, and how many
mentions match no theme."""

from __future__ import annotations

import argparse
import sys

from assurance.commands.common import Commands, heading, print_frame, today
from assurance.commands.opening import open_database
from assurance.filter_args import add_filter_arguments, filters_from, reader_from
from data_models import queries
from data_models.queries import SOURCES

THEME_COLUMNS = ["theme", "board_type", "items_with_theme", "items_total", "share_pct"]


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("themes", parents=[options], help="theme prevalence")
    parser.add_argument("--source", choices=SOURCES, default="reviews")
    add_filter_arguments(parser)
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    con = open_database(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, today())
        frame = queries.theme_shares(db, f, args.source)[THEME_COLUMNS]
        # how many mentions map to no theme: a count, for everyone (their text is not shown)
        unmapped = int(queries.unmapped_mentions(db.aggregating(), f,
                                                 args.source)["mentions"].sum())
    finally:
        con.close()
    notes = queries.notes(queries.theme_shares, f, source=args.source)
    if args.format == "table":
        heading(f"Theme prevalence in {args.source}", f, db.scope, notes)
    if args.format == "json":
        print_frame(frame, "json", extra={"source": args.source, "unmapped": unmapped,
                                          "as_of": f.as_of.isoformat(), "filters": f.chosen(),
                                          "notes": notes})
        return 0
    print_frame(frame, args.format, extra={})
    note = f"unmapped: {unmapped} theme mentions match no theme in the vocabulary"
    print(note, file=sys.stderr if args.format == "csv" else sys.stdout)
    return 0
