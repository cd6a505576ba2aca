"""Two instances of the served app on one shared store, as behind a load balancer: an extract
stored through one is seen through the other at once, and the Exports page's link to its data
version gives the same files after it as before."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.dashboard.browser import launch, no_error_shown, serve_app, settled
from tests.hosted.postgres import postgres

ROOT = Path(__file__).resolve().parents[2]
ASSURANCE = str(Path(sys.executable).with_name("assurance"))
EXTRACTS = ROOT / "tests" / "fixtures" / "extracts"
AUDITS_VIEW = "audits?board=Ashbourne+SCP&period=2024-25&as_of=2026-11-21"
EXPORTS_VIEW = "board=Ashbourne+SCP&period=2024-25&as_of=2026-11-21"


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


def _tables_zip(page, address: str, folder: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The Exports page's summary tables (CSV, zipped) at an address, each file's text, less the
    line that says when it was made."""
    page.goto(address)
    settled(page, "Exports")
    no_error_shown(page)
    return _download(page, folder)


def _download(page, folder: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The summary tables (CSV, zipped) from the Exports page as it is drawn now."""
    folder.mkdir(exist_ok=True)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Summary tables (CSV, zipped)").click()
    saved = folder / "tables.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        files = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
    return {name: "\n".join(line for line in text.splitlines() if not line.startswith("Produced,"))
            for name, text in files.items()}


def _command_tables(env: dict[str, str], out: Path, snapshot: str) -> dict[str, str]:
    done = subprocess.run([ASSURANCE, "export", "tables", "--board", "Ashbourne SCP", "--period",
                           "2024-25", "--as-of", "2026-11-21", "--format", "csv", "--out",
                           str(out), "--snapshot", snapshot], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=600)
    assert done.returncode == 0, done.stderr
    return {p.name: "\n".join(line for line in p.read_text(encoding="utf-8-sig").splitlines()
                              if not line.startswith("Produced,"))
            for p in sorted(out.iterdir())}


def test_stored_through_one_instance_seen_through_the_other(lake: dict[str, str], page,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    unused = tmp_path / "not-used.duckdb"      # the store is in the environment, not a file
    with serve_app(unused, env=lake) as first, serve_app(unused, env=lake) as second:
        before = _audit_count(page, second)
        assert _audit_count(page, first) == before
        # the Exports page's link to its data version, and what it gives before the upload,
        # downloaded twice (the first download's log entry is itself a new snapshot)
        drawn = page.context.new_page()
        then = _tables_zip(drawn, f"{second}/exports?{EXPORTS_VIEW}", tmp_path / "then")
        assert _download(drawn, tmp_path / "twice") == then
        # the link is behind the page's "?" (the technical line, beside its words)
        drawn.get_by_role("button", name=re.compile("Making the same exports again")).click()
        link = drawn.locator("code").filter(has_text="snapshot=").first.inner_text().strip()
        snapshot = parse_qs(urlsplit(link).query)["snapshot"][0]
        assert link.startswith(f"{second}/exports?") and "as_of=2026-11-21" in link
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
        # a page drawn before it gives, clicked after it, what it stated; drawn after it, the
        # data now; and the link the data as it stood then: the same files as then, and as the
        # command line's export at that snapshot
        assert _download(drawn, tmp_path / "late") == then
        now = _tables_zip(page, f"{second}/exports?{EXPORTS_VIEW}", tmp_path / "now")
        assert now != then
        again = _tables_zip(page, link, tmp_path / "again")
        # said in words (the time the snapshot was made), its number behind the "?"
        page.get_by_text("as this page's link asks: the figures as they stood then").wait_for()
        page.get_by_role("button", name=re.compile("Making the same exports again")).click()
        page.get_by_text(f"Made from data version {snapshot}").wait_for()
        assert again == then
        assert _command_tables(lake, tmp_path / "command", snapshot) == then
    assert not unused.exists()
