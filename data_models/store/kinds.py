"""What differs between the two kinds of store inside a connection, asked in one place.

The embedded file is DuckDB itself: sequences, primary keys, a transaction id. The shared store
is DuckLake, which keeps none of them, and keeps every earlier snapshot, from which a removed
value could be read back. Code outside the store package asks `kind_of(con)` for what it
needs and never which kind it has.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from data_models.store.ids import make_counters
from data_models.store.lake import for_lake, forget_earlier_snapshots, is_lake, use


@dataclass(frozen=True)
class Kind:
    """One kind of store, as the code that writes to it needs it."""

    name: str                 # "file" or "shared store"
    keeps_history: bool       # earlier snapshots can be read (and must be retired after a removal)

    def migration(self, sql: str) -> str:
        """A migration as this store takes it (the shared store has no sequences or keys)."""
        return for_lake(sql) if self.keeps_history else sql

    def key(self) -> str:
        """How a table's key column is declared (the shared store declares none)."""
        return "" if self.keeps_history else " PRIMARY KEY"

    def after_migrations(self, con: duckdb.DuckDBPyConnection) -> None:
        """What the store needs once its tables are made: the shared store's id counters."""
        if self.keeps_history:
            make_counters(con)

    def in_transaction(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Whether the caller has a transaction open (outside one, each statement has its own).
        On the shared store the transaction is DuckLake's, which has no id of its own: it is
        asked of the in-memory catalog beside it, which shares the connection's transaction."""
        if self.keeps_history:
            con.execute("USE memory")
        try:
            first, second = (con.execute("SELECT txid_current()").fetchall()[0][0]
                             for _ in range(2))
        finally:
            if self.keeps_history:
                use(con)
        return bool(first == second)

    def after_removal(self, con: duckdb.DuckDBPyConnection) -> None:
        """What a privacy removal must rewrite once committed: on the shared store, every
        earlier snapshot and data file that still holds the values goes."""
        if self.keeps_history:
            forget_earlier_snapshots(con)


FILE = Kind("file", keeps_history=False)
SHARED = Kind("shared store", keeps_history=True)


def kind_of(con: duckdb.DuckDBPyConnection) -> Kind:
    """The kind of store a connection works on."""
    return SHARED if is_lake(con) else FILE
