"""Where a command's data is and how it is opened: through the store interface the dashboard
uses too (`data_models.store.stores.open_store`: the embedded file, --db or $ASSURANCE_DB, or
the shared store, --store or $ASSURANCE_STORE), as this release reads it. Every command opens
its data here, with `open_database`."""

from __future__ import annotations

import argparse

import duckdb

from assurance.commands.common import CommandError
from data_models.store.snapshots import check_snapshot
from data_models.store.stores import (
    SchemaNotCurrent,
    Store,
    StoreBusy,
    StoreMissing,
    open_store,
)


def store_of(args: argparse.Namespace) -> Store:
    """The store the arguments (else the environment) name."""
    return open_store(getattr(args, "db", None), getattr(args, "store", None),
                      getattr(args, "data_path", None))


def open_database(args: argparse.Namespace, *, read_only: bool = False,
                  create: bool = False) -> duckdb.DuckDBPyConnection:
    """The database, as this release reads it. Only `assurance init` upgrades a store; a
    command that stores records (`create`) may make the schema in a new, empty one (there is
    nothing to lose)."""
    try:
        return store_of(args).connect(read_only=read_only, create=create)
    except StoreMissing as error:
        raise CommandError(f"{error.where}: {error}" if error.problem else str(error)) from None
    except SchemaNotCurrent as error:
        raise CommandError(f"{error.where}: {error}") from None
    except StoreBusy as error:
        raise CommandError(str(error)) from None


def at_snapshot(args: argparse.Namespace, con: duckdb.DuckDBPyConnection
                ) -> duckdb.DuckDBPyConnection:
    """What an export reads: the data now, or with --snapshot N as it stood then (the shared
    store reads any snapshot; the embedded file only its last upload)."""
    asked = getattr(args, "snapshot", None)
    if asked is not None:
        check_snapshot(con, asked)
    return store_of(args).pinned(con, asked)
