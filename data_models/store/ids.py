"""Numbers for uploads, exports, mappings, privacy actions and national releases. The embedded file takes them
from its sequences; the shared store has none (DuckLake keeps no sequences), so it keeps a
counter per sequence in `id_counters`, raised inside the writer's own transaction: two
instances that take the same number conflict when they commit, and one is told to try again,
rather than both storing it."""

from __future__ import annotations

import duckdb

from data_models.store.lake import is_lake

# Each sequence, and the table and column whose numbers it gives.
SEQUENCES = {"upload_id_seq": ("uploads", "upload_id"),
             "export_id_seq": ("exports", "export_id"),
             "mapping_id_seq": ("mappings", "mapping_id"),
             "privacy_action_id_seq": ("privacy_actions", "action_id"),
             "national_release_id_seq": ("national_releases", "release_id")}


def next_id(con: duckdb.DuckDBPyConnection, sequence: str) -> int:
    if sequence not in SEQUENCES:
        raise ValueError(f"no sequence {sequence}")
    if not is_lake(con):
        return int(con.execute(f"SELECT nextval('{sequence}')").fetchall()[0][0])
    con.execute("UPDATE id_counters SET last = last + 1 WHERE name = ?", [sequence])
    return int(con.execute("SELECT last FROM id_counters WHERE name = ?",
                           [sequence]).fetchall()[0][0])


def make_counters(con: duckdb.DuckDBPyConnection) -> None:
    """On the shared store: a counter for each sequence, from the highest number held."""
    con.execute("CREATE TABLE IF NOT EXISTS id_counters (name VARCHAR NOT NULL, "
                "last INTEGER NOT NULL)")
    have = {r[0] for r in con.execute("SELECT name FROM id_counters").fetchall()}
    for sequence, (table, column) in SEQUENCES.items():
        if sequence not in have:
            con.execute(f"INSERT INTO id_counters SELECT ?, coalesce(max({column}), 0) "  # noqa: S608
                        f"FROM {table}", [sequence])
