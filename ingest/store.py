"""Stage 6, store: a checked extract's records into DuckDB in one transaction, with its
warnings; or, for one with errors, the upload and its problems alone."""

from __future__ import annotations

import datetime as dt

import duckdb

from data_models.records import Changes, Stored, preview_changes, record_rejected, store_extract
from ingest.extract import CheckedExtract, NotStored
from ingest.mappings.rules import FILE_BOARD, Mapping
from ingest.mappings.stored import checked_mappings, keep_mappings, record_used
from ingest.memory import return_freed_memory


def preview(con: duckdb.DuckDBPyConnection, checked: CheckedExtract) -> Changes:
    """What storing the checked extract would do: new, replaced and unchanged records."""
    if checked.frame is None:
        return Changes(0, 0, 0)
    return preview_changes(con, checked.kind, checked.frame)


def store(con: duckdb.DuckDBPyConnection, checked: CheckedExtract,
          uploaded_by: str | None = None) -> Stored:
    """Store a checked extract with its warnings and notes, the mappings it was read with, the
    cells corrected before it was checked and, for a board's own file read for the board
    chosen, the mapping that remembers its layout for that board: all in one transaction, so
    either all of it is stored or none. Refuses one with errors."""
    if not checked.ok or checked.frame is None:
        raise NotStored(f"{checked.file_name} has {len(checked.errors)} errors; nothing stored")
    if checked.other_boards:
        raise NotStored(f"{checked.file_name} holds records for boards its uploader does not "
                        f"upload for ({', '.join(checked.other_boards)}); nothing stored")
    return_freed_memory()
    chosen = checked.one_board
    # next month's file laid out the same is read as this board's without asking (the board is
    # the file's own: it names no other)
    layout = checked_mappings(con, [Mapping(checked.kind, FILE_BOARD, chosen.layout,
                                            chosen.board, chosen.board)],
                              boards_in_file=(chosen.board,)) \
        if chosen.board and chosen.remembered is None and chosen.layout else []

    def also(con: duckdb.DuckDBPyConnection, upload_id: int) -> None:
        if checked.mappings is not None:
            record_used(con, upload_id, checked.mappings)
        when = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        for c in checked.corrections:
            con.execute("INSERT INTO upload_corrections VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [upload_id, c.row, c.column, c.before, c.after, uploaded_by, when])
        keep_mappings(con, layout, created_by=uploaded_by)

    return store_extract(con, checked.upload(uploaded_by), checked.frame,
                         [*checked.warnings, *checked.notes], also)


def reject(con: duckdb.DuckDBPyConnection, checked: CheckedExtract,
           uploaded_by: str | None = None) -> int:
    """Log a rejected upload with its problems; no records are stored."""
    return record_rejected(con, checked.upload(uploaded_by), checked.problems)
