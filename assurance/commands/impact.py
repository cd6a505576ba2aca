"""`assurance impact`: did the board's actions on a theme make a difference. For each theme
with recommendations, where its actions stand; with --theme, what followed them."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from assurance.commands.common import (
    CommandError,
    Commands,
    heading,
    print_frame,
    terminal_table,
    today,
)
from assurance.commands.opening import open_database
from assurance.filter_args import add_filter_arguments, date_argument, filters_from, reader_from
from data_models import impact, queries
from data_models.filters import Filters


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "impact", parents=[options], help="did the board's actions on a theme make a difference",
        description="For each theme with recommendations, where its actions stand (themes "
                    "whose actions were completed with no audit since first); with --theme, "
                    "what followed them: shares before and after the cut-over, with 95% "
                    "intervals, and what the board did year by year.")
    add_filter_arguments(parser)
    parser.add_argument("--cut-over", type=date_argument, default=None, metavar="DATE",
                        help="compare before and after this date instead of the rule's (the "
                             "date by which more than half of the theme's recommendations "
                             "were completed); needs --theme")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.cut_over is not None and args.theme is None:
        raise CommandError("--cut-over is for one theme: add --theme THEME.")
    con = open_database(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, today())
        if args.cut_over is not None and args.cut_over > f.as_of:
            raise CommandError(f"--cut-over {args.cut_over} is after the as-of date "
                               f"({f.as_of:%d/%m/%Y}): there is no after to compare yet.")
        frame = queries.theme_impact(db, f, args.cut_over)
        actions = queries.theme_actions(db, f) if f.theme else None
    finally:
        con.close()
    notes = queries.notes(queries.theme_impact, f)
    found = impact.findings(frame)
    overview = impact.overview(frame)
    said = [line for row in frame.itertuples() for line in impact.sentences(row)] \
        if f.theme else []
    if args.format == "json":
        _json(f, frame, found if f.theme else overview, notes, said, actions)
    elif args.format == "csv":
        print_frame(found if f.theme else overview, "csv", extra={})
    else:
        heading("Did our actions make a difference?", f, db.scope, notes)
        if f.theme:
            _table_for_theme(f, found, said, actions)
        else:
            print(terminal_table(overview))
            print("\nFor what followed a theme's actions, before and after: "
                  "assurance impact --theme THEME")
    return 0


def _json(f: Filters, frame: pd.DataFrame, shown: pd.DataFrame, notes: list[str],
          said: list[str], actions: pd.DataFrame | None) -> None:
    print_frame(shown, "json", extra={
        "as_of": f.as_of.isoformat(), "filters": f.chosen(), "notes": notes,
        "cut_over": (None if frame.empty or pd.isna(frame["cut_over"].iloc[0])
                     else f"{frame['cut_over'].iloc[0]:%Y-%m-%d}") if f.theme else None,
        "sentences": said,
        "actions": json.loads(actions.to_json(orient="records")) if actions is not None
        else []})


def _table_for_theme(f: Filters, found: pd.DataFrame, said: list[str],
                     actions: pd.DataFrame | None) -> None:
    """One theme in the terminal: what followed its actions, in sentences and a table, and
    what the board did about it year by year."""
    for line in said:
        print(line)
    if not found.empty:
        print()
        print(terminal_table(impact.in_words(found).drop(columns=["theme"])))
    if actions is not None and not actions.empty:
        print(f"\nWhat the board did about {f.theme}, by financial year:")
        print(terminal_table(actions.drop(columns=["theme"])))
