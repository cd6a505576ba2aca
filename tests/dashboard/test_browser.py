"""The served dashboard in a real headless Chromium: every page, a filter, a drill-down."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
ASSURANCE = str(Path(sys.executable).with_name("assurance"))
AS_OF = "2026-11-21"
PAGES = {"": "Safeguarding assurance", "timescales": "Timescales", "themes": "Themes",
         "recommendations": "Recommendations", "audits": "Audits", "training": "Training"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(demo_db: Path) -> Iterator[str]:
    """`assurance serve` on the demo database, as `make run` starts it."""
    port = _free_port()
    server = subprocess.Popen([ASSURANCE, "--db", str(demo_db), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://localhost:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    break
        except OSError:
            time.sleep(0.5)
    yield base
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()


def _settled(page, heading: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("heading", name=heading, level=1).wait_for(timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _no_error_shown(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0


def _choose(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an option of a selectbox as a person does: open it, click the option."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):   # a rerun that lands as the list opens closes it again
        box.click()
        try:
            choice.click(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - the list closed; open it again
            page.keyboard.press("Escape")
    choice.click()


def test_every_page_opens_without_an_error(served: str, page) -> None:  # type: ignore[no-untyped-def]
    for path, heading in PAGES.items():
        page.goto(f"{served}/{path}?as_of={AS_OF}")
        _settled(page, heading)
        _no_error_shown(page)


def test_a_filter_changes_the_view_and_the_link(served: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served}/?as_of={AS_OF}")
    _settled(page, "Safeguarding assurance")
    assert page.get_by_role("heading", name="Children's partnerships").is_visible()
    _choose(page, "Board type", "adults")
    page.wait_for_url(re.compile(r"board_type=adults"), timeout=30_000)
    page.get_by_role("heading", name="Children's partnerships").wait_for(state="detached")
    assert page.get_by_role("heading", name="Adults' boards").is_visible()
    _no_error_shown(page)
    # the link reproduces the view
    page.goto(page.url.replace("/?", "/timescales?"))
    _settled(page, "Timescales")
    assert "adults's" in page.get_by_test_id("stCaptionContainer").first.inner_text()


def test_a_drill_down_shows_the_records(served: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{served}/timescales?as_of={AS_OF}")
    _settled(page, "Timescales")
    _choose(page, "Show the reviews behind a financial year", "2023-24")
    caption = page.get_by_text(re.compile(r"^\d+ record\(s\) for 2023-24\.$"))
    caption.wait_for(timeout=30_000)
    assert int(caption.inner_text().split()[0]) > 0
    _no_error_shown(page)
