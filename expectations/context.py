"""What the checks need to know beyond the extract itself. No Great Expectations here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RuleClock:
    """What the checks need to know of a timescale rule."""

    label: str
    review_types: tuple[str, ...]
    start: str
    end: tuple[str, ...]
    comparison: str


@dataclass(frozen=True)
class CheckContext:
    """What the checks need beyond the extract itself."""

    as_of: dt.date
    headers: dict[str, str] = field(default_factory=dict)   # canonical -> header in the file
    known_review_keys: frozenset[str] = frozenset()          # "board|review_id" already stored
    rule_clocks: tuple[RuleClock, ...] = ()

    def header(self, column: str) -> str:
        return self.headers.get(column, column)
