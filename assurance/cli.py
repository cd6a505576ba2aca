"""The `assurance` command. Other work and users script against it: keep it stable.

This module is the small parser that gathers the commands under the global options (--db,
--store, --data-path) and the one place that turns an error into the line a person sees; each
command is a module of `assurance.commands`, which adds its own parser and runs it.

    assurance [--db PATH] init
    assurance [--db PATH] demo [--seed N] [--if-empty] [--scale boards|national] [--csv FOLDER]
    assurance [--db PATH] load KIND FILE [--dry-run] [--as-of YYYY-MM-DD]
    assurance [--db PATH] timescales [--as-of DATE] [--board NAME] [--board-type T]
                                     [--period 2023-24] [--detail] [--format table|json|csv]
    assurance [--db PATH] themes [--source S] [--format table|json|csv]
    assurance [--db PATH] figure NAME [--by G] [--source S] [--drill-theme T] [FILTERS]
                                 [--format table|json|csv] | --list
    assurance [--db PATH] impact [--theme T] [--cut-over DATE] [FILTERS] [--format table|json|csv]
    assurance [--db PATH] export report --period 2023-24 [--board NAME] --format docx|html|pdf
                                        [--out FILE] [--threshold N] [--template FILE.docx]
    assurance [--db PATH] export pack --period 2023-24 [--board NAME] --out FILE.html
    assurance [--db PATH] export tables --period 2023-24 [--board NAME] [--board-type T]
                                        --format csv|xlsx --out PATH [--records]
    assurance [--db PATH] export chase [--owner NAME | --escalation] [--format docx|csv]
                                       [--out PATH] [FILTERS]
    assurance [--db PATH] digest --to EMAIL [--board NAME] | --due [--dry-run] [--as-of DATE]
    assurance [--db PATH] digest --add EMAIL --board NAME [--frequency F] | --remove EMAIL
                                 --board NAME | --list
    assurance [--db PATH] rules import FILE.toml [--board NAME] | list
    assurance [--db PATH] map KIND COLUMN "FROM=TO" ["FROM=TO" ...] [--board NAME]
    assurance [--db PATH] map --list | --remove ID
    assurance [--db PATH] national footprint BOARD CODE [CODE ...] | BOARD --clear | --list
    assurance [--db PATH] national load FILE [FILE ...] [--year 2024-25] [--release R]
    assurance [--db PATH] national list
    assurance [--db PATH] privacy-scan [--redact | --delete]
    assurance [--db PATH] tidy-store [--older-than-hours H] [--dry-run]
    assurance [--db PATH] serve [--port N] [--address HOST]

Exit codes: 0 done, 1 an extract was rejected, 2 the command could not run (its message says
why and what to do).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

import duckdb

from assurance.commands import (
    demo,
    digest,
    export,
    figure,
    impact,
    init,
    load,
    map,
    national,
    privacy_scan,
    rules,
    serve,
    themes,
    tidy_store,
    timescales,
)
from assurance.commands.common import CommandError
from assurance.commands.opening import store_of
from assurance.filter_args import BadFilter
from data_models.config_errors import ConfigError
from data_models.schema import SchemaError
from data_models.scope import RecordsRefused
from data_models.store.lake import is_conflict

# In the order `assurance --help` lists them.
COMMANDS = (init, demo, load, timescales, themes, figure, impact, export, digest, rules, map,
            national, privacy_scan, tidy_store, serve)


def build_parser() -> argparse.ArgumentParser:
    """The global options, given before or after the command, and each command's parser."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--db", default=argparse.SUPPRESS,
                         help="database file (default: $ASSURANCE_DB or data/assurance.duckdb)")
    options.add_argument("--store", default=argparse.SUPPRESS, metavar="DUCKLAKE",
                         help="the shared store instead of the file: DuckLake's connection "
                              "string (default: $ASSURANCE_STORE; see the README, Hosting for "
                              "several boards)")
    options.add_argument("--data-path", default=argparse.SUPPRESS, metavar="FOLDER",
                         help="the shared store's data files (default: $ASSURANCE_DATA_PATH)")
    parser = argparse.ArgumentParser(
        prog="assurance", parents=[options],
        description="Safeguarding board assurance: load extracts, check them, measure them.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_to(commands, options)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)   # the database, its log and backups, and exports: readable by this user only
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run     # the command's, set by its parser
    try:
        return run(args)
    except (CommandError, BadFilter, ConfigError) as error:
        print(f"assurance: {error}", file=sys.stderr)
        return 2
    except RecordsRefused as error:   # the record rule, held where the query runs
        who = getattr(args, "as_person", None)
        print(f"assurance: {f'--as {who}: ' if who else ''}{error}", file=sys.stderr)
        return 2
    except SchemaError as error:
        print(f"assurance: {store_of(args).where}: {error}", file=sys.stderr)
        return 2
    except duckdb.Error as error:
        if is_conflict(error):
            print("assurance: another instance wrote to the shared store at the same moment, so "
                  "nothing of this command was kept. Run it again.", file=sys.stderr)
            return 2
        print(f"assurance: the database reported an error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:          # the reader (| head) stopped reading: not a fault
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more is written
        return 0
    except KeyboardInterrupt:
        print("assurance: stopped; nothing half-done was kept (every store is one "
              "transaction).", file=sys.stderr)
        return 2
    except Exception as error:       # the last resort: one line, never a traceback
        if os.environ.get("ASSURANCE_DEBUG"):
            raise
        print(f"assurance: {args.command} failed: {type(error).__name__}: {error}. This is a "
              "fault in the product, not in your data: please report it (set ASSURANCE_DEBUG=1 "
              "to see the details).", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
