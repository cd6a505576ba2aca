"""Where a command's data is and how it is opened: the embedded file (--db, $ASSURANCE_DB) or
the shared store (--store, $ASSURANCE_STORE), as this release reads it. Every command opens its
data here, with `open_database`."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from assurance.commands.common import CommandError
from data_models.store.file import connect, database_path, init_schema, schema_state
from data_models.store.lake import LakeSetting, lake_setting, open_lake
from data_models.store.snapshots import check_snapshot


def file_path(args: argparse.Namespace) -> Path:
    """The embedded file the arguments or environment name."""
    return database_path(getattr(args, "db", None))


def store_setting(args: argparse.Namespace) -> LakeSetting | None:
    """The shared store the arguments or environment name (None: the embedded file)."""
    return lake_setting(getattr(args, "store", None), getattr(args, "data_path", None))


def connect_file(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The embedded file, or one line when another program is writing to it."""
    try:
        return connect(path, read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise CommandError(
                f"The database {path} is in use by another program that is writing to it "
                "(another 'assurance' command, or the dashboard storing an upload). Wait for "
                f"it to finish and try again.\n  DuckDB said: {error}"
            ) from None
        raise


def open_database(args: argparse.Namespace, *, read_only: bool = False,
                  create: bool = False) -> duckdb.DuckDBPyConnection:
    """The database, as this release reads it. Only `assurance init` upgrades a file; a command
    that stores records (`create`) may make the schema in a new, empty file (there is nothing
    to lose). With the shared store set, the store."""
    setting = store_setting(args)
    if setting is not None:
        con = open_lake(setting)
        state = schema_state(con)
        if state.empty and create:
            init_schema(con)
        elif not state.current:
            con.close()
            raise CommandError(f"{setting.where}: {state.problem()}")
        return con
    path = file_path(args)
    if not create and not path.exists():
        raise CommandError(
            f"There is no database at {path}. Run 'assurance demo' for demo data, or "
            "'assurance load KIND FILE' to load an extract."
        )
    con = connect_file(path, read_only=read_only)
    state = schema_state(con)
    if state.empty and create:
        init_schema(con)
    elif not state.current:
        con.close()
        raise CommandError(f"{path}: {state.problem()}")
    return con


def at_snapshot(args: argparse.Namespace, con: duckdb.DuckDBPyConnection
                ) -> duckdb.DuckDBPyConnection:
    """What an export reads: the data now, or with --snapshot N as it stood then (the shared
    store reads any snapshot; the embedded file only its last upload)."""
    asked = getattr(args, "snapshot", None)
    if asked is None:
        return con
    check_snapshot(con, asked)
    setting = store_setting(args)
    return con if setting is None else open_lake(setting, snapshot=asked)
