"""Sign-in through a real OpenID Connect provider started locally, and what each role can
and cannot reach."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.dashboard.browser import free_port, serve_app, settled

pytestmark = pytest.mark.browser
AS_OF = "2026-11-21"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """oidc-provider-mock on a free port, knowing two people by their email."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port),
         "--user", "member@example.org", "--user", "lead@example.org"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/.well-known/openid-configuration", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def signed_app(provider: str, demo_db: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("signin")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"\n'
        'client_id = "assurance-test"\n'
        'client_secret = "assurance-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    roles = folder / "roles.toml"
    roles.write_text('default_role = "viewer"\n\n[roles]\n"lead@example.org" = "uploader"\n',
                     encoding="utf-8")
    env = {"ASSURANCE_SECRETS": str(secrets), "ASSURANCE_ROLES": str(roles),
           "AUTHLIB_INSECURE_TRANSPORT": "1"}   # the test provider speaks plain http
    with serve_app(demo_db, env=env, port=port) as base:
        yield base


def _sign_in(browser, app: str, who: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app}/?as_of={AS_OF}")
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(app)), timeout=60_000)
    settled(page, "Safeguarding assurance")
    return context, page


def _nav(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The page names in the sidebar's links (each link's text is its icon's name, then the
    title), once they are drawn."""
    links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink")
    links.first.wait_for()
    return [t.strip().splitlines()[-1] for t in links.all_inner_texts()]


def test_a_board_member_sees_the_board_pages_but_not_the_data(signed_app: str,
                                                              browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _sign_in(browser, signed_app, "member@example.org")
    try:
        page.get_by_text("Signed in as member@example.org (viewer).").wait_for()
        nav = _nav(page)
        assert {"Overview", "Timescales", "Themes", "Exports"} <= set(nav)
        assert not {"Upload", "Data quality", "Admin"} & set(nav)
        page.goto(f"{signed_app}/upload")             # refused by the server: not a page
        settled(page, "Safeguarding assurance")
        assert page.get_by_role("heading", name="Upload an extract").count() == 0
        page.goto(f"{signed_app}/exports?period=2024-25&as_of={AS_OF}")
        settled(page, "Exports")
        expect(page.get_by_role("button", name="Annual report (HTML)")).to_have_count(1)
        expect(page.get_by_text("Record-level exports are for quality leads")).to_have_count(1)
        assert page.get_by_role("button", name="Records and tables (Excel)").count() == 0
    finally:
        context.close()


def test_a_quality_lead_can_upload_and_see_records(signed_app: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _sign_in(browser, signed_app, "lead@example.org")
    try:
        page.get_by_text("Signed in as lead@example.org (uploader).").wait_for()
        nav = _nav(page)
        assert {"Upload", "Data quality", "Exports"} <= set(nav)
        assert "Admin" not in nav
        page.goto(f"{signed_app}/upload")
        settled(page, "Upload an extract")
        page.goto(f"{signed_app}/exports?period=2024-25&as_of={AS_OF}")
        settled(page, "Exports")
        expect(page.get_by_role("button", name="Records and tables (Excel)")).to_have_count(1)
        page.goto(f"{signed_app}/admin")
        settled(page, "Safeguarding assurance")
        assert page.get_by_role("heading", name="Admin").count() == 0
    finally:
        context.close()
