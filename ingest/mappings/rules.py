"""What a quality lead told the product once about their extracts: that 'Green' in the RAG
Status column means in progress, that the header 'Rec No' is the recommendation's reference,
that 'Relationship based practice' is trauma-informed practice. Mappings are data (kept in the
database, `ingest.mappings.stored`), for one board or for every board; this module says what they
are, checks a new one against the column contracts, suggests likely ones, and applies them
as an extract is parsed. No database here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from data_models.agencies import AGENCY_COLUMNS, agency_key
from data_models.labels import value_labels
from data_models.theme_matching import theme_key
from loaders.contracts import CONTRACTS, Column, header_key, value_key

HEADER = "header"      # a mapping of a header to a column
THEMES = "themes"      # a mapping of theme text to a theme (kept as the board's theme alias)
FILE_BOARD = "file_board"   # a file's layout (its headers) to the board its files are for
LAYOUT_SEPARATOR = " | "


def layout_text(headers: list[str]) -> str:
    """A file's layout in words: its headers, in order ('Rec No | Recommendation | ...')."""
    return LAYOUT_SEPARATOR.join(h.strip() for h in headers if header_key(h))


def layout_key(text: str) -> str:
    """How two layouts are compared: the same headers (letters and digits), in any order."""
    return "|".join(sorted({header_key(h) for h in text.split(LAYOUT_SEPARATOR)} - {""}))


class MappingError(ValueError):
    """A mapping that cannot be kept; the message says why and what would do."""


@dataclass(frozen=True)
class Mapping:
    kind: str
    column: str               # a column of the data set, HEADER or THEMES
    from_text: str
    to_value: str
    board: str | None = None  # None: every board
    mapping_id: int | None = None
    created_by: str | None = None
    created_at: dt.datetime | None = None

    @property
    def from_key(self) -> str:
        return match_key(self.column, self.from_text)

    def describe(self) -> str:
        """"'Green' read as in_progress (mapping 4, for Ashbourne SCP)"."""
        scope = f"for {self.board}" if self.board else "for every board"
        if self.column == FILE_BOARD:
            return (f"files laid out as '{self.from_text}' read as {self.to_value}'s "
                    f"(mapping {self.mapping_id})")
        what = f"the header '{self.from_text}'" if self.column == HEADER else f"'{self.from_text}'"
        if corrects(self.kind, self.column):
            return (f"'{self.from_text}' in {self.column} corrected to '{self.to_value}' "
                    f"(mapping {self.mapping_id}, {scope})")
        return f"{what} read as {self.to_value} (mapping {self.mapping_id}, {scope})"

    def sentence(self) -> str:
        text = self.describe()
        return text[0].upper() + text[1:] + "."


def corrects(kind: str, column: str) -> bool:
    """Whether a mapping of this column is a remembered correction: a cell of a column with no
    list of values (a date, a number, text) that a quality lead corrected once, read the
    corrected way whenever the same text comes again in the same column of that board's
    files."""
    contract = CONTRACTS.get(kind)
    if contract is None or column not in contract.names \
            or column in ("board", THEMES, contract.key):
        return False
    return contract.column(column).kind != "enum" and AGENCY_COLUMNS.get(kind) != column


def match_key(column: str, text: str) -> str:
    """How the text is compared: headers by letters and digits, values as enumerations are."""
    if column == HEADER:
        return header_key(text)
    if column == THEMES:
        return theme_key(text)
    if column == FILE_BOARD:
        return layout_key(text)
    if column in AGENCY_COLUMNS.values():
        return agency_key(text)
    if column in _CORRECTABLE:
        return " ".join(text.split()).casefold()
    return value_key(text)


# Every column a remembered correction may be for, in any data set (matched as written, but
# for case and spaces).
_CORRECTABLE = frozenset(c.name for k, contract in CONTRACTS.items() for c in contract.columns
                         if corrects(k, c.name))


def mappable_columns(kind: str) -> list[str]:
    """The columns of a data set whose values can be mapped (those with allowed values, and
    its agency), then the header and the themes."""
    contract = CONTRACTS[kind]
    agency = [AGENCY_COLUMNS[kind]] if kind in AGENCY_COLUMNS else []
    return [c.name for c in contract.columns if c.kind == "enum"] + agency + [HEADER, THEMES]


def checked(mapping: Mapping, theme_labels: tuple[str, ...] = ()) -> Mapping:
    """The mapping with its target in canonical form, or MappingError naming what is allowed."""
    if mapping.kind not in CONTRACTS:
        raise MappingError(f"'{mapping.kind}' is not a data set; use one of "
                           f"{', '.join(CONTRACTS)}.")
    contract = CONTRACTS[mapping.kind]
    if not mapping.from_text.strip() or not match_key(mapping.column, mapping.from_text):
        raise MappingError("the text to map is empty; write it as FROM=TO.")
    if mapping.column == HEADER:
        names = contract.names
        target = mapping.to_value.strip()
        if target not in names:
            target = contract.header_lookup().get(header_key(target), "")
        if target not in names:
            raise MappingError(f"'{mapping.to_value}' is not a column of the {mapping.kind} "
                               f"extract; use one of: {', '.join(names)}.")
        if header_key(mapping.from_text) in contract.header_lookup():
            raise MappingError(f"the header '{mapping.from_text}' is already read as "
                               f"{contract.header_lookup()[header_key(mapping.from_text)]}.")
        return _with(mapping, target)
    if AGENCY_COLUMNS.get(mapping.kind) == mapping.column:
        target = " ".join(mapping.to_value.split())
        if not target:
            raise MappingError("say which agency it is: write it as FROM=TO.")
        if agency_key(target) == mapping.from_key:
            raise MappingError(f"'{mapping.from_text}' and '{target}' are one agency already "
                               "(names equal but for case, punctuation and 'the' are).")
        return _with(mapping, target)
    if corrects(mapping.kind, mapping.column):
        if not mapping.board:
            raise MappingError("a correction is kept for the one board whose file it was made "
                               "in: say which board.")
        return _with(mapping, mapping.to_value.strip())
    if mapping.column == FILE_BOARD:
        if not mapping.board or mapping.board != mapping.to_value.strip():
            raise MappingError("a file's layout is kept for the one board its files are for.")
        return _with(mapping, mapping.board)
    if mapping.column == THEMES:
        by_key = {" ".join(value_key(t).split("_")): t for t in theme_labels}
        theme = by_key.get(" ".join(value_key(mapping.to_value).split("_")))
        if theme is None:
            raise MappingError(f"'{mapping.to_value}' is not a theme; use one of: "
                               f"{', '.join(theme_labels)}.")
        return _with(mapping, theme)
    columns = {c.name: c for c in contract.columns if c.kind == "enum"}
    column = columns.get(mapping.column) or columns.get(
        contract.header_lookup().get(header_key(mapping.column), ""))
    if column is None:
        raise MappingError(f"'{mapping.column}' is not a column of the {mapping.kind} extract "
                           f"that has allowed values; use one of: "
                           f"{', '.join(mappable_columns(mapping.kind))}.")
    words = {code: word for code, word in value_labels(column.name).items()
             if code in column.values}
    # a value given by its code (in_progress) or by the words the checks' messages use for it
    # (In progress, Children's)
    by_words = {value_key(word): code for code, word in words.items()}
    target = value_key(mapping.to_value)
    target = target if target in column.values else by_words.get(target, target)
    if target not in column.values:
        said = [words.get(code, code) for code in column.values]   # as the checks say them
        raise MappingError(f"'{mapping.to_value}' is not an allowed {column.name}; use one of: "
                           f"{', '.join(said)}.")
    if value_key(mapping.from_text) in column.values:
        raise MappingError(f"'{mapping.from_text}' is already an allowed {column.name}.")
    return Mapping(mapping.kind, column.name, mapping.from_text.strip(), target, mapping.board,
                   mapping.mapping_id, mapping.created_by, mapping.created_at)


def _with(mapping: Mapping, target: str) -> Mapping:
    return Mapping(mapping.kind, mapping.column, mapping.from_text.strip(), target, mapping.board,
                   mapping.mapping_id, mapping.created_by, mapping.created_at)


def parse_pair(text: str) -> tuple[str, str]:
    """'Green=in_progress' -> ('Green', 'in_progress'). The last '=' divides them, so a
    header may hold one."""
    if "=" not in text:
        raise MappingError(f"'{text}' is not FROM=TO (for example \"Green=in_progress\").")
    source, _, target = text.rpartition("=")
    if not source.strip() or not target.strip():
        raise MappingError(f"'{text}' is not FROM=TO (for example \"Green=in_progress\").")
    return source.strip(), target.strip()


# RAG and BRAG ratings, as board trackers use them. Only ever offered as a suggestion, with
# its reason: what a colour means is the board's to say.
_RAG = {
    "blue": ("completed", "in BRAG trackers Blue usually means completed"),
    "green": ("in_progress", "in RAG trackers Green usually means on track"),
    "amber": ("in_progress", "in RAG trackers Amber usually means in progress with concerns"),
    "red": ("not_started", "in RAG trackers Red usually means not started or off track"),
}


@dataclass(frozen=True)
class Suggestion:
    value: str
    reason: str


# The same colours in a RAG rating column, where they are the rating itself.
_RATING = {
    "blue": ("complete", "in BRAG trackers Blue usually means complete"),
    "green": ("on_track", "in RAG trackers Green usually means on track"),
    "amber": ("some_risk", "in RAG trackers Amber usually means some risk to delivery"),
    "red": ("off_track", "in RAG trackers Red usually means off track"),
}


def suggest_value(column: Column, text: str) -> Suggestion | None:
    """The allowed value the text most likely means, with why; None when nothing is likely."""
    key = value_key(text)
    if set(column.values) >= {"in_progress", "completed", "not_started"} and key in _RAG:
        value, reason = _RAG[key]
        return Suggestion(value, reason)
    if set(column.values) >= {"on_track", "off_track"} and key in _RATING:
        value, reason = _RATING[key]
        return Suggestion(value, reason)
    from rapidfuzz import fuzz, process, utils

    choices = {v: v.replace("_", " ") for v in column.values}
    choices |= {alias: value.replace("_", " ") for alias, value in column.value_aliases.items()}
    best = process.extractOne(text.replace("_", " "), {k: k.replace("_", " ") for k in choices},
                              scorer=fuzz.WRatio, processor=utils.default_process,
                              score_cutoff=80)
    if best is None:
        return None
    _, score, alias = best
    value = alias if alias in column.values else column.value_aliases[alias]
    return Suggestion(value, f"it is close to '{value.replace('_', ' ')}' ({score:.0f}% alike)")


@dataclass
class Mappings:
    """The mappings that may apply to one data set's extracts, and the ones that did."""

    kind: str
    known: list[Mapping] = field(default_factory=list)
    applied: dict[int, int] = field(default_factory=dict)    # mapping id -> rows

    def of(self, column: str) -> list[Mapping]:
        return [m for m in self.known if m.column == column]

    def headers(self, boards: set[str] | None = None) -> dict[str, Mapping]:
        """Header key -> its mapping: every board's, then those of the boards in the file
        (which win)."""
        out = {m.from_key: m for m in self.of(HEADER) if m.board is None}
        wanted = {b.casefold() for b in boards or set()}
        out |= {m.from_key: m for m in self.of(HEADER) if m.board and m.board.casefold() in wanted}
        return out

    def values(self, column: str) -> tuple[dict[str, Mapping], dict[str, dict[str, Mapping]]]:
        """Value key -> mapping for every board, and board (case-folded) -> value key ->
        mapping for single boards."""
        every = {m.from_key: m for m in self.of(column) if m.board is None}
        boards: dict[str, dict[str, Mapping]] = {}
        for m in self.of(column):
            if m.board:
                boards.setdefault(m.board.casefold(), {})[m.from_key] = m
        return every, boards

    def used(self, mapping: Mapping, rows: int) -> None:
        if mapping.mapping_id is not None and rows:
            self.applied[mapping.mapping_id] = self.applied.get(mapping.mapping_id, 0) + rows

    def applied_mappings(self) -> list[tuple[Mapping, int]]:
        by_id = {m.mapping_id: m for m in self.known}
        return [(by_id[i], rows) for i, rows in sorted(self.applied.items()) if i in by_id]
