"""What a page's cached figures are keyed on, for a reader of one board: their board's data and
what is no one board's, except where a page shows a figure over every board (the Overview's
"All children's boards" beside a board's own), which is keyed on every board's data, so that
another board's upload shows in it at once."""

from __future__ import annotations

import ast
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import READS_EVERY_BOARD, page_version
from data_models.records import Upload, store_extract
from data_models.scope import Scope
from data_models.store.stores import open_store

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 21)
MINE, OTHER = "Ashbourne SCP", "Kestrel Bay SCP"
OVERVIEW = "dashboard.screens.overview.model.overview"
AUDITS = "dashboard.screens.audits.model.audits"


def _store_audit(db: Path, board: str, audit_id: str) -> None:
    frame = pd.DataFrame({
        "audit_id": [audit_id], "board": [board], "board_type": ["children"],
        "audit_type": ["thematic"], "agency": ["Police"],
        "audit_date": pd.to_datetime(["2024-06-14"]).astype("datetime64[s]"),
        "grade": ["good"], "themes": ["neglect"]})
    with open_store(db).cursor() as con:
        store_extract(con, Upload("audits", "audits.csv", f"{board}{audit_id}", 1, AS_OF,
                                  boards=(board,)), frame)


def test_a_figure_over_every_board_moves_with_any_boards_upload(
        db_path: Path, schema_template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(schema_template, db_path)
    monkeypatch.setenv("ASSURANCE_DB", str(db_path))
    _store_audit(db_path, MINE, "A1")
    mine = Scope((MINE,), records=True)
    overview, audits = page_version(mine, OVERVIEW), page_version(mine, AUDITS)
    _store_audit(db_path, OTHER, "K1")
    # the Overview's comparison over every children's board now counts the other board's audit
    assert page_version(mine, OVERVIEW) != overview
    assert page_version(mine, "data_models.queries.comparison_tiles") != overview
    # a page of the reader's board alone keeps what it cached
    assert page_version(mine, AUDITS) == audits


def _functions_reading_every_board() -> set[str]:
    """The query functions of data_models/queries.py that widen the reader (`.comparing()`)."""
    tree = ast.parse((ROOT / "data_models" / "queries.py").read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            and ".comparing()" in ast.unparse(node)}


def test_every_query_and_page_model_reading_every_board_is_keyed_on_every_board() -> None:
    wide = _functions_reading_every_board()
    assert wide == {"comparison_tiles"}
    assert {f"data_models.queries.{name}" for name in wide} <= READS_EVERY_BOARD
    # a page model module calling one of them: its page model is keyed on every board
    for model in sorted((ROOT / "dashboard" / "screens").glob("*/model.py")):
        module = ".".join(model.relative_to(ROOT).with_suffix("").parts)
        if any(f"q.{name}" in model.read_text(encoding="utf-8") for name in wide):
            assert any(key.startswith(f"{module}.") for key in READS_EVERY_BOARD), module
