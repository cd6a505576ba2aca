"""The upload workflow: read -> personal-data guard -> parse -> checks -> store.

Used by the command line and the dashboard's upload page alike. Great Expectations is
imported here, on a thread `check_extract` starts (the command line starts it sooner), and
nowhere a board member's page reaches.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from data_models.rules import load_rules
from data_models.store import (
    Changes,
    Stored,
    Upload,
    preview_changes,
    record_rejected,
    store_extract,
)
from data_models.themes import load_vocabulary, unmapped_per_item
from loaders import privacy
from loaders.contracts import CONTRACTS
from loaders.parse import parse_extract, recognise_kind
from loaders.problems import Problem, has_errors
from loaders.read import DEFAULT_MAX_BYTES, ExtractRefused, read_extract


class NotStored(Exception):
    """Storing was asked for an extract whose checks found errors."""


@dataclass
class CheckedExtract:
    kind: str
    file_name: str
    sha256: str
    as_of: dt.date
    rows: int = 0
    frame: pd.DataFrame | None = None        # the records as they would be stored
    problems: list[Problem] = field(default_factory=list)
    description: str = ""                    # how the file was read

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.frame is not None and not has_errors(self.problems)

    def upload(self, uploaded_by: str | None = None) -> Upload:
        return Upload(self.kind, self.file_name, self.sha256, self.rows, self.as_of, uploaded_by)


def _known_review_keys(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    rows = con.execute("SELECT board || '|' || review_id FROM reviews").fetchall()
    return frozenset(r[0] for r in rows)


_checks_import: threading.Thread | None = None
_checks_import_lock = threading.Lock()


def start_importing_checks() -> threading.Thread:
    """Start importing the checks (Great Expectations takes seconds to import) on a thread of
    their own, once per process. Opening the database, reading and parsing spend much of
    their time in DuckDB and Arrow, outside Python's lock, so the import is mostly done by the
    time the checks are wanted. A failed import fails again, with its message, where the
    checks are imported for use."""
    global _checks_import  # noqa: PLW0603 - one import per process
    with _checks_import_lock:
        if _checks_import is None:
            _checks_import = threading.Thread(target=_import_quietly, args=("expectations",),
                                              name="import-checks")
            _checks_import.start()
        return _checks_import


def _import_quietly(module: str) -> None:
    with contextlib.suppress(Exception):   # raised again, in full, where it is used
        importlib.import_module(module)


def check_extract(con: duckdb.DuckDBPyConnection, kind: str | None, data: bytes,
                  file_name: str, as_of: dt.date, *,
                  max_bytes: int = DEFAULT_MAX_BYTES,
                  progress: Callable[[float, str], None] | None = None) -> CheckedExtract:
    """Every problem with an extract, and its records ready to store when there are no errors.

    With no kind, the data set is recognised from the headers. `progress(fraction, step)` is
    told as each step starts."""
    say = progress or (lambda fraction, step: None)
    say(0.05, "Reading the file")
    checks_imported = start_importing_checks()
    if kind is not None and kind not in CONTRACTS:
        raise ValueError(f"unknown data set {kind!r}; use one of {list(CONTRACTS)}")
    checked = CheckedExtract(kind or "unknown", file_name, hashlib.sha256(data).hexdigest(), as_of)
    try:
        raw = read_extract(data, kind=kind, max_bytes=max_bytes, file_name=file_name)
    except ExtractRefused as refused:
        checked.problems = [refused.problem]
        return checked
    if kind is None:
        kind = recognise_kind(raw.headers)
        if kind is None:
            checked.problems = [Problem(
                None, None, "unknown_data_set",
                "The headers do not say which data set this is (reviews, recommendations, "
                "audits or training). Choose the data set, or start from its template.")]
            return checked
        checked.kind = kind
    checked.rows = len(raw.cells)
    checked.description = raw.description
    say(0.25, "Looking for personal data")
    problems = list(privacy.scan(raw, kind))
    raw = privacy.redact(raw, problems)
    say(0.4, "Reading dates, numbers and values")
    parsed = parse_extract(raw, kind)
    headers = raw.headers
    del raw                                  # the text cells: the checks need only the frame
    problems += parsed.problems
    frame = parsed.frame
    contract = CONTRACTS[kind]
    if not set(contract.required) <= set(frame.columns):
        looks_like = recognise_kind(headers)
        if looks_like and looks_like != kind:
            problems.append(Problem(
                None, None, "wrong_data_set",
                f"These headers look like a {looks_like} extract, not {kind}. "
                f"Check which data set you chose.",
            ))
    if "themes" in frame.columns:
        frame["themes__unmapped"] = unmapped_per_item(frame, load_vocabulary().alias_map())
    if kind == "recommendations" and {"board", "review_id"} <= set(frame.columns):
        frame["review_key"] = (frame["board"] + "|" + frame["review_id"]).astype("str")
    checks_imported.join()
    from expectations import CheckContext, validate
    from expectations.runner import RuleClock

    context = CheckContext(
        as_of=as_of,
        headers=parsed.headers,
        known_review_keys=_known_review_keys(con) if kind == "recommendations" else frozenset(),
        rule_clocks=tuple(
            RuleClock(r.label, r.review_types, r.start, r.end, r.comparison) for r in load_rules()
        ),
    )
    say(0.55, "Running the checks")
    if len(frame):
        problems += validate(kind, frame, context)
    else:
        problems.append(Problem(None, None, "no_rows",
                                "The file has a header but no data rows. Export it again "
                                "with its data."))
    checked.problems = problems
    checked.frame = frame[[c for c in contract.names if c in frame.columns]]
    say(1.0, "Checked")
    return checked


def preview(con: duckdb.DuckDBPyConnection, checked: CheckedExtract) -> Changes:
    """What storing the checked extract would do: new, replaced and unchanged records."""
    if checked.frame is None:
        return Changes(0, 0, 0)
    return preview_changes(con, checked.kind, checked.frame)


def _return_freed_memory() -> None:
    """Give the memory that reading and checking freed back to the system. glibc keeps freed
    blocks for reuse, often hundreds of MB after a large extract, and DuckDB's own memory for
    the store would otherwise come on top of them. Nothing happens where there is no glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)


def store(con: duckdb.DuckDBPyConnection, checked: CheckedExtract,
          uploaded_by: str | None = None) -> Stored:
    """Store a checked extract with its warnings. Refuses one with errors."""
    if not checked.ok or checked.frame is None:
        raise NotStored(f"{checked.file_name} has {len(checked.errors)} errors; nothing stored")
    _return_freed_memory()
    return store_extract(con, checked.upload(uploaded_by), checked.frame, checked.warnings)


def reject(con: duckdb.DuckDBPyConnection, checked: CheckedExtract,
           uploaded_by: str | None = None) -> int:
    """Log a rejected upload with its problems; no records are stored."""
    return record_rejected(con, checked.upload(uploaded_by), checked.problems)
