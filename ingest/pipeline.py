"""The ingest pipeline: read -> guard -> parse -> enrich -> check, each a stage of its own
module; `ingest.store` stores what passes. Used by the command line and the dashboard's
Upload page alike."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

import duckdb
import pandas as pd

from data_models.agencies import AGENCY_COLUMNS
from data_models.labels import plural
from data_models.scope import Scope
from data_models.theme_matching import load_aliases, theme_keys, themes_in_text
from data_models.theme_suggestions import suggest_themes
from ingest.agencies import reconcile
from ingest.checks import check, known_review_keys, start_importing_checks
from ingest.enrich import enrich
from ingest.extract import CheckedExtract, Correction
from ingest.guard.scan import guard
from ingest.mappings.corrections import remembered
from ingest.mappings.offers import Offers, offers
from ingest.mappings.rules import HEADER, THEMES, Mappings
from ingest.mappings.stored import load_mappings, theme_labels
from ingest.memory import return_freed_memory
from ingest.one_board import OneBoard, one_board
from ingest.parse import parse
from ingest.problems import Problem, grouped
from ingest.read import DEFAULT_MAX_BYTES, RawExtract, read
from ingest.store import reject
from loaders.contracts import CONTRACTS, SOURCE_ROW

# Rows with errors offered for correction on the Upload page, from files of up to so many rows
# (a larger file's text cells are let go before the checks, to keep memory down; its errors are
# fixed in the spreadsheet).
MAX_ROWS_TO_CORRECT = 500
MAX_ROWS_FOR_CORRECTING = 50_000


# The database a check reads: a connection, or a way to open one for a moment (the dashboard's,
# so that no connection, and so no lock on the file, is held while a large file is checked).
Database = duckdb.DuckDBPyConnection | Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]


def _opened(database: Database) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    if isinstance(database, duckdb.DuckDBPyConnection):
        return contextlib.nullcontext(database)
    return database()


def check_extract(database: Database, kind: str | None, data: bytes,
                  file_name: str, as_of: dt.date, *,
                  max_bytes: int = DEFAULT_MAX_BYTES,
                  corrections: Sequence[Correction] = (),
                  progress: Callable[[float, str], object] | None = None,
                  scope: Scope,
                  board: str | None = None, board_type: str | None = None) -> CheckedExtract:
    """Every problem with an extract, and its records ready to store when there are no errors.

    With no kind, the data set is recognised from the headers. The mappings boards made are
    applied (and noted); `corrections` change cells of the file before anything reads them.
    `progress(fraction, step)` is told as each step starts. Problems come one per thing to fix,
    root causes first, errors before warnings before notes. `scope` is the person's: an extract
    naming a board outside it is refused, naming them.
    `board` says which board a file with no board column is for (`board_type` its type, when
    it holds no records yet); without it, such a file is read for the board its layout was
    last loaded for. `database` is read for a moment at each step that needs it, never while
    the file is read, parsed or checked."""
    say = progress or (lambda fraction, step: None)
    if kind is not None and kind not in CONTRACTS:
        raise ValueError(f"unknown data set {kind!r}; use one of {list(CONTRACTS)}")
    say(0.05, "Reading the file")
    start_importing_checks()
    checked = CheckedExtract(kind or "unknown", file_name, hashlib.sha256(data).hexdigest(), as_of,
                             uploader=scope)
    with _opened(database) as con:
        mapped_headers = _mapped_header_keys(con, kind)
    # told as a workbook's rows are read: a page whose person has gone stops the check there
    raw, kind, checked.problems = read(data, kind, file_name, max_bytes, mapped_headers,
                                       lambda rows: say(0.1, f"Reading the file ({rows:,} rows)"))
    if raw is None or kind is None:
        return checked
    checked.kind, checked.rows, checked.description = kind, len(raw.cells), raw.description
    raw = raw.with_cells((c.row, c.column, c.after) for c in corrections)
    checked.corrections = tuple(corrections)
    with _opened(database) as con:
        checked.mappings = load_mappings(con, kind)
        raw, for_board, checked.one_board = one_board(con, raw, kind, board, board_type,
                                                      checked.mappings,
                                                      mapped_headers.get(kind, {}), file_name)
    if any(p.root_cause for p in for_board):
        checked.problems = for_board
        if not scope.allows_board(checked.one_board.likely or ""):
            checked.one_board = OneBoard()      # only a board the person uploads for is named
        return checked
    kept_corrections, corrected = remembered(raw, kind, checked.mappings,
                                             mapped_headers.get(kind, {}))
    if kept_corrections:
        by_hand = {(c.row, c.column) for c in corrections}
        kept_corrections = [c for c in kept_corrections if (c.row, c.column) not in by_hand]
        raw = raw.with_cells((c.row, c.column, c.after) for c in kept_corrections)
        checked.corrections = (*checked.corrections, *kept_corrections)
    for_board = [*for_board, *corrected]
    say(0.25, "Looking for personal data")
    raw, found = guard(raw, kind)
    return_freed_memory()
    say(0.4, "Reading dates, numbers and values")
    kept = raw if len(raw.cells) <= MAX_ROWS_FOR_CORRECTING else None
    parsed, parse_problems = parse(raw, kind, checked.mappings, consume=kept is None)
    checked.headers, checked.unmatched_headers = parsed.headers, parsed.unmatched
    del raw                                  # a large file's text cells: not wanted again
    return_freed_memory()
    with _opened(database) as con:
        frame = enrich(con, parsed.frame, kind)
        frame, agencies, checked.likely_agencies = reconcile(
            con, frame, kind, checked.mappings, parsed.headers.get(AGENCY_COLUMNS.get(kind, "")))
        known = known_review_keys(con) if kind == "recommendations" else frozenset()
    say(0.55, "Running the checks")
    problems = [*for_board, *found, *parse_problems, *agencies, *_theme_mappings_used(frame, checked.mappings,
                                                              parsed.headers.get("themes"))]
    wrong = next((p for p in problems if p.rule == "wrong_data_set"), None)
    checked.frame = frame
    others = _other_boards(checked, parsed.headers.get("board"))
    if wrong is not None:
        problems = [wrong]        # everything else follows from it, and would only distract
    elif others is not None:
        problems = [others]       # nothing of another board's is checked, kept or shown
    else:
        problems += check(kind, frame, parsed.headers, as_of, known)
    checked.problems = grouped(problems)
    if kept is not None:
        checked.rows_with_errors = _rows_with_errors(kept, checked.problems)
    with _opened(database) as con:
        checked.suggested_themes = _themes_from_wording(con, frame, kind)
    checked.frame = frame[[c for c in CONTRACTS[kind].names if c in frame.columns]]
    say(1.0, "Checked")
    return checked


@dataclass(frozen=True)
class UploadCheck:
    """An extract checked as a person uploads it through a page, and what could be said once
    about it (each value, header, theme text and agency name to map)."""

    checked: CheckedExtract
    offers: Offers


def check_upload(database: Database, kind: str | None, data: bytes, file_name: str,
                 as_of: dt.date, *, uploaded_by: str | None, scope: Scope,
                 corrections: Sequence[Correction] = (),
                 progress: Callable[[float, str], object] | None = None,
                 board: str | None = None, board_type: str | None = None) -> UploadCheck:
    """The Upload page's check, in one call: `check_extract`, then, on one opening of the
    database, the upload logged as rejected with its problems when the checks find errors
    (nothing of it is stored), and what the page offers to map, with the themes closest to
    each piece of theme text that maps to none (a file of one board: that board's aliases
    too)."""
    checked = check_extract(database, kind, data, file_name, as_of, corrections=corrections,
                            progress=progress, scope=scope, board=board, board_type=board_type)
    with _opened(database) as con:
        boards = checked.boards or ()
        aliases = load_aliases(con, boards[0] if len(boards) == 1 else None)
        offered = offers(checked, lambda text: suggest_themes(text, aliases))
        offered.vocabulary = theme_labels(con)
        if checked.errors and not questions_only(checked, offered):
            reject(con, checked, uploaded_by)
    return UploadCheck(checked, offered)


# What the page asks rather than refuses: which board a file with no board column is for (and
# a new board's kind).
_ASKED = frozenset({"no_board", "board_type_unknown"})


def questions_only(checked: CheckedExtract, offered: Offers) -> bool:
    """Whether every error is a question the page asks, waiting for its answer, rather than a
    fault in the file: which board it is for, or what a value means where its likely meaning
    is preselected (a RAG colour). Such a check is not logged as a rejected upload."""
    likely = {(v.header, v.text) for v in offered.values if v.suggestion is not None}
    return all(p.rule in _ASKED or (p.rule == "allowed_values" and (p.column, p.value) in likely)
               for p in checked.errors)


def _other_boards(checked: CheckedExtract, header: str | None) -> Problem | None:
    """The one problem of an extract naming boards the person may not upload for."""
    others = checked.other_boards
    if not others:
        return None
    yours = ", ".join(checked.uploader.board_names) or "none"
    return Problem(None, header or "board", "other_boards",
                   f"This extract holds records for {plural(len(others), 'board')} you do not upload "
                   f"for: {', '.join(others)}. You may upload records for {yours} only. Remove "
                   "the other boards' rows (or ask their quality lead to load them) and upload "
                   "the file again.")


def _theme_mappings_used(frame: pd.DataFrame, mappings: Mappings,
                         header: str | None) -> list[Problem]:
    """Notes of the theme mappings (a board's theme aliases) this extract's theme text uses,
    counted as the other mappings are, so the upload records them too."""
    wanted = mappings.of(THEMES)
    if not wanted or header is None or "themes" not in frame.columns:
        return []
    codes, texts = pd.factorize(frame["themes"])
    keys = " " + theme_keys(pd.Series(texts, dtype="str")) + " "
    boards = frame["board"].astype("str").str.casefold() if "board" in frame.columns else None
    notes = []
    for m in wanted:
        holds = keys.str.contains(f" {m.from_key} ", regex=False).to_numpy()
        rows = pd.Series(codes >= 0) & pd.Series(holds[codes.clip(0)])
        if m.board and boards is not None:
            rows &= (boards == m.board.casefold()).to_numpy()
        count = int(rows.sum())
        if count:
            mappings.used(m, count)
            notes.append(Problem(None, header, "mapping_applied", m.sentence(), "note",
                                 count=count, value=m.from_text))
    return notes


def _themes_from_wording(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame,
                         kind: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """For recommendations given no themes, the themes their wording names, to be offered
    as suggestions (never stored unless a person confirms them)."""
    if kind != "recommendations" or "recommendation" not in frame.columns:
        return []
    themes = frame["themes"] if "themes" in frame.columns else pd.Series(pd.NA, index=frame.index)
    blank = themes.isna() | (themes.astype("str").str.strip() == "")
    wanted = frame.loc[blank, ["recommendation", SOURCE_ROW]].head(MAX_ROWS_TO_CORRECT)
    if wanted.empty:
        return []
    boards = frame["board"].dropna().unique() if "board" in frame.columns else []
    aliases = load_aliases(con, str(boards[0]) if len(boards) == 1 else None)
    out = []
    for text, row in zip(wanted["recommendation"], wanted[SOURCE_ROW], strict=True):
        named = tuple(themes_in_text(str(text), aliases)) if isinstance(text, str) else ()
        if named:
            out.append((int(row), str(text), named))
    return out


def _mapped_header_keys(con: duckdb.DuckDBPyConnection,
                        kind: str | None) -> dict[str, dict[str, str]]:
    """Headers boards have mapped (data set -> header key -> column), so that a file whose
    headers are mostly their own is still found to have a header row, and recognised."""
    rows = con.execute("SELECT kind, from_key, to_value FROM mappings WHERE column_name = ? "
                       "AND (CAST(? AS VARCHAR) IS NULL OR kind = ?) ORDER BY mapping_id",
                       [HEADER, kind, kind]).fetchall()
    out: dict[str, dict[str, str]] = {}
    for data_set, key, column in rows:
        out.setdefault(data_set, {})[key] = column
    return out


def _rows_with_errors(raw: RawExtract, problems: list[Problem]) -> pd.DataFrame | None:
    """The cells of the rows that have errors, as read (personal data already removed), for
    correcting on the Upload page: a 'Row' column, then the file's own headers."""
    rows = sorted({r for p in problems if p.severity == "error" for r in p.rows})
    if not rows:
        return None
    wanted = pd.Index(raw.row_numbers).get_indexer(rows[:MAX_ROWS_TO_CORRECT])
    wanted = wanted[wanted >= 0]
    shown = raw.cells.iloc[wanted].astype("str")
    shown.columns = [h or f"(column {i + 1})" for i, h in enumerate(raw.headers)]
    shown = shown.loc[:, ~shown.columns.duplicated()]
    shown.insert(0, "Row", raw.row_numbers.iloc[wanted].to_numpy())
    return shown.reset_index(drop=True)
