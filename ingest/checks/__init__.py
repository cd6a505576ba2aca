"""Stage 5, check: the data set's Great Expectations suite, run on the typed frame.

Great Expectations takes seconds to import, so it is imported on a thread of its own, started
as early as possible (once per process), while the file is read and parsed."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import threading

import duckdb
import pandas as pd

from data_models.rules import load_rules
from ingest.problems import Problem

_checks_import: threading.Thread | None = None
_checks_import_lock = threading.Lock()

NO_ROWS = Problem(None, None, "no_rows",
                  "The file has a header but no data rows. Export it again with its data.")


def start_importing_checks() -> threading.Thread:
    """Start importing the checks on a thread of their own, once per process. Opening the
    database, reading and parsing spend much of their time in DuckDB and Arrow, outside
    Python's lock, so the import is mostly done by the time the checks are wanted. A failed
    import fails again, with its message, where the checks are imported for use."""
    global _checks_import  # noqa: PLW0603 - one import per process
    with _checks_import_lock:
        if _checks_import is None:
            _checks_import = threading.Thread(target=_import_quietly, args=("ingest.checks.runner",),
                                              name="import-checks")
            _checks_import.start()
        return _checks_import


def _import_quietly(module: str) -> None:
    with contextlib.suppress(Exception):   # raised again, in full, where it is used
        importlib.import_module(module)


def known_review_keys(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The reviews stored ('board|review_id'), for checking recommendations against."""
    rows = con.execute("SELECT board || '|' || review_id FROM reviews").fetchall()
    return frozenset(r[0] for r in rows)


def check(kind: str, frame: pd.DataFrame, headers: dict[str, str], as_of: dt.date,
          known_reviews: frozenset[str] = frozenset()) -> list[Problem]:
    """The data set's checks on the typed frame; `known_reviews` are the reviews stored
    (read beforehand: no database is open while the checks run)."""
    start_importing_checks().join()
    from expectations.context import CheckContext, RuleClock
    from ingest.checks.runner import validate

    if not len(frame):
        return [NO_ROWS]
    context = CheckContext(
        as_of=as_of,
        headers=headers,
        known_review_keys=known_reviews,
        rule_clocks=tuple(
            RuleClock(r.label, r.review_types, r.start, r.end, r.comparison) for r in load_rules()
        ),
    )
    return validate(kind, frame, context)
