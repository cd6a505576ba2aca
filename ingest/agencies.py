"""Stage 4b, agencies: owner and agency names reconciled before the checks, as themes are.

For each row's board: a name a board mapped (`assurance map KIND owner "CSC=Children's Social
Care"`, or on the Upload page) reads as the name it was mapped to; a name equal but for case,
punctuation and 'the' to one the board's records already hold reads as that one; within the
file, the spelling most rows use. A name that is none of those but looks like another (an
abbreviation of the field, the initials of its words, a close spelling) is offered, never
applied: what it means is the board's to say.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from data_models.agencies import AGENCY_COLUMNS, TABLES, agency_key, likely_same
from ingest.mappings.rules import Mapping, Mappings
from ingest.problems import MAX_ROWS_LISTED, Problem
from loaders.contracts import SOURCE_ROW


def _stored_names(con: duckdb.DuckDBPyConnection, boards: list[str]) -> dict[str, dict[str, str]]:
    """Board (case-folded) -> agency key -> the spelling its stored records use most, over
    every data set with an agency."""
    if not boards:
        return {}
    union = " UNION ALL ".join(f"SELECT board, {column} AS name FROM {TABLES[kind]}"  # noqa: S608
                               for kind, column in AGENCY_COLUMNS.items())
    rows = con.execute(
        f"SELECT lower(board), name, count(*) AS n FROM ({union}) "  # noqa: S608
        "WHERE name IS NOT NULL AND lower(board) IN (SELECT lower(unnest(?))) "
        "GROUP BY ALL ORDER BY n DESC, name", [boards]).fetchall()
    out: dict[str, dict[str, str]] = {}
    for board, name, _ in rows:
        out.setdefault(board, {}).setdefault(agency_key(name), name)
    return out


def _most_used(spelt: pd.Series) -> str:
    """The spelling most rows use; of those used as often, the first in A to Z."""
    counts = spelt.value_counts()
    return str(min(counts.index, key=lambda name: (-counts[name], name)))


def reconcile(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, kind: str,
              mappings: Mappings, header: str | None,
              ) -> tuple[pd.DataFrame, list[Problem], dict[str, str]]:
    """The frame with its agency names reconciled, the notes and suggestions (a warning for
    each name that looks like another), and name -> the name it likely means."""
    column = AGENCY_COLUMNS.get(kind)
    if column is None or column not in frame.columns or "board" not in frame.columns:
        return frame, [], {}
    header = header or column
    names = frame[column].astype("object")
    boards = frame["board"].astype("str")
    present = names.notna() & (names.astype("str").str.strip() != "")
    keys = names[present].astype("str").map(agency_key)
    stored = _stored_names(con, sorted(set(boards[present])))
    mapped: dict[str, dict[str, Mapping]] = {}      # board ('' for every board) -> key -> it
    for m in mappings.of(column):
        mapped.setdefault((m.board or "").casefold(), {})[m.from_key] = m
    reconciled = names.copy()
    notes: list[Problem] = []
    used: dict[int, int] = {}
    for board in sorted(set(boards[present])):
        mine = present & (boards == board)
        own, every = mapped.get(board.casefold(), {}), mapped.get("", {})
        held = stored.get(board.casefold(), {})
        # within the file, the spelling most of its rows use (for a key the board holds none of)
        in_file = names[mine].astype("str").groupby(keys[mine]).agg(_most_used)
        for key, rows in keys[mine].groupby(keys[mine]).groups.items():
            mapping = own.get(key) or every.get(key)
            if mapping is not None:
                used[id(mapping)] = used.get(id(mapping), 0) + len(rows)
                mappings.used(mapping, len(rows))
                reconciled[rows] = mapping.to_value
            else:
                reconciled[rows] = held.get(key) or in_file[key]
    for m in mappings.of(column):
        if id(m) in used:
            notes.append(Problem(None, header, "mapping_applied", m.sentence(), "note",
                                 count=used[id(m)], value=m.from_text))
    frame = frame.assign(**{column: reconciled.astype(frame[column].dtype
                                                     if frame[column].dtype != "category"
                                                     else "object")})
    # what a name left on its own may mean: another name of the board's, or of the file's
    suggestions: dict[str, str] = {}
    problems: list[Problem] = []
    for board in sorted(set(boards[present])):
        mine = present & (boards == board)
        in_file = reconciled[mine].astype("str")
        counts = in_file.value_counts()
        known = set(stored.get(board.casefold(), {}).values()) | set(counts.index)
        for name, rows in counts.items():
            if name in stored.get(board.casefold(), {}).values():
                continue
            likely = likely_same(name, known - {name})
            if likely is None:
                continue
            suggestions[name] = likely
            where = frame.loc[mine & (reconciled.astype("str") == name), SOURCE_ROW] \
                if SOURCE_ROW in frame.columns else pd.Series(dtype="int64")
            listed = tuple(int(r) for r in where.head(MAX_ROWS_LISTED))
            problems.append(Problem(
                listed[0] if listed else None, header, "likely_agency",
                f"'{name}' may be the same agency as '{likely}'. If it is, say so once, and "
                "both are counted as one.", "warning", rows=listed, count=int(rows),
                value=name))
    return frame, [*problems, *notes], suggestions
