"""`assurance serve`: serve the dashboard over the embedded file or the shared store, once
this release has checked it can read it."""

from __future__ import annotations

import argparse
import os

from access import boards_held
from assurance.commands.common import Commands
from assurance.commands.opening import file_path, open_database, store_setting


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("serve", parents=[options], help="serve the dashboard")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="localhost",
                        help="interface to listen on (default: localhost only)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from assurance.serve import serve

    setting = store_setting(args)
    boards: list[str] = []
    if setting is not None:
        con = open_database(args, read_only=True)  # a store this release cannot read: said here
        try:
            boards = boards_held(con)
        finally:
            con.close()
        # the served app reads the store from its environment, as every instance does
        os.environ["ASSURANCE_STORE"] = setting.catalog
        os.environ["ASSURANCE_DATA_PATH"] = setting.data_path
        return serve(None, port=args.port, address=args.address, known_boards=boards,
                     where=setting.where)
    path = file_path(args)
    if path.exists():
        con = open_database(args, read_only=True)  # a file this release cannot read: said once, here
        try:
            boards = boards_held(con)
        finally:
            con.close()
    return serve(path, port=args.port, address=args.address, known_boards=boards)
