"""What a page's cached figures are keyed on: the data it reads, not the file.

Every change to the data replaces, in the writer's own transaction, a token: one per board for
that board's records and uploads, and one (board NULL) for what is not one board's. A reader
keys its cache on the tokens of the boards it may see and the shared one, so an export's log
entry (no page reads it) or another board's upload leaves its cached pages in place. Tokens
are random, never counted: a file restored from a backup brings back its own tokens, which
name exactly the data it holds. `tests/data_models/test_data_versions.py` holds every module
that writes data to calling `changed`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import duckdb


def changed(con: duckdb.DuckDBPyConnection, boards: Iterable[str] | None = None) -> None:
    """Within the writer's transaction: the data of `boards` changed (None: what every board's
    pages may read, such as rules, themes or national statistics)."""
    if boards is None:
        con.execute("UPDATE data_versions SET token = CAST(uuid() AS VARCHAR) "
                    "WHERE board IS NULL")
        return
    names = sorted(set(boards))
    if not names:
        return
    con.execute("DELETE FROM data_versions WHERE list_contains(?, board)", [names])
    con.execute("INSERT INTO data_versions SELECT unnest(?), CAST(uuid() AS VARCHAR)", [names])


def tokens(con: duckdb.DuckDBPyConnection, boards: tuple[str, ...] | None) -> str:
    """A short key for the data of `boards` (None: every board) and of no board."""
    rows = con.execute("SELECT board, token FROM data_versions ORDER BY board NULLS FIRST, "
                       "token").fetchall()
    seen = [f"{board or ''}={token}" for board, token in rows
            if board is None or boards is None or board in boards]
    return hashlib.sha256("\n".join(seen).encode("utf-8")).hexdigest()[:32]
