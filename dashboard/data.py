"""The one place the dashboard reads the database: short read-only connections, and results
cached by the data's version, so an upload or a demo reload shows at once.

A connection is opened for each uncached query and closed straight after, so the dashboard
never holds the database file open between reruns and a quality lead can load an extract
from the command line while it serves.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from data_models import figures
from data_models.database import database_path, schema_is_current


class DatabaseBusy(Exception):
    """Another program is writing to the database file."""


class DatabaseMissing(Exception):
    """There is no database, or no schema in it."""


def db_path() -> Path:
    return database_path(os.environ.get("ASSURANCE_DB"))


def data_version() -> str:
    """Changes whenever the database file (or its write-ahead log) changes."""
    parts = [str(db_path().resolve())]
    for path in (db_path(), db_path().with_name(db_path().name + ".wal")):
        try:
            stat = path.stat()
            parts.append(f"{stat.st_mtime_ns}:{stat.st_size}")
        except FileNotFoundError:
            parts.append("-")
    return "|".join(parts)


def _connect() -> duckdb.DuckDBPyConnection:
    path = db_path()
    if not path.exists():
        raise DatabaseMissing(str(path))
    for attempt in range(20):
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            time.sleep(0.1 * (attempt + 1))   # a writer holds the file: wait a little
            continue
        if not schema_is_current(con):
            con.close()
            raise DatabaseMissing(str(path))
        return con
    raise DatabaseBusy(str(path))


QUERIES: dict[str, Callable[..., Any]] = {
    name: getattr(figures, name)
    for name in (
        "filter_choices", "has_any_data", "timescale_records", "timescale_rules",
        "timescale_tiles", "needs_attention", "data_freshness", "recommendation_records",
        "audit_records", "themes_of_weak_audits", "training_uptake", "sessions_per_theme",
        "review_theme_shares", "review_theme_trend", "learning_loop", "theme_records",
        "headline_indicators",
    )
}


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(name: str, version: str, args: tuple[Any, ...]) -> Any:
    del version  # part of the cache key only
    con = _connect()
    try:
        return QUERIES[name](con, *args)
    finally:
        con.close()


def query(name: str, *args: Any) -> Any:
    """The result of a named query function of data_models.figures, cached by data version."""
    return _cached(name, data_version(), args)
