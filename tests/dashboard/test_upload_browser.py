"""Quality leads upload through the page: a messy extract is refused with its problems, the
fixed one is stored, the dashboard changes at once, and readers meanwhile see no error."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.dashboard.browser import no_error_shown, serve_app, settled

pytestmark = pytest.mark.browser

EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
AUDITS_VIEW = "audits?board=Ashbourne+SCP&period=2024-25&as_of=2026-11-21"


@pytest.fixture(scope="module")
def copy_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo data, which these tests change."""
    copy = tmp_path_factory.mktemp("upload") / "upload.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


@pytest.fixture(scope="module")
def served_copy(copy_db: Path) -> Iterator[str]:
    """The app serving that copy."""
    with serve_app(copy_db) as base:
        yield base


def _audit_count(page, base: str) -> int:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/{AUDITS_VIEW}")
    settled(page, "Audits")
    sentence = page.get_by_text(re.compile(r"^\d+ of \d+ audits \(\d+%\) were graded good"))
    return int(sentence.first.inner_text().split()[2])


def _upload(page, base: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/upload")
    settled(page, "Upload an extract")
    page.locator("input[type=file]").set_input_files(str(path))


def test_messy_extract_refused_then_fixed_one_stored_and_shown(served_copy: str,
                                                               page) -> None:  # type: ignore[no-untyped-def]
    before = _audit_count(page, served_copy)

    _upload(page, served_copy, EXTRACTS / "audits_with_errors.csv")
    page.get_by_text("What the checks found", exact=True).wait_for(timeout=90_000)
    page.get_by_text("This extract was not stored").wait_for(timeout=90_000)
    settled(page, "Upload an extract")
    assert page.get_by_role("button", name="Store").count() == 0
    page.get_by_text(re.compile(r"3 errors, 0 warnings")).wait_for(timeout=30_000)

    _upload(page, served_copy, EXTRACTS / "audits_fixed.csv")
    store = page.get_by_role("button", name="Store")
    store.wait_for(timeout=90_000)
    page.get_by_text(re.compile(r"Storing it would add 3 new records")).wait_for(timeout=30_000)
    store.click()
    page.get_by_text(re.compile(r"^Stored audits_fixed\.csv as upload \d+: 3 added")).wait_for(
        timeout=90_000)
    no_error_shown(page)

    assert _audit_count(page, served_copy) == before + 3


def test_ten_readers_see_no_error_while_an_upload_stores(served_copy: str, browser,
                                                         tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = 150_000
    rng = np.random.default_rng(3)
    extract = tmp_path / "bookings.csv"
    pd.DataFrame({
        "booking_id": [f"READERS-{i}" for i in range(rows)], "board": "Millbrook SCP",
        "board_type": "children", "course": "Think family", "session_date": "11/06/2024",
        "agency": rng.choice(["Police", "Education"], rows), "status": "attended",
    }).to_csv(extract, index=False)

    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(11)]
    try:
        uploader, readers = contexts[0].new_page(), [c.new_page() for c in contexts[1:]]
        _upload(uploader, served_copy, extract)
        store = uploader.get_by_role("button", name="Store")
        store.wait_for(timeout=120_000)
        store.click()
        for reader in readers:          # all ten ask for pages while the store runs
            reader.goto(f"{served_copy}/training?as_of=2026-11-21", wait_until="commit")
        for reader in readers:
            settled(reader, "Training")
            no_error_shown(reader)
            assert reader.locator("[data-testid='stAlertContainer']").filter(
                has_text="being updated").count() == 0
        uploader.get_by_text(re.compile(r"^Stored bookings\.csv as upload \d+: 150,000 added")
                             ).wait_for(timeout=120_000)
        readers[0].goto(f"{served_copy}/training?board=Millbrook+SCP&period=2024-25"
                        "&as_of=2026-11-21")
        settled(readers[0], "Training")
        booked = readers[0].get_by_test_id("stMetricValue").first.inner_text(timeout=120_000)
        assert int(booked.replace(",", "")) >= rows      # the new bookings show at once
    finally:
        for context in contexts:
            context.close()


def test_command_line_load_while_the_dashboard_serves(served_copy: str, copy_db: Path,
                                                      page) -> None:  # type: ignore[no-untyped-def]
    """The command line stores, or says the database is busy and what to do; the dashboard
    keeps serving and the database stays whole."""
    import subprocess

    from tests.dashboard.browser import ASSURANCE

    db = copy_db
    loads = []
    for _ in range(3):
        page.goto(f"{served_copy}/?as_of=2026-11-21", wait_until="commit")
        done = subprocess.run([ASSURANCE, "--db", str(db), "load", "audits",
                               str(EXTRACTS / "audits_workbook.xlsx")],
                              capture_output=True, text=True, timeout=300)
        loads.append(done)
        settled(page, "Safeguarding assurance")
        no_error_shown(page)
    for done in loads:
        assert done.returncode in (0, 2), done.stderr
        if done.returncode == 2:
            assert "is in use by another program" in done.stderr
            assert "Wait for it to finish and try again" in done.stderr
    assert any(d.returncode == 0 for d in loads)
    con = _open_when_free(db)                # whole, and holding what was stored
    stored = con.execute("SELECT count(*) FROM uploads WHERE file_name = 'audits_workbook.xlsx' "
                         "AND outcome IN ('stored', 'unchanged')").fetchall()[0][0]
    total = con.execute("SELECT count(*) FROM uploads").fetchall()[0][0]
    assert con.execute("SELECT count(*) FROM audits WHERE audit_id IN ('X-1', 'X-2')"
                       ).fetchall() == [(2,)]
    con.close()
    assert stored == sum(1 for d in loads if d.returncode == 0)
    page.goto(f"{served_copy}/data_quality")
    settled(page, "Data quality")
    page.get_by_text(re.compile(rf"^{total} uploads;")).wait_for(timeout=30_000)


def _open_when_free(db: Path):  # type: ignore[no-untyped-def]
    """Open the database as a second program would: waiting while the server reads it."""
    import time

    import duckdb

    from data_models.store.file import connect

    for _ in range(60):
        try:
            return connect(db, read_only=True)
        except duckdb.IOException:
            time.sleep(0.5)
    return connect(db, read_only=True)
