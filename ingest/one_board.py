"""Stage 1b, one board: a file with no board column is one board's own (a quality lead's
tracker), stored for the board chosen on the Upload page or named with `--board`, and
remembered by its layout, so that next month's file needs no choice. A file whose board
column names other boards than the one chosen is refused, naming them.

The board (and, where the data set has one and the file does not, the board's type) is added
to the file as columns of its own, before the guard and the parser read it: everything after
sees a file that names its board.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from access.scopes import boards_held
from ingest.mappings.rules import FILE_BOARD, Mapping, Mappings, layout_key, layout_text
from ingest.problems import Problem
from ingest.read import RawExtract
from loaders.contracts import BOARD_TYPES, CONTRACTS, header_key

# The last word of a board's name that says its type, as boards name themselves.
_TYPE_OF_NAME = {"scp": "children", "lscp": "children", "csp": "children", "lscb": "children",
                 "sab": "adults"}
_TYPE_WORDS = {"children": "a children's", "adults": "an adults'"}


@dataclass(frozen=True)
class OneBoard:
    """What this stage did: the board the file was read for (None: the file names its
    boards), whether that came from a remembered layout, and the layout to remember."""

    board: str | None = None
    remembered: Mapping | None = None
    layout: str = ""
    likely: str | None = None     # asked which board: the one the file's own words name


_WORD = re.compile(r"[0-9a-z]+")


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.casefold().replace("'", "").replace("\u2019", ""))) + " "


def _named_in(text: str, boards: list[str]) -> str | None:
    """The one board the text names, by its whole name, or else by its name without the word
    that says its type ('Kestrel Bay' for Kestrel Bay SCP); None when none or several are."""
    said = _words(text)
    whole = [b for b in boards if _words(b).strip() and _words(b) in said]
    if len(whole) == 1:
        return whole[0]
    if whole:
        return None
    stems = {b: " ".join(b.split()[:-1]) for b in boards
             if len(b.split()) > 1 and header_key(b.split()[-1]) in _TYPE_OF_NAME}
    named = [b for b, stem in stems.items() if _words(stem) in said]
    return named[0] if len(named) == 1 else None


def likely_board(con: duckdb.DuckDBPyConnection, raw: RawExtract, kind: str, file_name: str,
                 lookup: dict[str, str]) -> str | None:
    """The board a file with no board column most likely is for, from its own words: the
    title row above its header, then its file name, then the review references it holds that
    the store already holds for one board. None when nothing names one board."""
    boards = boards_held(con)
    for text in (raw.title, file_name.rsplit(".", 1)[0].replace("_", " ")):
        found = _named_in(text, boards) if text else None
        if found:
            return found
    at = _position(raw, "review_id", lookup)
    if at is None:
        return None
    _, references = raw.distinct(at)
    wanted = [str(r).strip() for r in references if str(r).strip()][:1000]
    if not wanted:
        return None
    held = con.execute("SELECT DISTINCT board FROM reviews WHERE list_contains(?, review_id)",
                       [wanted]).fetchall()
    return held[0][0] if len(held) == 1 else None


def _position(raw: RawExtract, column: str, lookup: dict[str, str]) -> int | None:
    return next((i for i, h in enumerate(raw.headers) if lookup.get(header_key(h)) == column),
                None)


def _with_column(raw: RawExtract, header: str, value: str) -> RawExtract:
    cells = raw.cells.copy()
    cells[len(raw.headers)] = pd.Series(value, index=cells.index, dtype="str")
    return RawExtract(cells, [*raw.headers, header], raw.row_numbers, raw.encoding,
                      raw.delimiter, raw.header_row, raw.problems, raw.from_workbook, raw.title)


def known_board_type(con: duckdb.DuckDBPyConnection, board: str) -> str | None:
    """The type of a board already holding reviews, recommendations or audits."""
    row = con.execute(
        "SELECT board_type FROM (SELECT board, board_type FROM reviews UNION ALL "
        "SELECT board, board_type FROM recommendations UNION ALL "
        "SELECT board, board_type FROM audits) WHERE lower(board) = lower(?) "
        "GROUP BY board_type ORDER BY count(*) DESC LIMIT 1", [board]).fetchall()
    return row[0][0] if row else None


def _type_of(con: duckdb.DuckDBPyConnection, board: str,
             given: str | None) -> tuple[str | None, str]:
    """The board's type and how it is known, or None."""
    if given:
        return given, "as chosen"
    known = known_board_type(con, board)
    if known:
        return known, "as its records already stored say"
    last = header_key(board.split()[-1]) if board.split() else ""
    named = _TYPE_OF_NAME.get(last)
    return named, f"as '{board.split()[-1]}' in its name says" if named else ""


def one_board(con: duckdb.DuckDBPyConnection, raw: RawExtract, kind: str, board: str | None,
              board_type: str | None, mappings: Mappings,
              header_keys: dict[str, str],
              file_name: str = "") -> tuple[RawExtract, list[Problem], OneBoard]:
    """The file with its board named in every row, the problems (a root cause when the board
    cannot be known, or the file names others), and what was done (asked which board: the
    board its own words name, to preselect). `header_keys` are the headers boards have mapped
    (header key -> column)."""
    contract = CONTRACTS[kind]
    lookup = contract.header_lookup() | header_keys
    at = _position(raw, "board", lookup)
    layout = layout_text(raw.headers)
    if board_type is not None and board_type not in BOARD_TYPES:
        return raw, [Problem(None, None, "board_type_unknown",
                             f"'{board_type}' is not a kind of board: use "
                             f"{' or '.join(BOARD_TYPES)}.")], OneBoard()
    remembered = None
    if board is None:
        if at is not None:
            return raw, [], OneBoard()
        kept = [m for m in mappings.of(FILE_BOARD) if m.from_key == layout_key(layout)]
        if len({m.to_value for m in kept}) != 1:
            return raw, [Problem(
                None, None, "no_board",
                "This file has no board column. Say which board it is for (choose it on the "
                "Upload page, or load it with --board NAME): files laid out like it are then "
                "read as that board's without asking." if not kept else
                "This file has no board column, and more than one board's files are laid out "
                f"like it ({', '.join(sorted({m.to_value for m in kept}))}). Say which board "
                "it is for.")], OneBoard(likely=likely_board(con, raw, kind, file_name, lookup))
        remembered = kept[0]
        board = remembered.to_value
        mappings.used(remembered, len(raw.cells))
    board = " ".join(board.split())
    notes: list[Problem] = []
    if remembered is not None:
        notes.append(Problem(None, None, "mapping_applied", remembered.sentence(), "note",
                             count=len(raw.cells), value=remembered.from_text))
    if at is not None:
        codes, uniques = raw.distinct(at)
        named = {" ".join(str(u).split()) for u in uniques} - {""}
        others = sorted(n for n in named if n.casefold() != board.casefold())
        if others:
            return raw, [Problem(
                None, raw.headers[at], "not_this_board",
                f"This file is said to be for {board}, but its '{raw.headers[at]}' column "
                f"names other boards too: {', '.join(others)}. Remove their rows (or load them "
                "as their own board's file), or load the file without choosing a board.")
            ], OneBoard()
        blank = pd.Series(uniques, dtype="str").str.strip().eq("").to_numpy()
        if blank.any():                  # a row with no board is the chosen board's
            rows = raw.row_numbers.to_numpy()[blank[codes]]
            raw = raw.with_cells((int(row), raw.headers[at], board) for row in rows)
    else:
        raw = _with_column(raw, "Board", board)
    if "board_type" in contract.names and kind != "training" \
            and _position(raw, "board_type", lookup) is None:
        found, how = _type_of(con, board, board_type)
        if found is None:
            return raw, [Problem(
                None, None, "board_type_unknown",
                f"{board} has no records here yet, and the file does not say whether it is a "
                "children's or an adults' board. Say which (on the Upload page, or with "
                "--board-type children or adults).")], OneBoard()
        raw = _with_column(raw, "Board type", found)
        notes.append(Problem(None, None, "board_type_given",
                             f"Read as {_TYPE_WORDS.get(found, found)} board's file, {how}.",
                             "note"))
    return raw, notes, OneBoard(board, remembered, layout)
