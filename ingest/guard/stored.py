"""Personal data in records already stored (loaded before the guard knew to look for it):
found with the same recognizers as the upload's guard, listed by data set, board, record,
column and kind (never the value), and redacted or deleted in one transaction, with an audit
record of who did what, when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from data_models.data_sets import DATA_TABLES
from data_models.scope import Scope
from data_models.store.ids import next_id
from data_models.store.kinds import kind_of
from data_models.store.versions import changed
from data_models.stored_figures import rewrite_clocks
from data_models.theme_matching import refresh_mention_themes, refresh_theme_texts
from ingest.guard.personal_data import KINDS
from ingest.guard.scan import REDACTED, flag_values

# Columns that hold codes or the board's name, checked on the way in and never free text.
_NOT_FREE = {"board", "board_type", "review_type", "harm", "status", "audit_type", "grade",
             "upload_id"}
COLUMNS = ["data_set", "board", "record_id", "column", "kind", "what"]


@dataclass(frozen=True)
class Done:
    action: str
    cells: int
    records: int


def _text_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                       "AND table_schema = 'main' AND data_type = 'VARCHAR' "
                       "ORDER BY ordinal_position", [table]).fetchall()
    return [r[0] for r in rows if r[0] not in _NOT_FREE]


def scan_stored(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Every stored cell of the person's boards (`scope`) that holds personal data: data set,
    board, record, column, kind."""
    mine = scope.bound()
    con.execute("SET enable_progress_bar = false")
    found = []
    for data_set, (table, key) in DATA_TABLES.items():
        for column in _text_columns(con, table):
            values = [r[0] for r in con.execute(
                f'SELECT DISTINCT "{column}" FROM {table} WHERE "{column}" IS NOT NULL '  # noqa: S608
                f"AND \"{column}\" <> $redacted AND in_scope($scope, board)",
                {"redacted": REDACTED, "scope": mine}).fetchall()]
            flagged = {values[i]: kind for i, kind in flag_values(values).items()}
            if not flagged:
                continue
            con.register("flagged_values", pd.DataFrame({"value": list(flagged),
                                                         "kind": list(flagged.values())}))
            try:
                rows = con.execute(
                    f'SELECT t.board, t."{key}", f.kind FROM {table} AS t '  # noqa: S608
                    f'JOIN flagged_values AS f ON f.value = t."{column}" '
                    f'WHERE in_scope($scope, t.board) '
                    f'ORDER BY t.board, t."{key}"', {"scope": mine}).fetchall()
            finally:
                con.unregister("flagged_values")
            found += [(data_set, board, record, column, kind, KINDS[kind])
                      for board, record, kind in rows]
    return pd.DataFrame(found, columns=COLUMNS)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def act_on_stored(con: duckdb.DuckDBPyConnection, action: str, found: pd.DataFrame,
        acted_by: str | None) -> Done:
    """Redact every flagged cell ('redact') or delete every flagged record ('delete'), and
    record each, in one transaction. Redacted or deleted theme text goes from the split and
    mapped theme text too. A
    record whose own reference holds personal data cannot be redacted (it is known by it):
    it is deleted, and recorded as deleted."""
    if action not in ("redact", "delete"):
        raise ValueError(action)
    if found.empty:
        return Done(action, 0, 0)
    when = _now()
    con.execute("BEGIN TRANSACTION")
    try:
        for row in found.itertuples(index=False):
            table, key = DATA_TABLES[row.data_set]
            redact = action == "redact" and row.column != key
            if redact:
                con.execute(f'UPDATE {table} SET "{row.column}" = ? '  # noqa: S608
                            f'WHERE board = ? AND "{key}" = ?', [REDACTED, row.board, row.record_id])
            else:
                con.execute(f'DELETE FROM {table} WHERE board = ? AND "{key}" = ?',  # noqa: S608
                            [row.board, row.record_id])
            con.execute("INSERT INTO privacy_actions (action_id, acted_at, acted_by, action, "
                        "data_set, board, record_id, column_name, kind) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [next_id(con, "privacy_action_id_seq"), when, acted_by,
                         "redacted" if redact else "deleted",
                         row.data_set, row.board, row.record_id, row.column, row.kind])
        # the clocks kept of the boards whose reviews were touched, worked out again (a
        # deleted review's go: its reference may be what was personal data)
        rewrite_clocks(con, {row.board for row in found.itertuples(index=False)
                             if row.data_set == "reviews"})
        # theme text no record holds any longer goes, with its split and mapped forms
        refresh_theme_texts(con)
        refresh_mention_themes(con)
        changed(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    kind_of(con).after_removal(con)   # no earlier version may give the values back
    records = len(found[["data_set", "board", "record_id"]].drop_duplicates())
    return Done(action, len(found), records)
