"""The Exports page states its data version and a link that opens it at that version again; in
the embedded file the link works while that version is the last upload, and is refused in one
line after (the shared store's side is in tests/hosted/test_instances.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from data_models.store.file import connect
from tests.dashboard.conftest import captions, no_problems

AS_OF = "2026-11-21"
EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
BUTTONS = 8


def _last_upload(db: Path) -> int:
    con = connect(db, read_only=True)
    try:
        return int(con.execute("SELECT max(upload_id) FROM uploads "
                               "WHERE outcome <> 'rejected'").fetchall()[0][0])
    finally:
        con.close()


def _stored_at(db: Path, upload: int) -> dt.datetime:
    con = connect(db, read_only=True)
    try:
        return con.execute("SELECT received_at FROM uploads WHERE upload_id = ?",
                           [upload]).fetchall()[0][0]
    finally:
        con.close()


def _link(app: AppTest) -> dict[str, list[str]]:
    [code] = [c.value for c in app.code if "snapshot=" in c.value]
    address = urlsplit(code)
    assert address.path.endswith("exports")
    return parse_qs(address.query)


def test_the_page_states_its_data_version_and_a_link_with_the_view(
        open_page: Callable[..., AppTest], demo_db: Path) -> None:
    last = _last_upload(demo_db)
    app = open_page("exports", as_of=AS_OF, period="2024-25", board="Ashbourne SCP")
    no_problems(app)
    said = " ".join(captions(app))
    stored = _stored_at(demo_db, last)
    assert f"Every export below is made from the data as stored at {stored:%H:%M} on " \
           f"{stored:%d/%m/%Y} (UTC)" in said
    assert "data version" not in captions(app)[captions(app).index(next(
        c for c in captions(app) if c.startswith("Every export below")))]
    # the technical line, behind the "?"
    assert f"Made from data version {last} (the embedded file's last stored extract)" in said
    assert f"--snapshot {last}, while no later extract is stored" in said
    assert _link(app) == {"board": ["Ashbourne SCP"], "period": ["2024-25"],
                          "as_of": [AS_OF], "snapshot": [str(last)]}
    app.number_input(key="threshold").set_value(7).run()
    assert _link(app)["threshold"] == ["7"]
    assert app.query_params["board"] == "Ashbourne SCP"


def test_the_link_opens_the_page_at_its_version_with_its_threshold(
        open_page: Callable[..., AppTest], demo_db: Path) -> None:
    last = _last_upload(demo_db)
    app = open_page("exports", as_of=AS_OF, period="2024-25", snapshot=str(last),
                    threshold="7")
    no_problems(app)
    assert app.number_input(key="threshold").value == 7
    assert len(app.get("download_button")) == BUTTONS
    # another filter chosen: the link's version is kept in the address
    app.sidebar.selectbox(key="filter_board").set_value("Ashbourne SCP").run()
    no_problems(app)
    assert app.query_params["snapshot"] == str(last)


def test_a_link_to_an_earlier_upload_is_refused_in_one_line(
        open_page: Callable[..., AppTest], demo_db: Path) -> None:
    last = _last_upload(demo_db)
    app = open_page("exports", as_of=AS_OF, period="2024-25", snapshot=str(last - 1))
    assert not app.exception
    [error] = [e.value.replace("\\", "") for e in app.error]
    assert error == (f"This link's data version {last - 1}: upload {last} has been stored since "
                     f"upload {last - 1}, and the embedded file keeps only the latest records, so "
                     f"the figures as they stood at upload {last - 1} cannot be made again. The "
                     "shared store keeps every snapshot (README: Hosting for several boards). "
                     "Open the Exports page from the menu for the data now.")
    assert not app.get("download_button")


def test_a_link_with_no_number_is_refused_and_its_text_shown_as_text(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("exports", as_of=AS_OF, snapshot="[x](http://e.example)")
    assert not app.exception
    [error] = [e.value for e in app.error]
    assert "](" not in error.replace("\\]\\(", "")          # escaped: shown as written
    assert error.replace("\\", "").replace("\u2060", "") == (
        "This link's data version [x](http://e.example is not a number: open the Exports page "
        "from the menu for the data now.")
    assert not app.get("download_button")


def test_a_link_whose_filters_are_not_among_the_choices_is_refused(
        open_page: Callable[..., AppTest], demo_db: Path) -> None:
    last = _last_upload(demo_db)
    app = open_page("exports", as_of=AS_OF, period="2024-25", board="Nowhere SCP",
                    snapshot=str(last))
    assert not app.exception
    [error] = [e.value.replace("\\", "") for e in app.error]
    assert error == ("This link's board 'Nowhere SCP': not among the filters you may choose now, "
                     "so its exports cannot be made as it asks. Open the Exports page from the "
                     "menu and choose the filters.")
    assert not app.get("download_button")
    wrong = open_page("exports", as_of=AS_OF, snapshot=str(last), threshold="99")
    assert [e.value.replace("\\", "") for e in wrong.error] == [
        "This link's threshold '99' is not one the page offers (2 to 20): open the Exports page "
        "from the menu."]
    assert not wrong.get("download_button")


def test_a_download_is_made_from_the_version_the_page_stated_or_refused(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page is drawn at one version and the export built when it is clicked: an upload in
    between is refused in the file (the shared store reads the stated snapshot)."""
    from access import EVERY_BOARD
    from assurance.cli import main
    from dashboard.reproduce import made_from
    from data_models.store.snapshots import Marker, NotReproducible

    db = tmp_path / "assurance.duckdb"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("ASSURANCE_DB", str(db))
    stated = Marker("upload", _last_upload(db))
    with made_from(stated, EVERY_BOARD) as reader:
        assert reader.rows("SELECT count(*) FROM audits")[0][0] > 0
    assert main(["--db", str(db), "load", "audits", str(EXTRACTS / "audits_fixed.csv"),
                 "--as-of", AS_OF]) == 0
    with pytest.raises(NotReproducible) as refused, made_from(stated, EVERY_BOARD):
        pass
    assert str(refused.value).startswith(
        f"This page's data version {stated.number}: upload {stated.number + 1} has been stored "
        f"since upload {stated.number}")
