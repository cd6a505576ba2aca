"""`assurance load KIND FILE`: check an extract and store it in one transaction, or say what
to fix, one line a problem, and how to map a value or header once."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import duckdb

from access import EVERY_BOARD
from assurance.commands.common import CommandError, Commands, operator, printable, today
from assurance.commands.opening import open_database
from assurance.filter_args import date_argument
from data_models.labels import plural, shell_word, value_labels
from ingest import (
    CheckedExtract,
    Problem,
    ValueOffer,
    check_extract,
    offers,
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
            print(plural(len(checked.warnings), "warning")
                  + (" and the notes (the mappings applied)" if checked.notes else "")
                  + (", stored with the upload:" if not args.dry_run else ":"))
            print("\n".join(_problem_lines([*checked.warnings, *checked.notes], checked)))
        return 0
    finally:
        con.close()


def _refused(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
             checked: CheckedExtract) -> int:
    """An extract with errors: rejected (and recorded as rejected), or with --dry-run only
    said; what to fix, one line a problem."""
    found = (f"{plural(len(checked.errors), 'error')}, "
             f"{plural(len(checked.warnings), 'warning')}")
    if args.dry_run:
        print(f"Checked {args.file.name} ({args.kind}): {found}; it could not be loaded as it "
              "is (--dry-run). Fix these first:")
    else:
        reject(con, checked, operator())
        print(f"Rejected {args.file.name} ({args.kind}): {found}. Nothing was stored. Fix "
              "these and load the file again:")
    print("\n".join(_problem_lines(checked.problems, checked)))
    likely = checked.one_board.likely
    if likely and any(p.rule == "no_board" for p in checked.errors):
        print(printable(f"      Its own words name {likely}: load it with --board "
                        f"{shell_word(likely)}"))
    together = _all_meanings(checked)
    if together:
        print("To say what they all mean at once, as suggested (check each first):")
        print(printable(f"      {together}"))
    return 1


def _previewed(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
               checked: CheckedExtract) -> None:
    """--dry-run: what storing it would change; nothing stored."""
    changes = preview(con, checked)
    print(f"Checked {args.file.name} ({args.kind}, {plural(checked.rows, 'row')}, "
          f"{checked.description}): no errors, {plural(len(checked.warnings), 'warning')}. "
          "Storing it "
          f"would add {changes.added}, replace {changes.replaced} and leave "
          f"{changes.unchanged} unchanged. Nothing was stored (--dry-run).")


def _stored(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
            checked: CheckedExtract) -> None:
    """The extract stored as an upload, and what it changed."""
    print(f"Storing {checked.rows:,} records...", flush=True)
    stored = store(con, checked, operator())
    c = stored.changes
    print(f"Stored {args.file.name} ({args.kind}, {plural(checked.rows, 'row')}) as upload "
          f"{stored.upload_id}: {c.added} added, {c.replaced} replaced, "
          f"{c.unchanged} unchanged.")
    if stored.first_stored:
        first_id, when = stored.first_stored
        print(f"This file was first stored on {when:%Y-%m-%d %H:%M} UTC "
              f"(upload {first_id})"
              + ("; nothing changed." if not (c.added or c.replaced) else "."))


def _board_option(checked: CheckedExtract) -> str:
    """--board with the file's one board, or a place for it."""
    boards = checked.boards or ()
    return f"--board {shell_word(boards[0])}" if len(boards) == 1 else "[--board NAME]"


def _problem_lines(problems: Sequence[Problem], checked: CheckedExtract) -> list[str]:
    """One line per thing to fix, root causes first, errors before warnings before notes; a
    value or header that a mapping could explain says how to map it once (with its likely
    meaning, where the Upload page would preselect one)."""
    column_of = {header: column for column, header in checked.headers.items()}
    likely: dict[tuple[str | None, str | None], ValueOffer] = {
        (v.header, v.text): v for v in offers(checked).values if v.suggestion}
    lines = []
    for p in ordered(problems):
        where = p.where()
        lines.append(printable(f"  {p.severity}: {where + ': ' if where else ''}{p.message}"))
        hint = _map_hint(p, checked, column_of, likely)
        if hint:
            lines.append(printable(f"      {hint}"))
    return lines


def _all_meanings(checked: CheckedExtract) -> str | None:
    """One command saying every suggested meaning of one column's values at once (a tracker's
    four colours), when there are several."""
    suggested = [v for v in offers(checked).values if v.suggestion]
    columns = {v.column for v in suggested}
    if len(suggested) < 2 or len(columns) != 1:
        return None
    pairs = " ".join(shell_word(f"{v.text}={v.suggestion.value}") for v in suggested
                     if v.suggestion)
    return (f"assurance map {checked.kind} {columns.pop()} {pairs} {_board_option(checked)}")


def _map_hint(p: Problem, checked: CheckedExtract, column_of: dict[str, str],
              likely: dict[tuple[str | None, str | None], ValueOffer]) -> str | None:
    kind = checked.kind
    if not p.value or not kind:
        return None
    board = _board_option(checked)
    # every value from the file is quoted for the shell: pasting the command runs nothing else
    if p.rule == "wrong_data_set":
        return f"To check it as {p.value}: assurance load {shell_word(p.value)} FILE"
    if p.rule == "allowed_values" and (p.column, p.value) in likely:
        offer = likely[(p.column, p.value)]
        assert offer.suggestion is not None
        meaning = value_labels(offer.column).get(offer.suggestion.value, offer.suggestion.value)
        return (f"If '{p.value}' means {meaning} ({offer.suggestion.reason}), say so once: "
                f"assurance map {kind} {offer.column} "
                f"{shell_word(p.value + '=' + offer.suggestion.value)} {board}")
    if p.rule == "allowed_values" and p.column in column_of:
        return (f"If '{p.value}' always means one of them, say so once: assurance map {kind} "
                f"{column_of[p.column]} {shell_word(p.value + '=VALUE')} {board}")
    if p.rule == "unknown_column":
        return (f"If it holds one of the columns, say so once: assurance map {kind} header "
                f"{shell_word(p.value + '=COLUMN')} {board}")
    if p.rule == "unmapped_theme":
        return (f"If it means a theme, say so once: assurance map {kind} themes "
                f"{shell_word(p.value + '=THEME')} {board}")
    if p.rule == "likely_agency" and p.column in column_of and p.value in checked.likely_agencies:
        return (f"If it is, say so once: assurance map {kind} {column_of[p.column]} "
                f"{shell_word(p.value + '=' + checked.likely_agencies[p.value])} {board}")
    return None
