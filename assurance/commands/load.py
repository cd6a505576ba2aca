"""`assurance load KIND FILE`: check an extract and store it in one transaction, or say what
to fix, one line a problem, and how to map a value or header once."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from pathlib import Path

import duckdb

from access import EVERY_BOARD
from assurance.commands.common import CommandError, Commands, operator, printable, today
from assurance.commands.opening import open_database
from assurance.filter_args import date_argument
from ingest import (
    CheckedExtract,
    Problem,
    check_extract,
    ordered,
    preview,
    reject,
    start_importing_checks,
    store,
)
from loaders.contracts import KINDS


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("load", parents=[options], help="check and store an extract")
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--dry-run", action="store_true", help="check only; store nothing")
    parser.add_argument("--as-of", type=date_argument, default=None,
                        help="no date in the extract may be after this (default: today)")
    parser.add_argument("--board", metavar="NAME", default=None,
                        help="the board a file with no board column is for (remembered with "
                             "the file's layout, so next month's file needs no --board)")
    parser.add_argument("--board-type", choices=("children", "adults"), default=None,
                        help="with --board, for a board that holds no records yet")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    start_importing_checks()   # while the database opens and the file is read
    if not args.file.is_file():
        raise CommandError(f"There is no file at {args.file}. Check the path and try again.")
    as_of = args.as_of or today()
    data = args.file.read_bytes()
    con = open_database(args, create=True)
    try:
        checked = check_extract(con, args.kind, data, args.file.name, as_of,
                                scope=EVERY_BOARD, board=args.board,
                                board_type=args.board_type)
        del data                             # a large file's bytes are not wanted again
        if checked.errors:
            return _refused(args, con, checked)
        if args.dry_run:
            _previewed(args, con, checked)
        else:
            _stored(args, con, checked)
        if checked.warnings or checked.notes:
            print(f"{len(checked.warnings)} warning(s)"
                  + (" and the mappings applied" if checked.notes else "")
                  + (", stored with the upload:" if not args.dry_run else ":"))
            print("\n".join(_problem_lines([*checked.warnings, *checked.notes], checked.kind,
                                           checked.headers, checked.likely_agencies)))
        return 0
    finally:
        con.close()


def _refused(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
             checked: CheckedExtract) -> int:
    """An extract with errors: rejected (and recorded as rejected), or with --dry-run only
    said; what to fix, one line a problem."""
    errors, warnings = checked.errors, checked.warnings
    if args.dry_run:
        print(f"Checked {args.file.name} ({args.kind}): {len(errors)} error(s), "
              f"{len(warnings)} warning(s); it could not be loaded as it is (--dry-run). "
              "Fix these first:")
    else:
        reject(con, checked, operator())
        print(f"Rejected {args.file.name} ({args.kind}): {len(errors)} error(s), "
              f"{len(warnings)} warning(s). Nothing was stored. Fix these and load the "
              "file again:")
    print("\n".join(_problem_lines(checked.problems, checked.kind, checked.headers,
                                   checked.likely_agencies)))
    return 1


def _previewed(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
               checked: CheckedExtract) -> None:
    """--dry-run: what storing it would change; nothing stored."""
    changes = preview(con, checked)
    print(f"Checked {args.file.name} ({args.kind}, {checked.rows} rows, "
          f"{checked.description}): no errors, {len(checked.warnings)} warning(s). Storing it "
          f"would add {changes.added}, replace {changes.replaced} and leave "
          f"{changes.unchanged} unchanged. Nothing was stored (--dry-run).")


def _stored(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
            checked: CheckedExtract) -> None:
    """The extract stored as an upload, and what it changed."""
    print(f"Storing {checked.rows:,} records...", flush=True)
    stored = store(con, checked, operator())
    c = stored.changes
    print(f"Stored {args.file.name} ({args.kind}, {checked.rows} rows) as upload "
          f"{stored.upload_id}: {c.added} added, {c.replaced} replaced, "
          f"{c.unchanged} unchanged.")
    if stored.first_stored:
        first_id, when = stored.first_stored
        print(f"This file was first stored on {when:%Y-%m-%d %H:%M} UTC "
              f"(upload {first_id})"
              + ("; nothing changed." if not (c.added or c.replaced) else "."))


def _problem_lines(problems: Sequence[Problem], kind: str = "",
                   headers: dict[str, str] | None = None,
                   likely: dict[str, str] | None = None) -> list[str]:
    """One line per thing to fix, root causes first, errors before warnings before notes; a
    value or header that a mapping could explain says how to map it once."""
    column_of = {header: column for column, header in (headers or {}).items()}
    lines = []
    for p in ordered(problems):
        where = p.where()
        lines.append(printable(f"  {p.severity}: {where + ': ' if where else ''}{p.message}"))
        hint = _map_hint(p, kind, column_of, likely or {})
        if hint:
            lines.append(printable(f"      {hint}"))
    return lines


def _map_hint(p: Problem, kind: str, column_of: dict[str, str],
              likely: dict[str, str]) -> str | None:
    if not p.value or not kind:
        return None
    # every value from the file is quoted for the shell: pasting the command runs nothing else
    if p.rule == "wrong_data_set":
        return f"To check it as {p.value}: assurance load {shlex.quote(p.value)} FILE"
    if p.rule == "allowed_values" and p.column in column_of:
        return (f"If '{p.value}' always means one of them, say so once: assurance map {kind} "
                f"{column_of[p.column]} {shlex.quote(p.value + '=VALUE')} [--board NAME]")
    if p.rule == "unknown_column":
        return (f"If it holds one of the columns, say so once: assurance map {kind} header "
                f"{shlex.quote(p.value + '=COLUMN')} [--board NAME]")
    if p.rule == "unmapped_theme":
        return (f"If it means a theme, say so once: assurance map {kind} themes "
                f"{shlex.quote(p.value + '=THEME')} [--board NAME]")
    if p.rule == "likely_agency" and p.column in column_of and p.value in likely:
        return (f"If it is, say so once: assurance map {kind} {column_of[p.column]} "
                f"{shlex.quote(p.value + '=' + likely[p.value])} --board NAME")
    return None
