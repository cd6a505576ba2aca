"""National context's two doors for an administrator, run headless (AppTest) on a copy of the
demo data: the Upload page takes a published file (recognised by its header, shown as read,
refused in one line when it is none the product knows) for an administrator with every board,
and the Admin page sets a board's footprint from the local authorities the files name."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_models.store.file import connect
from tests.dashboard.conftest import APP, captions, no_problems

NATIONAL = Path(__file__).resolve().parents[1] / "fixtures" / "national"
EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"


@pytest.fixture
def page(demo_db: Path, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Callable[[str], AppTest]]:
    """A copy of the demo data, and a page of the dashboard on it (local mode: every board)."""
    db = tmp_path / "national.duckdb"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("ASSURANCE_DB", str(db))

    def run(name: str) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=180)
        app.switch_page(f"screens/{name}/{name}.py")
        return app.run()

    return db, run


def _rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _upload(app: AppTest, path: Path) -> AppTest:
    app.selectbox(key="upload_kind").set_value("National statistics file (administrators)").run()
    app.get("file_uploader")[0].set_value((path.name, path.read_bytes(), "text/csv"))
    return app.run()


def test_a_published_file_goes_in_through_the_upload_page_and_replaces_its_release(
        page: tuple[Path, Callable[[str], AppTest]]) -> None:
    db, run = page
    path = next(NATIONAL.glob("*subnational*2026*.csv"))
    app = _upload(run("upload"), path)
    no_problems(app)
    said = " ".join(captions(app))
    assert "Recognised as Department for Education, Serious incident notifications" in said, said
    assert "2 figures not applicable" in said and "never as 0" in said, said
    assert not _rows(db, "SELECT * FROM national_releases WHERE file_name = ?",
                         path.name), "nothing is stored before Store is pressed"
    next(b for b in app.button if b.label == "Store").click().run()
    no_problems(app)
    assert any(path.name in s.value.replace("\\", "") for s in app.success), \
        ([s.value for s in app.success], [e.value for e in app.error], captions(app))
    stored = _rows(db, "SELECT count(*) FROM national_figures JOIN national_releases "
                       "USING (release_id) WHERE file_name = ?", path.name)
    assert stored[0][0] > 0
    assert not _rows(db, "SELECT * FROM national_figures WHERE state <> 'shown' AND value "
                         "IS NOT NULL"), "a symbol is never a figure"


def test_a_file_the_product_does_not_know_is_refused_in_one_line_and_nothing_is_stored(
        page: tuple[Path, Callable[[str], AppTest]]) -> None:
    db, run = page
    before = _rows(db, "SELECT count(*) FROM national_figures")
    app = _upload(run("upload"), next(EXTRACTS.glob("*.csv")))
    assert not app.exception
    assert [e.value for e in app.error][0].startswith("Not loaded: "), [e.value for e in app.error]
    assert "\n" not in app.error[0].value
    assert not [b for b in app.button if b.label == "Store"]
    assert _rows(db, "SELECT count(*) FROM national_figures") == before


def test_the_admin_page_sets_and_clears_a_boards_footprint(
        page: tuple[Path, Callable[[str], AppTest]]) -> None:
    db, run = page
    app = run("admin")
    no_problems(app)
    shown = [t.value for t in app.dataframe]
    assert any("Kestrel Bay SCP" in str(t.to_string()) and "Eastmere" in str(t.to_string())
               for t in shown), "the demo's footprints are listed"
    app.selectbox(key="footprint_board").set_value("Millbrook SCP")
    codes = app.multiselect(key="footprint_codes")
    assert "E06900005" in codes.options or any("E06900005" in o for o in codes.options)
    codes.set_value(["E06900005", "E06900007"])
    next(b for b in app.button if b.label == "Save" and "footprint" in str(b.id)).click().run()
    no_problems(app)
    assert any("Millbrook SCP's footprint is 2 local authorities" in s.value
               for s in app.success), [s.value for s in app.success]
    assert sorted(r[0] for r in _rows(
        db, "SELECT la_code FROM board_footprints WHERE board = 'Millbrook SCP'")) == \
        ["E06900005", "E06900007"]
    app.selectbox(key="footprint_board").set_value("Millbrook SCP")
    app.multiselect(key="footprint_codes").set_value([])
    next(b for b in app.button if b.label == "Save" and "footprint" in str(b.id)).click().run()
    assert any("Cleared Millbrook SCP's footprint" in s.value for s in app.success)
    assert not _rows(db, "SELECT * FROM board_footprints WHERE board = 'Millbrook SCP'")
