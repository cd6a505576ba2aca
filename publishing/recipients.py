"""Who receives each board's digest, how often, and each digest sent: the tables of migration
23, read and written here only. A digest is sent at most once a person a day; how often a
person receives one is set per board on the Admin page (or here, from the command line)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
import pandas as pd

from access import valid_email
from data_models.calendar import is_working_day
from data_models.scope import Reader
from data_models.store.versions import changed, one_change

FREQUENCIES = {
    "daily": "each working day",
    "weekly": "the first working day of each week",
    "monthly": "the first working day of each month",
}


class DigestError(ValueError):
    """A recipient or a send that cannot be; the message is one line."""


def is_due(frequency: str, day: dt.date) -> bool:
    """Whether a digest of this frequency is due on `day` (England's working days)."""
    if frequency not in FREQUENCIES:
        raise DigestError(f"'{frequency}' is not a frequency: use {', '.join(FREQUENCIES)}.")
    if not is_working_day(day):
        return False
    if frequency == "daily":
        return True
    first = day - dt.timedelta(days=day.weekday()) if frequency == "weekly" else day.replace(day=1)
    earlier = (first + dt.timedelta(days=n) for n in range((day - first).days))
    return not any(is_working_day(d) for d in earlier)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def add_recipient(con: duckdb.DuckDBPyConnection, board: str, email: str, frequency: str,
                  added_by: str | None) -> str:
    """Add (or change the frequency of) a person's digest for a board; the email as kept."""
    address = valid_email(email)
    if frequency not in FREQUENCIES:
        raise DigestError(f"'{frequency}' is not a frequency: use {', '.join(FREQUENCIES)}.")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM digest_recipients WHERE board = ? AND email = ?",
                    [board, address])
        con.execute("INSERT INTO digest_recipients VALUES (?, ?, ?, ?, ?)",
                    [board, address, frequency, added_by, _now()])
        changed(con, [board])           # the Admin page lists a board's recipients
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return address


def remove_recipient(con: duckdb.DuckDBPyConnection, board: str, email: str) -> bool:
    key = [board, email.strip().lower()]
    held = con.execute("SELECT count(*) FROM digest_recipients WHERE board = ? AND email = ?",
                       key).fetchall()[0][0]
    if held:
        with one_change(con):
            con.execute("DELETE FROM digest_recipients WHERE board = ? AND email = ?", key)
            changed(con, [board])
    return bool(held)


def recipients(db: Reader) -> pd.DataFrame:
    """Recipients of the reader's boards, by board and email."""
    return db.frame("SELECT board, email, frequency, added_by, added_at FROM digest_recipients "
                    "WHERE in_scope($scope, board) ORDER BY board, email")


def due_on(db: Reader, day: dt.date) -> dict[str, tuple[str, ...]]:
    """For each recipient of the reader's boards with a digest due on `day`, the boards it is
    due for."""
    out: dict[str, list[str]] = {}
    for row in recipients(db).itertuples():
        if is_due(str(row.frequency), day):
            out.setdefault(str(row.email), []).append(str(row.board))
    return {email: tuple(sorted(boards)) for email, boards in sorted(out.items())}


def sent_on(con: duckdb.DuckDBPyConnection, email: str, day: dt.date) -> dt.datetime | None:
    """When a digest was sent to this person for `day`, if one was."""
    rows = con.execute("SELECT min(sent_at) FROM digests_sent WHERE email = ? AND sent_on = ?",
                       [email.strip().lower(), day]).fetchall()
    return rows[0][0] if rows and rows[0][0] is not None else None


def log_sent(con: duckdb.DuckDBPyConnection, email: str, day: dt.date,
             boards: Iterable[str], as_of: dt.date, subject: str) -> None:
    """Record a digest sent: to whom, for which day and boards, and its subject (never its
    content, nor any mail server setting)."""
    boards = list(boards)
    with one_change(con):
        con.execute("INSERT INTO digests_sent VALUES (?, ?, ?, ?, ?, ?)",
                    [email.strip().lower(), day, _now(), boards, as_of, subject])
        changed(con, boards)            # the Admin page lists the digests sent to its boards


def sent(db: Reader, limit: int = 200) -> pd.DataFrame:
    """The latest digests sent that reach only the reader's boards."""
    return db.frame("SELECT email, sent_on, sent_at, boards, subject FROM digests_sent "
                    "WHERE upload_wanted($scope, boards) ORDER BY sent_at DESC LIMIT $limit",
                    limit=limit)
