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
    # each row's board and name as its place among the distinct ones: a million rows hold a
    # few thousand pairs, and only those are read as text
    name_codes, name_texts = _distinct(frame[column])
    board_codes, board_texts = _distinct(frame["board"])
    # a row with no board is reported by its own check; its name is left as written
    present = (name_codes >= 0) & (board_codes >= 0)
    if not present.any():
        return frame, [], {}
    width = len(name_texts) + 1
    ids, pair_codes = pd.factorize(board_codes[present].astype(np.int64) * width
                                   + name_codes[present], sort=False)
    pairs = pd.DataFrame({"board": board_texts[pair_codes // width],
                          "name": name_texts[pair_codes % width],
                          "n": np.bincount(ids, minlength=len(pair_codes))})
    pairs["key"] = pairs["name"].map(agency_key)
    stored = _stored_names(con, sorted(pairs["board"].unique()))
    # within the file, the spelling most of a board's rows use (the first in order of those
    # as many)
    most_used = {(b, k): name for b, k, name in
                 pairs.sort_values(["n", "name"], ascending=[False, True], kind="stable")
                 .drop_duplicates(["board", "key"])[["board", "key", "name"]].itertuples(
                     index=False)}
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
        targets.append(str(held if held is not None else most_used[pair.board, pair.key]))
    pairs["target"] = targets
    reconciled = _reconciled(frame[column], name_codes, name_texts, present,
                             np.asarray(targets, dtype=object), ids)
    notes = [Problem(None, header, "mapping_applied", m.sentence(), "note", count=n,
                     value=m.from_text) for m, n in used.values()]
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


def _distinct(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's place among the column's distinct texts (-1 where it has none), and those
    texts: a categorical column's own, else found once."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        texts = column.cat.categories.astype("str").to_numpy(dtype=object)
    else:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        texts = pd.Index(uniques).astype("str").to_numpy(dtype=object)
    # a text of spaces alone is no name
    blank = np.flatnonzero(pd.Series(texts, dtype="str").str.strip().eq("").to_numpy())
    codes = np.where(np.isin(codes, blank), -1, codes) if len(blank) else codes
    return np.asarray(codes, dtype=np.int64), texts


def _reconciled(names: pd.Series, codes: np.ndarray, texts: np.ndarray, present: np.ndarray,
                targets: np.ndarray, ids: np.ndarray) -> pd.Series:
    """The column with each present row's name replaced by its pair's target, the rest as
    they were; a categorical column (a million rows, few names) stays categorical."""
    if isinstance(names.dtype, pd.CategoricalDtype):
        kept = np.unique(codes[(codes >= 0) & ~present])
        categories = sorted({str(t) for t in targets} | {str(t) for t in texts[kept]})
        place = pd.Index(categories, dtype="str")
        row_codes = np.full(len(names), -1, dtype=np.int64)
        if len(kept):
            position = np.full(len(texts), -1, dtype=np.int64)
            position[kept] = place.get_indexer(texts[kept])
            held = (codes >= 0) & ~present
            row_codes[held] = position[codes[held]]
        row_codes[present] = place.get_indexer(targets)[ids]
        return pd.Series(pd.Categorical.from_codes(row_codes, dtype=pd.CategoricalDtype(place)),
                         index=names.index)
    reconciled = names.astype("object")
    reconciled[present] = targets[ids]
    return reconciled
