"""`assurance tidy-store`: the shared store's data files that no snapshot names (a store
killed half-way leaves them), deleted once they are old enough that no instance is writing
them; every snapshot stays readable."""

from __future__ import annotations

import argparse

from assurance.commands.common import CommandError, Commands
from assurance.commands.opening import open_database, store_of
from data_models.labels import plural


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "tidy-store", parents=[options],
        help="the shared store: delete the data files no snapshot names (a store killed "
             "half-way leaves them); every snapshot stays readable")
    parser.add_argument("--older-than-hours", type=float, default=24.0, metavar="HOURS",
                        help="only files last written more than this long ago (default 24, at "
                             "least 1), so a store another instance is writing now is never "
                             "touched")
    parser.add_argument("--dry-run", action="store_true", help="list them, delete nothing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from data_models.store.lake import MIN_ORPHAN_HOURS

    store = store_of(args)
    if not store.keeps_history:
        raise CommandError("tidy-store is for the shared store (ASSURANCE_STORE): the embedded "
                           "file keeps no separate data files.")
    if not MIN_ORPHAN_HOURS <= args.older_than_hours <= 24 * 365:
        raise CommandError(f"--older-than-hours must be from {MIN_ORPHAN_HOURS:g} to 8760: a "
                           "younger file may be a store another instance is writing now.")
    con = open_database(args)
    try:
        files = store.orphaned_files(con, args.older_than_hours, delete=not args.dry_run)
    finally:
        con.close()
    size = sum(bytes_ for _, bytes_ in files) / 1_000_000
    if args.dry_run:
        for path, _ in files:
            print(path)
        print(f"{plural(len(files), 'data file')}, {size:,.1f} MB, are named by no snapshot and older "
              f"than {args.older_than_hours:g} hours; nothing was deleted (--dry-run).")
    else:
        print(f"Deleted {plural(len(files), 'data file')}, {size:,.1f} MB, named by no snapshot and "
              f"older than {args.older_than_hours:g} hours. Every snapshot is still readable.")
    return 0
