"""`assurance rules import | list`: a board's own timescale rules and theme aliases, imported
from a file, and every rule measured."""

from __future__ import annotations

import argparse
from pathlib import Path

from access import EVERY_BOARD
from assurance.commands.common import CommandError, Commands, operator, print_frame
from assurance.commands.opening import open_database
from data_models.labels import plural
from data_models.scope import Reader


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("rules", parents=[options],
                                 help="a board's own timescale rules and theme aliases")
    actions = parser.add_subparsers(dest="rules", required=True, metavar="ACTION")
    add = actions.add_parser(
        "import", parents=[options], help="check a file of local rules and aliases and store it",
        description="FILE.toml holds [[rule]] tables with the fields of the national rules and "
                    "[[alias]] tables (theme, text). Importing the same file again replaces "
                    "what it stored.")
    add.add_argument("file", type=Path, metavar="FILE.toml")
    add.add_argument("--board", default=None,
                     help="the board the rules and aliases are for (default: every board)")
    add.set_defaults(run=run)
    listed = actions.add_parser("list", parents=[options], help="every rule measured, and the "
                                                               "aliases boards imported")
    listed.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return _import(args) if args.rules == "import" else _list(args)


def _import(args: argparse.Namespace) -> int:
    from data_models.local_rules import import_local_rules

    if not args.file.is_file():
        raise CommandError(f"There is no file at {args.file}. Check the path and try again.")
    con = open_database(args)
    try:
        done = import_local_rules(con, args.file, board=args.board, imported_by=operator())
    finally:
        con.close()
    who = f"for {done.board}" if done.board else "for every board"
    print(f"Imported {args.file.name} {who}: {plural(len(done.rules), 'rule')}"
          + (f" ({', '.join(done.rules)})" if done.rules else "")
          + f", {plural(len(done.aliases), 'alias', 'aliases')}"
          + (" (" + "; ".join(f"{t} = {th}" for t, th in done.aliases) + ")"
             if done.aliases else "")
          + ". They are measured from now on; 'assurance rules list' shows them.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from data_models.rules_admin import rules_and_aliases

    con = open_database(args, read_only=True)
    try:
        rules, aliases = rules_and_aliases(Reader(con, EVERY_BOARD))
    finally:
        con.close()
    print("Timescale rules measured:")
    print_frame(rules, "table", extra={})
    print("\nTheme aliases imported by boards:")
    print_frame(aliases, "table", extra={})
    return 0
