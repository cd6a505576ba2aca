"""`assurance serve`: serve the dashboard over the embedded file or the shared store, once
this release has checked it can read it."""

from __future__ import annotations

import argparse
import os

from access import boards_held
from assurance.commands.common import Commands
from assurance.commands.opening import open_database, store_of


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("serve", parents=[options], help="serve the dashboard")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="localhost",
                        help="interface to listen on (default: localhost only)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from assurance.serve import serve

    store = store_of(args)
    boards: list[str] = []
    if store.exists():
        con = open_database(args, read_only=True)  # a store this release cannot read: said here
        try:
            boards = boards_held(con)
        finally:
            con.close()
    os.environ.update(store.environment())   # the served app opens the same store from it
    return serve(store.file, port=args.port, address=args.address, known_boards=boards,
                 where=store.label)
