"""The Upload page's flow, run headless (AppTest) on a copy of the demo data: a quality lead's
own tracker is asked which board it is for (the board its title row names preselected) and
what its colours mean, and neither question is logged as a rejected upload; any theme text
can be mapped to any theme; a tracker whose only progress column is its RAG rating goes in."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_models.store.file import connect
from tests.dashboard.conftest import APP, no_problems
from tests.ingest.test_rag_only_tracker import RATED, STATUSES, rag_only_tracker

EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
BOARD = "Kestrel Bay SCP"


@pytest.fixture
def upload(demo_db: Path, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Callable[[str, bytes], AppTest]]:
    """A copy of the demo data, and the Upload page with a recommendations file chosen."""
    db = tmp_path / "upload.duckdb"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("ASSURANCE_DB", str(db))

    def run(name: str, data: bytes) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=180)
        app.switch_page("screens/upload/upload.py")
        app.run()
        app.selectbox(key="upload_kind").set_value("recommendations").run()
        app.get("file_uploader")[0].set_value((name, data, "text/csv"))
        return app.run()

    return db, run


def _uploads(db: Path) -> list[tuple[str, str]]:
    con = connect(db, read_only=True)
    try:
        return con.execute("SELECT file_name, outcome FROM uploads WHERE file_name LIKE "
                           "'%tracker%' ORDER BY upload_id").fetchall()
    finally:
        con.close()


def _button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label == label)


def _choose_board(app: AppTest) -> AppTest:
    """The board its title row names is preselected: the quality lead only confirms it."""
    pick = app.selectbox(key="file_board_pick")
    assert pick.value == BOARD, pick.value
    return _button(app, "Check it for this board").click().run()


def test_a_quality_leads_own_tracker_logs_no_rejected_upload_for_a_question(
        upload: tuple[Path, Callable[[str, bytes], AppTest]]) -> None:
    db, run = upload
    app = run("own_tracker_month1.csv", (EXTRACTS / "own_tracker_month1.csv").read_bytes())
    no_problems_but_the_question(app)
    assert _uploads(db) == []                       # which board: a question, not a rejection
    app = _choose_board(app)
    assert any(s.key == "map_value_0" for s in app.selectbox)     # what the colours mean
    assert _uploads(db) == []
    red = next(s for s in app.selectbox if s.label.startswith("'Red' in RAG"))
    assert red.value == "off_track"
    app = _button(app, "Save these and check again").click().run()
    no_problems(app)
    _button(app, "Store").click().run()
    no_problems(app)
    assert [outcome for _, outcome in _uploads(db)] == ["stored"]


def test_theme_text_no_alias_is_close_to_can_be_mapped_to_any_theme(
        upload: tuple[Path, Callable[[str, bytes], AppTest]]) -> None:
    """'Kinship arrangements' is like no theme: it is offered every theme of the vocabulary
    (leaving it as it is preselected), and mapped to one of them it is read so."""
    db, run = upload
    data = (EXTRACTS / "own_tracker_month1.csv").read_bytes().replace(
        b"escalation", b"Kinship arrangements").replace(b"homelessness", b"info sharing")
    app = _choose_board(run("own_tracker_month1.csv", data))
    themes = {s.label.replace("\\", ""): s for s in app.selectbox
              if s.key and s.key.startswith("map_theme_")}
    kinship = themes["Theme text 'Kinship arrangements' (1 row) means"]
    assert kinship.value == "— leave as it is —"
    con = connect(db, read_only=True)
    try:
        vocabulary = [r[0] for r in con.execute("SELECT theme FROM themes ORDER BY sort_order"
                                                ).fetchall()]
    finally:
        con.close()
    assert kinship.options[1:] == vocabulary and len(vocabulary) > 20
    assert "Theme text 'info sharing' (1 row) means" not in themes     # an alias now
    kinship.set_value("parallel proceedings")
    app = _button(app, "Save these and check again").click().run()
    no_problems(app)
    assert not [s for s in app.selectbox if s.key and s.key.startswith("map_theme_")]
    _button(app, "Store").click().run()
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT theme FROM item_themes WHERE board = ? AND mention = "
                           "'Kinship arrangements'", [BOARD]).fetchall() == [
            ("parallel proceedings",)]
    finally:
        con.close()


def test_a_rag_only_tracker_goes_in_through_the_page(
        upload: tuple[Path, Callable[[str, bytes], AppTest]]) -> None:
    db, run = upload
    app = _choose_board(run("rag_tracker.csv", rag_only_tracker()))
    assert not any("is missing" in str(e.value) for e in app.error)
    app = _button(app, "Save these and check again").click().run()     # the colours, as offered
    no_problems(app)
    assert any("status is read from its RAG" in str(d.value.get("What to do", [])
                                                        .str.cat(sep=" "))
               for d in app.dataframe if "What to do" in d.value.columns)
    _button(app, "Store").click().run()
    no_problems(app)
    con = connect(db, read_only=True)
    try:
        held = con.execute("SELECT recommendation_id, status, rating FROM recommendations "
                           "WHERE recommendation_id LIKE 'KB-R%' ORDER BY 1").fetchall()
    finally:
        con.close()
    assert held == [(r, STATUSES[r], RATED[r]) for r in sorted(STATUSES)]


def no_problems_but_the_question(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    [asked] = [e.value for e in app.error]
    assert "This file has no board column" in asked
