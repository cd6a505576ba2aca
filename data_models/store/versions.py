"""What a page's cached figures are keyed on: the data it reads, not the file.

Every change to the data adds, in the writer's own transaction, a token: for each board whose
records, uploads or settings changed, or one with no board for what is not one board's. A
reader keys its cache on the tokens of the boards it may see and the shared ones, so an export's
log entry (no page reads it) or another board's upload leaves its cached pages in place. Tokens
are only ever added (an upgrade renews them all): two writers on the shared store that add
theirs at the same moment do not conflict, as two that replaced one row would. They are random,
never counted: a file restored from a backup brings back its own tokens, which name exactly the
data it holds. `tests/data_models/test_data_versions.py` holds every module that writes data to
calling `changed`.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Iterator

import duckdb

from data_models.store.kinds import kind_of


def changed(con: duckdb.DuckDBPyConnection, boards: Iterable[str] | None = None) -> None:
    """Within the writer's transaction: the data of `boards` changed (None: what every board's
    pages may read, such as rules, themes or national statistics)."""
    if boards is None:
        con.execute("INSERT INTO data_versions VALUES (NULL, CAST(uuid() AS VARCHAR))")
        return
    names = sorted(set(boards))
    if names:
        con.execute("INSERT INTO data_versions SELECT unnest(?), CAST(uuid() AS VARCHAR)",
                    [names])


def renewed(con: duckdb.DuckDBPyConnection) -> None:
    """Within an upgrade's transaction: every token replaced by one new one for each board and
    one for no board (the views and macros every page reads were made again)."""
    boards = [board for (board,) in con.execute(
        "SELECT DISTINCT board FROM data_versions WHERE board IS NOT NULL").fetchall()]
    con.execute("DELETE FROM data_versions")
    changed(con, boards)
    changed(con)


@contextlib.contextmanager
def one_change(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The caller's writes and its `changed` in one transaction: the caller's own when one is
    open, else one of their own, so that the data never changes without its token."""
    if kind_of(con).in_transaction(con):
        yield
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        # one that failed as it committed (another instance wrote the shared store at the same
        # moment) is already undone
        with contextlib.suppress(duckdb.TransactionException):
            con.execute("ROLLBACK")
        raise


def tokens(con: duckdb.DuckDBPyConnection, boards: tuple[str, ...] | None) -> str:
    """A short key for the data of `boards` (None: every board) and of no board: each board's
    tokens folded into one, in no order (they are only ever added)."""
    rows = con.execute("SELECT board, count(*), bit_xor(hash(token)) FROM data_versions "
                       "GROUP BY board ORDER BY board NULLS FIRST").fetchall()
    seen = [f"{board or ''}={count}:{folded}" for board, count, folded in rows
            if board is None or boards is None or board in boards]
    return hashlib.sha256("\n".join(seen).encode("utf-8")).hexdigest()[:32]
