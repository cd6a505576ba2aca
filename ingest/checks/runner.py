"""Run a data set's suite (from `expectations`) on a DataFrame and turn the results into
Problems. Importing this imports Great Expectations (seconds): only the upload path may."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

# Before Great Expectations is imported: no usage analytics leave the machine.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.expectations.row_conditions import (  # noqa: E402
    AndCondition,
    Column,
    OrCondition,
)

from expectations import suites  # noqa: E402
from expectations.context import CheckContext  # noqa: E402
from ingest.problems import MAX_ROWS_LISTED, Problem, grouped  # noqa: E402
from loaders.contracts import SOURCE_ROW  # noqa: E402

# A check failing on more distinct values than this lists these and sums up the rest in one
# line; each value's problem lists its first MAX_ROWS_LISTED rows and counts them all.
MAX_VALUES_PER_CHECK = 200


@lru_cache(maxsize=1)
def _context() -> Any:
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@lru_cache(maxsize=8)
def _batch_definition(kind: str) -> Any:
    source = _context().data_sources.add_pandas(f"{kind}_extracts")
    asset = source.add_dataframe_asset(f"{kind}_extract")
    return asset.add_batch_definition_whole_dataframe("whole_extract")


def _value(frame: pd.DataFrame, index: Any, column: str | None) -> str:
    if column is None or column not in frame.columns:
        return ""
    value = frame.at[index, column]
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    return "" if pd.isna(value) else str(value)


@dataclass
class _Group:
    """Checks that read the same columns, run once on the distinct values of those columns.

    `frame` holds one row per distinct combination; `inverse[i]` is the distinct row that
    extract row i holds, so a failing distinct row maps back to every extract row holding it.
    Or `frame` holds some of the extract's rows, and `positions[j]` is the extract row of its
    row j; with neither, `frame` is the extract itself.
    """

    frame: pd.DataFrame
    inverse: np.ndarray | None
    expectations: list[Any] = field(default_factory=list)
    positions: np.ndarray | None = None

    def extract_rows(self, index: Any) -> np.ndarray:
        if self.inverse is not None:
            return np.flatnonzero(self.inverse == index)
        if self.positions is not None:
            return self.positions[[index]]
        return np.array([index])


def _columns_read(expectation: Any) -> tuple[str, ...]:
    columns = [getattr(expectation, name, None) for name in ("column", "column_A", "column_B")]
    columns += list(getattr(expectation, "column_list", None) or [])
    meta = expectation.meta or {}
    columns += list(meta.get("condition_columns", []))
    columns += [meta.get("value_column"), meta.get("other_column")]
    return tuple(sorted({c for c in columns if c}))


# Checks whose outcome on a row depends only on whether its values are missing.
_NULL_CHECKS = (gxe.ExpectColumnValuesToNotBeNull, gxe.ExpectColumnValuesToBeNull)


def _quoted(expectation: Any) -> set[str]:
    meta = expectation.meta or {}
    return {c for c in (meta.get("value_column"), meta.get("other_column")) if c}


def _null_only(expectations: list[Any], column: str) -> bool:
    """Whether these checks read nothing of the column but whether it is missing (so a
    million distinct booking ids need not be told apart to find the missing ones)."""
    return all(isinstance(e, _NULL_CHECKS) and column not in _quoted(e) for e in expectations)


def _distinct(frame: pd.DataFrame, columns: tuple[str, ...], expectations: list[Any],
              codes: dict[tuple[str, bool], np.ndarray]) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per distinct combination of the columns' values (or, where the checks only ask
    whether a value is missing, of missing or not), and the distinct row of each extract row."""
    inverse = _combined(frame, columns, [_null_only(expectations, c) for c in columns], codes)
    # combinations are numbered in order of first appearance, so each one's first row is
    # where the running highest number goes up
    highest = np.maximum.accumulate(inverse)
    first = np.flatnonzero(np.diff(highest, prepend=-1) > 0)
    distinct = frame.iloc[first][list(columns)].reset_index(drop=True)
    return distinct, inverse


def _combined(frame: pd.DataFrame, columns: tuple[str, ...], null_only: list[bool],
              codes: dict[tuple[str, bool], np.ndarray]) -> np.ndarray:
    """For each row, a number standing for its combination of the columns' values (or of
    missing-or-not, where null_only), from 0 in order of first appearance. Each column's codes
    are worked out once, in `codes`."""
    key = np.zeros(len(frame), dtype=np.int64)
    for column, nulls in zip(columns, null_only, strict=True):
        if (column, nulls) not in codes:
            if nulls:
                codes[column, nulls] = frame[column].isna().to_numpy().astype(np.int32)
            else:
                codes[column, nulls] = pd.factorize(
                    frame[column], use_na_sentinel=True)[0].astype(np.int32) + 1
        code = codes[column, nulls]
        width = int(code.max(initial=0)) + 1
        if int(key.max(initial=0)) >= 2**62 // width:   # renumbered before it could overflow
            key = pd.factorize(key)[0].astype(np.int64)
        key = key * width + code
    return pd.factorize(key)[0].astype(np.int32)    # a million rows: 4 MB a group, not 8


def _duplicate_candidates(frame: pd.DataFrame, columns: list[str]) -> _Group:
    """For a uniqueness check, only rows whose key appears more than once can fail, so the
    check runs on those (and on the first row, so that it always has a row to run on)."""
    positions = np.union1d([0], repeated_keys(frame, columns))
    return _Group(frame[columns].iloc[positions].reset_index(drop=True), None, positions=positions)


def repeated_keys(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """The positions, in order, of the rows whose values in the columns (a missing value
    counting as one value) another row holds too: found by DuckDB, grouping by the key."""
    keys = pa.table({**{f"k{i}": pa.array(frame[c], from_pandas=True)
                        for i, c in enumerate(columns)},
                     "position": pa.array(np.arange(len(frame), dtype=np.int64))})
    # the columns are named k0, k1 ... here, so no name from the file reaches the SQL
    key = ", ".join(f"k{i}" for i in range(len(columns)))
    same = " AND ".join(f"k.k{i} IS NOT DISTINCT FROM r.k{i}" for i in range(len(columns)))
    with duckdb.connect() as con:
        con.register("keys", keys)
        found = con.execute(
            f"SELECT k.position FROM keys AS k "  # noqa: S608 (names made above)
            f"SEMI JOIN (SELECT {key} FROM keys GROUP BY {key} HAVING count(*) > 1) AS r "
            f"ON {same} ORDER BY k.position").fetchnumpy()["position"]
    return np.asarray(found, dtype=np.int64)


def _groups(expectations: list[Any], frame: pd.DataFrame) -> list[_Group]:
    codes: dict[tuple[str, bool], np.ndarray] = {}
    by_columns: dict[object, list[Any]] = {}
    for expectation in expectations:
        if isinstance(expectation, gxe.ExpectColumnToExist):
            key: object = "schema"
        elif isinstance(expectation, gxe.ExpectCompoundColumnsToBeUnique):
            key = ("whole", _columns_read(expectation))   # every row counts, not distinct values
        else:
            key = _columns_read(expectation)
        by_columns.setdefault(key, []).append(expectation)
    groups = []
    for key, checks in by_columns.items():
        if key == "schema":
            group = _Group(frame.head(1), None)
        elif isinstance(key, tuple) and key[:1] == ("whole",):
            group = _duplicate_candidates(frame, list(key[1]))
        else:
            group = _Group(*_distinct(frame, key, checks, codes))   # type: ignore[arg-type]
        group.expectations = checks
        groups.append(group)
    return groups


def _problems_from(result: Any, group: _Group, extract: pd.DataFrame,
                   context: CheckContext, prefix: str = "") -> list[Problem]:
    """One problem per distinct failing value (or pair of values), listing every extract row
    that holds it: 'Amber' in 'RAG Status' on rows 5, 13 and 18 is one thing to fix."""
    meta = result.expectation_config.meta or {}
    severity = meta.get("severity", "error")
    rule = meta["rule"]
    header = context.header(meta["column"]) if meta.get("column") else None
    if result.exception_info and result.exception_info.get("raised_exception"):
        message = str(result.exception_info.get("exception_message", "the check could not run"))
        message = message.replace(prefix, "") if prefix else message   # the extract's names
        return [Problem(None, header, rule, f"This check could not run: {message}", "error")]
    if result.success:
        return []
    indexes = result.result.get("unexpected_index_list")
    if indexes is None:
        return [Problem(None, header, rule, meta["message"], severity)]
    indexes = [i for i in indexes if i < len(group.frame)]   # not the repeats of its first row
    source_rows = extract[SOURCE_ROW].to_numpy()
    rows_of = _rows_of_each(group, np.asarray(indexes, dtype=np.int64), source_rows)
    problems: list[Problem] = []
    for index in indexes[:MAX_VALUES_PER_CHECK]:
        value = _value(group.frame, index, meta.get("value_column"))
        message = meta["message"].format(
            value=value, other=_value(group.frame, index, meta.get("other_column")))
        rows = rows_of[int(index)]
        problems.append(Problem(int(rows[0]), header, rule, message, severity,
                                rows=tuple(int(r) for r in rows[:MAX_ROWS_LISTED]),
                                count=len(rows), value=value or None))
    if len(indexes) > MAX_VALUES_PER_CHECK:
        rest = indexes[MAX_VALUES_PER_CHECK:]
        count = sum(len(rows_of[int(i)]) for i in rest)
        problems.append(Problem(
            None, header, rule,
            f"...and {len(rest):,} more values with the same problem, on {count:,} rows.",
            severity, count=count))
    return problems


def _rows_of_each(group: _Group, failing: np.ndarray,
                  source_rows: np.ndarray) -> dict[int, np.ndarray]:
    """For each failing row of the group's frame, the spreadsheet rows of the extract that
    hold it, in one pass over the extract (not one per failing value)."""
    if group.inverse is None:
        positions = group.positions[failing] if group.positions is not None else failing
        return {int(i): source_rows[[p]] for i, p in zip(failing, positions, strict=True)}
    mask = np.isin(group.inverse, failing)
    which = group.inverse[mask]
    rows = source_rows[mask]
    order = np.argsort(which, kind="stable")
    which, rows = which[order], rows[order]
    starts = np.flatnonzero(np.diff(which, prepend=-1))
    return {int(which[s]): part
            for s, part in zip(starts, np.split(rows, starts[1:]), strict=True)}


def validate(kind: str, frame: pd.DataFrame, context: CheckContext) -> list[Problem]:
    """Every problem the suite for this data set finds in the parsed frame.

    Checks that read the same columns run together, once per distinct combination of values
    in them (a million bookings hold a few thousand distinct dates), and each failure is
    reported for every row that holds the failing values. The data set's checks are one
    suite, run on one frame that holds each group's rows side by side: first only to say
    which checks fail (Great Expectations' cheapest way), then those alone again, to say
    where. A file that passes them all is run through the suite once.
    """
    batch_definition = _batch_definition(kind)  # makes the context current first
    groups = _groups(suites.checks(kind, frame, context), frame)
    checks = [_reading_group(expectation, number)
              for number, group in enumerate(groups) for expectation in group.expectations]
    for number, expectation in enumerate(checks):
        expectation.meta = {**expectation.meta, _CHECK: number}
    batch = batch_definition.get_batch(batch_parameters={"dataframe": _side_by_side(groups)})
    passed = {result.expectation_config.meta[_CHECK]
              for result in _run(batch, f"{kind}_extract", checks, "BOOLEAN_ONLY")
              if result.success}
    failing = [e for e in checks if e.meta[_CHECK] not in passed]
    problems: list[Problem] = []
    for result in _run(batch, f"{kind}_extract_failing", failing, "COMPLETE"):
        number = result.expectation_config.meta[_GROUP]
        problems.extend(_problems_from(result, groups[number], frame, context,
                                       _column_prefix(number)))
    return grouped(problems)


def _run(batch: Any, name: str, checks: list[Any], result_format: str) -> list[Any]:
    """The results of a suite of these checks on the batch."""
    if not checks:
        return []
    suite = gx.ExpectationSuite(name=name)
    for expectation in checks:
        suite.add_expectation(expectation.copy())
    return list(batch.validate(suite, result_format={"result_format": result_format}).results)


# The keys of an expectation's meta that say which group's columns it reads, and which of
# the suite's checks it is.
_GROUP = "check_group"
_CHECK = "check_number"


def _column_prefix(number: int) -> str:
    """What a group's columns are called in the frame the suite reads: 'g3_session_date'."""
    return f"g{number}_"


def _side_by_side(groups: list[_Group]) -> pd.DataFrame:
    """Every group's rows in one frame, each group's columns under its own names, each
    column of its own type. A group with fewer rows than the longest is made as long by
    repeating its first row (a check gives a repeat the first row's outcome, and repeats are
    not reported), or, for a uniqueness check, by rows with no values (which it passes over:
    a repeat would be a duplicate)."""
    height = max(len(g.frame) for g in groups)
    pieces = []
    for number, group in enumerate(groups):
        if all(isinstance(e, gxe.ExpectColumnToExist) for e in group.expectations):
            continue                       # reads the names of the extract's columns alone
        if len(group.frame) == height:
            piece = group.frame
        elif group.positions is not None:
            piece = group.frame.reindex(range(height))
        else:
            filled = np.zeros(height, dtype=np.int64)
            filled[:len(group.frame)] = np.arange(len(group.frame))
            piece = group.frame.take(filled).reset_index(drop=True)
        pieces.append(piece.add_prefix(_column_prefix(number)))
    return pd.concat(pieces, axis=1) if pieces else pd.DataFrame(index=range(height))


def _reading_group(expectation: Any, number: int) -> Any:
    """The expectation reading its group's own columns of the frame the suite reads. A
    check that a column exists asks after a column the extract does not have: it is left
    as it is."""
    expectation.meta = {**(expectation.meta or {}), _GROUP: number}
    if isinstance(expectation, gxe.ExpectColumnToExist):
        return expectation
    prefix = _column_prefix(number)
    for name in ("column", "column_A", "column_B"):
        if getattr(expectation, name, None):
            setattr(expectation, name, prefix + getattr(expectation, name))
    if getattr(expectation, "column_list", None):
        expectation.column_list = [prefix + c for c in expectation.column_list]
    if getattr(expectation, "row_condition", None) is not None:
        expectation.row_condition = _renamed(expectation.row_condition, prefix)
    return expectation


def _renamed(condition: Any, prefix: str) -> Any:
    """A row condition reading the columns of the same names with the prefix."""
    if isinstance(condition, AndCondition | OrCondition):
        return type(condition)(conditions=[_renamed(c, prefix) for c in condition.conditions])
    return condition.copy(update={"column": Column(prefix + condition.column.name)})
