"""Where the data is kept, and every difference between the two kinds of store.

    file        the embedded DuckDB file: where it is, opening it
    lake        the shared store: DuckLake, its catalog in PostgreSQL
    kinds       what differs between the two inside a connection (ids, transactions, what a
                privacy removal must rewrite, how a migration is written)
    ids         numbers for uploads, exports, mappings and privacy actions
    snapshots   which data a figure was computed from, and reading it again
    stores      the store a front end opens once: its schema state, its data version, a
                reader's connection now or pinned at a version

Nothing outside this package asks which kind of store a connection is.
"""
