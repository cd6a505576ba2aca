"""Run a data set's suite on a DataFrame and turn the results into Problems."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

# Before Great Expectations is imported: no usage analytics leave the machine.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

from loaders.parse import SOURCE_ROW  # noqa: E402
from loaders.problems import Problem  # noqa: E402

# A check failing on more rows than this lists these and sums up the rest in one line.
MAX_ROWS_PER_CHECK = 1000


@dataclass(frozen=True)
class RuleClock:
    """What the checks need to know of a timescale rule."""

    label: str
    review_types: tuple[str, ...]
    start: str
    end: tuple[str, ...]
    comparison: str


@dataclass(frozen=True)
class CheckContext:
    """What the checks need beyond the extract itself."""

    as_of: dt.date
    headers: dict[str, str] = field(default_factory=dict)   # canonical -> header in the file
    known_review_keys: frozenset[str] = frozenset()          # "board|review_id" already stored
    rule_clocks: tuple[RuleClock, ...] = ()

    def header(self, column: str) -> str:
        return self.headers.get(column, column)


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


def _problems_from(result: Any, frame: pd.DataFrame, context: CheckContext) -> list[Problem]:
    meta = result.expectation_config.meta or {}
    severity = meta.get("severity", "error")
    rule = meta["rule"]
    header = context.header(meta["column"]) if meta.get("column") else None
    if result.exception_info and result.exception_info.get("raised_exception"):
        message = result.exception_info.get("exception_message", "the check could not run")
        return [Problem(None, header, rule, f"This check could not run: {message}", "error")]
    if result.success:
        return []
    indexes = result.result.get("unexpected_index_list")
    if indexes is None:
        return [Problem(None, header, rule, meta["message"], severity)]
    problems = []
    for index in indexes[:MAX_ROWS_PER_CHECK]:
        values = {
            "value": _value(frame, index, meta.get("value_column")),
            "other": _value(frame, index, meta.get("other_column")),
        }
        row = int(frame.at[index, SOURCE_ROW])
        problems.append(Problem(row, header, rule, meta["message"].format(**values), severity))
    if len(indexes) > MAX_ROWS_PER_CHECK:
        more = len(indexes) - MAX_ROWS_PER_CHECK
        problems.append(
            Problem(None, header, rule,
                    f"...and {more:,} more rows with the same problem.", severity)
        )
    return problems


def _order(problem: Problem) -> tuple[bool, int]:
    """Errors first; within them, whole-file problems, then row by row; a '...and N more'
    line stays after its rows."""
    if problem.row is None:
        tail = problem.message.startswith("...and ")
        return (problem.severity != "error", 10**12 if tail else -1)
    return (problem.severity != "error", problem.row)


def validate(kind: str, frame: pd.DataFrame, context: CheckContext) -> list[Problem]:
    """Every problem the suite for this data set finds in the parsed frame."""
    from expectations import suites

    batch_definition = _batch_definition(kind)  # makes the context current first
    suite = suites.build(kind, frame, context)
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    results = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    problems: list[Problem] = []
    for result in results.results:
        problems.extend(_problems_from(result, frame, context))
    return sorted(problems, key=_order)
