"""The one place the dashboard reads and writes the database, and results cached by the
version of the data they read, so an upload or a demo reload shows at once, and an export's
log entry or another board's upload empties no page it does not change.

The store is opened as the command line opens it (`data_models.store.stores.open_store`, from
ASSURANCE_DB, or ASSURANCE_STORE and ASSURANCE_DATA_PATH), once for each setting; how long its
connection is kept (the file only while a page reads it, the shared store attached) is the
store's own affair.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb
import streamlit as st

from access import boards_held
from dashboard.session import current_scope
from data_models.scope import Reader, Scope
from data_models.store.file import database_path
from data_models.store.lake import is_conflict
from data_models.store.stores import SchemaNotCurrent, Store, StoreBusy, StoreMissing, open_store

R = TypeVar("R")

# What the pages catch, in the words they were first written with.
DatabaseMissing = StoreMissing
DatabaseBusy = StoreBusy
__all__ = ["DatabaseBusy", "DatabaseMissing", "SchemaNotCurrent"]

_STORES: dict[tuple[str, ...], Store] = {}
_STORES_LOCK = threading.Lock()


def db_path() -> Path:
    return database_path(os.environ.get("ASSURANCE_DB"))


def store() -> Store:
    """The store the environment names, opened once for each setting (a test, or an operator,
    may change it between runs)."""
    key = tuple(os.environ.get(name, "") for name in
                ("ASSURANCE_DB", "ASSURANCE_STORE", "ASSURANCE_DATA_PATH"))
    with _STORES_LOCK:
        if key not in _STORES:
            _STORES[key] = open_store()
        return _STORES[key]


def data_version() -> str:
    """Changes whenever the database file (or its write-ahead log) changes; on the shared
    store, whenever any instance commits (its newest snapshot)."""
    return store().data_version()


# What reads every board's data on purpose, whatever the reader's boards (a figure over every
# board of a type, beside a one-board reader's own: `data_models.queries.comparison_tiles`),
# and the page models that show such a figure, by their full names: keyed on every board's
# data, so that another board's upload shows in them at once.
READS_EVERY_BOARD = frozenset({"data_models.queries.comparison_tiles",
                               "dashboard.screens.overview.model.overview"})


def page_version(scope: Scope, name: str | None = None) -> str:
    """What this reader's cached figures (of the query or page model of that full name) are
    keyed on: the data of the boards they may see and of none (an export's log entry, or an
    upload for a board they cannot see, leaves it as it was); every board's for what reads
    every board (`READS_EVERY_BOARD`)."""
    every = scope.every_board or name in READS_EVERY_BOARD
    return store().page_version(None if every else scope.board_names)


def held() -> contextlib.AbstractContextManager[None]:
    """The database kept open while a page is drawn (the file; the shared store stays
    attached)."""
    return store().held()


def cursor() -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A connection for what is not read for a person: the pages that change the data (the
    Upload page's store, Admin's mappings and recipients, a removal of personal data, the
    export log), each given to a function that takes the person's scope, and the store's own
    data version. A person's data is read through `reading`, `query` and `model`, bound to
    their scope (every query takes a `Reader`, so mypy refuses a bare connection)."""
    return store().cursor()


CONFLICT_TRIES = 3


def written(change: Callable[[duckdb.DuckDBPyConnection], R]) -> R:
    """A small change of its own (an export's log entry) in one transaction, tried again when
    another instance wrote the same table of the shared store at the same moment (the store
    then kept nothing of it); any other error, or a third conflict, is raised."""
    for attempt in range(1, CONFLICT_TRIES + 1):
        try:
            with cursor() as con:
                con.begin()
                try:
                    done = change(con)
                    con.commit()
                except BaseException:
                    con.rollback()
                    raise
                return done
        except duckdb.Error as error:
            if not is_conflict(error) or attempt == CONFLICT_TRIES:
                raise
    raise AssertionError("unreachable")


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
    opened = store().cursor() if snapshot is None else store().at_snapshot(snapshot)
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
    with store().cursor() as con:
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
        key = _key(function)
        return cast(R, _cached(key, page_version(self.scope, key), self.scope,
                               self._counting, args, function))

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
        with store().cursor() as con:
            return boards_held(con)
    except (DatabaseMissing, SchemaNotCurrent):
        return []


def model(build: Callable[..., R], *args: Any) -> R:
    """What a board page shows (a dataclass built by a page model, dashboard/screens), built on
    the first view for this person's scope and shared, unpickled and uncopied, by every rerun
    and session of the same scope until the data changes. Pages only read it."""
    scope = current_scope()
    key = _key(build)
    return cast(R, _model(key, page_version(scope, key), scope, args, build))
