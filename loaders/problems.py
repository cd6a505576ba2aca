"""The one shape every stage reports a problem in."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something wrong with an extract, written for the quality lead who must fix it.

    `row` is the row number as a spreadsheet shows the file (the header row included), or
    None when the problem is with the whole file or a whole column. `column` is the header as
    it appears in the file. Errors stop the file being stored; warnings are stored with it.
    """

    row: int | None
    column: str | None
    rule: str
    message: str
    severity: Severity = "error"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        where = []
        if self.column:
            where.append(f"Column '{self.column}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
