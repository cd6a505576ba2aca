"""The mappings boards made, kept in the database: added once (on the Upload page or with
`assurance map`), applied to every later extract of that data set without asking, listed on
the Admin page, removed by number. A mapping for one board never reaches another board's
records. A theme mapping is also kept as the board's theme alias, so it reaches the records
already stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
import pandas as pd

from data_models.agencies import AGENCY_COLUMNS, TABLES
from data_models.labels import column_label, value_labels
from data_models.scope import Reader, Scope
from data_models.store.ids import next_id
from data_models.store.versions import changed
from ingest.mappings.rules import (
    FILE_BOARD,
    HEADER,
    THEMES,
    Mapping,
    MappingError,
    Mappings,
    checked,
    corrects,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def theme_labels(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """Every theme of the vocabulary, in its order."""
    return tuple(r[0] for r in con.execute("SELECT theme FROM themes ORDER BY sort_order").fetchall())


def _board_known(con: duckdb.DuckDBPyConnection, board: str) -> None:
    """A board that no stored record names is refused (without naming the boards there are:
    the person asking may see only their own), unless no board has records yet."""
    boards = [r[0] for r in con.execute(
        "SELECT DISTINCT board FROM source_items ORDER BY board").fetchall()]
    if boards and board not in boards:
        raise MappingError(f"there is no board '{board}' in the data; give the board's name as "
                           "its records spell it ('assurance figure data_freshness --board' "
                           "checks a name).")


def load_mappings(con: duckdb.DuckDBPyConnection, kind: str) -> Mappings:
    """Every mapping that may apply to an extract of this data set."""
    rows = con.execute(
        "SELECT mapping_id, kind, column_name, from_text, to_value, board, created_by, created_at "
        "FROM mappings WHERE kind = ? ORDER BY mapping_id", [kind]).fetchall()
    return Mappings(kind, [Mapping(kind=r[1], column=r[2], from_text=r[3], to_value=r[4],
                                   board=r[5], mapping_id=r[0], created_by=r[6], created_at=r[7])
                           for r in rows])


def add_mappings(con: duckdb.DuckDBPyConnection, new: Iterable[Mapping], *,
        created_by: str | None, boards_in_file: tuple[str, ...] = ()) -> list[Mapping]:
    """Check every mapping, then store them all in one transaction; one for the same text,
    column and board is replaced. Refuses (MappingError) before storing anything: a board no
    stored record names is refused (a misspelt --board), unless it is one the file being
    checked names (`boards_in_file`: a new board's first tracker)."""
    wanted = checked_mappings(con, new, boards_in_file=boards_in_file)
    con.execute("BEGIN TRANSACTION")
    try:
        stored = keep_mappings(con, wanted, created_by=created_by)
        changed(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if any(m.column == THEMES for m in stored):
        _refresh_themes(con)
    return stored


def checked_mappings(con: duckdb.DuckDBPyConnection, new: Iterable[Mapping], *,
                     boards_in_file: tuple[str, ...] = ()) -> list[Mapping]:
    """The mappings checked as `add_mappings` checks them, ready for `keep_mappings`; refuses
    (MappingError) the first that is wrong."""
    labels = theme_labels(con)
    wanted = [checked(m, labels) for m in new]
    for mapping in wanted:
        if mapping.board and mapping.board not in boards_in_file:
            _board_known(con, mapping.board)
    return wanted


def keep_mappings(con: duckdb.DuckDBPyConnection, wanted: Iterable[Mapping], *,
                  created_by: str | None) -> list[Mapping]:
    """Within the caller's transaction: store mappings already checked (`checked_mappings`),
    each replacing one for the same text, column and board. A theme mapping's themes are mapped
    again only once the caller has committed (`add_mappings` does)."""
    stored: list[Mapping] = []
    for m in wanted:
        _delete_same(con, m)
        mapping_id, created_at = next_id(con, "mapping_id_seq"), _now()
        con.execute(
            "INSERT INTO mappings (mapping_id, kind, column_name, from_text, from_key, "
            "to_value, board, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [mapping_id, m.kind, m.column, m.from_text, m.from_key, m.to_value, m.board,
             created_by, created_at])
        stored.append(Mapping(m.kind, m.column, m.from_text, m.to_value, m.board,
                              mapping_id, created_by, created_at))
        if m.column == THEMES:
            _keep_theme_alias(con, stored[-1])
        if AGENCY_COLUMNS.get(m.kind) == m.column:
            _rename_stored(con, stored[-1])
    return stored


def _rename_stored(con: duckdb.DuckDBPyConnection, m: Mapping) -> None:
    """An agency mapping reaches the board's stored records too, in every data set with an
    agency: the name mapped, and the other spellings of the name it maps to, become that
    name, so the figures by agency count it once."""
    for kind, column in AGENCY_COLUMNS.items():
        con.execute(
            f'UPDATE {TABLES[kind]} SET "{column}" = ? '  # noqa: S608 - names from the code
            f'WHERE agency_key("{column}") IN (?, agency_key(?)) '
            "AND (CAST(? AS VARCHAR) IS NULL OR lower(board) = lower(?))",
            [m.to_value, m.from_key, m.to_value, m.board, m.board])


def _delete_same(con: duckdb.DuckDBPyConnection, m: Mapping) -> None:
    ids = [r[0] for r in con.execute(
        "SELECT mapping_id FROM mappings WHERE kind = ? AND column_name = ? AND from_key = ? "
        "AND board IS NOT DISTINCT FROM ?", [m.kind, m.column, m.from_key, m.board]).fetchall()]
    for mapping_id in ids:
        _delete(con, mapping_id)


def _delete(con: duckdb.DuckDBPyConnection, mapping_id: int) -> None:
    con.execute("DELETE FROM theme_aliases WHERE origin = ?", [_origin(mapping_id)])
    con.execute("DELETE FROM mappings WHERE mapping_id = ?", [mapping_id])


def _origin(mapping_id: int) -> str:
    return f"mapping {mapping_id}"


def _keep_theme_alias(con: duckdb.DuckDBPyConnection, m: Mapping) -> None:
    """Theme text mapped for a board is that board's theme alias (every board's, without one),
    matched like every other alias; the mapping's number is its origin."""
    key = m.from_key                # theme text is matched in the theme key's form
    # a national alias of the same text stays: the mapping wins over it (item_themes)
    con.execute("DELETE FROM theme_aliases WHERE theme_key = ? AND board IS NOT DISTINCT FROM ? "
                "AND origin <> 'national'", [key, m.board])
    con.execute("INSERT INTO theme_aliases (theme_key, theme, board, origin, imported_at, "
                "imported_by) VALUES (?, ?, ?, ?, ?, ?)",
                [key, m.to_value, m.board, _origin(m.mapping_id or 0), m.created_at,
                 m.created_by])


def _refresh_themes(con: duckdb.DuckDBPyConnection) -> None:
    from data_models.theme_matching import refresh_mention_themes

    refresh_mention_themes(con)


def remove_mapping(con: duckdb.DuckDBPyConnection, mapping_id: int, scope: Scope) -> Mapping:
    """Remove one mapping (and, for a theme mapping, the alias it made). Records already
    stored keep the values they were stored with. Only one within the person's `scope`: one
    of another board's is refused as if it were not there."""
    mine = Reader(con, scope)
    rows = mine.rows("SELECT kind, column_name, from_text, to_value, board FROM mappings "
                     "WHERE mapping_id = $id AND in_scope($scope, board)", id=mapping_id)
    if not rows:
        ids = [str(r[0]) for r in mine.rows(
            "SELECT mapping_id FROM mappings WHERE in_scope($scope, board) "
            "ORDER BY mapping_id")]
        raise MappingError(f"there is no mapping {mapping_id}; "
                           + (f"mappings kept: {', '.join(ids)}." if ids else "none are kept."))
    kind, column, from_text, to_value, board = rows[0]
    con.execute("BEGIN TRANSACTION")
    try:
        _delete(con, mapping_id)
        changed(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    if column == THEMES:
        _refresh_themes(con)
    return Mapping(kind, column, from_text, to_value, board, mapping_id)


def mapping_list(db: Reader) -> pd.DataFrame:
    """Every mapping kept within the reader's scope, with who made it, when, and how many
    stored uploads used it: the person's boards' own mappings (every-board ones are for a
    person with every board)."""
    return db.frame(
        """
        SELECT m.mapping_id AS mapping, m.kind AS data_set,
               m.column_name AS "column",
               m.from_text AS "from", m.to_value AS "to",
               coalesce(m.board, 'every board') AS board, m.created_by AS made_by,
               m.created_at AS made_at, count(u.upload_id) AS uploads_using_it
        FROM mappings AS m LEFT JOIN upload_mappings AS u USING (mapping_id)
        WHERE in_scope($scope, m.board)
        GROUP BY ALL ORDER BY m.mapping_id
        """)


_WHAT = {HEADER: "A header", THEMES: "Theme text", FILE_BOARD: "The board of a file's layout"}


def mapping_words(kept: pd.DataFrame) -> pd.DataFrame:
    """The mapping list in words: which column (or header, theme text, a file's board, a
    correction), and an allowed value as its label, never a code."""
    def what(row: pd.Series) -> str:
        if row["column"] in _WHAT:
            return _WHAT[row["column"]]
        label = column_label(str(row["column"]))
        return (f"A correction in {label}" if corrects(str(row["data_set"]), str(row["column"]))
                else label)

    def to(row: pd.Series) -> str:
        if row["column"] == HEADER:
            return column_label(str(row["to"]))
        return value_labels(str(row["column"])).get(str(row["to"]), str(row["to"]))

    if kept.empty:
        return kept
    return kept.assign(column=kept.apply(what, axis=1), to=kept.apply(to, axis=1))


def record_used(con: duckdb.DuckDBPyConnection, upload_id: int, mappings: Mappings) -> None:
    """Within the store's transaction: the mappings this upload was read with."""
    for m, rows in mappings.applied_mappings():
        con.execute("INSERT INTO upload_mappings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [upload_id, m.mapping_id, m.kind, m.column, m.from_text, m.to_value,
                     m.board, rows])
