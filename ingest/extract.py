"""What the stages hand on: an extract as checked so far, and its problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from data_models.store import Upload
from loaders.problems import Problem, has_errors


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
