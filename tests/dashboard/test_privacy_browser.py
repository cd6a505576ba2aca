"""A street address in a free-text column, uploaded through the page: refused, the column and
row named, the address itself never on the page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import csv_bytes
from tests.dashboard.browser import serve_app, settled

pytestmark = pytest.mark.browser

ADDRESS = "lived at 12 Acacia Avenue"


def test_an_address_in_free_text_is_refused_with_its_column_and_without_its_value(
        demo_db: Path, tmp_path: Path, page) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "privacy.duckdb"
    shutil.copyfile(demo_db, db)
    extract = tmp_path / "recommendations.csv"
    extract.write_bytes(csv_bytes([
        {"Recommendation ref": "AS-PR-01", "Board": "Ashbourne SCP", "Board type": "children",
         "Recommendation": "Agencies share the records of families who move.",
         "Lead agency": "Police", "RAG status": "not started", "Reason": ADDRESS},
        {"Recommendation ref": "AS-PR-02", "Board": "Ashbourne SCP", "Board type": "children",
         "Recommendation": "Hear Child K's voice.", "Lead agency": "Health",
         "RAG status": "in progress", "Reason": "Mother and Father declined"}]))
    page.set_default_timeout(90_000)
    with serve_app(db) as base:
        page.goto(f"{base}/upload")
        settled(page, "Upload an extract")
        page.locator("input[type=file]").set_input_files(str(extract))
        alert = page.get_by_test_id("stAlertContentError").filter(
            has_text="looks like a street address")
        expect(alert).to_have_count(1, timeout=90_000)   # a loaded machine is slow
        settled(page, "Upload an extract")
        assert re.search(r"Column 'Reason', row 2", alert.inner_text())
        expect(page.get_by_role("button", name="Store")).to_have_count(0)
        body = page.locator("body").inner_text()
        assert "Acacia" not in body and ADDRESS not in body
