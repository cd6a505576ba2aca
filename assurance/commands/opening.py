"""Where a command's data is and how it is opened: through the store interface the dashboard
uses too (`data_models.store.stores.open_store`: the embedded file, --db or $ASSURANCE_DB, or
the shared store, --store or $ASSURANCE_STORE), as this release reads it. Every command opens
its data here, with `open_database`."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

import duckdb

from assurance.commands.common import CommandError
from assurance.filter_args import reader_from
from data_models.scope import Reader
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


@contextlib.contextmanager
def exporting(args: argparse.Namespace
              ) -> Iterator[tuple[duckdb.DuckDBPyConnection, Reader]]:
    """What an export reads and where it is logged: the database (for the export log) and the
    person's reader on the data now, or with --snapshot N as it stood then (the shared store
    reads any snapshot; the embedded file only its last upload). Both closed after."""
    con = open_database(args)
    pinned = con
    try:
        asked = getattr(args, "snapshot", None)
        if asked is not None:
            check_snapshot(con, asked)
        pinned = store_of(args).pinned(con, asked)
        yield con, reader_from(args, pinned)
    finally:
        if pinned is not con:
            pinned.close()
        con.close()
