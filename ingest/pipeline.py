"""The ingest pipeline: read -> guard -> parse -> enrich -> check, each a stage of its own
module; `ingest.store` stores what passes. Used by the command line and the dashboard's
Upload page alike."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import duckdb

from ingest.check import check, start_importing_checks
from ingest.enrich import enrich
from ingest.extract import CheckedExtract
from ingest.guard import guard
from ingest.parse import parse
from ingest.read import read
from loaders.contracts import CONTRACTS
from loaders.read import DEFAULT_MAX_BYTES


def check_extract(con: duckdb.DuckDBPyConnection, kind: str | None, data: bytes,
                  file_name: str, as_of: dt.date, *,
                  max_bytes: int = DEFAULT_MAX_BYTES,
                  progress: Callable[[float, str], object] | None = None) -> CheckedExtract:
    """Every problem with an extract, and its records ready to store when there are no errors.

    With no kind, the data set is recognised from the headers. `progress(fraction, step)` is
    told as each step starts."""
    say = progress or (lambda fraction, step: None)
    if kind is not None and kind not in CONTRACTS:
        raise ValueError(f"unknown data set {kind!r}; use one of {list(CONTRACTS)}")
    say(0.05, "Reading the file")
    start_importing_checks()
    checked = CheckedExtract(kind or "unknown", file_name, hashlib.sha256(data).hexdigest(), as_of)
    raw, kind, checked.problems = read(data, kind, file_name, max_bytes)
    if raw is None or kind is None:
        return checked
    checked.kind, checked.rows, checked.description = kind, len(raw.cells), raw.description
    say(0.25, "Looking for personal data")
    raw, found = guard(raw, kind)
    say(0.4, "Reading dates, numbers and values")
    parsed, parse_problems = parse(raw, kind)
    del raw                                  # the text cells: the checks need only the frame
    frame = enrich(parsed.frame, kind)
    say(0.55, "Running the checks")
    checked.problems = [*found, *parse_problems, *check(con, kind, frame, parsed.headers, as_of)]
    checked.frame = frame[[c for c in CONTRACTS[kind].names if c in frame.columns]]
    say(1.0, "Checked")
    return checked
