"""What the stages hand on: an extract as checked so far, and its problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from access import NOBODY
from data_models.records import Upload
from data_models.scope import Scope
from ingest.mappings.rules import Mappings
from ingest.one_board import OneBoard
from ingest.problems import Problem, has_errors, root_cause


class NotStored(Exception):
    """Storing was asked for an extract whose checks found errors."""


@dataclass(frozen=True)
class Correction:
    """A cell changed on the Upload page before checking again: spreadsheet row, header as
    the file has it, the text before and after."""

    row: int
    column: str
    before: str
    after: str


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
    mappings: Mappings | None = None         # the mappings there were, and those applied
    corrections: tuple[Correction, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)   # column -> header in the file
    unmatched_headers: list[str] = field(default_factory=list)
    rows_with_errors: pd.DataFrame | None = None   # their cells as read (personal data removed)
    # recommendations given no themes: (row, the recommendation's words, themes they name),
    # suggested until a person confirms them
    suggested_themes: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    # the person checking it: the boards they may upload for
    uploader: Scope = NOBODY
    # the board a file with no board column was read for, and its layout
    one_board: OneBoard = field(default_factory=OneBoard)
    # agency names that look like another (an abbreviation, a close spelling): name -> it
    likely_agencies: dict[str, str] = field(default_factory=dict)

    @property
    def boards(self) -> tuple[str, ...] | None:
        """The boards its rows name, or None when the file was not read that far."""
        if self.frame is None or "board" not in self.frame.columns:
            return None
        named = tuple(sorted(str(b) for b in self.frame["board"].dropna().unique()))
        return named or None          # no board named: shown only to people with every board

    @property
    def other_boards(self) -> list[str]:
        """Boards its rows name that the person may not upload for."""
        return [b for b in self.boards or () if not self.uploader.allows_board(b)]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    @property
    def root_cause(self) -> Problem | None:
        return root_cause(self.problems)

    @property
    def ok(self) -> bool:
        return self.frame is not None and not has_errors(self.problems)

    def upload(self, uploaded_by: str | None = None) -> Upload:
        return Upload(self.kind, self.file_name, self.sha256, self.rows, self.as_of, uploaded_by,
                      self.boards)
