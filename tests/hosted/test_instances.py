"""Two instances of the served app on one shared store, as behind a load balancer: an extract
stored through one is seen through the other at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.browser import launch, no_error_shown, serve_app, settled
from tests.hosted.postgres import postgres

ROOT = Path(__file__).resolve().parents[2]
ASSURANCE = str(Path(sys.executable).with_name("assurance"))
EXTRACTS = ROOT / "tests" / "fixtures" / "extracts"
AUDITS_VIEW = "audits?board=Ashbourne+SCP&period=2024-25&as_of=2026-11-21"


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    folder = tmp_path_factory.mktemp("instances")
    with postgres() as store:
        env = {"ASSURANCE_STORE": store, "ASSURANCE_DATA_PATH": str(folder / "data")}
        done = subprocess.run([ASSURANCE, "demo"], capture_output=True, text=True,
                              env={**os.environ, **env}, timeout=600)
        assert done.returncode == 0, done.stderr
        yield env


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        yield context.new_page()
        browser.close()


def _audit_count(page, base: str) -> int:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/{AUDITS_VIEW}")
    settled(page, "Audits")
    sentence = page.get_by_text(re.compile(r"^\d+ of \d+ audits \(\d+%\) were graded good"))
    return int(sentence.first.inner_text().split()[2])


def test_stored_through_one_instance_seen_through_the_other(lake: dict[str, str], page,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    unused = tmp_path / "not-used.duckdb"      # the store is in the environment, not a file
    with serve_app(unused, env=lake) as first, serve_app(unused, env=lake) as second:
        before = _audit_count(page, second)
        assert _audit_count(page, first) == before
        page.goto(f"{first}/upload")
        settled(page, "Upload an extract")
        page.locator("input[type=file]").set_input_files(str(EXTRACTS / "audits_fixed.csv"))
        store = page.get_by_role("button", name="Store")
        store.wait_for(timeout=90_000)
        store.click()
        page.get_by_text(re.compile(r"^Stored audits_fixed\.csv as upload \d+: 3 added")
                         ).wait_for(timeout=90_000)
        no_error_shown(page)
        assert _audit_count(page, second) == before + 3
    assert not unused.exists()
