"""The Recommendations page's chase lists and escalation list are the letters' rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assurance.cli import main
from data_models.store.file import connect
from tests.dashboard.conftest import APP, captions, no_problems
from tests.fixtures.chase import AS_OF, BOARD, build


@pytest.fixture
def chase_db(tmp_path: Path, schema_template: Path) -> Path:
    db = tmp_path / "chase.duckdb"
    shutil.copyfile(schema_template, db)
    con = connect(db)
    build(con)
    con.close()
    return db


def _page(db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> AppTest:
    monkeypatch.setenv("ASSURANCE_DB", str(db))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["as_of"] = AS_OF.isoformat()
    app.query_params["board"] = BOARD
    app.switch_page(f"screens/{page}/{page}.py")
    return app.run()


def _table(app: AppTest, name: str) -> pd.DataFrame:
    return next(d.value for d in app.dataframe if d.proto.alt == name)  # type: ignore[attr-defined]


def test_the_page_lists_what_each_letter_holds(chase_db: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    app = _page(chase_db, monkeypatch, "recommendations")
    no_problems(app)
    owners = _table(app, "Recommendations to chase, by owner")
    assert owners.values.tolist() == [["Health", 2, 0, 1, 1], ["Police", 2, 1, 1, 0]]
    assert any(c.startswith("4 open recommendations to chase") for c in captions(app))
    for owner in ("Health", "Police"):
        app.selectbox(key="drill_chase_owner").set_value(owner).run()
        shown = _table(app, f"Show the chase list of an owner: {owner}")
        out = tmp_path / f"{owner}.csv"
        assert main(["--db", str(chase_db), "export", "chase", "--owner", owner, "--board",
                     BOARD, "--as-of", AS_OF.isoformat(), "--format", "csv",
                     "--out", str(out)]) == 0
        letter = pd.read_csv(out, encoding="utf-8-sig")
        assert shown["Recommendation"].tolist() == letter["Recommendation"].tolist()
        assert shown["Why listed"].tolist() == letter["Why listed"].tolist()
    escalated = _table(app, "Recommendations to escalate")
    out = tmp_path / "escalation.csv"
    assert main(["--db", str(chase_db), "export", "chase", "--escalation", "--board", BOARD,
                 "--as-of", AS_OF.isoformat(), "--format", "csv", "--out", str(out)]) == 0
    assert escalated["Recommendation"].tolist() == pd.read_csv(
        out, encoding="utf-8-sig")["Recommendation"].tolist() == ["M1", "M2"]


def test_the_exports_page_offers_each_owners_letter(chase_db: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = _page(chase_db, monkeypatch, "exports")
    no_problems(app)
    assert app.selectbox(key="chase_owner").options == ["Health", "Police"]


def test_the_admin_page_sets_who_receives_a_boards_digest(chase_db: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    app = _page(chase_db, monkeypatch, "admin")
    no_problems(app)
    app.selectbox(key="digest_board").set_value(BOARD)
    app.text_input(key="digest_email").input("Lead@Board.Example")
    app.selectbox(key="digest_frequency").set_value("monthly")
    next(b for b in app.button if b.label == "Save" and "digest" in str(b.form_id)).click().run()
    no_problems(app)
    assert any("lead@board.example receives Chase Test SCP's digest the first working day of "
               "each month" in s.value.replace("\\", "") for s in app.success)
    app.run()
    shown = _table(app, "Digest recipients")
    assert shown[["Board", "Email", "Frequency"]].values.tolist() == [
        [BOARD, "lead@board.example", "the first working day of each month"]]
    app.text_input(key="digest_email").input("not an address")
    next(b for b in app.button if b.label == "Save" and "digest" in str(b.form_id)).click().run()
    assert any("is not an email address" in e.value.replace("\\", "") for e in app.error)
