"""The Upload page's flow, as one object kept in the session's state, and what the page says
at each step: no Streamlit (the page, upload.py, draws it; parts.py holds its forms).

The steps, each one call to `ingest`: check the file (`check_upload`: the check, the rejection
logged, the mappings to offer); say once what its values and headers mean or correct cells
(saved, then checked again); see what storing would do (`preview`); store it (`store`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from data_models.labels import plural
from data_models.records import Changes
from data_models.records import Stored as Done
from data_models.scope import Scope
from ingest import CheckedExtract, Correction, UploadCheck

KEY = "upload_flow"                 # the one key of the session's state the flow is kept under

FileKey = tuple[str, int, int]      # a file by its name, its size and a hash of its bytes
ForBoard = tuple[str | None, str | None]     # the board a file is for, and a new board's type


def file_key(name: str, data: bytes) -> FileKey:
    return (name, len(data), hash(data))


@dataclass(frozen=True)
class Stored:
    """What the page says once a file is stored, for the check it was stored from."""

    checked_for: tuple[object, ...]
    message: str
    upload_id: int


@dataclass
class UploadFlow:
    """One session's way through the Upload page: for each file, the cells corrected and the
    board chosen (a file with no board column); the last check and what it was of; what was
    stored; and the round, which gives a new, empty file box after "Upload another"."""

    round: int = 0
    corrections: dict[FileKey, list[Correction]] = field(default_factory=dict)
    boards: dict[FileKey, ForBoard] = field(default_factory=dict)
    checked_for: tuple[object, ...] | None = None     # None: check the file again
    check: UploadCheck | None = None
    stored: Stored | None = None

    def corrections_of(self, file: FileKey) -> list[Correction]:
        """The cells corrected in this file so far (the page's forms add to them)."""
        return self.corrections.setdefault(file, [])

    def board_of(self, file: FileKey) -> ForBoard:
        return self.boards.get(file, (None, None))

    def checked_as(self, file: FileKey, choice: str, today: dt.date,
                   scope: Scope) -> tuple[object, ...]:
        """What a check of this file is of: the file, the data set chosen, the day, the cells
        corrected, the person's boards (a change to them checks the file again) and the board
        chosen for it."""
        return (*file, choice, today, tuple(self.corrections_of(file)), scope,
                self.board_of(file))

    def check_of(self, wanted: tuple[object, ...]) -> UploadCheck | None:
        """The last check, if it is of what is wanted now (else the file is checked again)."""
        return self.check if self.checked_for == wanted else None

    def checked(self, wanted: tuple[object, ...], check: UploadCheck) -> UploadCheck:
        self.checked_for, self.check = wanted, check
        return check

    def check_again(self) -> None:
        """After something the check reads has changed (a mapping saved, the data set or the
        board chosen): the file is checked again on the next run."""
        self.checked_for = None

    def for_board(self, file: FileKey, chosen: ForBoard) -> None:
        self.boards[file] = chosen
        self.check_again()

    def stored_now(self, wanted: tuple[object, ...], message: str, upload_id: int) -> None:
        self.stored = Stored(wanted, message, upload_id)

    def stored_from(self, wanted: tuple[object, ...]) -> Stored | None:
        """What was stored from this check, if it was."""
        return self.stored if self.stored and self.stored.checked_for == wanted else None

    def upload_another(self) -> None:
        self.round += 1
        self.stored = None


def summary(file_name: str, checked: CheckedExtract) -> str:
    """The check in one sentence: the data set, the rows, how it was read, what was found."""
    return (f"{file_name}: {checked.kind}, {plural(checked.rows, 'row')}"
            + (f" ({checked.description})" if checked.description else "") + ". "
            f"{plural(len(checked.errors), 'error')}, "
            f"{plural(len(checked.warnings), 'warning')}"
            + (f", {plural(len(checked.notes), 'mapping')} applied" if checked.notes else "")
            + ".")


def would_do(changes: Changes) -> str:
    return (f"Storing it would add {changes.added:,} new records, replace {changes.replaced:,} "
            f"and leave {changes.unchanged:,} unchanged.")


def stored_message(file_name: str, checked: CheckedExtract, done: Done) -> str:
    """What was stored: the upload, its records added, replaced and unchanged, the mappings
    and corrections it was read with, and when the same file was first stored."""
    c = done.changes
    message = (f"Stored {file_name} as upload {done.upload_id}: {c.added:,} added, "
               f"{c.replaced:,} replaced, {c.unchanged:,} unchanged"
               + (f", read with {plural(len(checked.notes), 'mapping')}" if checked.notes
                  else "")
               + (f" and {plural(len(checked.corrections), 'corrected cell')}"
                  if checked.corrections else "") + ".")
    if done.first_stored:
        message += f" This file was first stored on {done.first_stored[1]:%d/%m/%Y %H:%M} UTC."
    return message
