"""The one place the dashboard reads and writes the database, and results cached by the
data's version, so an upload or a demo reload shows at once.

The file is open only while a query or a store runs, so a quality lead can load an extract
from the command line while the dashboard serves. With the shared store set
(ASSURANCE_STORE, `data_models.lake`), the store is kept attached instead, and the data's
version is its newest snapshot, so what another instance stores shows here at once.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb
import streamlit as st

from dashboard.access import current_scope
from data_models.access import boards_held
from data_models.database import database_path, schema_state
from data_models.lake import LakeSetting, lake_setting, newest_snapshot, open_lake, use
from data_models.scope import Reader, Scope

R = TypeVar("R")
PINNED_KEPT = 4                     # connections kept open at a past snapshot of the store


class DatabaseBusy(Exception):
    """Another program is writing to the database file."""


class DatabaseMissing(Exception):
    """There is no database, or no schema in it."""


class SchemaNotCurrent(Exception):
    """The file's schema is older or newer than this release's; the message says what to run.
    A page never upgrades it: only `assurance init` does."""


def db_path() -> Path:
    return database_path(os.environ.get("ASSURANCE_DB"))


def _lake() -> LakeSetting | None:
    return lake_setting()


def data_version() -> str:
    """Changes whenever the database file (or its write-ahead log) changes; on the shared
    store, whenever any instance commits (its newest snapshot)."""
    setting = _lake()
    if setting is not None:
        return f"{setting.catalog}@{DATABASE.snapshot(setting)}"
    parts = [str(db_path().resolve())]
    for path in (db_path(), db_path().with_name(db_path().name + ".wal")):
        try:
            stat = path.stat()
            parts.append(f"{stat.st_mtime_ns}:{stat.st_size}")
        except FileNotFoundError:
            parts.append("-")
    return "|".join(parts)


class _SharedDatabase:
    """One DuckDB instance for this process, open only while someone uses it.

    Every session's queries and the upload page's store take a cursor from the same
    connection, so readers see the last committed data while a store is in its transaction
    (DuckDB's MVCC) and nobody waits. When the last user lets go the file is closed, so the
    command line can write to it while the dashboard is idle.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._path: Path | None = None
        self._users = 0
        self._holds = 0                     # page runs keeping the file open between queries
        self._current: str | None = None    # the file version last found at this schema
        self._pinned: dict[int, duckdb.DuckDBPyConnection] = {}   # the store at a snapshot

    def _open(self, path: Path) -> duckdb.DuckDBPyConnection:
        for attempt in range(30):
            try:
                return duckdb.connect(str(path))
            except duckdb.IOException as error:
                if "lock" not in str(error).lower():
                    raise
                time.sleep(0.05 * (attempt + 1))   # another program is writing: wait a little
        raise DatabaseBusy(str(path))

    def _lake_connection(self, setting: LakeSetting) -> duckdb.DuckDBPyConnection:
        """The shared store, attached once for the process and kept (many writers may hold
        it); its schema checked when first attached."""
        with self._lock:
            if self._connection is None or self._path != Path(setting.catalog):
                connection = open_lake(setting)
                state = schema_state(connection)
                if state.empty or not state.current:
                    connection.close()
                    if state.empty:
                        raise DatabaseMissing(setting.where)
                    raise SchemaNotCurrent(state.problem())
                self._connection, self._path = connection, Path(setting.catalog)
            return self._connection

    def snapshot(self, setting: LakeSetting) -> int:
        """The shared store's newest snapshot."""
        cursor = self._lake_connection(setting).cursor()
        try:
            return newest_snapshot(cursor)
        finally:
            cursor.close()

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        setting = _lake()
        if setting is not None:
            cursor = self._lake_connection(setting).cursor()
            use(cursor)
            try:
                yield cursor
            finally:
                cursor.close()
            return
        path = db_path()
        if not path.exists():
            raise DatabaseMissing(str(path))
        with self._lock:
            if self._connection is None or self._path != path:
                if self._connection is not None and self._users == 0:
                    self._connection.close()
                self._connection, self._path = self._open(path), path
                version = data_version()
                if self._current != version:     # checked once per change to the file
                    state = schema_state(self._connection)
                    if state.empty or not state.current:
                        self._connection.close()
                        self._connection = None
                        if state.empty:
                            raise DatabaseMissing(str(path))
                        raise SchemaNotCurrent(state.problem())
                    self._current = version
            self._users += 1
            cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._close_if_idle()

    @contextlib.contextmanager
    def at_snapshot(self, snapshot: int) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the shared store as it stood at `snapshot` (read-only; the caller has
        checked that the store made it). A few such connections are kept, the oldest let go (it
        closes when the last cursor on it does)."""
        setting = _lake()
        assert setting is not None
        with self._lock:
            connection = self._pinned.pop(snapshot, None)
            if connection is None:
                connection = open_lake(setting, snapshot=snapshot)
            self._pinned[snapshot] = connection          # the newest asked for last
            while len(self._pinned) > PINNED_KEPT:   # let go, not closed: a session may
                self._pinned.pop(next(iter(self._pinned)))  # still read through it
            cursor = connection.cursor()
        try:
            use(cursor, snapshot)
            yield cursor
        finally:
            cursor.close()

    def _close_if_idle(self) -> None:
        if self._path is not None and str(self._path).startswith("ducklake:"):
            return                  # the shared store stays attached: no file lock to give up
        if self._users == 0 and self._holds == 0 and self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Keep the file open from a page run's first query to its last. A first view runs a
        dozen queries, and opening the file each time cost about a quarter of a page's first
        render; it is still closed as soon as no page is drawing."""
        with self._lock:
            self._holds += 1
        try:
            yield
        finally:
            with self._lock:
                self._holds -= 1
                self._close_if_idle()


DATABASE = _SharedDatabase()


def held() -> contextlib.AbstractContextManager[None]:
    """The database kept open while a page is drawn (see _SharedDatabase.held)."""
    return DATABASE.held()


def cursor() -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A connection for what is not read for a person: the pages that change the data (the
    Upload page's store, Admin's mappings and recipients, a removal of personal data, the
    export log), each given to a function that takes the person's scope, and the store's own
    data version. A person's data is read through `reading`, `query` and `model`, bound to
    their scope (every query takes a `Reader`, so mypy refuses a bare connection)."""
    return DATABASE.cursor()


@contextlib.contextmanager
def reading(snapshot: int | None = None,
            check: Callable[[duckdb.DuckDBPyConnection], None] | None = None, *,
            scope: Scope | None = None) -> Iterator[Reader]:
    """This session's person's reader (or `scope`'s, taken from the session while the page
    ran: a download is made later, on a thread that has no session), on the data now or as it
    stood at `snapshot` (the Exports page's link): the shared store read at that snapshot, or
    the file itself (which holds only its last upload: `check` is run on the same connection
    first)."""
    scope = scope if scope is not None else current_scope()
    opened = (DATABASE.cursor() if snapshot is None or _lake() is None
              else DATABASE.at_snapshot(snapshot))
    with opened as con:
        if check is not None:
            check(con)
        yield Reader(con, scope)


def _key(function: Callable[..., Any]) -> str:
    """A function's full name: the cache's key for it (two modules' functions of one name
    never share results)."""
    return f"{function.__module__}.{function.__qualname__}"


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(key: str, version: str, scope: Scope, counting: bool, args: tuple[Any, ...],
            _function: Callable[..., Any]) -> Any:
    del key, version  # the cache key only: the function itself is called
    with DATABASE.cursor() as con:
        reader = Reader(con, scope)
        return _function(reader.aggregating() if counting else reader, *args)


class PageReader:
    """What a page and its model read with: the session's person's scope, each query's result
    cached by the data's version, the function, the scope and the arguments. The same calls as
    `data_models.scope.Reader`, so a page model runs on either."""

    def __init__(self, scope: Scope, *, counting: bool = False) -> None:
        self.scope = scope
        self._counting = counting

    def __call__(self, function: Callable[..., R], /, *args: Any) -> R:
        return cast(R, _cached(_key(function), data_version(), self.scope, self._counting, args,
                               function))

    def aggregating(self) -> PageReader:
        return PageReader(self.scope, counting=True)


def reader() -> PageReader:
    """This session's person's reader."""
    return PageReader(current_scope())


def query(function: Callable[..., R], *args: Any) -> R:
    """The result of a query function of data_models.queries for this session's person, cached
    by data version."""
    return reader()(function, *args)


@st.cache_resource(max_entries=256, show_spinner=False)
def _model(key: str, version: str, scope: Scope, args: tuple[Any, ...],
           _build: Callable[..., Any]) -> Any:
    del key, version  # the cache key only: the function itself is called
    return _build(PageReader(scope), *args)


def known_boards() -> list[str]:
    """Every board the data holds, to check the access file's names against and for an admin
    to give people boards (never shown as what a person may see)."""
    try:
        with DATABASE.cursor() as con:
            return boards_held(con)
    except (DatabaseMissing, SchemaNotCurrent):
        return []


def model(build: Callable[..., R], *args: Any) -> R:
    """What a board page shows (a dataclass built by a function of dashboard.models), built on
    the first view for this person's scope and shared, unpickled and uncopied, by every rerun
    and session of the same scope until the data changes. Pages only read it."""
    return cast(R, _model(_key(build), data_version(), current_scope(), args, build))
