"""What the Upload page offers to map, from a checked extract's problems: each unrecognised
value with the column's allowed values (and the likely one), each unknown header with the
columns not yet matched, each piece of theme text with the closest themes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from data_models.agencies import AGENCY_COLUMNS
from ingest.extract import CheckedExtract
from ingest.mappings.rules import Suggestion, suggest_value
from loaders.contracts import CONTRACTS


@dataclass(frozen=True)
class ValueOffer:
    column: str                 # the data set's column
    header: str                 # as the file has it
    text: str                   # the value as written
    rows: int
    allowed: tuple[str, ...]
    suggestion: Suggestion | None


@dataclass(frozen=True)
class HeaderOffer:
    header: str
    columns: tuple[str, ...]    # the columns no header of the file matched yet


@dataclass(frozen=True)
class ThemeOffer:
    text: str
    rows: int
    ranked: tuple[tuple[str, float], ...]   # closest themes first, with how alike (0-100)


@dataclass(frozen=True)
class AgencyOffer:
    column: str                 # the data set's agency column (owner, agency)
    header: str                 # as the file has it
    text: str                   # the name as written
    rows: int
    likely: str                 # the name it most likely means


@dataclass
class Offers:
    values: list[ValueOffer] = field(default_factory=list)
    headers: list[HeaderOffer] = field(default_factory=list)
    themes: list[ThemeOffer] = field(default_factory=list)
    agencies: list[AgencyOffer] = field(default_factory=list)
    boards: tuple[str, ...] = ()   # the boards the file's records are for
    vocabulary: tuple[str, ...] = ()   # every theme, in the vocabulary's order

    def theme_choices(self, offer: ThemeOffer) -> list[str]:
        """The themes a piece of theme text may be mapped to: the closest first, then every
        other theme of the vocabulary."""
        ranked = [theme for theme, _ in offer.ranked]
        return [*ranked, *(t for t in self.vocabulary if t not in ranked)]

    def __bool__(self) -> bool:
        return bool(self.values or self.headers or self.themes or self.agencies)


def offers(checked: CheckedExtract,
           suggest_themes: Callable[[str], list[tuple[str, float]]] | None = None) -> Offers:
    """What could be said once about this extract so that it, and next month's, reads."""
    out = Offers()
    if checked.kind not in CONTRACTS or checked.root_cause is not None:
        return out
    contract = CONTRACTS[checked.kind]
    column_of = {header: column for column, header in checked.headers.items()}
    if checked.frame is not None and "board" in checked.frame.columns:
        out.boards = tuple(sorted(checked.frame["board"].dropna().astype(str).unique()))
    unmatched_columns = tuple(c for c in contract.names if c not in checked.headers)
    themes: dict[str, int] = {}
    for p in checked.problems:
        if p.value is None:
            continue
        if p.rule == "allowed_values" and p.column in column_of:
            column = contract.column(column_of[p.column])
            out.values.append(ValueOffer(column.name, p.column, p.value, p.count, column.values,
                                         suggest_value(column, p.value)))
        elif p.rule == "unknown_column" and unmatched_columns:
            out.headers.append(HeaderOffer(p.value, unmatched_columns))
        elif p.rule == "likely_agency" and p.value in checked.likely_agencies:
            out.agencies.append(AgencyOffer(AGENCY_COLUMNS[checked.kind], p.column or "",
                                            p.value, p.count, checked.likely_agencies[p.value]))
        elif p.rule == "unmapped_theme":
            for part in p.value.split(";"):
                if part.strip():
                    themes[part.strip()] = themes.get(part.strip(), 0) + p.count
    for text, rows in sorted(themes.items(), key=lambda item: (-item[1], item[0].casefold())):
        ranked = tuple(suggest_themes(text)) if suggest_themes else ()
        out.themes.append(ThemeOffer(text, rows, ranked))
    return out
