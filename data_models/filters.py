"""The filters a board member chooses, the same on every page, export and command: what they
are, how they read in words, and how they bind to SQL (by name, as one value `$f`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace

# The filters a person can set, in the order the sidebar and the command line show them. The
# as-of date is not among them: it always applies.
FILTER_NAMES = ("board", "board_type", "period", "quarter", "agency", "theme")
FILTER_LABELS = {
    "board": "board", "board_type": "board type", "period": "financial year",
    "quarter": "quarter", "agency": "agency", "theme": "theme",
}
BOARD_TYPE_WORDS = {"children": "children's", "adults": "adults'"}

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-(\d{2}) Q([1-4])$")


def financial_year(day: dt.date) -> str:
    """'2023-24' for any day from 1 April 2023 to 31 March 2024."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def previous_financial_year(period: str) -> str:
    start = int(period[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def is_financial_year(text: str) -> bool:
    match = _PERIOD.match(text)
    return match is not None and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def is_financial_quarter(text: str) -> bool:
    match = _QUARTER.match(text)
    return bool(match) and is_financial_year(text[:7])


@dataclass(frozen=True)
class Filters:
    """What a person has chosen; None means all.

    Whose data it is chosen from is not a filter: a query runs with a reader bound to the
    person's scope (`data_models.scope.Reader`), which binds their boards beside these choices
    in the one place the filters enter SQL (`$f`, then the `board_wanted` macro). A board
    chosen outside the person's boards shows nothing.
    """

    as_of: dt.date
    board: str | None = None
    board_type: str | None = None
    period: str | None = None        # financial year, '2023-24'
    quarter: str | None = None       # '2023-24 Q3'
    agency: str | None = None
    theme: str | None = None

    def but(self, **changes: object) -> Filters:
        """The same filters with some choices changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def chosen(self) -> dict[str, str]:
        """The filters set, by name."""
        return {name: value for name in FILTER_NAMES
                if (value := getattr(self, name)) is not None}

    def bound(self) -> dict[str, object]:
        """The choices and the as-of date, as the SQL parameter `$f` holds them (the reader
        adds the person's scope)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def describe(self, whose: str) -> str:
        """The filters in words, for captions, notes and exports: whose (the board chosen, or
        the person's boards in words: `Scope.describe` says it), what, when."""
        parts = [whose]
        if self.board_type:
            parts.append(BOARD_TYPE_WORDS.get(self.board_type, self.board_type))
        parts.append(self.quarter or self.period or "all years")
        if self.agency:
            parts.append(self.agency)
        if self.theme:
            parts.append(f"theme: {self.theme}")
        return ", ".join(parts) + f"; as of {self.as_of:%d/%m/%Y}"

    def year_or_current(self) -> tuple[str, bool]:
        """The financial year chosen, else the as-of date's (and whether it was defaulted)."""
        if self.period:
            return self.period, False
        return financial_year(self.as_of), True
