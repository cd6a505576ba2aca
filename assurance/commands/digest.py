"""`assurance digest`: mail each person what needs them, for their boards only (--to one
person now, --due everyone whose day it is), and keep the list of who receives which board's
digest (--add, --remove, --list)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb

from access import (
    EVERY_BOARD,
    EVERY_BOARD_COUNTS,
    AccessError,
    access_file,
    boards_held,
    checked_access,
    narrowed,
    scope_of,
    sign_in_settings,
    valid_email,
)
from assurance.commands.common import (
    CommandError,
    Commands,
    operator,
    printable,
    terminal_table,
    today,
)
from assurance.commands.opening import open_database
from assurance.filter_args import date_argument
from data_models.config_errors import ConfigError
from data_models.labels import plural
from data_models.scope import Reader, Scope


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "digest", parents=[options], help="mail each person what needs them, for their boards",
        description="A digest of what needs a person, for their boards only: clocks due in "
                    "the next five working days and overdue, recommendations past due or off "
                    "track by owner, data sets not refreshed, uploads waiting. Mail settings "
                    "from ASSURANCE_SMTP_* and ASSURANCE_MAIL_FROM, links from "
                    "ASSURANCE_BASE_URL (or the [mail] section of the secrets file).")
    whom = parser.add_mutually_exclusive_group(required=True)
    whom.add_argument("--to", metavar="EMAIL", help="send one person their digest now")
    whom.add_argument("--due", action="store_true",
                      help="send every digest the recipients' frequencies make due today")
    whom.add_argument("--add", metavar="EMAIL",
                      help="add a recipient of --board's digest (with --frequency)")
    whom.add_argument("--remove", metavar="EMAIL", help="stop a recipient's --board digest")
    whom.add_argument("--list", action="store_true", help="list the recipients and the "
                                                          "digests sent")
    parser.add_argument("--board", default=None, help="one board (for --to, --add, --remove)")
    parser.add_argument("--frequency", choices=("daily", "weekly", "monthly"), default="weekly",
                        help="for --add: each working day, the first working day of each "
                             "week (default) or of each month")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be sent; send nothing, record nothing")
    parser.add_argument("--as-of", type=date_argument, default=None,
                        help="the day the digest is for (default: today)")
    parser.add_argument("--roles", type=Path, default=None, metavar="FILE",
                        help="the access file (default: $ASSURANCE_ROLES or "
                             "streamlit_config/roles.toml)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from publishing import recipients

    day = args.as_of or today()
    refused = 0
    if (args.add or args.remove) and not args.board:
        raise CommandError("--add and --remove are for one board: add --board NAME.")
    con = open_database(args)
    try:
        every_board = Reader(con, EVERY_BOARD)   # the operator's command line: every board
        if args.list:
            print(terminal_table(recipients.recipients(every_board)))
            print("\nDigests sent (latest first):")
            print(terminal_table(recipients.sent(every_board, limit=20)))
            return 0
        if args.add or args.remove:
            _add_or_remove(args, con)
            return 0
        if args.to:
            people = [(args.to.strip().lower(), _scope_of_to(args, con))]
        else:
            due = recipients.due_on(every_board, day)
            if not due:
                print(f"No digest is due on {day:%d/%m/%Y} ({day:%A}).")
                return 0
            people, refused = _due(args, con, due)
        failed = _send(args, con, people, day)
    finally:
        con.close()
    if refused:
        print(f"{plural(refused, 'digest')} due {'was' if refused == 1 else 'were'} not sent: "
              "see above.", file=sys.stderr)
    return 2 if failed or refused else 0


def _add_or_remove(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> None:
    """--add or --remove a recipient of --board's digest."""
    from publishing import recipients

    if args.board not in boards_held(con):
        raise CommandError(f"--board {args.board!r}: the data holds no such board.")
    if args.add:
        try:
            email = recipients.add_recipient(con, args.board, args.add, args.frequency,
                                          operator())
        except (recipients.DigestError, ConfigError) as error:
            raise CommandError(str(error)) from None
        print(f"{email} will receive {args.board}'s digest "
              f"{recipients.FREQUENCIES[args.frequency]}.")
    elif recipients.remove_recipient(con, args.board, args.remove):
        print(f"{args.remove} will no longer receive {args.board}'s digest.")
    else:
        raise CommandError(f"{args.remove} does not receive {args.board}'s digest.")


def _scope_of_to(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> Scope:
    """--to's boards, narrowed to --board."""
    scope = _digest_scope(con, args.to, args.roles)
    if args.board:
        if not scope.allows_board(args.board):
            raise CommandError(f"--board {args.board!r} is not one of {args.to}'s "
                               "boards.")
        scope = narrowed(scope, [args.board])
    return scope


def _due(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
         due: dict[str, tuple[str, ...]]) -> tuple[list[tuple[str, Scope]], int]:
    """Each person due a digest with the boards of it that are theirs, and how many were
    refused (each said on stderr)."""
    people, refused = [], 0
    for email, boards in due.items():
        try:
            scope = narrowed(_digest_scope(con, email, args.roles), boards)
        except CommandError as error:
            refused += 1
            print(f"Not sent: {error}", file=sys.stderr)
            continue
        if scope.nothing:
            refused += 1
            print(f"Not sent: none of the boards {email} receives a digest for "
                  f"({', '.join(boards)}) is theirs in the access file.",
                  file=sys.stderr)
            continue
        people.append((email, scope))
    return people, refused


def _send(args: argparse.Namespace, con: duckdb.DuckDBPyConnection,
          people: list[tuple[str, Scope]], day: dt.date) -> int:
    """Each person's digest sent and logged (one a day), or with --dry-run printed; how many
    could not be sent."""
    from publishing import recipients
    from publishing.digest import build_digest, message, text_part
    from publishing.mail import MailError, mail_settings, send

    try:
        settings = mail_settings(need_server=not args.dry_run)
    except MailError as error:
        if not args.dry_run:
            raise CommandError(str(error)) from None
        settings = None
    base = settings.base_url if settings else "<ASSURANCE_BASE_URL>"
    failed = 0
    for email, scope in people:
        already = recipients.sent_on(con, email, day)
        if already is not None and not args.dry_run:
            print(f"Not sent: {email} had their digest for {day:%d/%m/%Y} at "
                  f"{already:%H:%M} UTC; one a day.", file=sys.stderr)
            continue
        digest = build_digest(Reader(con, scope), email, day)
        if args.dry_run:
            print(f"To: {email}\nSubject: {digest.subject}\n")
            print(printable(text_part(digest, base)))
            continue
        assert settings is not None
        try:
            send(settings, message(digest, base, settings.sender))
        except MailError as error:
            failed += 1
            print(f"Not sent to {email}: {error}", file=sys.stderr)
            continue
        recipients.log_sent(con, email, day, scope.board_names or ("all",), day,
                         digest.subject)
        print(f"Sent {email} their digest for {digest.whose} "
              f"({sum(f.count for f in digest.figures)} things).")
    return failed


def _digest_scope(con: duckdb.DuckDBPyConnection, email: str, roles: Path | None) -> Scope:
    """A person's boards and record rule for their digest: from the access file; in local mode
    (no sign-in and no access file) every board, with counts and links only (nobody's role is
    known there, so no record leaves by mail). Any doubt is a refusal."""
    try:
        address = valid_email(email)
        path = roles or access_file()
        if roles is None and sign_in_settings() is None and not path.exists():
            return EVERY_BOARD_COUNTS
        if not path.exists():
            raise CommandError(f"--roles {path}: there is no such file.")
        scope = scope_of(checked_access(boards_held(con), path), address)
    except AccessError as error:
        raise CommandError(str(error)) from None
    if scope.nothing:
        raise CommandError(f"{address} has no role or no board in {path}, so they receive no "
                           "digest.")
    return scope
