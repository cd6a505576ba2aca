"""`assurance export chase`: a letter to each owner agency of the recommendations to update,
or with --escalation the list for the executive; record-level, for the board's business."""

from __future__ import annotations

import argparse
from pathlib import Path

from assurance.commands.common import CommandError, Commands, destination, exported_by, today
from assurance.commands.opening import exporting
from assurance.filter_args import add_filter_arguments, filters_from
from data_models.filters import Filters
from data_models.labels import plural
from data_models.scope import Reader
from data_models.settings import CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS


def add_to(exports: Commands, options: argparse.ArgumentParser) -> None:
    """`chase` under `export`."""
    parser = exports.add_parser(
        "chase", parents=[options],
        help="a letter to each owner agency of what to update, or the escalation list",
        description="For an owner agency (--owner), its open recommendations that are overdue, "
                    "rated off track or without a progress update for the set time, oldest due "
                    "first, as a Word letter or a CSV file; without --owner, one for each "
                    "board and owner, in a folder (a letter is one board's, from its business "
                    "unit). With --escalation, the list for the executive. For quality leads: "
                    "it names recommendations.")
    add_filter_arguments(parser)
    parser.add_argument("--snapshot", type=int, default=None, metavar="N",
                        help="from the data as it stood at snapshot N")
    parser.add_argument("--owner", default=None, metavar="NAME", help="the owner agency")
    parser.add_argument("--escalation", action="store_true",
                        help="the escalation list instead: overdue by more than "
                             "--overdue-days, or off track in two successive uploads")
    parser.add_argument("--no-update-days", type=int, default=CHASE_NO_UPDATE_DAYS, metavar="N",
                        help=f"listed when not updated for more than N days "
                             f"(default {CHASE_NO_UPDATE_DAYS})")
    parser.add_argument("--overdue-days", type=int, default=ESCALATE_OVERDUE_DAYS, metavar="N",
                        help=f"escalated when overdue by more than N days "
                             f"(default {ESCALATE_OVERDUE_DAYS})")
    parser.add_argument("--format", choices=("docx", "csv"), default="docx")
    parser.add_argument("--out", type=Path, default=None,
                        help="a file (one owner, or the escalation list) or a folder; default: "
                             "the current folder, each file named for its owner")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from publishing.tables import log_export

    if args.no_update_days < 1 or args.overdue_days < 0:
        raise CommandError("--no-update-days must be 1 or more, --overdue-days 0 or more.")
    if args.escalation and args.owner:
        raise CommandError("--escalation lists every owner: leave out --owner.")
    with exporting(args) as (con, db):
        f = filters_from(args, db, today())
        what, files = ("escalation", _escalation(args, db, f)) if args.escalation \
            else ("chase", _letters(args, db, f))
        for path, content in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            log_export(con, what=what, fmt=args.format, f=f, scope=db.scope, threshold=0,
                       destination=str(path), exported_by=exported_by(args))
    if not files:
        print(f"Nothing to chase ({db.scope.describe(f)}): no open recommendation is overdue, "
              f"off track or without an update for more than {args.no_update_days} days.")
        return 0
    where = files[0][0] if len(files) == 1 else files[0][0].parent
    print(f"Wrote {plural(len(files), 'file')} to {where} ({db.scope.describe(f)}; record-level: for the "
          "board's business, not for publication).")
    return 0


def _escalation(args: argparse.Namespace, db: Reader, f: Filters) -> list[tuple[Path, bytes]]:
    """The escalation list, as one file."""
    from publishing import chase

    rows = chase.escalation_rows(db, f, args.overdue_days, args.no_update_days)
    content = (chase.escalation_docx(rows, f, db.scope, args.overdue_days)
               if args.format == "docx" else chase.escalation_csv(rows))
    return [(destination(args.out, chase.escalation_name(f, db.scope), "." + args.format),
             content)]


def _letters(args: argparse.Namespace, db: Reader, f: Filters) -> list[tuple[Path, bytes]]:
    """A letter for --owner (with no --board, a Word file of one letter per board), or in a
    folder one for each board and owner with something to chase: a letter is one board's."""
    from publishing import chase

    suffix = "." + args.format
    owners = chase.owners(db, f, args.no_update_days)
    if args.owner is not None and args.owner not in owners:
        listed = "; ".join(owners) or "none"
        raise CommandError(f"--owner {args.owner!r} has nothing to chase for these "
                           f"filters. The owners with something to chase: {listed}.")
    files = []
    for owner in [args.owner] if args.owner else owners:
        rows = chase.chase_rows(db, f, owner, args.no_update_days)
        boards = chase.by_board(rows)
        letters = ([(f.but(board=boards[0][0]) if len(boards) == 1 else f, rows)] if args.owner
                   else [(f.but(board=board), part) for board, part in boards])
        for chosen, part in letters:
            content = (chase.letter_docx(part, owner, chosen, db.scope, args.no_update_days)
                       if args.format == "docx" else chase.letter_csv(part))
            name = chase.letter_name(chosen, db.scope, owner)
            out = (destination(args.out, name, suffix) if args.owner
                   else (args.out or Path(".")) / (name + suffix))
            files.append((out, content))
    return files
