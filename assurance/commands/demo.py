"""`assurance demo`: fill the database with demo data (eight boards, or about 300)."""

from __future__ import annotations

import argparse
from pathlib import Path

from assurance.commands.common import Commands
from assurance.commands.opening import open_database, store_of


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("demo", parents=[options],
                                 help="fill the database with demo data")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--if-empty", action="store_true",
                        help="only when the database holds no records yet")
    parser.add_argument("--scale", choices=("boards", "national"), default="boards",
                        help="boards: eight boards, six years; national: about 300 boards, "
                             "ten years, 3 million training bookings")
    parser.add_argument("--csv", type=Path, default=None, metavar="FOLDER",
                        help="also write the data set as CSV extracts into FOLDER")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from assurance.demo import has_data, load_demo

    path = store_of(args).where
    con = open_database(args, create=True)
    try:
        if args.if_empty and has_data(con):
            print(f"{path} already holds records; demo data not loaded.")
            return 0
        if args.scale == "national":
            from assurance.national import generate as national

            frames = national(args.seed)
        else:
            from assurance.demo import generate

            frames = generate(args.seed)
        if args.csv:
            from assurance.national import write_csv

            write_csv(frames, args.csv)
            print(f"CSV extracts written to {args.csv}.")
        counts = load_demo(con, args.seed, frames, national=args.scale == "boards")
    finally:
        con.close()
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(f"Demo data (seed {args.seed}) loaded into {path}: {summary}.")
    return 0
