"""A published national file, read as it was downloaded, into the rows the store takes
(`data_models.national.NationalFile`); anything that cannot be read is refused in one line
(`NationalFileError`) that says what is wrong and where.

Each file is recognised by its header (case, spaces and punctuation aside; a byte-order mark,
Excel's trailing empty columns and a title row above the header do not matter), across the
releases' differences:

- serious incident notifications, sub-national: `idaci_avgscore` or (2025) `idaci_avgscore_2019`;
- the nature of notifications: `breakdown_topic`/`breakdown` or (2022-23) `characteristic_type`/
  `characteristic`; "Reporting year" 2024 or "Financial year" 202223;
- children in need (b1), with or without its rate column, and a population column if a
  release carries one;
- factors identified at the end of assessment (c3), wide (one column a factor, as DfE publish
  it) or long (an `assessment_factor` column);
- the Safeguarding Adults Collection, long (GEOGRAPHY ... VALUE), whose rows carry no year: it
  comes from the file's name or `year=`;
- the statistical neighbours model, wide (SN_1, SN_1P ... SN_10, SN_10P);
- the product's national review themes (`data_models/national_themes.csv`).

A symbol the publishers print instead of a figure (`SYMBOLS`) is read as its state, and its
value is NULL, never 0; a blank cell is "not available". Numbers may carry thousands commas.
Every figure is filed under the financial year it is for ("2023-24"). Each file's release is
the one given, else the one its name says (`..._2013_to_2025` -> 2025, `sn_model_2025_wide` ->
2025, `..._2024-25` -> 2024-25), else its latest time period.

Reading is vectorised over columns: a file of 150 local authorities, 13 years and 40 columns is
a few hundred thousand cells.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from data_models.national import (
    ENGLAND,
    FIGURE_COLUMNS,
    KINDS,
    NEIGHBOUR_COLUMNS,
    SYMBOLS,
    THEME_SHARE_COLUMNS,
    NationalFile,
    NationalFileError,
)
from loaders.contracts import header_key

# Said after the source of every figure read from a file the demo invented.
SYNTHETIC_NOTE: Final = " (synthetic: invented for the demo, not published figures)"

MAX_BYTES: Final = 200 * 1024 * 1024
MAX_UNPACKED_BYTES: Final = 500 * 1024 * 1024      # a workbook's parts, unpacked
_HEADER_SEARCH_ROWS: Final = 10

# -- the published layouts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a published layout: the headers it goes by across releases, the newest first
    (the one a refusal names)."""

    names: tuple[str, ...]
    required: bool = True

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(name) for name in self.names)


def _c(*names: str, required: bool = True) -> Column:
    return Column(names, required)


@dataclass(frozen=True)
class Layout:
    kind: str
    shape: str                       # "wide" or "long" where a kind is published in both
    columns: tuple[Column, ...]

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


# The geography every DfE local-authority file starts with.
DFE_AREA: Final = (_c("time_period"), _c("time_identifier"), _c("geographic_level"),
                   _c("country_code"), _c("country_name"), _c("region_code"), _c("region_name"),
                   _c("old_la_code"), _c("new_la_code"), _c("la_name"))
# Population columns a children in need release may carry (2025 dropped its rate column).
POPULATION_0_17: Final = _c("population_0_17", "population_estimate", "population_0_to_17",
                            "ons_population_0_17", required=False)
C3_BASE: Final = _c("Episodes_with_assessment_factor")
C3_VALUE: Final = _c("number", "value", "count", "episodes", "number_of_episodes")
SN_RANKS: Final = range(1, 11)

LAYOUTS: Final = (
    Layout("sin_subnational", "", (*DFE_AREA, _c("number_notifications"),
                                   _c("cin_31march", required=False),
                                   _c("idaci_avgscore", "idaci_avgscore_2019", required=False),
                                   _c("ons_midyear_population", required=False))),
    Layout("sin_nature", "", (_c("time_period"), _c("time_identifier"), _c("quarter", required=False),
                              _c("geographic_level"), _c("country_code"), _c("country_name"),
                              _c("breakdown_topic", "characteristic_type"),
                              _c("breakdown", "characteristic"), _c("nature_of_notification"),
                              _c("number_notifications"))),
    Layout("cin_b1", "", (*DFE_AREA, _c("At31_episodes"), _c("At31_episodes_rate", required=False),
                          POPULATION_0_17)),
    Layout("cin_c3", "wide", (*DFE_AREA, C3_BASE)),
    Layout("cin_c3", "long", (*DFE_AREA, _c("assessment_factor"), C3_VALUE)),
    Layout("sac", "", (_c("GEOGRAPHY"), _c("COUNCIL_TYPE", required=False), _c("REGION_CODE"),
                       _c("REGION_NAME"), _c("ONS_CODE"), _c("LA_CODE"), _c("LA_NAME"),
                       _c("TABLE_REFERENCE"), _c("ENQUIRY_TYPE", required=False), _c("CATEGORY"),
                       _c("SUBCATEGORY", required=False), _c("VALUE"))),
    Layout("sn_model", "", (_c("old_la_code"), _c("la_name"), _c("region_ind", required=False),
                            _c("region_name", required=False),
                            *(_c(f"SN_{n}{p}") for n in SN_RANKS for p in ("", "P")))),
    Layout("national_themes", "", tuple(_c(name, required=name != "base_count")
                                        for name in THEME_SHARE_COLUMNS)),
)
_KNOWN_KEYS: Final = frozenset(key for layout in LAYOUTS for c in layout.columns for key in c.keys)

# -- the words publishers use ---------------------------------------------------------------------

LEVEL_WORDS: Final = {
    "national": "national", "england": "national",
    "regional": "regional", "region": "regional",
    "local authority": "local_authority", "council": "local_authority", "la": "local_authority",
}
# A row that is the total of its breakdown (quarter, topic, nature, factor, category).
TOTAL_WORDS: Final = frozenset({"", "total", "all", "all notifications", "total notifications",
                                "full year", "all factors"})
NEUTRAL_WORDS: Final = TOTAL_WORDS | {"number", "numbers", "count"}
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
                     r"|[+-]?\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_PERCENT = re.compile(r"(?P<number>.*?)\s*%")
_OLD_CODE = re.compile(r"[0-9]{3}")
# The codes of the demo's invented authorities (assurance.national_files_demo), E06900001 to
# E06900099: no real authority's code is E069..., so a demo file keeps saying it is invented
# even under another name.
INVENTED_CODES: Final = re.compile(r"E069000[0-9]{2}")

_SPAN = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_ ]to[-_ ]((?:19|20)[0-9]{2})(?![0-9])")
_FINANCIAL = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_ ]?([0-9]{2})(?![0-9])")
_FINANCIAL_LONG = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-_ ]((?:19|20)[0-9]{2})(?![0-9])")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_GIVEN_YEAR = re.compile(r"([0-9]{4})-([0-9]{2})")


def _refuse(message: str) -> NationalFileError:
    return NationalFileError(" ".join(message.split()))


def _quoted(text: object) -> str:
    """A cell as a message shows it: on one line, cut short."""
    words = " ".join(str(text).split())
    return f"'{words[:40]}…'" if len(words) > 40 else f"'{words}'"


def _listed(names: list[str], most: int = 5) -> str:
    shown = names[:most] + ([f"{len(names) - most} more"] if len(names) > most else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


# -- bytes to a table of text cells ---------------------------------------------------------------


@dataclass
class Table:
    """A file's cells as stripped text under its header, indexed by spreadsheet row."""

    name: str
    headers: list[str]               # as the file writes them
    cells: pd.DataFrame              # columns 0..n-1
    positions: dict[str, int]        # header key -> column

    def find(self, column: Column) -> int | None:
        return next((self.positions[k] for k in column.keys if k in self.positions), None)

    def get(self, column: Column, rows: pd.Index | None = None) -> pd.Series:
        position = self.find(column)
        if position is None:
            return pd.Series("", index=self.cells.index if rows is None else rows, dtype=object)
        series = self.cells[position]
        return series if rows is None else series.loc[rows]

    def header(self, column: Column) -> str:
        position = self.find(column)
        return self.headers[position] if position is not None else column.names[0]


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise _refuse(f"{name} is not readable text. Load the CSV file as downloaded, "
                              "or save it from Excel as CSV UTF-8.") from None
    if "\x00" in text:
        raise _refuse(f"{name} is not a CSV file (it holds binary data). Load the CSV file as "
                      "downloaded.")
    return text


def _csv_records(text: str, name: str) -> list[list[str]]:
    lines = [line for line in text.splitlines()[:_HEADER_SEARCH_ROWS] if line.strip()]
    first = lines[0] if lines else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _refuse(f"{name} cannot be read as CSV ({error}). Load the file as downloaded.") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook_records(data: bytes, name: str) -> list[list[str]]:
    import openpyxl  # only for workbooks

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise _refuse(f"{name} would unpack to {unpacked / 1_048_576:,.0f} MB, too large to "
                          "open. Load the CSV file as downloaded.")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except NationalFileError:
        raise
    except Exception:  # openpyxl and zipfile raise many kinds for a damaged file
        raise _refuse(f"{name} could not be opened as an Excel workbook (it may be damaged or "
                      "password-protected). Load the CSV file as downloaded.") from None
    try:
        sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"),
                     book.worksheets[0])
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _header_row(records: list[list[str]]) -> int:
    """The record holding the header: of the first few, the one with most headers the product
    knows (a title row above it is passed over)."""
    scores = [(sum(header_key(cell) in _KNOWN_KEYS for cell in record), -i)
              for i, record in enumerate(records[:_HEADER_SEARCH_ROWS])]
    best, at = max(scores)
    if best >= 2:
        return -at
    return next(i for i, record in enumerate(records) if any(c.strip() for c in record))


def read_table(data: bytes, name: str) -> Table:
    """A file's cells as text under its header. Raises NationalFileError when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise _refuse(f"{name} is {len(data) / 1_048_576:,.0f} MB, more than the "
                      f"{MAX_BYTES // 1_048_576} MB a national file may be.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(f"{name} is an old-style Excel .xls workbook. Load the CSV file as "
                      "downloaded.")
    records = (_workbook_records(data, name) if data.startswith(b"PK\x03\x04")
               else _csv_records(_decode(data, name), name))
    if not any(cell.strip() for record in records for cell in record):
        raise _refuse(f"{name} is empty. Download the file again.")
    at = _header_row(records)
    headers = [" ".join(h.split()) for h in records[at]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    body: list[list[str]] = []
    rows: list[int] = []
    for number, record in enumerate(records[at + 1:], start=at + 2):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            raise _refuse(f"Row {number} of {name} has more cells than its header has columns "
                          f"({len(record)}, against {width}). Load the file as downloaded.")
        if any(cell.strip() for cell in record):
            body.append(record[:width] + [""] * (width - len(record)))
            rows.append(number)
    cells = pd.DataFrame(body, columns=range(width), index=pd.Index(rows, name="row"), dtype=object)
    cells = cells.apply(lambda column: column.astype(str).str.strip()) if width else cells
    positions: dict[str, int] = {}
    for position, text in enumerate(headers):
        key = header_key(text)
        if not key:
            continue
        if key in positions:
            raise _refuse(f"The column {_quoted(text)} appears twice in {name}'s header. Load the "
                          "file as downloaded.")
        positions[key] = position
    return Table(name, headers, cells, positions)


# -- which file it is -----------------------------------------------------------------------------


def _layout_words(layout: Layout) -> str:
    kind = KINDS[layout.kind]
    return f"{kind.publisher}'s '{kind.title}'"


def recognise(table: Table) -> Layout:
    """The layout whose required columns the header has (the fullest match, if several);
    refused otherwise, naming the nearest layout and what the header lacks."""
    def matched(layout: Layout, columns: Iterable[Column]) -> int:
        return sum(table.find(c) is not None for c in columns)

    complete = [layout for layout in LAYOUTS
                if matched(layout, layout.required) == len(layout.required)]
    if complete:
        return max(complete, key=lambda layout: matched(layout, layout.columns))
    nearest = max(LAYOUTS, key=lambda layout: (matched(layout, layout.required)
                                               / len(layout.required),
                                               matched(layout, layout.columns)))
    lacking = [c.names[0] for c in nearest.required if table.find(c) is None]
    return_words = "its header" if table.headers else "it has no header, and"
    raise _refuse(f"{table.name} is not a national file the product reads: {return_words} is "
                  f"nearest that of {_layout_words(nearest)}, but lacks {_listed(lacking)}. Load "
                  "the file as downloaded from its publisher.")


# -- cells to values and states -------------------------------------------------------------------


def read_values(cells: pd.Series, header: str) -> tuple[pd.Series, pd.Series]:
    """A column's values (NULL unless shown) and states. A symbol is its state, a blank is
    "not available"; anything else that is no number is refused, naming its row and column."""
    lowered = cells.str.lower()
    symbol = lowered.map(SYMBOLS)
    blank = cells == ""
    number = cells.str.fullmatch(_NUMBER).fillna(False).astype(bool)
    values = pd.to_numeric(cells.where(number, None).str.replace(",", "", regex=False),
                           errors="coerce").astype("float64")
    number &= np.isfinite(values.fillna(0.0))
    bad = ~(number | symbol.notna() | blank)
    if bad.any():
        row = bad.idxmax()
        raise _refuse(f"{_quoted(cells.loc[row])} in row {row}, column {header} is neither a "
                      "number nor a symbol the publishers use (c, x, z, low, k, u, :, *, [c], "
                      "[x]). Load the file as downloaded from its publisher.")
    states = symbol.where(~number, "shown").where(~blank, "not_available")
    return values.where(number), states.astype(object)


def _words(texts: pd.Series) -> pd.Series:
    """A breakdown in words, the same across releases: "Domestic_Abuse_child" and "Domestic
    Abuse child" are both "Domestic abuse child"."""
    spaced = texts.astype(str).str.replace("_", " ", regex=False).str.split().str.join(" ")
    return spaced.str[:1].str.upper() + spaced.str[1:].str.lower()


def _is_total(texts: pd.Series) -> pd.Series:
    return texts.str.lower().str.split().str.join(" ").isin(TOTAL_WORDS)


def _levels(cells: pd.Series, header: str) -> pd.Series:
    levels = cells.str.lower().str.split().str.join(" ").map(LEVEL_WORDS)
    if levels.isna().any():
        row = levels.isna().idxmax()
        raise _refuse(f"{_quoted(cells.loc[row])} in row {row}, column {header} is not a level the "
                      "product reads (National, Regional or Local authority). Load the file as "
                      "downloaded from its publisher.")
    return levels


def _financial_year(period: str, identifier: str, row: int, headers: tuple[str, str]) -> str:
    """DfE's time period as the financial year it is for: reporting year 2024 (April 2023 to
    March 2024, or at 31 March 2024) and financial year 202324 are both "2023-24"."""
    kind = " ".join(identifier.lower().split())
    if kind not in ("reporting year", "financial year"):
        raise _refuse(f"{_quoted(identifier)} in row {row}, column {headers[1]} is not a kind of "
                      "year the product reads (Reporting year or Financial year).")
    if re.fullmatch(r"(19|20)[0-9]{2}", period) and kind == "reporting year":
        end = int(period)
        return f"{end - 1}-{end % 100:02d}"
    span = re.fullmatch(r"((?:19|20)[0-9]{2})([0-9]{2})", period)
    if span and (int(span[1]) + 1) % 100 == int(span[2]):
        return f"{span[1]}-{span[2]}"
    raise _refuse(f"{_quoted(period)} in row {row}, column {headers[0]} is not a year as the "
                  "publishers write it (2024 for the reporting year to March 2024, 202324 for "
                  "the financial year 2023-24).")


def _years(table: Table, rows: pd.Index) -> pd.Series:
    """Each row's financial year, worked out once for each distinct time period."""
    pairs = pd.DataFrame({"period": table.get(_c("time_period"), rows),
                          "identifier": table.get(_c("time_identifier"), rows)})
    headers = (table.header(_c("time_period")), table.header(_c("time_identifier")))
    distinct = pairs.drop_duplicates()
    distinct = distinct.assign(year=[_financial_year(p, i, int(row), headers)
                                     for row, p, i in distinct.itertuples()])
    years = pairs.merge(distinct, on=["period", "identifier"], how="left")["year"]
    return pd.Series(years.to_numpy(), index=rows, dtype=object)


def _blank_to_none(series: pd.Series) -> pd.Series:
    return series.where(series != "", None).astype(object)


def _old_codes(series: pd.Series) -> pd.Series:
    return _blank_to_none(series.str.replace(r"\.0$", "", regex=True))


# -- DfE's local-authority files --------------------------------------------------------------------


def _dfe_areas(table: Table, rows: pd.Index) -> pd.DataFrame:
    """Each row's level and area: England, a region or a local authority (by its new code)."""
    level = _levels(table.get(_c("geographic_level"), rows), table.header(_c("geographic_level")))
    get = {name: table.get(_c(name), rows) for name in (
        "country_code", "country_name", "region_code", "region_name", "old_la_code",
        "new_la_code", "la_name")}
    national, regional = level == "national", level == "regional"
    area_code = get["new_la_code"].where(~regional, get["region_code"]).where(
        ~national, get["country_code"])
    area_name = get["la_name"].where(~regional, get["region_name"]).where(
        ~national, get["country_name"])
    missing = (area_code == "") | (area_name == "")
    if missing.any():
        row = missing.idxmax()
        raise _refuse(f"Row {row} of {table.name} ({level.loc[row].replace('_', ' ')} level) gives no "
                      "code or name for its area. Load the file as downloaded from its publisher.")
    local = level == "local_authority"
    return pd.DataFrame({
        "level": level, "area_code": area_code, "area_name": area_name,
        "old_la_code": _old_codes(get["old_la_code"]).where(local, None),
        "region_code": _blank_to_none(get["region_code"]).where(~national, None),
        "region_name": _blank_to_none(get["region_name"]).where(~national, None),
    }, index=rows)


def _figures(areas: pd.DataFrame, years: pd.Series, measure: str, cells: pd.Series, header: str,
             breakdown: pd.Series | str | None = None) -> pd.DataFrame:
    values, states = read_values(cells, header)
    frame = areas.assign(measure=measure, year=years, breakdown=breakdown, value=values,
                         state=states, rounded_to=pd.NA)
    frame["row"] = frame.index
    return frame


def _sin_subnational(table: Table) -> list[pd.DataFrame]:
    rows = table.cells.index
    areas, years = _dfe_areas(table, rows), _years(table, rows)
    frames = []
    for measure, column in (("notifications", _c("number_notifications")),
                            ("children_in_need_context", _c("cin_31march")),
                            ("idaci", _c("idaci_avgscore", "idaci_avgscore_2019")),
                            ("population_0_17_context", _c("ons_midyear_population"))):
        if table.find(column) is not None:
            frames.append(_figures(areas, years, measure, table.get(column), table.header(column)))
    # DfE rounds regional notification counts to the nearest 10
    notifications = frames[0]
    notifications["rounded_to"] = notifications.level.map({"regional": 10}).astype("Int64")
    return frames


def _sin_nature(table: Table) -> list[pd.DataFrame]:
    level = _levels(table.cells[table.find(_c("geographic_level"))],
                    table.header(_c("geographic_level")))
    topic, breakdown = _c("breakdown_topic", "characteristic_type"), _c("breakdown", "characteristic")
    keep = ((level == "national") & _is_total(table.get(_c("quarter")))
            & _is_total(table.get(topic)) & _is_total(table.get(breakdown)))
    rows = table.cells.index[keep.to_numpy()]
    if rows.empty:
        raise _refuse(f"{table.name} holds no England totals by nature of notification (rows of "
                      f"National level whose {table.header(topic)} and {table.header(breakdown)} "
                      "are Total). Load the file as downloaded from its publisher.")
    nature = table.get(_c("nature_of_notification"), rows)
    words = _words(nature).where(~_is_total(nature), None)
    column = _c("number_notifications")
    return [_figures(_dfe_areas(table, rows), _years(table, rows), "notifications",
                     table.get(column, rows), table.header(column), words)]


def _cin_b1(table: Table) -> list[pd.DataFrame]:
    rows = table.cells.index
    areas, years = _dfe_areas(table, rows), _years(table, rows)
    return [_figures(areas, years, measure, table.get(column), table.header(column))
            for measure, column in (("children_in_need", _c("At31_episodes")),
                                    ("children_in_need_rate", _c("At31_episodes_rate")),
                                    ("population_0_17", POPULATION_0_17))
            if table.find(column) is not None]


_DFE_AREA_KEYS: Final = frozenset(key for c in DFE_AREA for key in c.keys)


def _cin_c3_wide(table: Table) -> list[pd.DataFrame]:
    rows = table.cells.index
    areas, years = _dfe_areas(table, rows), _years(table, rows)
    frames = [_figures(areas, years, "assessments_with_factor", table.get(C3_BASE),
                       table.header(C3_BASE))]
    base = table.find(C3_BASE)
    factors = [p for key, p in table.positions.items() if key not in _DFE_AREA_KEYS and p != base]
    words = _words(pd.Series([table.headers[p] for p in factors], dtype=object))
    for position, word in zip(factors, words, strict=True):
        frames.append(_figures(areas, years, "assessment_factor", table.cells[position],
                               table.headers[position], word))
    return frames


def _cin_c3_long(table: Table) -> list[pd.DataFrame]:
    rows = table.cells.index
    factor = table.get(_c("assessment_factor"))
    if (factor == "").any():
        row = (factor == "").idxmax()
        raise _refuse(f"Row {row} of {table.name} names no assessment factor. Load the file as "
                      "downloaded from its publisher.")
    base = factor.map(header_key).isin({"episodeswithassessmentfactor", "total", "all", "allfactors"})
    areas, years = _dfe_areas(table, rows), _years(table, rows)
    cells, header = table.get(C3_VALUE), table.header(C3_VALUE)
    return [_figures(areas[base], years[base], "assessments_with_factor", cells[base], header),
            _figures(areas[~base], years[~base], "assessment_factor", cells[~base], header,
                     _words(factor[~base]))]


# -- the Safeguarding Adults Collection -----------------------------------------------------------

_SAC_TABLES: Final = ("sg1f", "sg2a", "sg5a", "sg5b")
_S42 = r"section\s*42|\bs\.?\s*42\b"
_RATE = r"\brate\b|per\s*100"
_SHARE = r"percent|%|proportion"


def _sac_areas(table: Table, rows: pd.Index) -> pd.DataFrame:
    level = _levels(table.get(_c("GEOGRAPHY"), rows), table.header(_c("GEOGRAPHY")))
    get = {name: table.get(_c(name), rows) for name in (
        "REGION_CODE", "REGION_NAME", "ONS_CODE", "LA_CODE", "LA_NAME")}
    national, regional = level == "national", level == "regional"
    region_code = get["REGION_CODE"].where(get["REGION_CODE"] != "", get["ONS_CODE"])
    region_name = get["REGION_NAME"].where(get["REGION_NAME"] != "", get["LA_NAME"])
    area_code = get["ONS_CODE"].where(~regional, region_code).where(
        ~(national & (get["ONS_CODE"] == "")), ENGLAND[0])
    area_name = get["LA_NAME"].where(~regional, region_name).where(~national, ENGLAND[1])
    missing = (area_code == "") | (area_name == "")
    if missing.any():
        row = missing.idxmax()
        raise _refuse(f"Row {row} of {table.name} gives no code or name for its area. Load the "
                      "file as downloaded from its publisher.")
    local = level == "local_authority"
    return pd.DataFrame({
        "level": level, "area_code": area_code, "area_name": area_name,
        "old_la_code": _old_codes(get["LA_CODE"]).where(local, None),
        "region_code": _blank_to_none(get["REGION_CODE"]).where(local, None).where(
            ~regional, area_code),
        "region_name": _blank_to_none(get["REGION_NAME"]).where(local, None).where(
            ~regional, area_name),
    }, index=rows)


def _sac(table: Table, year: str) -> list[pd.DataFrame]:
    reference = table.get(_c("TABLE_REFERENCE")).str.lower()
    category, sub = table.get(_c("CATEGORY")), table.get(_c("SUBCATEGORY"))
    enquiry = table.get(_c("ENQUIRY_TYPE")).str.lower()
    words = (category + " " + sub).str.lower()
    rate = words.str.contains(_RATE)
    share = words.str.contains(_SHARE)
    other = enquiry.str.contains(r"\bother\b")
    s42 = (category.str.lower() + " " + enquiry).str.contains(_S42)
    measure = pd.Series(None, index=table.cells.index, dtype=object)
    sg1f = (reference == "sg1f") & ~share
    population = sg1f & words.str.contains("population")
    concerns = sg1f & ~population & category.str.lower().str.contains("concern")
    enquiries = sg1f & ~population & ~concerns & s42 & ~other
    measure[population & ~rate] = "adult_population"
    measure[concerns] = np.where(rate[concerns], "concerns_rate", "concerns")
    measure[enquiries] = np.where(rate[enquiries], "s42_enquiries_rate", "s42_enquiries")
    measure[(reference == "sg2a") & ~rate & ~share & ~other] = "risk_type"
    measure[reference.isin(("sg5a", "sg5b")) & ~rate & ~share] = "sars_completed"
    keep = measure.notna()
    if not keep.any():
        raise _refuse(f"{table.name} holds none of the tables the product reads ("
                      f"{', '.join(t.upper() for t in _SAC_TABLES[:-1])} or SG5b). Load the file "
                      "as downloaded from its publisher.")
    rows = table.cells.index[keep.to_numpy()]
    named = ~_is_total(category[rows])
    detail = ~sub[rows].str.lower().str.split().str.join(" ").isin(NEUTRAL_WORDS)
    breakdown = (_words(category[rows]).where(~detail, _words(category[rows]) + ": " + _words(sub[rows]))
                 .where(named, None))
    breakdown = breakdown.where(measure[rows].isin(("risk_type", "sars_completed")), None)
    areas, cells = _sac_areas(table, rows), table.get(_c("VALUE"), rows)
    values, states = read_values(cells, table.header(_c("VALUE")))
    frame = areas.assign(measure=measure[rows], year=year, breakdown=breakdown, value=values,
                         state=states, rounded_to=pd.NA)
    frame["row"] = frame.index
    return [frame]


# -- statistical neighbours -----------------------------------------------------------------------


def _sn_model(table: Table) -> pd.DataFrame:
    codes = _old_codes(table.get(_c("old_la_code"))).fillna("")
    names = table.get(_c("la_name"))
    if not codes.str.fullmatch(_OLD_CODE).all():
        row = (~codes.str.fullmatch(_OLD_CODE)).idxmax()
        raise _refuse(f"{_quoted(codes.loc[row])} in row {row}, column "
                      f"{table.header(_c('old_la_code'))} is not a local authority's three-digit "
                      "code. Load the file as downloaded from its publisher.")
    code_of_name = dict(zip(names.str.casefold(), codes, strict=True))
    frames = []
    for rank in SN_RANKS:
        first, second = _c(f"SN_{rank}"), _c(f"SN_{rank}P")
        a = _old_codes(table.get(first)).fillna("")
        b = _old_codes(table.get(second)).fillna("")
        a_code, b_code = a.str.fullmatch(_OLD_CODE), b.str.fullmatch(_OLD_CODE)
        code = a.where(a_code & ~b_code, b.where(b_code & ~a_code, ""))
        name = b.where(a_code & ~b_code, a.where(b_code & ~a_code, ""))
        # neither a code: a name the file itself gives a code to
        by_name = (code == "") & ~a_code & ~b_code
        looked_up = a.str.casefold().map(code_of_name).fillna(b.str.casefold().map(code_of_name))
        code = code.where(~by_name, looked_up.fillna(""))
        name = name.where(~by_name, a.where(a.str.casefold().map(code_of_name).notna(), b))
        empty = (a == "") & (b == "")
        unread = (code == "") & ~empty
        if unread.any():
            row = unread.idxmax()
            raise _refuse(f"Row {row}, columns {table.header(first)} and {table.header(second)} "
                          f"({_quoted(a.loc[row])}, {_quoted(b.loc[row])}) give no neighbour's "
                          "three-digit code nor the name of a local authority in the file. Load "
                          "the file as downloaded from its publisher.")
        frames.append(pd.DataFrame({
            "old_la_code": codes, "la_name": _blank_to_none(names), "rank": rank,
            "neighbour_old_la_code": code, "neighbour_name": _blank_to_none(name),
        })[~empty])
    neighbours = pd.concat(frames).sort_values(["old_la_code", "rank"], kind="stable")
    if neighbours.empty:
        raise _refuse(f"{table.name} gives no statistical neighbours. Load the file as downloaded.")
    return neighbours.reset_index(drop=True).astype({"rank": "int64"})


# -- the national review themes -------------------------------------------------------------------


def _theme_shares(table: Table) -> pd.DataFrame:
    from data_models.themes import load_vocabulary, theme_keys  # only for the themes file

    get = {name: table.get(_c(name)) for name in THEME_SHARE_COLUMNS}
    for name in ("base", "years", "source", "theme"):
        if (get[name] == "").any():
            row = (get[name] == "").idxmax()
            raise _refuse(f"Row {row} of {table.name} gives no {name}: every share needs its theme, "
                          "base, years and source.")
    board_type = get["board_type"].str.lower()
    wrong = ~board_type.isin(("children", "adults"))
    if wrong.any():
        row = wrong.idxmax()
        raise _refuse(f"Row {row} of {table.name}: board_type {_quoted(get['board_type'].loc[row])} "
                      "is neither children nor adults.")
    vocabulary = load_vocabulary()
    label_of = vocabulary.alias_map()
    boards_of = {theme.label: theme.boards for theme in vocabulary.theme}
    label = theme_keys(get["theme"]).map(label_of)
    if label.isna().any():
        row = label.isna().idxmax()
        raise _refuse(f"Row {row} of {table.name}: {_quoted(get['theme'].loc[row])} is not a theme "
                      "of the vocabulary (data_models/themes.toml). Use a theme's label.")
    boards = label.map(boards_of)
    mismatched = ~((boards == "both") | (boards == board_type))
    if mismatched.any():
        row = mismatched.idxmax()
        boards_words = {"children": "children's", "adults": "adults'"}
        raise _refuse(f"Row {row} of {table.name}: the theme {label.loc[row]} is for "
                      f"{boards_words[boards.loc[row]]} boards only, not "
                      f"{boards_words[board_type.loc[row]]}.")
    share_text = get["share"]
    percent = share_text.str.fullmatch(_PERCENT)
    number_text = share_text.where(~percent, share_text.str.extract(_PERCENT)["number"])
    is_number = number_text.str.fullmatch(_NUMBER)
    share = pd.to_numeric(number_text.where(is_number, None).str.replace(",", "", regex=False),
                          errors="coerce") / np.where(percent, 100, 1)
    wrong = share.isna() | ~share.between(0, 1)
    if wrong.any():
        row = wrong.idxmax()
        raise _refuse(f"Row {row} of {table.name}: the share {_quoted(share_text.loc[row])} is not "
                      "between 0 and 1 (or 0% and 100%).")
    counts = get["base_count"]
    is_count = counts.str.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
    if ((counts != "") & ~is_count).any():
        row = ((counts != "") & ~is_count).idxmax()
        raise _refuse(f"Row {row} of {table.name}: the base_count {_quoted(counts.loc[row])} is not a "
                      "whole number (leave it empty where the analysis gives none).")
    base_count = pd.to_numeric(counts.where(is_count, None).str.replace(",", "", regex=False),
                               errors="coerce").astype("Int64")
    return pd.DataFrame({
        "board_type": board_type, "theme": label, "share": share.astype("float64"),
        "base": get["base"], "base_count": base_count, "years": get["years"],
        "source": get["source"],
    }).reset_index(drop=True)


# -- the figures, whole -----------------------------------------------------------------------------


def _without_repeats(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A figure given twice is kept once when both agree; refused when they differ."""
    key = ["measure", "year", "level", "area_code", "breakdown"]
    keyed = frame.assign(breakdown=frame.breakdown.fillna("\x00"))
    repeated = keyed.duplicated(key, keep=False)
    if repeated.any():
        again = keyed[repeated].assign(value=keyed.value.fillna(-1.0))
        differ = again.groupby(key)[["value", "state"]].nunique().max(axis=1) > 1
        if differ.any():
            first = differ[differ].index[0]
            clash = again[(again[key] == pd.Series(first, index=key)).all(axis=1)]
            rows = sorted(int(r) for r in clash.row)[:2]
            raise _refuse(f"Rows {rows[0]} and {rows[1]} of {name} give different figures for the "
                          f"same thing ({first[0]} for {clash.area_name.iloc[0]} in {first[1]}). "
                          "Load the file as downloaded from its publisher.")
    return frame[~keyed.duplicated(key)]


def _whole(frames: list[pd.DataFrame], name: str) -> pd.DataFrame:
    frame = pd.concat([f for f in frames if not f.empty] or frames, ignore_index=True)
    if frame.empty:
        raise _refuse(f"{name} holds no figures the product reads. Load the file as downloaded "
                      "from its publisher.")
    frame = _without_repeats(frame, name)
    out = frame[list(FIGURE_COLUMNS)].reset_index(drop=True)
    for column in FIGURE_COLUMNS:
        if column not in ("value", "rounded_to"):
            text = out[column].astype(object)
            out[column] = text.where(text.notna(), None)
    out["value"] = out["value"].astype("float64")
    out["rounded_to"] = pd.to_numeric(out["rounded_to"], errors="coerce").astype("Int64")
    return out


# -- years and releases -----------------------------------------------------------------------------


def _financial(match: re.Match[str]) -> str | None:
    start, end = int(match[1]), int(match[2])
    if (start + 1) % 100 == end % 100 and (end < 100 or end == start + 1):
        return f"{start}-{end % 100:02d}"
    return None


def _year_in_name(name: str) -> str | None:
    """The one financial year a file's name says (2024-25, 2024_25, 202425, 2024-2025)."""
    stem = Path(name).stem
    found = {year for pattern in (_FINANCIAL, _FINANCIAL_LONG, _SPAN)
             for match in pattern.finditer(stem) if (year := _financial(match))}
    return found.pop() if len(found) == 1 else None


def _release_in_name(name: str) -> str | None:
    stem = Path(name).stem
    if spans := {match[2] for match in _SPAN.finditer(stem)}:
        return spans.pop() if len(spans) == 1 else None
    if year := _year_in_name(name):
        return year
    years = {match[1] for match in _YEAR.finditer(stem)}
    return years.pop() if len(years) == 1 else None


def _checked_year(year: str | None, name: str) -> str:
    from_name = _year_in_name(name)
    if year is None:
        if from_name is None:
            raise _refuse(f"{name} carries no year (the Safeguarding Adults Collection's rows do "
                          "not say which year they are for): load it again with --year, e.g. "
                          "--year 2024-25.")
        return from_name
    given = year.strip()
    span = _GIVEN_YEAR.fullmatch(given)
    if not span or (int(span[1]) + 1) % 100 != int(span[2]):
        raise _refuse(f"{_quoted(given)} is not a financial year: give it as, e.g., --year 2024-25.")
    if from_name is not None and from_name != given:
        raise _refuse(f"--year {given} disagrees with {name}, whose name says {from_name}: check "
                      "which year the file is for.")
    return given


def _release(kind: str, name: str, release: str | None, year: str | None,
             latest: str | None) -> str:
    if release is not None:
        given = " ".join(release.split())
        if not given or len(given) > 40:
            raise _refuse(f"{_quoted(release)} is not a release: give it as its publisher names "
                          "it, e.g. --release 2025.")
        return given
    if kind == "national_themes":
        return "reference"
    if kind == "sac":
        assert year is not None
        return year
    found = _release_in_name(name) or latest
    if found is None:
        raise _refuse(f"{name}'s name gives no year of release (as sn_model_2025_wide.csv does): "
                      "load it again with --release, e.g. --release 2025.")
    return found


def _source(kind: str, release: str, year: str | None, synthetic: bool) -> str:
    about = KINDS[kind]
    if kind == "national_themes":
        text = f"{about.title}: each share with its own source"
    else:
        publisher = about.publisher
        if kind == "sac":
            publisher = ("NHS England" if (year or release) <= "2023-24"
                         else "Department of Health and Social Care")
        text = f"{publisher}, {about.title}, {release} release"
    return text + (SYNTHETIC_NOTE if synthetic else "")


def _latest_period(table: Table, figures: pd.DataFrame) -> str | None:
    """The release a DfE file's latest time period names: 2025, or 2022-23 for 202223."""
    if table.find(_c("time_period")) is None or figures.empty:
        return None
    latest = str(figures.year.max())
    periods = set(table.get(_c("time_period")))
    reporting = str(int(latest[:4]) + 1)
    return reporting if reporting in periods else latest


# -- the reader ---------------------------------------------------------------------------------------


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _frames(layout: Layout, table: Table, year: str | None) -> list[pd.DataFrame]:
    if layout.kind == "sac":
        assert year is not None
        return _sac(table, year)
    if layout.kind == "cin_c3":
        return _cin_c3_wide(table) if layout.shape == "wide" else _cin_c3_long(table)
    readers = {"sin_subnational": _sin_subnational, "sin_nature": _sin_nature, "cin_b1": _cin_b1}
    return readers[layout.kind](table)


def read_national_bytes(data: bytes, file_name: str, *, year: str | None = None,
                        release: str | None = None) -> NationalFile:
    """A national file's bytes (an upload), read as `read_national` reads a file."""
    name = Path(file_name).name
    table = read_table(data, name)
    layout = recognise(table)
    kind = layout.kind
    if year is not None and kind != "sac":
        raise _refuse(f"--year is only for the Safeguarding Adults Collection, whose rows carry "
                      f"no year; {name} gives each row its own year.")
    sac_year = _checked_year(year, name) if kind == "sac" else None
    figures, neighbours, shares = (_empty(FIGURE_COLUMNS), _empty(NEIGHBOUR_COLUMNS),
                                   _empty(THEME_SHARE_COLUMNS))
    if kind == "sn_model":
        neighbours = _sn_model(table)
    elif kind == "national_themes":
        shares = _theme_shares(table)
    else:
        figures = _whole(_frames(layout, table, sac_year), name)
    synthetic = (name.lower().startswith("synthetic_")
                 or bool(figures.area_code.astype(str).str.fullmatch(INVENTED_CODES).any()))
    chosen = _release(kind, name, release, sac_year, _latest_period(table, figures))
    return NationalFile(kind=kind, release=chosen, source=_source(kind, chosen, sac_year, synthetic),
                        file_name=name, synthetic=synthetic, figures=figures,
                        neighbours=neighbours, theme_shares=shares)


def read_national(path: Path, *, year: str | None = None, release: str | None = None) -> NationalFile:
    """One published national file, read by its header into its kind, release, source and rows.
    `year` is only for the Safeguarding Adults Collection, whose rows carry none (else from its
    file name); `release` overrides the one its name or latest time period says. Raises
    NationalFileError, in one line, for anything it cannot read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _refuse(f"{path.name}: there is no such file.") from None
    except OSError as error:
        raise _refuse(f"{path.name} cannot be read ({error.strerror or error}).") from None
    return read_national_bytes(data, path.name, year=year, release=release)
