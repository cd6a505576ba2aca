"""`assurance national footprint | load | list`: the local authorities each board covers, and
the published national files its figures are set beside (loaded as published: nothing is
fetched). The figures themselves: `assurance figure national_context`."""

from __future__ import annotations

import argparse
from pathlib import Path

from access import EVERY_BOARD
from assurance.commands.common import CommandError, Commands, operator, print_frame
from assurance.commands.opening import open_database
from data_models.filters import is_financial_year
from data_models.labels import plural, shell_word
from data_models.national import NationalFile, NationalFileError
from data_models.scope import Reader
from ingest import national

FORMATS = ("table", "json", "csv")


def _year(text: str) -> str:
    if not is_financial_year(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a financial year; use the form 2024-25")
    return text


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "national", parents=[options],
        help="national context: boards' footprints and the published files",
        description="The local authorities each board covers (its footprint) and the "
                    "published national files its figures are set beside. "
                    "`assurance figure national_context` gives the figures.")
    actions = parser.add_subparsers(dest="national", required=True, metavar="ACTION")
    footprint = actions.add_parser(
        "footprint", parents=[options], help="set, clear or list the local authorities a "
                                             "board covers",
        description="Set a board's footprint whole, by each local authority's ONS code "
                    "(E06000063) or DfE's three-digit code (942), checked against the national "
                    "files loaded; --clear it; or --list every board's.")
    footprint.add_argument("board", nargs="?", metavar="BOARD")
    footprint.add_argument("codes", nargs="*", metavar="CODE")
    footprint.add_argument("--clear", action="store_true", help="clear BOARD's footprint")
    footprint.add_argument("--list", action="store_true", help="list every board's footprint")
    footprint.add_argument("--format", choices=FORMATS, default="table")
    footprint.set_defaults(run=run)
    load = actions.add_parser(
        "load", parents=[options], help="read national files as published and store them",
        description="Each file is recognised by its header. Every file is read first: one "
                    "that cannot be read stops them all, and nothing is stored. A release "
                    "loaded again replaces the one before.")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.add_argument("--year", type=_year, default=None,
                      help="the financial year of a file that names none (the Safeguarding "
                           "Adults Collection's), e.g. 2024-25")
    load.add_argument("--release", default=None,
                      help="the publisher's release, where the file does not say (e.g. 2025)")
    load.set_defaults(run=run)
    listed = actions.add_parser("list", parents=[options], help="the national files loaded")
    listed.add_argument("--format", choices=FORMATS, default="table")
    listed.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.national == "footprint":
        return _footprint(args)
    return _load(args) if args.national == "load" else _list(args)


def _footprint(args: argparse.Namespace) -> int:
    if args.list:
        if args.board or args.clear:
            raise CommandError("--list lists every board's footprint: give it alone.")
        con = open_database(args, read_only=True)
        try:
            # the operator's command line: every board's footprint
            held = national.footprints(Reader(con, EVERY_BOARD))
        finally:
            con.close()
        if held.empty and args.format == "table":
            print("No board has a footprint yet: set one with assurance national footprint "
                  "BOARD CODE [CODE...].")
            return 0
        print_frame(held, args.format, extra={})
        return 0
    if not args.board:
        raise CommandError("Name the board: assurance national footprint BOARD CODE [CODE...], "
                           "--clear it with assurance national footprint BOARD --clear, or "
                           "--list them all.")
    if args.clear and args.codes:
        raise CommandError("--clear takes the board alone: give no codes with it.")
    if not args.clear and not args.codes:
        raise CommandError(f"Name the local authorities {args.board} covers: assurance national "
                           f"footprint {shell_word(args.board)} CODE [CODE...], each by its ONS "
                           "code (E06000063) or DfE's three-digit code (942).")
    con = open_database(args)
    try:
        if args.clear:
            said = national.clear_footprint(con, args.board)
        else:
            said = national.set_footprint(con, args.board, args.codes, operator())
    except national.FootprintError as error:
        raise CommandError(str(error)) from None
    finally:
        con.close()
    print(said)
    if not args.clear:
        print("Its figures beside England's: assurance figure national_context --board "
              f"{shell_word(args.board)}")
    return 0


def _read(args: argparse.Namespace) -> list[NationalFile]:
    """Every file read (and checked as the store takes it) before any is stored: one that
    cannot be stops them all, in one line naming it."""
    for path in args.files:
        if not path.is_file():
            raise CommandError(f"There is no file at {path}. Check the path and try again; "
                               "nothing was stored.")
    from loaders.national_files import read_national

    read = []
    for path in args.files:
        try:
            done = read_national(path, year=args.year, release=args.release)
            national.check_release(done)
        except NationalFileError as error:
            said = str(error)
            raise CommandError(said if said.startswith(path.name) else
                               f"{path.name}: {said}") from None
        read.append(done)
    return read


def _load(args: argparse.Namespace) -> int:
    files = _read(args)
    con = open_database(args, create=True)
    stored = 0
    try:
        for done in files:
            print(national.store_release(con, done, operator()))
            stored += 1
    except NationalFileError as error:
        before = f" ({plural(stored, 'file')} before it stored)" if stored else ""
        raise CommandError(f"{error}{before}") from None
    finally:
        con.close()
    print("Set each board's local authorities with assurance national footprint BOARD "
          "CODE [CODE...]; 'assurance national list' lists the files loaded.")
    return 0


def _list(args: argparse.Namespace) -> int:
    con = open_database(args, read_only=True)
    try:
        loaded = national.releases(Reader(con, EVERY_BOARD))   # public figures: every board's
    finally:
        con.close()
    if loaded.empty and args.format == "table":
        print("No national file is loaded yet: load one with assurance national load FILE.")
        return 0
    print_frame(loaded, args.format, extra={})
    return 0
