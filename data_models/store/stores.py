"""The store a front end opens once: the embedded file or the shared store, behind one interface.

The command line and the dashboard both call `open_store` with what they were given (--db,
--store and --data-path, or the environment) and then ask the store, never which kind it is:

- `connect()`: a connection of one's own, the schema checked (a command's; closed by it);
- `cursor()` and `held()`: a cursor on the connection the process shares (the dashboard's:
  the file is open only while someone reads it, so the command line can write to it while the
  dashboard is idle; the shared store stays attached, since many writers may hold it);
- `pinned(n)` and `at_snapshot(n)`: the data as it stood at version `n` (the shared store
  reads any snapshot it keeps; the file only its last upload, checked by the caller);
- `data_version()`: what changes whenever the data does (the file's size and time, or the
  store's newest snapshot): what an export states it was made from;
- `page_version(boards)`: what changes whenever the data of those boards, or of none, does:
  what the pages' caches are keyed on;
- `upgrade()`: `assurance init` (the file copied beside itself first; the shared store in one
  transaction, since it keeps every snapshot).

What differs inside a connection (ids, transactions, what a privacy removal must rewrite) is
`data_models.store.kinds`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from data_models.config_errors import ConfigError
from data_models.schema import SchemaError, Upgrade, init_schema, schema_state, upgrade_file
from data_models.store.file import connect, database_path
from data_models.store.kinds import FILE, SHARED, Kind
from data_models.store.lake import (
    LakeSetting,
    lake_setting,
    newest_snapshot,
    open_lake,
    orphaned_files,
    use,
)
from data_models.store.versions import tokens

PAGE_VERSIONS_KEPT = 512              # (data version, boards) pairs remembered
PINNED_KEPT = 4                     # connections kept open at a past snapshot of the store


class StoreMissing(ConfigError):
    """There is no database (`where` names it), or no schema in it (`problem` says what to
    run)."""

    def __init__(self, where: str, problem: str | None = None) -> None:
        super().__init__(problem or f"There is no database at {where}. Run 'assurance demo' for "
                         "demo data, or 'assurance load KIND FILE' to load an extract.")
        self.where, self.problem = where, problem


class StoreBusy(ConfigError):
    """Another program is writing to the database file."""

    def __init__(self, where: str, said: str) -> None:
        super().__init__(f"The database {where} is in use by another program that is writing to "
                         "it (another 'assurance' command, or the dashboard storing an upload). "
                         f"Wait for it to finish and try again.\n  DuckDB said: {said}")
        self.where = where


class SchemaNotCurrent(ConfigError):
    """The schema is older or newer than this release's; the message says what to run. Only
    `assurance init` upgrades a store (`where`: the store in words)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(problem)
        self.where = where


def _checked(con: duckdb.DuckDBPyConnection, where: str, *, create: bool = False) -> None:
    """The schema as this release reads it; with `create`, made in an empty store (there is
    nothing to lose). Closes the connection when it cannot be used."""
    state = schema_state(con)
    if state.empty and create:
        init_schema(con)
        return
    if state.empty or not state.current:
        con.close()
        if state.empty:
            raise StoreMissing(where, state.problem())
        raise SchemaNotCurrent(where, state.problem() or "")


class Store:
    """What the two kinds of store share; see the module's docstring."""

    kind: Kind
    where: str                      # the store in words, for messages

    def connect(self, *, read_only: bool = False,
                create: bool = False) -> duckdb.DuckDBPyConnection:
        raise NotImplementedError

    def pinned(self, con: duckdb.DuckDBPyConnection,
               snapshot: int | None) -> duckdb.DuckDBPyConnection:
        """What a command reads at `snapshot` (None: now): the shared store attached as it
        stood then, or the file's own connection (the caller has checked the version)."""
        raise NotImplementedError

    def upgrade(self) -> Upgrade:
        raise NotImplementedError

    def data_version(self) -> str:
        raise NotImplementedError

    def cursor(self) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
        raise NotImplementedError

    def at_snapshot(self, snapshot: int
                    ) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
        raise NotImplementedError

    def held(self) -> contextlib.AbstractContextManager[None]:
        """Keep the process's connection open from a page run's first query to its last."""
        return contextlib.nullcontext()

    def page_version(self, boards: tuple[str, ...] | None) -> str:
        """What a page's cached figures for a reader of `boards` (None: every board) are keyed
        on: the store, and the tokens of those boards' data and of what is no one board's
        (`data_models.store.versions`), read again only when the data version moves. An
        export's log entry or another board's upload leaves the key as it was."""
        version = self.data_version()
        memo: dict[tuple[str, tuple[str, ...] | None], str] = self.__dict__.setdefault(
            "_page_versions", {})
        known = memo.get((version, boards))
        if known is None:
            with self.cursor() as con:
                known = f"{self.where}|{tokens(con, boards)}"
            if len(memo) >= PAGE_VERSIONS_KEPT:
                memo.clear()
            memo[(version, boards)] = known
        return known

    def exists(self) -> bool:
        """Whether there is anything to open yet (the shared store always answers)."""
        return True

    @property
    def file(self) -> Path | None:
        """The embedded file, for the app a launcher serves; None for the shared store."""
        return None

    @property
    def label(self) -> str:
        """The store in words, as the launcher announces it."""
        return self.where

    def environment(self) -> dict[str, str]:
        """What a served app's environment needs to open the same store."""
        return {}

    def orphaned_files(self, con: duckdb.DuckDBPyConnection, older_than_hours: float, *,
                       delete: bool) -> list[tuple[str, int]]:
        """Data files no snapshot names (the shared store's `tidy-store`)."""
        raise ConfigError("tidy-store is for the shared store (ASSURANCE_STORE): the embedded "
                          "file keeps no separate data files.")

    @property
    def keeps_history(self) -> bool:
        return self.kind.keeps_history


class FileStore(Store):
    """The embedded DuckDB file. Opened for the process only while someone uses it."""

    kind = FILE

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._holds = 0                     # page runs keeping the file open between queries
        self._current: str | None = None    # the file version last found at this schema

    def _open(self, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        try:
            return connect(self.path, read_only=read_only)
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise StoreBusy(self.where, str(error)) from None
            raise

    def connect(self, *, read_only: bool = False,
                create: bool = False) -> duckdb.DuckDBPyConnection:
        if not create and not self.path.exists():
            raise StoreMissing(self.where)
        con = self._open(read_only=read_only)
        _checked(con, self.where, create=create)
        return con

    def pinned(self, con: duckdb.DuckDBPyConnection,
               snapshot: int | None) -> duckdb.DuckDBPyConnection:
        return con                          # the file holds only its last upload

    def exists(self) -> bool:
        return self.path.exists()

    @property
    def file(self) -> Path | None:
        return self.path

    @property
    def label(self) -> str:
        return f"database {self.path}"

    def upgrade(self) -> Upgrade:
        return upgrade_file(self.path, lambda path: self._open())

    def data_version(self) -> str:
        parts = [str(self.path.resolve())]
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                stat = path.stat()
                parts.append(f"{stat.st_mtime_ns}:{stat.st_size}")
            except FileNotFoundError:
                parts.append("-")
        return "|".join(parts)

    def _shared(self) -> duckdb.DuckDBPyConnection:
        """The process's connection (under the lock), opened when nobody holds it; the schema
        checked once per change to the file. Another program writing: wait a little."""
        if self._connection is None:
            for attempt in range(30):
                try:
                    self._connection = duckdb.connect(str(self.path))
                    break
                except duckdb.IOException as error:
                    if "lock" not in str(error).lower():
                        raise
                    time.sleep(0.05 * (attempt + 1))
            else:
                raise StoreBusy(self.where, "the file is locked")
        version = self.data_version()
        if self._current != version:
            connection, self._connection = self._connection, None
            _checked(connection, self.where)          # closes it when it cannot be used
            self._connection, self._current = connection, version
        return self._connection

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self.path.exists():
            raise StoreMissing(self.where)
        with self._lock:
            cursor = self._shared().cursor()
            self._users += 1
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                self._close_if_idle()

    def at_snapshot(self, snapshot: int
                    ) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
        return self.cursor()                # the caller checks it is the last upload

    def _close_if_idle(self) -> None:
        if self._users == 0 and self._holds == 0 and self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """A first view runs a dozen queries, and opening the file each time cost about a
        quarter of a page's first render; it is still closed as soon as no page is drawing."""
        with self._lock:
            self._holds += 1
        try:
            yield
        finally:
            with self._lock:
                self._holds -= 1
                self._close_if_idle()


class SharedStore(Store):
    """The shared store (DuckLake): attached once for the process and kept."""

    kind = SHARED

    def __init__(self, setting: LakeSetting) -> None:
        self.setting = setting
        self.where = setting.where
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._pinned: dict[int, duckdb.DuckDBPyConnection] = {}   # the store at a snapshot

    def connect(self, *, read_only: bool = False,
                create: bool = False) -> duckdb.DuckDBPyConnection:
        con = open_lake(self.setting)
        _checked(con, self.where, create=create)
        return con

    def pinned(self, con: duckdb.DuckDBPyConnection,
               snapshot: int | None) -> duckdb.DuckDBPyConnection:
        return con if snapshot is None else open_lake(self.setting, snapshot=snapshot)

    def environment(self) -> dict[str, str]:
        return {"ASSURANCE_STORE": self.setting.catalog,
                "ASSURANCE_DATA_PATH": self.setting.data_path}

    def orphaned_files(self, con: duckdb.DuckDBPyConnection, older_than_hours: float, *,
                       delete: bool) -> list[tuple[str, int]]:
        return orphaned_files(con, self.setting, older_than_hours, delete=delete)

    def upgrade(self) -> Upgrade:
        con = open_lake(self.setting)       # one transaction; the store keeps every snapshot
        try:
            return init_schema(con)
        finally:
            con.close()

    def _attached(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._connection is None:
                connection = open_lake(self.setting)
                _checked(connection, self.where)
                self._connection = connection
            return self._connection

    def data_version(self) -> str:
        cursor = self._attached().cursor()
        try:
            return f"{self.setting.catalog}@{newest_snapshot(cursor)}"
        finally:
            cursor.close()

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self._attached().cursor()
        use(cursor)
        try:
            yield cursor
        finally:
            cursor.close()

    @contextlib.contextmanager
    def at_snapshot(self, snapshot: int) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read-only, as the store stood at `snapshot` (the caller has checked that the store
        made it). A few such connections are kept, the oldest let go (it closes when the last
        cursor on it does)."""
        with self._lock:
            connection = self._pinned.pop(snapshot, None)
            if connection is None:
                connection = open_lake(self.setting, snapshot=snapshot)
            self._pinned[snapshot] = connection          # the newest asked for last
            while len(self._pinned) > PINNED_KEPT:   # let go, not closed: a session may
                self._pinned.pop(next(iter(self._pinned)))  # still read through it
            cursor = connection.cursor()
        try:
            use(cursor, snapshot)
            yield cursor
        finally:
            cursor.close()


def open_store(db: str | Path | None = None, store: str | None = None,
               data_path: str | None = None) -> Store:
    """The store the arguments (else the environment) name: the shared store when --store /
    ASSURANCE_STORE is set (a setting in doubt is a StoreError), else the file at --db /
    ASSURANCE_DB, else data/assurance.duckdb. Opening it connects nothing yet."""
    setting = lake_setting(store, data_path)
    return SharedStore(setting) if setting is not None else FileStore(database_path(db))


__all__ = ["FileStore", "SchemaError", "SchemaNotCurrent", "SharedStore", "Store", "StoreBusy",
           "StoreMissing", "open_store"]
