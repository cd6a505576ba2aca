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
import numpy as np
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


def reconcile(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, kind: str,
              mappings: Mappings, header: str | None,
              ) -> tuple[pd.DataFrame, list[Problem], dict[str, str]]:
    """The frame with its agency names reconciled, the notes and suggestions (a warning for
    each name that looks like another), and name -> the name it likely means. Worked out
    once per distinct board and name, then taken back to the rows."""
    column = AGENCY_COLUMNS.get(kind)
    if column is None or column not in frame.columns or "board" not in frame.columns:
        return frame, [], {}
    header = header or column
    names = frame[column].astype("object")
    present = (names.notna() & (names.astype("str").str.strip() != "")).to_numpy()
    if not present.any():
        return frame, [], {}
    rows = pd.DataFrame({"board": frame["board"].astype("str").to_numpy()[present],
                         "name": names.astype("str").to_numpy()[present]})
    grouped = rows.groupby(["board", "name"], sort=False)
    ids = grouped.ngroup().to_numpy()
    pairs = grouped.size().rename("n").reset_index()          # in the order of `ids`
    pairs["key"] = pairs["name"].map(agency_key)
    stored = _stored_names(con, sorted(pairs["board"].unique()))
    mapped: dict[str, dict[str, Mapping]] = {}      # board ('' for every board) -> key -> it
    for m in mappings.of(column):
        mapped.setdefault((m.board or "").casefold(), {})[m.from_key] = m
    targets: list[str] = []
    used: dict[int, tuple[Mapping, int]] = {}
    for pair in pairs.itertuples():
        board = str(pair.board).casefold()
        mapping = mapped.get(board, {}).get(pair.key) or mapped.get("", {}).get(pair.key)
        if mapping is not None:
            mappings.used(mapping, int(pair.n))
            done = used.get(id(mapping), (mapping, 0))[1]
            used[id(mapping)] = (mapping, done + int(pair.n))
            targets.append(mapping.to_value)
            continue
        held = stored.get(board, {}).get(pair.key)
        if held is None:       # within the file, the spelling most of its rows use
            same = pairs[(pairs["board"] == pair.board) & (pairs["key"] == pair.key)]
            held = min(same.itertuples(), key=lambda p: (-p.n, p.name)).name
        targets.append(str(held))
    pairs["target"] = targets
    reconciled = names.copy()
    reconciled[present] = np.asarray(targets, dtype=object)[ids]
    notes = [Problem(None, header, "mapping_applied", m.sentence(), "note", count=n,
                     value=m.from_text) for m, n in used.values()]
    if isinstance(frame[column].dtype, pd.CategoricalDtype):     # a million rows, few names
        reconciled = reconciled.astype("category")
    frame = frame.assign(**{column: reconciled})
    # what a name left on its own may mean: another name of the board's, or of the file's
    suggestions: dict[str, str] = {}
    problems: list[Problem] = []
    source = frame[SOURCE_ROW].to_numpy()[present] if SOURCE_ROW in frame.columns else None
    for board, mine in pairs.groupby("board", sort=True):
        held_names = set(stored.get(str(board).casefold(), {}).values())
        counts = mine.groupby("target")["n"].sum()
        for name, count in counts.items():
            if name in held_names:
                continue
            likely = likely_same(str(name), (held_names | set(counts.index)) - {name})
            if likely is None:
                continue
            suggestions[str(name)] = likely
            listed: tuple[int, ...] = ()
            if source is not None:
                hit = np.isin(ids, mine.index[mine["target"] == name].to_numpy())
                listed = tuple(int(r) for r in source[hit][:MAX_ROWS_LISTED])
            problems.append(Problem(
                listed[0] if listed else None, header, "likely_agency",
                f"'{name}' may be the same agency as '{likely}'. If it is, say so once, and "
                "both are counted as one.", "warning", rows=listed, count=int(count),
                value=str(name)))
    return frame, [*problems, *notes], suggestions
