"""`assurance map`: say once what a board's values, headers or theme text mean, so later
extracts are read with them without asking; --list and --remove ID."""

from __future__ import annotations

import argparse

from access import EVERY_BOARD
from assurance.commands.common import CommandError, Commands, operator, print_frame
from assurance.commands.opening import open_database
from data_models.scope import Reader
from ingest import Mapping, MappingError, add_mappings, mapping_list, parse_pair, remove_mapping
from loaders.contracts import KINDS


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "map", parents=[options], help="say once what a board's values, headers or themes mean",
        description="Remember what a board's extracts mean: a value of a column with allowed "
                    "values (assurance map recommendations status \"Green=in_progress\"), a "
                    "header (assurance map recommendations header \"Rec No=recommendation_id\") "
                    "or theme text (assurance map recommendations themes \"Relationship based "
                    "practice=trauma-informed practice\"). Later extracts are read with them "
                    "without asking.")
    parser.add_argument("kind", nargs="?", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    parser.add_argument("column", nargs="?", metavar="COLUMN",
                        help="a column with allowed values, 'header' or 'themes'")
    parser.add_argument("pairs", nargs="*", metavar="FROM=TO")
    parser.add_argument("--board", default=None,
                        help="the board the mapping is for (default: every board)")
    parser.add_argument("--list", action="store_true", help="list the mappings kept")
    parser.add_argument("--remove", type=int, default=None, metavar="ID",
                        help="remove the mapping with this number")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.list:
            return _list(args)
        if args.remove is not None:
            return _remove(args)
        return _add(args)
    except MappingError as error:
        raise CommandError(f"map: {error}") from None


def _list(args: argparse.Namespace) -> int:
    con = open_database(args, read_only=True)
    try:
        kept = mapping_list(Reader(con, EVERY_BOARD))
    finally:
        con.close()
    if kept.empty:
        print("No mappings are kept. Add one with: assurance map KIND COLUMN \"FROM=TO\".")
    else:
        print_frame(kept, "table", extra={})
    return 0


def _remove(args: argparse.Namespace) -> int:
    con = open_database(args)
    try:
        gone = remove_mapping(con, args.remove, EVERY_BOARD)
    finally:
        con.close()
    print(f"Removed mapping {args.remove}: {gone.describe().split(' (')[0]}. Records "
          "already stored keep their values; later extracts are read without it.")
    return 0


def _add(args: argparse.Namespace) -> int:
    if not (args.kind and args.column and args.pairs):
        raise CommandError("map needs KIND COLUMN \"FROM=TO\" (for example: assurance map "
                           "recommendations status \"Green=in_progress\"), or --list, or "
                           "--remove ID.")
    wanted = [Mapping(args.kind, args.column, *parse_pair(pair), board=args.board)
              for pair in args.pairs]
    con = open_database(args)
    try:
        stored = add_mappings(con, wanted, created_by=operator())
    finally:
        con.close()
    for m in stored:
        print(f"Mapping {m.mapping_id}: in {m.kind} extracts, {m.describe().split(' (')[0]} "
              f"({'for ' + m.board if m.board else 'for every board'}).")
    print("Later extracts are read with them without asking; 'assurance map --list' lists them.")
    return 0
