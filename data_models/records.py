"""Store a checked extract: one transaction, keyed by board and id, every upload recorded.

A newer extract replaces the records it contains and leaves the others alone; a record whose
content is the same as the stored one is left untouched, so loading the same file twice
changes nothing. Either everything lands or nothing does. This is the only path that adds
records, and it never adds a board and key twice (the tables keep no index to enforce it:
migration 19).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import duckdb
import pandas as pd

from data_models.data_sets import DATA_TABLES
from data_models.labels import plural
from data_models.store.ids import next_id
from data_models.store.versions import changed
from data_models.stored_figures import rewrite_clocks
from data_models.theme_matching import add_mention_themes, add_theme_texts


class ProblemLike(Protocol):
    @property
    def row(self) -> int | None: ...
    @property
    def column(self) -> str | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def rows(self) -> tuple[int, ...]: ...
    @property
    def count(self) -> int: ...


class RepeatedKeys(ValueError):
    """An extract holds two records with the same board and key: the checks refuse such a
    file, so this only guards the one rule the tables rely on the store to keep."""


@dataclass(frozen=True)
class Upload:
    """What is recorded of every upload, stored or not."""

    kind: str
    file_name: str
    sha256: str
    rows: int
    as_of: dt.date
    uploaded_by: str | None = None
    boards: tuple[str, ...] | None = None     # the boards its rows name (None: not known)


@dataclass(frozen=True)
class Changes:
    added: int
    replaced: int
    unchanged: int


@dataclass(frozen=True)
class Stored:
    upload_id: int
    changes: Changes
    first_stored: tuple[int, dt.datetime] | None   # the same file stored before: id, when


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(name, kind) for name, kind in rows if name != "upload_id"]


def _stage(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame) -> list[str]:
    """Copy the frame into the temporary table `staged`, typed as the target table, with each
    record's `state` beside the stored one of the same key: 'added' (no stored record),
    'replaced' (a stored record whose content differs) or 'unchanged'. Returns the data
    columns."""
    table, key = DATA_TABLES[kind]
    columns = _table_columns(con, table)
    given = set(frame.columns)

    def typed(name: str, type_: str) -> str:   # a column the extract lacks is stored as missing
        value = f'"{name}"' if name in given else "NULL"
        return f'CAST({value} AS {type_}) AS "{name}"'

    con.register("incoming_extract", frame)   # read in place: a million rows are not copied
    try:
        select = ", ".join(typed(name, type_) for name, type_ in columns)
        differs = " OR ".join(f's."{name}" IS DISTINCT FROM t."{name}"' for name, _ in columns)
        con.execute("DROP TABLE IF EXISTS staged")
        con.execute(
            f"""
            CREATE TEMP TABLE staged AS
            SELECT s.*,
                   CASE WHEN t.board IS NULL THEN 'added'
                        WHEN {differs} THEN 'replaced'
                        ELSE 'unchanged' END AS state
            FROM (SELECT {select} FROM incoming_extract) AS s
            LEFT JOIN {table} AS t ON t.board = s.board AND t.{key} = s.{key}
            """  # noqa: S608
        )
    finally:
        con.unregister("incoming_extract")
    return [name for name, _ in columns]


def _changes(con: duckdb.DuckDBPyConnection) -> Changes:
    added, replaced, unchanged = con.execute(
        "SELECT count(*) FILTER (WHERE state = 'added'), "
        "count(*) FILTER (WHERE state = 'replaced'), "
        "count(*) FILTER (WHERE state = 'unchanged') FROM staged"
    ).fetchall()[0]
    return Changes(int(added), int(replaced), int(unchanged))


def preview_changes(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame) -> Changes:
    """What storing this frame would do, without storing it."""
    _stage(con, kind, frame)
    try:
        return _changes(con)
    finally:
        con.execute("DROP TABLE IF EXISTS staged")


def first_stored(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple[int, dt.datetime] | None:
    rows = con.execute(
        "SELECT upload_id, received_at FROM uploads WHERE sha256 = ? "
        "AND outcome IN ('stored', 'unchanged') ORDER BY upload_id LIMIT 1",
        [sha256],
    ).fetchall()
    return (int(rows[0][0]), rows[0][1]) if rows else None


def _record_upload(con: duckdb.DuckDBPyConnection, upload: Upload, outcome: str,
                   changes: Changes, problems: list[ProblemLike]) -> int:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    upload_id = next_id(con, "upload_id_seq")
    con.execute(
        """
        INSERT INTO uploads (upload_id, kind, file_name, sha256, rows, received_at, as_of,
                             uploaded_by, outcome, added, replaced, unchanged, errors, warnings,
                             boards)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [upload_id, upload.kind, upload.file_name, upload.sha256, upload.rows, _now(),
         upload.as_of, upload.uploaded_by, outcome, changes.added, changes.replaced,
         changes.unchanged, errors, warnings,
         list(upload.boards) if upload.boards is not None else None],
    )
    if problems:
        con.register("incoming_problems", pd.DataFrame(
            {
                "upload_id": upload_id,
                "row": pd.array([p.row for p in problems], dtype="Int64"),
                "column": [p.column for p in problems],
                "rule": [p.rule for p in problems],
                "severity": [p.severity for p in problems],
                "message": [p.message for p in problems],
                "rows_affected": [p.count for p in problems],
                "row_list": [", ".join(str(r) for r in p.rows) or None for p in problems],
            }
        ))
        try:
            con.execute(
                'INSERT INTO upload_problems (upload_id, row, "column", rule, severity, message, '
                "rows_affected, row_list) "
                'SELECT upload_id, row, "column", rule, severity, message, rows_affected, '
                "row_list FROM incoming_problems"
            )
        finally:
            con.unregister("incoming_problems")
    return int(upload_id)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the transaction; one that failed as it committed (another instance wrote to the
    shared store at the same moment) is already undone, and its own error is the one to tell."""
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")


def record_rejected(con: duckdb.DuckDBPyConnection, upload: Upload,
                    problems: Iterable[ProblemLike]) -> int:
    """Log a rejected upload and its problems; no data is stored."""
    con.execute("BEGIN TRANSACTION")
    try:
        upload_id = _record_upload(con, upload, "rejected", Changes(0, 0, 0), list(problems))
        changed(con, upload.boards)       # its boards' Data quality (None: every board's)
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise
    return upload_id


def store_extract(con: duckdb.DuckDBPyConnection, upload: Upload, frame: pd.DataFrame,
                  warnings: Iterable[ProblemLike] = (),
                  also: Callable[[duckdb.DuckDBPyConnection, int], None] | None = None) -> Stored:
    """Store the records of a checked extract and record the upload, in one transaction.
    `also(con, upload_id)` records more of the upload in the same transaction (the mappings
    it was read with, the cells corrected before it was checked)."""
    table, key = DATA_TABLES[upload.kind]
    before = first_stored(con, upload.sha256)
    con.execute("BEGIN TRANSACTION")
    try:
        columns = _stage(con, upload.kind, frame)
        repeated = con.execute(f"SELECT count(*) - count(DISTINCT (board, {key})) "  # noqa: S608
                               "FROM staged").fetchall()[0][0]
        if repeated:
            raise RepeatedKeys(f"{plural(repeated, 'record')} "
                               f"repeat{'s' if repeated == 1 else ''} a board and {key} already in the "
                               "extract; nothing stored. Each record needs its own reference.")
        changes = _changes(con)
        outcome = "stored" if changes.added or changes.replaced else "unchanged"
        upload_id = _record_upload(con, upload, outcome, changes, list(warnings))
        if also is not None:
            also(con, upload_id)
        if changes.replaced:
            con.execute(
                f"DELETE FROM {table} AS t USING staged AS s "  # noqa: S608
                f"WHERE s.state = 'replaced' AND t.board = s.board AND t.{key} = s.{key}"
            )
        column_list = ", ".join(f'"{c}"' for c in columns)
        con.execute(
            f"INSERT INTO {table} ({column_list}, upload_id) "  # noqa: S608
            f"SELECT {column_list}, ? FROM staged WHERE state <> 'unchanged'",
            [upload_id],
        )
        if upload.kind == "recommendations" and before is None:
            # every record the tracker carried, changed or not, rated or not: "off track in two
            # successive uploads" needs what each upload gave (the same file again is no new one)
            con.execute("INSERT INTO recommendation_rating_history SELECT board, "
                        "recommendation_id, ?, rating FROM staged", [upload_id])
        _add_mentions(con)
        changed(con, [board for (board,) in con.execute(
            "SELECT DISTINCT board FROM staged").fetchall()])
        if upload.kind == "reviews" and (changes.added or changes.replaced):
            # the clocks kept of the boards whose reviews changed, worked out again
            rewrite_clocks(con, [b for (b,) in con.execute(
                "SELECT DISTINCT board FROM staged WHERE state <> 'unchanged'").fetchall()])
        con.execute("DROP TABLE staged")
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise
    return Stored(upload_id, changes, before)


def _add_mentions(con: duckdb.DuckDBPyConnection) -> None:
    """The theme texts of the added and replaced records that were never split before, split
    once each (theme_mentions joins every record to its text's mentions), and the themes of
    any (board, mention) not mapped before."""
    texts = con.execute(
        "SELECT DISTINCT themes FROM staged WHERE state <> 'unchanged' AND themes IS NOT NULL"
    ).df()
    add_theme_texts(con, texts["themes"])
    add_mention_themes(con, con.execute(
        "SELECT DISTINCT s.board, t.theme_key FROM (SELECT DISTINCT board, themes FROM staged "
        "WHERE state <> 'unchanged') AS s JOIN theme_texts AS t ON t.themes = s.themes").df())
