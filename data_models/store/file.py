"""The DuckDB file: where it is and opening it. Its schema is `data_models.schema`'s.

Core functions take a connection as an argument; only the command line and the dashboard
decide when to open one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb

from data_models.schema import SchemaError, init_schema, schema_state

__all__ = ["SchemaError", "connect", "database_path", "init_schema", "schema_state"]

DEFAULT_DB = Path("data") / "assurance.duckdb"

def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--db PATH, else $ASSURANCE_DB, else data/assurance.duckdb under the current folder."""
    if explicit:
        return Path(explicit)
    if os.environ.get("ASSURANCE_DB"):
        return Path(os.environ["ASSURANCE_DB"])
    return DEFAULT_DB


def connect(path: str | os.PathLike[str], *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file, creating its folder when writing. The file (the records of
    every board) is readable and writable by its owner only."""
    target = Path(path)
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(target), read_only=read_only)
    if not read_only and target.exists() and target.stat().st_mode & 0o077:
        with contextlib.suppress(PermissionError):   # another user's file: left as it is
            os.chmod(target, 0o600)
    return connection
