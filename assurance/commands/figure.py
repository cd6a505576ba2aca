"""`assurance figure NAME`: any figure the dashboard's pages and exports show, by name, for
the same filters; `--list` names them and the filters each honours."""

from __future__ import annotations

import argparse
import inspect

from assurance.commands.common import CommandError, Commands, heading, print_frame, today
from assurance.commands.opening import open_database
from assurance.filter_args import add_filter_arguments, filters_from, reader_from
from data_models import queries
from data_models.queries import SOURCES

FIGURES = queries.FIGURES


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "figure", parents=[options], help="any figure the pages show, by name",
        description="Any figure the dashboard's pages and exports show, for the same filters. "
                    "`assurance figure --list` names them and the filters each honours.")
    parser.add_argument("name", nargs="?", choices=FIGURES, metavar="NAME",
                        help=" | ".join(FIGURES))
    parser.add_argument("--list", action="store_true",
                        help="list the figures and their filters")
    parser.add_argument("--by", default=None,
                        help="grouping, for timescale_compliance (measure, board_type, period, "
                             "quarter, board) and audit_grades (agency, period, all)")
    parser.add_argument("--source", choices=SOURCES, default=None,
                        help="data set, for theme_shares, theme_trend and unmapped_mentions")
    parser.add_argument("--drill-theme", default=None, help="the theme, for theme_records")
    add_filter_arguments(parser)
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        print(queries.declarations_markdown(), end="")
        return 0
    declaration = queries.REGISTRY[args.name]
    extra = _options(args, declaration)
    con = open_database(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, today())
        frame = declaration.function(db, f, **extra)
    finally:
        con.close()
    notes = declaration.notes(f, **extra)
    if args.format == "table":
        heading(declaration.summary, f, db.scope, notes)
        if {"measure", "label"} <= set(frame.columns):   # the label is the measure in words
            frame = frame.drop(columns="measure")
    print_frame(frame, args.format, extra={"figure": args.name, **extra,
                                           "as_of": f.as_of.isoformat(), "filters": f.chosen(),
                                           "notes": notes})
    return 0


def _options(args: argparse.Namespace, declaration: queries.Declaration) -> dict[str, str]:
    """The figure's own options given (--by, --source, --drill-theme), each refused where the
    figure does not take it, and --drill-theme required where it does."""
    accepted = set(inspect.signature(declaration.function).parameters) - {"con", "f"}
    given = {"by": args.by, "source": args.source, "theme": args.drill_theme}
    extra = {key: value for key, value in given.items() if value is not None}
    if set(extra) - accepted:
        flags = ", ".join(f"--{'drill-theme' if k == 'theme' else k}" for k in set(extra) - accepted)
        raise CommandError(f"{args.name} does not take {flags}.")
    if "theme" in accepted and "theme" not in extra:
        raise CommandError(f"{args.name} needs --drill-theme THEME.")
    groupings = [str(e["by"]) for e in declaration.examples if "by" in e]
    if args.by is not None and args.by not in groupings:
        raise CommandError(f"{args.name}: --by {args.by} is not one of its groupings: "
                           f"{', '.join(groupings)}.")
    return extra
