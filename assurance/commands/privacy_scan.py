"""`assurance privacy-scan`: look for personal data in the records already stored, and with
--redact or --delete remove it, in one transaction, recorded."""

from __future__ import annotations

import argparse

from access import EVERY_BOARD
from assurance.commands.common import Commands, operator, terminal_table
from assurance.commands.opening import open_database
from data_models.labels import plural
from ingest import act_on_stored, scan_stored


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "privacy-scan", parents=[options],
        help="look for personal data in the records already stored",
        description="Checks every stored record with the upload's personal-data guard and "
                    "lists data set, board, record, column and kind (never the value). "
                    "--redact replaces each flagged cell, --delete removes each flagged record, "
                    "in one transaction, recorded with who and when.")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--redact", action="store_true", help="replace each flagged cell")
    what.add_argument("--delete", action="store_true", help="delete each flagged record")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    acting = args.redact or args.delete
    con = open_database(args, read_only=not acting)
    try:
        found = scan_stored(con, EVERY_BOARD)
        if found.empty:
            print("No stored record holds anything that looks like personal data.")
            return 0
        records = len(found[["data_set", "board", "record_id"]].drop_duplicates())
        print(f"{plural(len(found), 'stored cell')} in {plural(records, 'record')} "
              f"look{'s' if len(found) == 1 else ''} like personal data "
              "(the values are not shown):")
        print(terminal_table(found.drop(columns="kind").rename(columns={"what": "looks like"})))
        if not acting:
            print("To remove it: assurance privacy-scan --redact (replace each cell) or "
                  "--delete (remove each record); either is one transaction, recorded.")
            return 0
        done = act_on_stored(con, "redact" if args.redact else "delete", found, operator())
    finally:
        con.close()
    print(f"{'Redacted' if args.redact else 'Deleted'}: {plural(done.cells, 'cell')} in "
          f"{plural(done.records, 'record')}, recorded in privacy_actions.")
    return 0
