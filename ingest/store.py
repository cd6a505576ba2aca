"""Stage 6, store: a checked extract's records into DuckDB in one transaction, with its
warnings; or, for one with errors, the upload and its problems alone."""

from __future__ import annotations

import ctypes

import duckdb

from data_models.store import Changes, Stored, preview_changes, record_rejected, store_extract
from ingest.extract import CheckedExtract, NotStored


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
