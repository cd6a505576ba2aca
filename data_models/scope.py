"""A person's scope, and the one way data is read for a person: a reader bound to it.

A `Scope` is what one person may see: their boards, and whether record-level rows and free
text. "Every board" is a value of its own (`EVERY_BOARD`), never a missing one: a scope
without boards is no board at all. Scopes are made in the access layer only
(`access`: from the access file, the operator's command line, local mode); a test
over the source holds every other module to asking it for one.

A `Reader` is a connection bound to a scope. Every query function of `data_models.queries`
takes one, and binds the person's boards into its SQL itself (`Reader.frame`), so a query
cannot run without a person's scope, and nothing a caller passes can widen it. A query that
lists records refuses a reader whose person may not see them (`RecordsRefused`), unless the
reader was asked for explicitly to work out aggregates from them (`aggregating`), which only
the page models do, turning records into counts for such a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

import duckdb
import pyarrow as pa

from data_models.store.snapshots import Marker, marker

if TYPE_CHECKING:
    import pandas as pd

    from data_models.filters import Filters


@dataclass(frozen=True)
class EveryBoard:
    """The value that means every board, the data's present and future ones."""

    def __repr__(self) -> str:
        return "EVERY_BOARD"


EVERY: Final = EveryBoard()


@dataclass(frozen=True)
class Scope:
    """What one person may see: `boards` (a tuple of names, or EVERY for every board) and
    whether record-level rows and free text (`records`). `role` is the access file's."""

    boards: tuple[str, ...] | EveryBoard
    records: bool
    role: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.boards, EveryBoard):
            return
        if not isinstance(self.boards, tuple) or not all(isinstance(b, str)
                                                         for b in self.boards):
            raise TypeError("a scope's boards are a tuple of board names, or EVERY for every "
                            f"board; not {self.boards!r}")
        object.__setattr__(self, "boards", tuple(sorted(set(self.boards))))

    @property
    def every_board(self) -> bool:
        return isinstance(self.boards, EveryBoard)

    @property
    def board_names(self) -> tuple[str, ...]:
        """The boards by name (none for a scope of every board: ask `every_board` first)."""
        return () if isinstance(self.boards, EveryBoard) else self.boards

    @property
    def nothing(self) -> bool:
        return self.boards == () or self.role is None

    def covers(self, boards: Iterable[str]) -> bool:
        """Whether every one of `boards` is this person's: a thing that reaches several boards
        is theirs only when all of them are (and a thing naming no board, only for a person
        with every board)."""
        if self.every_board:
            return True
        wanted = set(boards)
        return bool(wanted) and wanted <= set(self.board_names)

    def allows_board(self, board: str | None) -> bool:
        """Whether a thing for `board` (None: every board) is this person's to see and
        change."""
        if self.every_board:
            return True
        return board is not None and board in self.board_names

    def whose(self, board: str | None = None) -> str:
        """The boards a figure is for, in words: the board chosen, else the person's."""
        if board:
            return board
        if self.every_board:
            return "all boards"
        names = self.board_names
        if len(names) <= 3:
            return " and ".join(names) if names else "no board"
        return f"all {len(names)} of your boards"

    def describe(self, f: Filters) -> str:
        """The filters in words for this person: whose boards, what, when."""
        return f.describe(self.whose(f.board))

    def bound(self) -> dict[str, object]:
        """The scope as SQL reads it (inside `$f`, or as `$scope`): `every_board` true or
        false, and `boards` a list (empty for every board). A NULL `every_board` is read as
        false by `in_scope`: no value is ever every board."""
        return {"every_board": self.every_board, "boards": list(self.board_names)}


R = TypeVar("R")


class Reads(Protocol):
    """How a page model reads: a query function of `data_models.queries` and its arguments,
    for the reader's person (`Reader`, or the dashboard's cached reader)."""

    @property
    def scope(self) -> Scope: ...

    def __call__(self, function: Callable[..., R], /, *args: Any) -> R: ...

    def aggregating(self) -> Reads: ...


class RecordsRefused(Exception):
    """A query that lists records was asked for by a person who may not see them."""


class Reader:
    """A connection bound to a person's scope: how every query runs."""

    __slots__ = ("_connection", "_counting", "scope")

    def __init__(self, connection: duckdb.DuckDBPyConnection, scope: Scope, *,
                 counting: bool = False) -> None:
        if not isinstance(scope, Scope):
            raise TypeError("a reader needs a person's scope (access gives one)")
        self._connection = connection
        self.scope = scope
        self._counting = counting

    def __call__(self, function: Callable[..., R], /, *args: Any) -> R:
        """Run a query function of `data_models.queries` with this reader: the same call the
        dashboard's cached reader answers."""
        return function(self, *args)

    @property
    def may_list_records(self) -> bool:
        """Whether a query that lists records may run: the person may see them, or this reader
        works out aggregates from them (`aggregating`)."""
        return self.scope.records or self._counting

    def aggregating(self) -> Reader:
        """The same person's reader, allowed to run the queries that list records so that a
        page model can count them, chart their durations or take a median: what leaves the
        model for a person who may not see records is counts alone (`Records.of`)."""
        return Reader(self._connection, self.scope, counting=True)

    def comparing(self) -> Reader:
        """A reader over every board for the comparison tiles, which give sums and a count of
        boards only, over at least three boards besides the person's own; no records."""
        return Reader(self._connection, Scope(EVERY, False, "comparison"))

    def frame(self, sql: str, f: Filters | None = None, **params: object) -> pd.DataFrame:
        """The query's rows as a frame: the one read path. The filters bind as `$f`, with the
        person's scope inside; without filters the scope alone binds as `$scope`; other values
        by their own names; nothing is formatted into SQL."""
        bound: dict[str, object] = {"scope": self.scope.bound()}
        if f is not None:
            bound["f"] = {**f.bound(), **self.scope.bound()}
        bound.update(params)
        return frame_of(self._connection.sql(sql, params=_used(sql, bound)).to_arrow_table())

    def data_version(self) -> Marker:
        """The data version this reader reads (the shared store's snapshot, or the embedded
        file's last upload): what every export states."""
        return marker(self._connection)

    def rows(self, sql: str, **params: object) -> list[tuple[Any, ...]]:
        """The query's rows as tuples, with the scope bound as `$scope`."""
        bound = {"scope": self.scope.bound(), **params}
        return self._connection.execute(sql, _used(sql, bound)).fetchall()


def _used(sql: str, bound: dict[str, object]) -> dict[str, object] | None:
    """The parameters the SQL names (DuckDB refuses one it does not)."""
    named = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", sql))
    return {name: value for name, value in bound.items() if name in named} or None


_NULLABLE = {
    pa.int8(): "Int8", pa.int16(): "Int16", pa.int32(): "Int32", pa.int64(): "Int64",
    pa.uint8(): "UInt8", pa.uint16(): "UInt16", pa.uint32(): "UInt32", pa.uint64(): "UInt64",
    pa.bool_(): "boolean",
}


def frame_of(table: pa.Table) -> pd.DataFrame:
    """The types DuckDB's `.df()` gives, which the pages and exports are written for: dates as
    datetime64[us], sums as floats, whole numbers and yes/no with gaps as nullable types, a
    text column with no values at all as objects. Fetched through Arrow: for the record
    lists three or four times faster than DuckDB's own conversion."""
    import pandas as pd

    nullable = {arrow: pd.api.types.pandas_dtype(name) for arrow, name in _NULLABLE.items()}
    data = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_date(column.type):
            column = column.cast(pa.timestamp("us"))
        elif pa.types.is_decimal(column.type):
            column = column.cast(pa.float64())
        if (pa.types.is_string(column.type) or pa.types.is_null(column.type)) \
                and column.null_count == len(column):
            data[name] = pd.Series([None] * len(column), dtype=object)
        elif column.null_count and column.type in nullable:
            data[name] = column.to_pandas(types_mapper=nullable.get)
        else:
            data[name] = column.to_pandas()
    return pd.DataFrame(data)
