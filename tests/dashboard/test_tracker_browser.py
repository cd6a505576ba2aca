"""A board's own tracker through the Upload page, as a quality lead brings it in: RAG colours
and unfamiliar headers mapped in the page, one impossible date corrected in the grid, stored;
then next month's version of the same tracker is checked with no questions, the mappings
shown as applied."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from tests.dashboard.browser import choose, no_error_shown, serve_app, settled

pytestmark = pytest.mark.browser

EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"


def _upload(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.locator("input[type=file]").set_input_files(str(path))


def _store(page, file_name: str, added: int) -> None:  # type: ignore[no-untyped-def]
    """Press Store once the page says what storing would add, and wait for it to be stored."""
    store = page.get_by_role("button", name="Store")
    store.wait_for()
    settled(page, "Upload an extract")
    page.get_by_text(re.compile(rf"Storing it would add {added} new records")).wait_for()
    store.click()
    page.get_by_text(re.compile(rf"^Stored {re.escape(file_name)} as upload \d+: {added} added"))\
        .wait_for()


def chosen(page, label: str) -> str:  # type: ignore[no-untyped-def]
    """What a selectbox (found by its label) has chosen, as the person sees it."""
    return page.get_by_test_id("stSelectbox").filter(has_text=label).locator(
        "input").input_value()


def test_a_tracker_mapped_and_corrected_once_then_next_month_needs_no_questions(
        demo_db: Path, tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "tracker.duckdb"
    shutil.copyfile(demo_db, db)
    page.set_default_timeout(90_000)
    with serve_app(db) as base:
        page.goto(f"{base}/upload")
        settled(page, "Upload an extract")
        choose(page, "Data set", "recommendations")
        _upload(page, EXTRACTS / "tracker_month1.csv")

        # each RAG colour is one problem, and each is offered with the likely status chosen
        page.get_by_role("heading", name="Say once what these mean").wait_for()
        settled(page, "Upload an extract")
        # the choices are words, never codes
        assert chosen(page, "'Green' in RAG Status (4 rows) means") == "In progress"
        assert chosen(page, "'Blue' in RAG Status (2 rows) means") == "Completed"
        choose(page, "The column headed 'Rec #' holds", "Recommendation")
        choose(page, "The column headed 'Progress update' holds", "Reason for the status")
        assert chosen(page, "Theme text 'Relationship based practice'") == \
            "trauma-informed practice"
        page.get_by_role("button", name="Save these and check again").click()

        # what is left is the date that does not exist: correct it in the grid
        page.get_by_role("heading", name="Correct cells here").wait_for()
        settled(page, "Upload an extract")
        expect(page.get_by_role("heading", name="Say once what these mean")).to_have_count(0)
        grids = page.locator(".st-key-correction_grid").get_by_test_id("stDataFrame")
        expect(grids.locator("canvas").first).to_be_visible()
        settled(page, "Upload an extract")      # the grid may make the page run once more
        expect(grids).to_have_count(1)          # and a rerun's stale copy has gone
        grid = grids.first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + 60 + 80, box["y"] + 35 + 17)   # row 1, 'Date agreed'
        editor = page.locator("textarea.gdg-input, input.gdg-input").first
        editor.wait_for()
        editor.fill("28/02/2025")
        page.keyboard.press("Enter")
        settled(page, "Upload an extract")     # the edit is sent, and the page runs again
        page.get_by_role("button", name="Check again with these corrections").click()

        _store(page, "tracker_month1.csv", 10)
        page.get_by_text(re.compile(r"^Stored as upload \d+\.")).wait_for()
        expect(page.get_by_role("button", name="Store")).to_have_count(0)
        no_error_shown(page)

        # next month: the same tracker, read with what was said once
        page.get_by_role("button", name="Upload another").click()
        # the new round's empty file box is drawn once what was stored has gone
        expect(page.get_by_text(re.compile(r"^Stored as upload \d+\."))).to_have_count(0)
        settled(page, "Upload an extract")
        _upload(page, EXTRACTS / "tracker_month2.csv")
        page.get_by_role("button", name="Store").wait_for()
        settled(page, "Upload an extract")
        page.get_by_text(re.compile(r"0 errors, \d+ warnings?, 7 mappings applied"))\
            .wait_for()
        expect(page.get_by_role("heading", name="Say once what these mean")).to_have_count(0)
        expect(page.get_by_role("heading", name="Correct cells here")).to_have_count(0)
        page.get_by_text(re.compile(r"Storing it would add 2 new records, replace 2")).wait_for()
        no_error_shown(page)

    con = duckdb.connect(str(db), read_only=True)
    try:
        upload_id = con.execute("SELECT max(upload_id) FROM uploads WHERE outcome = 'stored'"
                                ).fetchall()[0][0]
        assert con.execute("SELECT row, column_name, before, after FROM upload_corrections "
                           "WHERE upload_id = ?", [upload_id]).fetchall() == \
            [(7, "Date agreed", "31/02/2025", "28/02/2025")]
        used = {r[0] for r in con.execute("SELECT from_text FROM upload_mappings WHERE "
                                          "upload_id = ?", [upload_id]).fetchall()}
        assert used == {"Green", "Amber", "Blue", "Red", "Rec #", "Progress update",
                        "Relationship based practice"}
        assert con.execute("SELECT count(*) FROM item_themes WHERE board = 'Ashbourne SCP' AND "
                           "mention = 'Relationship based practice' AND theme = "
                           "'trauma-informed practice'").fetchall()[0][0] == 2
    finally:
        con.close()


def test_a_quality_leads_own_tracker_goes_in_with_one_board_choice_and_two_confirmations(
        demo_db: Path, tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    """Kestrel Bay SCP's own tracker (no board column, two-digit years, 'TBC', RAG colours
    beside a status in words, 'CSC' beside "Children's Social Care"): one board choice, one
    confirmation of the colours and one of the agency name, and it is stored; next month's
    file goes in with no question at all."""
    db = tmp_path / "own.duckdb"
    shutil.copyfile(demo_db, db)
    page.set_default_timeout(90_000)
    with serve_app(db) as base:
        page.goto(f"{base}/upload")
        settled(page, "Upload an extract")
        choose(page, "Data set", "recommendations")
        _upload(page, EXTRACTS / "own_tracker_month1.csv")

        # the file names no board: which is it for?
        page.get_by_text(re.compile("This file has no board column")).wait_for()
        choose(page, "This file is for", "Kestrel Bay SCP")
        page.get_by_role("button", name="Check it for this board").click()

        # the colours, offered as ratings in words, and the agency name: confirmed once
        page.get_by_role("heading", name="Say once what these mean").wait_for()
        settled(page, "Upload an extract")
        assert chosen(page, "'Red' in RAG (2 rows) means") == "Off track"
        assert chosen(page, "'Blue' in RAG (2 rows) means") == "Complete"
        expect(page.get_by_text("Yes: the same agency as Children's Social Care")).to_be_visible()
        page.get_by_role("button", name="Save these and check again").click()

        _store(page, "own_tracker_month1.csv", 8)
        no_error_shown(page)

        # next month: no board to choose, nothing to say
        page.get_by_role("button", name="Upload another").click()
        # the new round's empty file box is drawn once what was stored has gone
        expect(page.get_by_text(re.compile(r"^Stored as upload \d+\."))).to_have_count(0)
        settled(page, "Upload an extract")
        _upload(page, EXTRACTS / "own_tracker_month2.csv")
        page.get_by_role("button", name="Store").wait_for()
        settled(page, "Upload an extract")
        expect(page.get_by_text("This file is for")).to_have_count(0)
        expect(page.get_by_role("heading", name="Say once what these mean")).to_have_count(0)
        page.get_by_text(re.compile(r"Storing it would add 0 new records, replace 1")).wait_for()
        no_error_shown(page)

    con = duckdb.connect(str(db), read_only=True)
    try:
        owners = dict(con.execute("SELECT agency_key(owner), count(*) FROM recommendations "
                                  "WHERE board = 'Kestrel Bay SCP' AND recommendation_id "
                                  "LIKE 'KB-T%' GROUP BY 1").fetchall())
        assert owners["childrens social care"] == 3 and "csc" not in owners
        spellings = con.execute("SELECT DISTINCT owner FROM recommendations WHERE board = "
                                "'Kestrel Bay SCP' AND agency_key(owner) = "
                                "'childrens social care'").fetchall()
        assert len(spellings) == 1                      # one agency, one spelling
        assert con.execute("SELECT rating FROM recommendations WHERE recommendation_id = "
                           "'KB-T02'").fetchall() == [("off_track",)]
    finally:
        con.close()


def test_text_from_a_file_is_shown_as_text_and_fetches_nothing(
        demo_db: Path, tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    """The probe's cell `![t](http://host/x.png)` made the browser fetch from that host (a
    tracking beacon), and a link in a cell became live: every label made from a file's text is
    escaped, so it shows as written and nothing leaves the computer."""
    db = tmp_path / "md.duckdb"
    shutil.copyfile(demo_db, db)
    beacon = "![t](http://beacon.invalid/x.png)"
    path = tmp_path / "audits.csv"
    path.write_text("audit_id,board,board_type,audit_type,agency,audit_date,grade\r\n"
                    f"A1,Ashbourne SCP,children,multi_agency,Police,14/06/2024,{beacon}\r\n"
                    "A2,Ashbourne SCP,children,multi_agency,Police,14/06/2024,"
                    "[site](http://beacon.invalid/)\r\n", encoding="utf-8")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.set_default_timeout(90_000)
    with serve_app(db) as base:
        page.goto(f"{base}/upload")
        settled(page, "Upload an extract")
        choose(page, "Data set", "audits")
        _upload(page, path)
        page.get_by_role("heading", name="Say once what these mean").wait_for()
        settled(page, "Upload an extract")
        # the label shows the cell as written (the selectbox's label is Markdown, escaped)
        label = page.get_by_test_id("stSelectbox").filter(has_text="beacon.invalid/x.png)' in grade")
        expect(label).to_have_count(1)
        assert "![t](http" in label.inner_text()          # as written, no image, no link
        expect(page.locator("a[href*='beacon.invalid']")).to_have_count(0)
        expect(page.locator("img[src*='beacon.invalid']")).to_have_count(0)
    assert not [url for url in asked if "beacon.invalid" in url]
