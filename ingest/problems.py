"""The one shape every stage reports a problem in, and how problems are put in front of a
person: one line per distinct thing to fix, root causes alone at the top, errors before
warnings before notes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Literal

Severity = Literal["error", "warning", "note"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}

# Rows listed in one problem; the count says how many there are in all.
MAX_ROWS_LISTED = 1000
# Rows written out in a problem's words ("3 rows (5, 13, 18)").
ROWS_IN_WORDS = 10

# Problems that explain everything else: while one stands, the rest are beside the point (the
# wrong data set chosen, no header, personal data, a file that cannot be read). Each is shown
# alone at the top, with what fixes it.
ROOT_CAUSES = frozenset({
    "wrong_data_set", "unknown_data_set", "no_header", "personal_data", "too_large",
    "empty_file", "old_excel", "not_xlsx", "not_text", "undecodable", "other_boards",
    "no_board", "not_this_board", "board_type_unknown",
})


@dataclass(frozen=True)
class Problem:
    """Something wrong with an extract, written for the quality lead who must fix it.

    `row` is the first row with the problem, as a spreadsheet shows the file (the header row
    included), or None when the problem is with the whole file or a whole column. `rows` lists
    every row with the same problem (the first MAX_ROWS_LISTED of them) and `count` says how
    many there are; `value` is the text the problem is about (an unrecognised value, a header),
    never personal data. `column` is the header as it appears in the file. Errors stop the file
    being stored; warnings are stored with it; notes say what the product did (a mapping it
    applied).
    """

    row: int | None
    column: str | None
    rule: str
    message: str
    severity: Severity = "error"
    rows: tuple[int, ...] = ()
    count: int = 0
    value: str | None = None

    def __post_init__(self) -> None:
        if self.row is not None and not self.rows:
            object.__setattr__(self, "rows", (self.row,))
        if self.count < len(self.rows):
            object.__setattr__(self, "count", len(self.rows))

    @property
    def root_cause(self) -> bool:
        return self.rule in ROOT_CAUSES and self.severity == "error"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def where(self) -> str:
        """'Column 'RAG Status', 3 rows (5, 13, 18)', or as much of it as applies."""
        parts = []
        if self.column:
            parts.append(f"Column '{self.column}'")
        if self.count == 1 and self.row is not None:
            parts.append(f"row {self.row}")
        elif self.count > 1 and self.rows:
            parts.append(f"{self.count:,} rows ({rows_in_words(self.rows, self.count)})")
        elif self.count:
            parts.append(f"{self.count:,} row{'s' if self.count > 1 else ''}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


def rows_in_words(rows: tuple[int, ...], count: int) -> str:
    shown = ", ".join(str(r) for r in rows[:ROWS_IN_WORDS])
    more = count - min(len(rows), ROWS_IN_WORDS)
    return shown + (f" and {more:,} more" if more > 0 else "")


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def grouped(problems: Iterable[Problem]) -> list[Problem]:
    """One problem per distinct thing to fix: those with the same severity, column, rule and
    message (so the same value) become one, listing every row that has it."""
    merged: dict[tuple[str, str | None, str, str], Problem] = {}
    for problem in problems:
        key = (problem.severity, problem.column, problem.rule, problem.message)
        seen = merged.get(key)
        if seen is None:
            merged[key] = problem
            continue
        rows = tuple(sorted(set(seen.rows) | set(problem.rows)))
        count = seen.count + problem.count
        merged[key] = replace(seen, row=rows[0] if rows else seen.row,
                              rows=rows[:MAX_ROWS_LISTED], count=count)
    return ordered(merged.values())


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Root causes first, then errors, warnings and notes; within each, whole-file and
    whole-column problems before those of rows, rows in order, and a '...and N more' line
    after the rows it sums up."""
    return sorted(problems, key=lambda p: (not p.root_cause, SEVERITY_ORDER[p.severity],
                                           p.message.startswith("...and "),
                                           p.row is not None, p.row or 0, p.column or ""))


def root_cause(problems: Iterable[Problem]) -> Problem | None:
    """The problem that explains the others, when there is one."""
    return next((p for p in ordered(problems) if p.root_cause), None)
