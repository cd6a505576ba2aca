"""Stage 1, read: the bytes of an extract to a table of text cells under its headers,
whatever Excel did to it, and which data set it is.

Handles UTF-8 with or without a byte-order mark, Windows-1252, UTF-16 ("Unicode text"),
comma, semicolon, tab or pipe separators, title lines above the header, quoted fields with
line breaks, blank rows and columns, trailing separators and stray whitespace. Refuses,
with a message a quality lead can act on, files that are empty, binary, too large or have no
recognisable header.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from data_models import settings
from ingest.problems import Problem
from loaders.contracts import CONTRACTS, header_key, recognise_kind

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_HEADER_SEARCH_ROWS = 30
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


class ExtractRefused(Exception):
    """The file cannot be read as an extract at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class RawExtract:
    """The cells of an extract as text, below its header row."""

    cells: pd.DataFrame                 # one column per header, labelled 0..n-1, str cells
    headers: list[str]                  # the header text of each column, as in the file
    row_numbers: pd.Series              # the spreadsheet row of each record
    encoding: str
    delimiter: str
    header_row: int                     # spreadsheet row of the header
    problems: list[Problem] = field(default_factory=list)
    from_workbook: bool = False         # an .xlsx: numbers in date columns are Excel serials
    title: str = ""                     # the words of the rows above the header (a title row)
    _distinct: dict[int, tuple[np.ndarray, pd.Index]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def distinct(self, position: int) -> tuple[np.ndarray, pd.Index]:
        """The column's distinct texts, in order of first appearance, and each cell's place
        among them. Worked out once per column: the personal-data scan and the parser both
        look at every distinct text rather than every cell. A CSV read by Arrow holds each
        column as its distinct texts already (a categorical column)."""
        if position not in self._distinct:
            column = self.cells[position]
            if isinstance(column.dtype, pd.CategoricalDtype):
                codes = column.cat.codes.to_numpy().astype(np.int32)
                uniques = pd.Index(column.cat.categories, dtype="str")
            else:
                codes, uniques = pd.factorize(column, use_na_sentinel=False)
                codes, uniques = codes.astype(np.int32), pd.Index(uniques)
            self._distinct[position] = (codes, uniques)
        return self._distinct[position]

    def let_go(self, position: int) -> None:
        """Forget a column's cells and distinct texts, once nothing will read them again (a
        large extract's text, parsed), so that they and the typed column are not held at once."""
        self._distinct.pop(position, None)
        if position in self.cells.columns:
            del self.cells[position]

    def with_cells(self, changes: Iterable[tuple[int, str, str]]) -> RawExtract:
        """A copy with some cells replaced, each named by spreadsheet row and header as the
        file has them (a row or header the file lacks is passed over)."""
        changes = list(changes)
        if not changes:
            return self
        cells = self.cells.copy()
        position = {header: i for i, header in enumerate(self.headers)}
        index_of_row = {int(row): i for i, row in enumerate(self.row_numbers)}
        for column in {position[h] for _, h, _ in changes if h in position}:
            cells[column] = cells[column].astype("str")     # a new text is no category
        for row, header, text in changes:
            if header in position and row in index_of_row:
                cells.iat[index_of_row[row], position[header]] = text
        return RawExtract(cells, self.headers, self.row_numbers, self.encoding, self.delimiter,
                          self.header_row, self.problems, self.from_workbook, self.title)

    @property
    def description(self) -> str:
        if self.from_workbook:
            return f"Excel workbook, first sheet, header on row {self.header_row}"
        return (
            f"{self.encoding}, {_DELIMITER_NAMES.get(self.delimiter, self.delimiter)}-separated, "
            f"header on row {self.header_row}"
        )


# Nothing but whitespace, NULs and byte-order marks (matched from the start, so a file with
# data stops it at its first character; stripping would copy the whole file).
_BLANK_FILE = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*\Z")


def refuse(rule: str, message: str) -> ExtractRefused:
    return ExtractRefused(Problem(None, None, rule, message))


def _encoding(data: bytes) -> tuple[str, str, int]:
    """(the encoding's name for people, its codec, the bytes of byte-order mark to skip)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "UTF-8 (with BOM)", "utf-8", 3
    if data.startswith(b"\xff\xfe"):
        return "UTF-16", "utf-16-le", 2
    if data.startswith(b"\xfe\xff"):
        return "UTF-16", "utf-16-be", 2
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "UTF-16", "utf-16-le", 0
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "UTF-16", "utf-16-be", 0
    return "UTF-8", "utf-8", 0


def decode(data: bytes) -> tuple[str, str, str, int]:
    """The encoding of the file: (the text of its first 64 KB, the encoding's name for people,
    its codec, the bytes of byte-order mark to skip). The whole file must decode in it; a file
    without a byte-order mark that is not UTF-8 is Excel's Windows-1252. Raises
    UnicodeDecodeError for a file marked UTF-8 or UTF-16 that is not."""
    name, codec, offset = _encoding(data)
    try:
        data[offset:].decode(codec)
    except UnicodeDecodeError:
        if (name, offset) != ("UTF-8", 0):
            raise
        # Excel's "CSV" on Windows: Windows-1252 (smart quotes, en dashes, the pound sign).
        name, codec = "Windows-1252", "cp1252"
    return _head(data, codec, offset), name, codec, offset


_HEAD_BYTES = 65536
# Characters Python's splitlines() breaks lines at but a CSV reader does not.
_RARE_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _head(data: bytes, codec: str, offset: int) -> str:
    """The first 64 KB as text, without a character cut in two at the end."""
    return data[offset:offset + _HEAD_BYTES].decode(codec, errors="ignore")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls > max(8, len(sample) // 100)


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the number of physical lines consumed before it."""
    lines = iter(text.splitlines(keepends=True))
    consumed = 0

    def counting() -> Iterator[str]:
        nonlocal consumed
        for line in lines:
            consumed += 1
            yield line

    reader = csv.reader(counting(), delimiter=delimiter)
    before = 0
    for record in reader:
        yield before, record
        before = consumed


def _header_score(cells: list[str], known: set[str]) -> int:
    return sum(1 for cell in {header_key(c) for c in cells if c.strip()} if cell in known)


def known_header_keys(kind: str | None) -> set[str]:
    contracts = [CONTRACTS[kind]] if kind else list(CONTRACTS.values())
    return {key for contract in contracts for key in contract.header_lookup()}


def _find_header(text: str, kind: str | None,
                 also_known: frozenset[str] = frozenset()) -> tuple[str, int, int, int]:
    """(delimiter, record index of the header, physical lines before it, score)."""
    known = known_header_keys(kind) | also_known
    best: tuple[int, int, str, int, int] | None = None
    head = text[:65536]
    for delimiter in _DELIMITERS:
        try:
            for index, (lines_before, record) in enumerate(_records(head, delimiter)):
                if index >= _HEADER_SEARCH_ROWS:
                    break
                score = _header_score(record, known)
                candidate = (score, len(record), delimiter, index, lines_before)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        except csv.Error:
            continue
    if best is None or best[0] < 2:
        expected = ", ".join(CONTRACTS[kind].names[:5]) if kind else "review_id, board, board_type"
        raise refuse(
            "no_header",
            "No header row was found in the first 30 rows. The file needs a row of column "
            f"headers such as {expected}. Download the template to see them.",
        )
    score, _, delimiter, index, lines_before = best
    return delimiter, index, lines_before, score


def _cells_fast(body: str, delimiter: str, width: int) -> pd.DataFrame | None:
    """All records below the header with pandas' C parser; None when rows are ragged."""
    try:
        frame = pd.read_csv(
            io.StringIO(body), sep=delimiter, header=None, dtype=str, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, engine="c", quoting=csv.QUOTE_MINIMAL,
            names=list(range(width)),
        )
    except (pd.errors.ParserError, ValueError):
        return None
    return frame


def _cells_any(body: str, delimiter: str) -> pd.DataFrame:
    records = [r for _, r in _records(body, delimiter)]
    width = max((len(r) for r in records), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=str)


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold. A formula is kept as its text
    ("=A1+1"): nothing in the product ever runs it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_workbook(data: bytes) -> None:
    """Refuse a workbook that would unpack to too much, before anything is unpacked: the sum
    of its parts' sizes, how much they were compressed, and the cells its sheets say they
    hold (each sheet's <dimension>, read from its first bytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > settings.MAX_WORKBOOK_UNPACKED_MB * 1_048_576 \
                    or unpacked > settings.MAX_WORKBOOK_RATIO * max(len(data), 1):
                raise refuse(
                    "too_large",
                    f"The workbook is {len(data) / 1_048_576:.1f} MB but would unpack to "
                    f"{unpacked / 1_048_576:,.0f} MB (the limit is "
                    f"{settings.MAX_WORKBOOK_UNPACKED_MB} MB, or {settings.MAX_WORKBOOK_RATIO} "
                    "times its size), so it was not opened. Save the sheet you need as CSV "
                    "UTF-8 and upload that.")
            for part in parts:
                if not part.filename.startswith("xl/worksheets/sheet"):
                    continue
                with archive.open(part) as sheet:
                    found = _DIMENSION.search(sheet.read(4096))
                if found:
                    cells = _column_number(found.group(1)) * int(found.group(2))
                    if cells > settings.MAX_WORKBOOK_CELLS:
                        raise refuse(
                            "too_large",
                            f"A sheet of the workbook holds {cells:,} cells (the limit is "
                            f"{settings.MAX_WORKBOOK_CELLS:,}), so it was not opened. Save the "
                            "sheet you need as CSV UTF-8 and upload that.")
    except zipfile.BadZipFile as error:
        raise refuse("not_xlsx", "The workbook could not be opened (it may be damaged). Save "
                                 "it again from Excel as .xlsx.") from error


def _read_workbook(data: bytes, kind: str | None,
                   also_known: frozenset[str] = frozenset(),
                   progress: Callable[[int], object] | None = None) -> RawExtract:
    import openpyxl  # only for workbooks

    _check_workbook(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise refuse("not_xlsx", "The workbook could not be opened (it may be damaged or "
                                 "password-protected). Save it again from Excel as .xlsx.") from error
    sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), book.worksheets[0])
    records: list[list[str]] = []
    cells = 0
    try:
        # streamed, row by row: a sheet whose <dimension> said too little is stopped here
        for row in sheet.iter_rows(values_only=True):
            records.append([_cell_text(v) for v in row])
            cells += len(row)
            if cells > settings.MAX_WORKBOOK_CELLS or len(records) > settings.MAX_ROWS:
                raise refuse(
                    "too_large",
                    f"The sheet holds more than {settings.MAX_WORKBOOK_CELLS:,} cells (or "
                    f"{settings.MAX_ROWS:,} rows), so it was not read. Split it by financial "
                    "year and upload each part.")
            if progress is not None and len(records) % 50_000 == 0:
                progress(len(records))    # a person who has gone stops it here
    finally:
        book.close()
    known = known_header_keys(kind) | also_known
    scored = [(_header_score(r, known), -i, i) for i, r in enumerate(records[:_HEADER_SEARCH_ROWS])]
    if not scored or max(scored)[0] < 2:
        raise refuse("no_header", "No header row was found in the first 30 rows of the first "
                                  "sheet. Download the template to see the headers.")
    header_index = max(scored)[2]
    header = records[header_index]
    body = records[header_index + 1:]
    width = max([len(header), *(len(r) for r in body)])
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in body], dtype=str)
    if frame.empty:
        frame = pd.DataFrame(columns=range(width), dtype=str)
    frame.columns = range(width)
    headers = [h.strip() for h in header] + [""] * (width - len(header))
    row_numbers = pd.Series(range(header_index + 2, header_index + 2 + len(frame)))
    raw = RawExtract(frame, headers, row_numbers, "Excel workbook", "", header_index + 1,
                     from_workbook=True, title=_title(records[:header_index]))
    return tidy(raw)


_TITLE_CHARACTERS = 500


def _title(rows: list[list[str]]) -> str:
    """The words of the rows above the header (a tracker's title row), their cells joined by
    spaces, cut short: read for the board a file names, never shown."""
    words = " ".join(" ".join(str(cell).split()) for row in rows for cell in row if str(cell).strip())
    return words[:_TITLE_CHARACTERS]


def _limited(raw: RawExtract) -> RawExtract:
    """Refuse an extract over the limits on rows, columns and the length of a cell, in one
    sentence each."""
    if len(raw.cells) > settings.MAX_ROWS:
        raise refuse("too_large", f"The file holds {len(raw.cells):,} rows (the limit is "
                                  f"{settings.MAX_ROWS:,}). Split it by financial year and "
                                  "load each part.")
    if len(raw.headers) > settings.MAX_COLUMNS:
        raise refuse("too_large", f"The file has {len(raw.headers):,} columns (the limit is "
                                  f"{settings.MAX_COLUMNS}). Keep the columns of the "
                                  "template and remove the rest.")
    for position, header in enumerate(raw.headers):
        _, texts = raw.distinct(position)
        lengths = pd.Series(texts, dtype="str").str.len()
        if len(lengths) and lengths.max() > settings.MAX_FIELD_CHARACTERS:
            raise refuse("field_too_long",
                         f"A cell in the column '{header or position + 1}' holds "
                         f"{int(lengths.max()):,} characters, more than a spreadsheet cell "
                         f"can ({settings.MAX_FIELD_CHARACTERS:,}). The file may be damaged "
                         "(a quote left open joins the rows after it into one cell): check "
                         "the quotes in that column and export it again.")
    return raw


def read_extract(
    data: bytes, *, kind: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    file_name: str = "", also_known: frozenset[str] = frozenset(),
    progress: Callable[[int], object] | None = None,
) -> RawExtract:
    """The cells of a CSV or .xlsx extract. Raises ExtractRefused when it cannot be read.
    `also_known` are header keys boards have mapped, which count towards finding the header."""
    if len(data) > max_bytes:
        raise refuse(
            "too_large",
            f"The file is {len(data) / 1_048_576:.1f} MB, over the limit of "
            f"{max_bytes / 1_048_576:.0f} MB. Split it by financial year and load each part.",
        )
    if _BLANK_FILE.match(data):
        raise refuse("empty_file", "The file is empty. Export the extract again with its data.")
    if data.startswith(b"PK\x03\x04"):
        return _limited(_read_workbook(data, kind, also_known, progress))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(
            "old_excel",
            "This is an old-style Excel .xls workbook. Save it from Excel as .xlsx or as "
            "CSV UTF-8 and upload that.",
        )
    if file_name.lower().endswith(".xlsx"):
        raise refuse("not_xlsx", "The file is named .xlsx but is not an Excel workbook. "
                                 "Save it again from Excel as .xlsx.")
    try:
        head, encoding, codec, offset = decode(data)
    except UnicodeDecodeError:
        raise refuse(
            "not_text", "The file is not readable text. Save it from Excel as CSV UTF-8."
        ) from None
    if _looks_binary(head):
        raise refuse(
            "not_text",
            "The file does not look like a CSV text file (it holds binary data). "
            "Save it from Excel as CSV UTF-8 and upload that.",
        )
    try:
        return _read_csv(data, head, encoding, codec, offset, kind, also_known)
    except csv.Error as error:     # Python's reader stops at a field over its limit
        raise refuse("field_too_long",
                     "A cell of the file is longer than a spreadsheet cell can be "
                     f"({settings.MAX_FIELD_CHARACTERS:,} characters). The file may be "
                     "damaged (a quote left open joins the rows after it into one cell): check "
                     "the quotes and export it again.") from error


def _read_csv(data: bytes, head: str, encoding: str, codec: str, offset: int,
              kind: str | None, also_known: frozenset[str]) -> RawExtract:

    delimiter, header_index, lines_before, _ = _find_header(head, kind, also_known)
    lines = head.splitlines(keepends=True)
    header_record = next(csv.reader(io.StringIO("".join(lines[lines_before:])),
                                    delimiter=delimiter))
    above = "".join(lines[:lines_before + 1])
    frame = None
    if not any(c in above for c in _RARE_LINE_BREAKS):  # Arrow splits lines at \n and \r only
        frame = _cells_arrow(data, codec, offset, delimiter, lines_before, len(header_record))
    stripped = frame is not None
    if frame is None:   # ragged rows or other oddities: the careful, slower way
        text = data[offset:].decode(codec, errors="replace")
        body = "".join(text.splitlines(keepends=True)[lines_before:])
        frame = _cells_fast(body, delimiter, len(header_record))
        if frame is None:
            frame = _cells_any(body, delimiter)
        frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = range(frame.shape[1])
    headers = [h.strip() for h in header_record] + [""] * (frame.shape[1] - len(header_record))
    # the spreadsheet row of each record: records above the header, the header, then these
    row_numbers = pd.Series(range(header_index + 2, header_index + 2 + len(frame)))
    title = _title(list(csv.reader(io.StringIO("".join(lines[:lines_before])),
                                   delimiter=delimiter)))
    raw = RawExtract(frame, headers, row_numbers, encoding, delimiter, header_index + 1,
                     title=title)
    return _limited(tidy(raw, stripped=stripped))


def _cells_arrow(data: bytes, codec: str, offset: int, delimiter: str, lines_before: int,
                 width: int) -> pd.DataFrame | None:
    """The records below the header, read by Arrow's multithreaded CSV reader straight from
    the bytes (transcoding as it goes), as text; None when the rows do not all have the
    header's width. A blank line is kept as a row of blanks, so row numbers stay right."""
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(memoryview(data)[offset:]),
            read_options=pacsv.ReadOptions(skip_rows=lines_before + 1, column_names=names,
                                           encoding="utf8" if codec == "utf-8" else codec),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, LookupError, UnicodeError):
        return None
    columns = table.columns
    del table
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        # Arrow's kernels let go of Python's lock, so the columns are encoded side by side
        frame = pd.DataFrame(dict(enumerate(pool.map(_distinct_texts, columns))))
    del columns
    pa.default_memory_pool().release_unused()   # Arrow's pool keeps freed blocks otherwise
    return frame


def _distinct_texts(column: pa.ChunkedArray) -> pd.Categorical:
    """A column of text as its distinct texts (stripped of surrounding whitespace), in order
    of first appearance, and each cell's place among them: a million cells with a few hundred
    distinct texts are held, and later checked and parsed, as those few hundred."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    texts = pc.utf8_trim_whitespace(encoded.dictionary)
    if not texts.equals(encoded.dictionary):     # "Police" and "Police " are one text
        merged = pc.dictionary_encode(texts)
        codes = merged.indices.to_numpy(zero_copy_only=False).astype(np.int32)[codes]
        texts = merged.dictionary
    del encoded
    categories = pd.Index(texts.to_pandas(), dtype="str")
    # the codes index the categories by construction: no need to check them all again
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories), validate=False)


def tidy(raw: RawExtract, *, stripped: bool = False) -> RawExtract:
    """Strip whitespace (unless the reader did), drop blank rows and blank unnamed columns."""
    cells = raw.cells if stripped else raw.cells.apply(lambda col: col.astype(str).str.strip())
    problems = list(raw.problems)
    keep = []
    for position, header in enumerate(raw.headers):
        if header:
            keep.append(position)
        elif (cells[position] != "").any():
            problems.append(
                Problem(None, f"column {position + 1}", "unnamed_column",
                        f"Column {position + 1} has values but no header, so it was ignored. "
                        "Give it a header from the template if it should be loaded.",
                        "warning")
            )
    cells = cells[keep]
    headers = [raw.headers[p] for p in keep]
    cells.columns = range(len(keep))
    filled = (cells != "").any(axis=1) if len(keep) else pd.Series(False, index=cells.index)
    if not filled.all():
        cells = cells[filled].reset_index(drop=True)
        for column in cells.columns:       # a text only blank rows held is no longer there
            if isinstance(cells[column].dtype, pd.CategoricalDtype):
                cells[column] = cells[column].cat.remove_unused_categories()
    row_numbers = raw.row_numbers[filled.to_numpy()].reset_index(drop=True)
    return RawExtract(cells, headers, row_numbers, raw.encoding, raw.delimiter, raw.header_row,
                      problems, raw.from_workbook, raw.title)


# -- the stage ---------------------------------------------------------------------------------

UNKNOWN_DATA_SET = Problem(
    None, None, "unknown_data_set",
    "The headers do not say which data set this is (reviews, recommendations, audits or "
    "training). Choose the data set, or start from its template.")


def read(data: bytes, kind: str | None, file_name: str,
         max_bytes: int = DEFAULT_MAX_BYTES,
         mapped_headers: dict[str, dict[str, str]] | None = None,
         progress: Callable[[int], object] | None = None,
         ) -> tuple[RawExtract | None, str | None, list[Problem]]:
    """The text cells, the data set (recognised from the headers when not given), or the one
    problem that stops the file being read. `mapped_headers` (data set -> header key ->
    column) are the headers boards have mapped."""
    mapped = mapped_headers or {}
    also_known = frozenset(k for kinds, headers in mapped.items() if kind in (None, kinds)
                           for k in headers)
    try:
        raw = read_extract(data, kind=kind, max_bytes=max_bytes, file_name=file_name,
                           also_known=also_known, progress=progress)
    except ExtractRefused as refused:
        return None, kind, [refused.problem]
    kind = kind or recognise_kind(raw.headers, mapped)
    if kind is None:
        return None, None, [UNKNOWN_DATA_SET]
    return raw, kind, []
