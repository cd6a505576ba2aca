"""Corrections remembered: a cell a quality lead corrected on the Upload page and chose to keep
as a rule for the board ('31/02/2025' in Date agreed is 28/02/2025) is corrected the same way
whenever the same text comes again in the same column of that board's files, before anything
reads the file. Each is applied as a correction of the file (recorded with the upload, as one
made by hand is) and said as a note."""

from __future__ import annotations

import numpy as np

from ingest.extract import Correction
from ingest.mappings.rules import Mappings, corrects, match_key
from ingest.problems import MAX_ROWS_LISTED, Problem
from ingest.read import RawExtract
from loaders.contracts import CONTRACTS, header_key


def remembered(raw: RawExtract, kind: str, mappings: Mappings,
               header_keys: dict[str, str]) -> tuple[list[Correction], list[Problem]]:
    """The corrections the board's remembered ones make to this file, and a note for each."""
    kept = [m for m in mappings.known if m.board and corrects(kind, m.column)]
    if not kept:
        return [], []
    lookup = CONTRACTS[kind].header_lookup() | header_keys
    positions = {lookup[header_key(h)]: i for i, h in enumerate(raw.headers)
                 if header_key(h) in lookup}
    if "board" not in positions:
        return [], []
    board_codes, board_texts = raw.distinct(positions["board"])
    boards = np.array([" ".join(str(b).split()).casefold() for b in board_texts])[board_codes] \
        if len(board_texts) else np.array([], dtype=str)
    rows = raw.row_numbers.to_numpy()
    out: list[Correction] = []
    notes: list[Problem] = []
    for m in kept:
        at = positions.get(m.column)
        if at is None:
            continue
        codes, texts = raw.distinct(at)
        keys = np.array([match_key(m.column, str(t)) for t in texts])
        hit = (keys[codes] == m.from_key) & (boards == (m.board or "").casefold()) \
            if len(texts) else np.zeros(0, dtype=bool)
        where = rows[hit]
        if not len(where):
            continue
        header = raw.headers[at]
        before = str(texts[codes[np.flatnonzero(hit)[0]]])
        out += [Correction(int(row), header, before, m.to_value) for row in where]
        mappings.used(m, len(where))
        notes.append(Problem(int(where[0]), header, "mapping_applied", m.sentence(), "note",
                             rows=tuple(int(r) for r in where[:MAX_ROWS_LISTED]),
                             count=len(where), value=m.from_text))
    return out, notes
