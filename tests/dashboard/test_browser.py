"""The served dashboard in a real headless Chromium: every page, a filter, a drill-down."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.browser import choose as _choose
from tests.dashboard.browser import no_error_shown as _no_error_shown
from tests.dashboard.browser import serve_app
from tests.dashboard.browser import settled as _settled

pytestmark = pytest.mark.browser

AS_OF = "2026-11-21"
PAGES = {"": "Safeguarding assurance", "timescales": "Timescales", "themes": "Themes",
         "impact": "Impact", "recommendations": "Recommendations", "audits": "Audits", "training": "Training",
         "upload": "Upload an extract", "data_quality": "Data quality"}


@pytest.fixture(scope="module")
def served(demo_db: Path) -> Iterator[str]:
    with serve_app(demo_db) as base:
        yield base


def test_every_page_opens_without_an_error(served: str, page) -> None:  # type: ignore[no-untyped-def]
    for path, heading in PAGES.items():
        page.goto(f"{served}/{path}?as_of={AS_OF}")
        _settled(page, heading)
        _no_error_shown(page)


def test_a_filter_changes_the_view_and_the_link(served: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served}/?as_of={AS_OF}")
    _settled(page, "Safeguarding assurance")
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Children's partnerships")).to_have_count(1)
    _choose(page, "Board type", "adults")
    page.wait_for_url(re.compile(r"board_type=adults"), timeout=30_000)
    expect(page.get_by_role("heading", name="Children's partnerships")).to_have_count(
        0, timeout=60_000)
    expect(page.get_by_role("heading", name="Adults' boards")).to_have_count(1, timeout=60_000)
    _no_error_shown(page)
    # the link reproduces the view
    page.goto(page.url.replace("/?", "/timescales?"))
    _settled(page, "Timescales")
    assert "adults'" in page.get_by_test_id("stCaptionContainer").first.inner_text()


def test_a_drill_down_shows_the_records(served: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served}/timescales?as_of={AS_OF}")
    _settled(page, "Timescales")
    _choose(page, "Show the reviews behind a financial year", "2023-24")
    caption = page.get_by_text(re.compile(r"^[\d,]+ records? for 2023-24\.$"))
    caption.wait_for(timeout=30_000)
    assert int(caption.inner_text().split()[0].replace(",", "")) > 0
    _no_error_shown(page)


def test_exports_page_downloads_a_workbook_and_logs_it(served: str, page, demo_db: Path,
                                                       tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from tests.dashboard.test_upload_browser import _open_when_free

    page.goto(f"{served}/exports?period=2024-25&board=Ashbourne+SCP&as_of={AS_OF}")
    _settled(page, "Exports")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Summary tables (Excel)").click()
    saved = tmp_path / "tables.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames[0] == "Notes"
    notes = {r[0]: r[1] for r in book["Notes"].iter_rows(min_row=2, values_only=True)}
    assert "Ashbourne SCP" in notes["Filters"] and notes["As of"] == AS_OF
    con = _open_when_free(demo_db)
    try:
        logged = con.execute("SELECT what, format, exported_by FROM exports "
                             "WHERE filters LIKE '%Ashbourne SCP%'").fetchall()
    finally:
        con.close()
    assert ("tables", "xlsx", "local user") in logged
