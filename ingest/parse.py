"""Stage 3, parse: the text cells of an extract to typed columns named by the contract, and a
root cause when the headers belong to another data set.

Vectorised: each column is parsed once per distinct value, so a million rows with a few
thousand distinct dates cost a few thousand parses. A value that cannot be read is left
missing in the typed column and kept, as written, in a `<column>__unparsed` helper column,
which the expectations report on and the store drops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ingest.mappings.rules import Mapping, Mappings
from ingest.problems import MAX_ROWS_LISTED, Problem
from ingest.read import RawExtract
from loaders.contracts import (
    CONTRACTS,
    SOURCE_ROW,
    UNPARSED,
    Column,
    Contract,
    header_key,
    looks_like_another,
    value_key,
)

# Blank, "N/A" and "-" (and their usual cousins) mean missing.
MISSING_TOKENS = frozenset({"", "n/a", "na", "#n/a", "-", "–", "—", "null", "nil"})

# Day-first formats only: a month-first date such as 01/31/2024 is refused, never guessed.
DATE_FORMATS = (
    "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y",
    "%d/%b/%Y", "%d %b, %Y", "%Y/%m/%d",
)
# A two-digit year (01/02/25, 1-Feb-25) is read in a window: 00 to 79 are 2000 to 2079, 80 to
# 99 are 1980 to 1999. The README states it.
TWO_DIGIT_PIVOT = 80
_TWO_DIGIT_YEAR = re.compile(r"^(\d{1,2}([/.\- ])(?:\d{1,2}|[A-Za-z]{3,9})\2)(\d{2})$")
# Words people write in a date column for a date not known yet: read as no date, with a note
# (not an error, so next month's file with the same words goes in without a correction).
DATE_PLACEHOLDERS = frozenset({
    "tbc", "tba", "tbd", "tbc.", "to be confirmed", "to be agreed", "to be decided",
    "not set", "not yet set", "not known", "unknown", "n/k", "nk", "pending", "ongoing",
    "awaiting", "awaited", "not applicable yet",
})
_TIME_SUFFIX = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_WHITESPACE = re.compile(r"\s+")


@dataclass
class ParsedExtract:
    kind: str
    frame: pd.DataFrame          # typed canonical columns, helper columns and source_row
    headers: dict[str, str]      # canonical column -> header as written in the file
    problems: list[Problem]
    unmatched: list[str] = field(default_factory=list)   # headers matching no column

    @property
    def columns(self) -> list[str]:
        return [c for c in self.frame.columns if c in CONTRACTS[self.kind].names]


def _rows(distinct: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """The value of each row, from the values of the distinct texts."""
    taken = distinct.take(codes)
    taken.index = index
    return taken


def _categories(distinct: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """The text of each row, from the text of the distinct cells, held as categories (each
    distinct value once, a small number per row) unless most rows are distinct anyway (an
    id): a million bookings' board, course and status are a few hundred values, not a million
    strings, and the checks find their distinct values without hashing every row again."""
    if len(distinct) * 2 > len(codes):
        return _rows(distinct, codes, index)
    value_codes, values = pd.factorize(distinct, use_na_sentinel=True)   # missing: -1
    taken = np.asarray(value_codes, dtype=np.int32)[codes] if len(codes) else codes
    categorical = pd.Categorical.from_codes(
        taken, dtype=pd.CategoricalDtype(pd.Index(values, dtype="str")), validate=False)
    return pd.Series(categorical, index=index)


def _missing(values: pd.Series) -> pd.Series:
    return values.str.casefold().isin(MISSING_TOKENS)


def _by_distinct(values: pd.Series, convert) -> pd.Series:  # type: ignore[no-untyped-def]
    """Apply `convert` (distinct values -> converted array) once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    converted = convert(pd.Index(uniques))
    out = pd.Series(converted).take(np.where(codes < 0, 0, codes)) if len(uniques) else None
    if out is None:
        return pd.Series([pd.NA] * len(values), index=values.index, dtype="object")
    out.index = values.index
    return out.where(codes >= 0)


EXCEL_EPOCH = pd.Timestamp("1899-12-30")   # Excel's day 0, allowing for its 1900 leap-year bug


def _four_digit_year(match: re.Match[str]) -> str:
    year = int(match.group(3))
    return f"{match.group(1)}{2000 + year if year < TWO_DIGIT_PIVOT else 1900 + year}"


def date_placeholders(text: pd.Series) -> pd.Series:
    """Which texts say a date is not known yet ("TBC", "not set")."""
    return text.str.strip().str.casefold().isin(DATE_PLACEHOLDERS)


def parse_dates(values: pd.Series, *, excel_serials: bool = False) -> pd.Series:
    """Text -> datetime64[s]; NaT where the text is not a day-first or ISO date. A two-digit
    year is read in the window TWO_DIGIT_PIVOT sets. From a workbook, a whole number from
    20000 to 80000 (1954 to 2119) is an Excel serial date."""

    def convert(uniques: pd.Index) -> np.ndarray:
        text = (pd.Series(uniques, dtype="str").str.replace(_TIME_SUFFIX, "", regex=True)
                .str.replace(_TWO_DIGIT_YEAR, _four_digit_year, regex=True))
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
        if excel_serials:
            serial = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}(\.0+)?")),
                                   errors="coerce")
            serial = serial.where((serial >= 20000) & (serial <= 80000))
            found = serial.notna()
            parsed[found] = (EXCEL_EPOCH + pd.to_timedelta(serial[found], unit="D")).astype(
                "datetime64[s]")
        for fmt in DATE_FORMATS:
            todo = parsed.isna()
            if not todo.any():
                break
            parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce").astype(
                "datetime64[s]"
            )
        return parsed.to_numpy()

    result = _by_distinct(values, convert)
    return pd.to_datetime(result).astype("datetime64[s]")


def parse_whole_numbers(values: pd.Series) -> pd.Series:
    """Text -> nullable integers; stray spaces and thousands separators ignored."""
    cleaned = values.str.replace(_WHITESPACE, "", regex=True).str.replace(",", "", regex=False)
    numbers = pd.to_numeric(cleaned, errors="coerce")
    whole = numbers.where(np.isfinite(numbers) & (numbers == np.round(numbers)))
    return whole.astype("Int64")


def parse_enum(values: pd.Series, column: Column,
               mapped: dict[str, str] | None = None) -> pd.Series:
    """Text -> the canonical value; unrecognised text is kept as written for the checks.
    `mapped` (value key -> value) holds the mappings a board made, which win."""
    canonical = {v: v for v in column.values} | dict(column.value_aliases) | (mapped or {})

    def convert(uniques: pd.Index) -> np.ndarray:
        return np.array(
            [canonical.get(value_key(u), u) for u in uniques], dtype=object
        )

    return _by_distinct(values, convert).astype("str")


def _board_names(raw: RawExtract, lookup: dict[str, str]) -> set[str]:
    """The boards the file's board column names (before any mapping of its values)."""
    position = next((i for i, h in enumerate(raw.headers) if lookup.get(header_key(h)) == "board"),
                    None)
    if position is None:
        return set()
    _, uniques = raw.distinct(position)
    return {str(u).strip() for u in uniques if str(u).strip()}


def _map_headers(raw: RawExtract, contract: Contract, mappings: Mappings
                 ) -> tuple[dict[str, int], list[Problem], list[str]]:
    lookup = contract.header_lookup()
    every_board = {key: m.to_value for key, m in mappings.headers().items()}
    header_maps = mappings.headers(_board_names(raw, lookup | every_board))
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    unmatched: list[str] = []
    for position, header in enumerate(raw.headers):
        key = header_key(header)
        name = lookup.get(key)
        if name is None and key in header_maps:
            mapping = header_maps[key]
            name = mapping.to_value
            mappings.used(mapping, 1)
            problems.append(Problem(None, header, "mapping_applied", mapping.sentence(), "note",
                                    value=header))
        if name is None:
            unmatched.append(header)
            problems.append(
                Problem(None, header, "unknown_column",
                        f"'{header}' is not a column of the {contract.kind} extract, so it was "
                        "ignored. Rename it to a column from the template, or map it to one, if "
                        "it should be loaded.",
                        "warning", value=header)
            )
            continue
        if name in positions:
            first = positions[name]
            first_blank = bool((raw.cells[first] == "").all())
            this_blank = bool((raw.cells[position] == "").all())
            if this_blank or first_blank:
                keep, dropped = (first, position) if this_blank else (position, first)
                positions[name] = keep
                problems.append(
                    Problem(None, raw.headers[dropped], "duplicate_column",
                            f"'{raw.headers[dropped]}' repeats the column "
                            f"'{raw.headers[keep]}' and is empty, so it was ignored.",
                            "warning")
                )
                continue
            problems.append(
                Problem(None, header, "duplicate_column",
                        f"Columns '{raw.headers[first]}' (column {first + 1}) and '{header}' "
                        f"(column {position + 1}) both hold {name}. Remove one of them, or "
                        "rename it if it is a different column.")
            )
            continue
        positions[name] = position
    return positions, problems, unmatched


def _mapped_enum(column: Column, text: pd.Series, codes: np.ndarray, index: pd.Index,
                 board_rows: pd.Series | None, mappings: Mappings, header: str
                 ) -> tuple[pd.Series, list[Problem]]:
    """An enumeration column read with the built-in aliases and the boards' mappings: a
    board's own mapping reaches that board's rows only, and wins over one for every board."""
    every, by_board = mappings.values(column.name)
    parsed = parse_enum(text, column, {k: m.to_value for k, m in every.items()})
    # a board's own mapping is written into its rows below: plain text; else categories
    typed = _rows(parsed, codes, index) if by_board else _categories(parsed, codes, index)
    if not every and not by_board:
        return typed, []
    keys = pd.Series([value_key(u) if isinstance(u, str) else "" for u in text], dtype="str")
    row_keys = _rows(keys, codes, index)
    built_in = set(column.values) | set(column.value_aliases)
    used: dict[int, tuple[Mapping, int]] = {}
    own = pd.Series(False, index=index)
    if board_rows is not None:
        board_keys = board_rows.str.strip().str.casefold()
        for board, maps in by_board.items():
            on_board = board_keys == board
            for key, mapping in maps.items():
                hit = on_board & (row_keys == key)
                if hit.any():
                    typed[hit] = mapping.to_value
                    own |= hit
                    used[id(mapping)] = (mapping, int(hit.sum()))
    for key, mapping in every.items():
        if key in built_in:
            continue
        hit = (row_keys == key) & ~own
        if hit.any():
            used[id(mapping)] = (mapping, int(hit.sum()))
    notes = []
    for mapping, rows in used.values():
        mappings.used(mapping, rows)
        notes.append(Problem(None, header, "mapping_applied",
                             mapping.sentence(), "note", count=rows, value=mapping.from_text))
    return typed, notes


def _not_yet_note(raw: RawExtract, codes: np.ndarray, text: pd.Series, not_yet: pd.Series,
                  header: str) -> Problem:
    """A note that a date column's "TBC" (and the like) were read as no date."""
    rows = raw.row_numbers.to_numpy()[np.isin(codes, np.flatnonzero(not_yet.to_numpy()))]
    spelt: dict[str, str] = {}
    for t in text[not_yet]:
        spelt.setdefault(str(t).strip().casefold(), str(t).strip())
    words = sorted(spelt.values(), key=str.casefold)
    said = " or ".join(f"'{w}'" for w in words[:3]) + (" and the like" if len(words) > 3 else "")
    return Problem(int(rows[0]), header, "date_not_known", f"{said} read as no date yet.",
                   "note", rows=tuple(int(r) for r in rows[:MAX_ROWS_LISTED]),
                   count=len(rows), value=words[0])


def parse_extract(raw: RawExtract, kind: str, mappings: Mappings | None = None, *,
                  consume: bool = False) -> ParsedExtract:
    """The typed frame of a read extract, with the problems met on the way. `mappings` are
    what boards told the product about their headers and values; those used are counted in
    it. With `consume`, each column's text is let go once it is parsed (the caller wants the
    extract no more), so a large extract's text and typed values are not held at once."""
    contract = CONTRACTS[kind]
    mappings = mappings if mappings is not None else Mappings(kind)
    positions, problems, unmatched = _map_headers(raw, contract, mappings)
    board_rows = None
    if "board" in positions:
        board_codes, board_uniques = raw.distinct(positions["board"])
        board_rows = _rows(pd.Series(board_uniques, dtype="str"), board_codes, raw.cells.index)
    data: dict[str, pd.Series] = {}
    for column in contract.columns:
        if column.name not in positions:
            continue
        # every conversion runs once per distinct text, then is taken back to the rows
        codes, uniques = raw.distinct(positions[column.name])
        text = pd.Series(uniques, dtype="str")
        missing = _missing(text)
        present = text.where(~missing)
        if column.kind == "date":
            not_yet = date_placeholders(text) & ~missing
            if not_yet.any():
                problems.append(_not_yet_note(raw, codes, text, not_yet,
                                              raw.headers[positions[column.name]]))
                missing = missing | not_yet
                present = text.where(~missing)
            typed = parse_dates(present, excel_serials=raw.from_workbook)
        elif column.kind in ("count", "score"):
            typed = parse_whole_numbers(present)
        elif column.kind == "enum":
            data[column.name], notes = _mapped_enum(
                column, present, codes, raw.cells.index, board_rows, mappings,
                raw.headers[positions[column.name]])
            problems += notes
            if consume:
                raw.let_go(positions[column.name])
            continue
        else:
            data[column.name] = _categories(present.astype("str"), codes, raw.cells.index)
            if consume:
                raw.let_go(positions[column.name])
            continue
        data[column.name] = _rows(typed, codes, raw.cells.index)
        if column.kind in ("date", "count", "score"):
            failed = typed.isna() & ~missing
            data[column.name + UNPARSED] = _rows(text.where(failed).astype("str"), codes,
                                                 raw.cells.index)
        if consume:
            raw.let_go(positions[column.name])
    frame = pd.DataFrame(data, index=raw.cells.index)
    frame[SOURCE_ROW] = raw.row_numbers.to_numpy()
    headers = {name: raw.headers[pos] for name, pos in positions.items()}
    return ParsedExtract(kind, frame, headers, list(raw.problems) + problems, unmatched)


# A recommendation's status read from its RAG rating, for a tracker whose only progress column
# is the rating: complete is completed; on track, some risk and off track are in progress.
STATUS_OF_RATING = {"complete": "completed", "on_track": "in_progress",
                    "some_risk": "in_progress", "off_track": "in_progress"}


def _status_from_rating(parsed: ParsedExtract) -> list[Problem]:
    """A recommendations tracker with a RAG rating and no status column: each status read
    from the rating (in place, in the parsed frame), said in a note. A rating not yet
    recognised (a colour whose meaning the board has not said) is an error of its own, which
    stops the file; its row is read as in progress meanwhile rather than reported twice."""
    frame = parsed.frame
    if parsed.kind != "recommendations" or "status" in frame.columns \
            or "rating" not in frame.columns:
        return []
    rating = frame["rating"].astype("object")
    known = rating.map(STATUS_OF_RATING)
    unrecognised = rating.notna() & known.isna()
    blank = rating.isna()
    # a row with no rating is told once, below, by the column the file has
    frame["status"] = known.where(~(unrecognised | blank), "in_progress").astype("str")
    header = parsed.headers.get("rating", "rating")
    problems = [Problem(None, header, "status_from_rating",
                        f"The file has no status column, so each recommendation's status is "
                        f"read from its {header}: Complete as completed; On track, Some risk "
                        "and Off track as in progress.", "note",
                        count=int(rating.notna().sum()))]
    if blank.any():
        rows = tuple(int(r) for r in frame.loc[blank, SOURCE_ROW])
        problems.append(Problem(rows[0], header, "required_value",
                                f"This row has no {header}, and the file has no status column "
                                f"to say how far it is delivered. Give it a {header}.",
                                rows=rows[:MAX_ROWS_LISTED], count=len(rows)))
    return problems


# -- the stage ---------------------------------------------------------------------------------

def parse(raw: RawExtract, kind: str, mappings: Mappings | None = None, *,
          consume: bool = False) -> tuple[ParsedExtract, list[Problem]]:
    """With `consume`, the extract's text is let go as it is parsed (see parse_extract)."""
    parsed = parse_extract(raw, kind, mappings, consume=consume)
    problems = [*parsed.problems, *_status_from_rating(parsed)]
    if not set(CONTRACTS[kind].required) <= set(parsed.frame.columns):
        looks_like = looks_like_another(raw.headers, kind)
        if looks_like:
            problems.append(Problem(
                None, None, "wrong_data_set",
                f"These headers look like a {looks_like} extract, not {kind}. Check the file "
                f"as {looks_like} instead.", value=looks_like))
    return parsed, problems
