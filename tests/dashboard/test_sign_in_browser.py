"""Sign-in through a real OpenID Connect provider started locally: what each role can and
cannot reach, a person of one board never seeing another's (every page's HTML and every
download), and an unverified email let in as nobody."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.dashboard.browser import (
    free_port,
    oidc_provider,
    serve_app,
    settled,
    sign_in_secrets,
)

pytestmark = pytest.mark.browser
AS_OF = "2026-11-21"
BOARDS = ["Ashbourne SAB", "Ashbourne SCP", "Harwick Safeguarding Partnership",
          "Kestrel Bay SAB", "Kestrel Bay SCP", "Millbrook SCP", "Northfold SAB"]
MEMBER, LEAD = "Kestrel Bay SCP", "Millbrook SCP"
PEOPLE = [
    {"sub": "member-1", "email": "member@example.org", "email_verified": True},
    {"sub": "lead-1", "email": "Lead@Example.org", "email_verified": True},
    # the probe: an unverified email that an admin's address was once matched to
    {"sub": "attacker-123", "email": "Boss@Example.org", "email_verified": False},
]
ROLES = f"""default_role = "none"

[people."member@example.org"]
role = "viewer"
boards = ["{MEMBER}"]

[people."lead@example.org"]
role = "uploader"
boards = ["{LEAD}"]

[people."boss@example.org"]
role = "admin"
boards = "all"
"""
HEADINGS = {"overview": "Safeguarding assurance", "timescales": "Timescales",
            "themes": "Themes", "recommendations": "Recommendations", "audits": "Audits",
            "training": "Training", "exports": "Exports", "upload": "Upload an extract",
            "data_quality": "Data quality"}


@pytest.fixture(scope="module")
def signed_app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("signin")
    port = free_port()
    roles = folder / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    with oidc_provider(*PEOPLE) as provider:
        env = {"ASSURANCE_SECRETS": str(sign_in_secrets(folder, provider,
                                                        f"http://localhost:{port}")),
               "ASSURANCE_ROLES": str(roles),
               "AUTHLIB_INSECURE_TRANSPORT": "1"}   # the test provider speaks plain http
        with serve_app(demo_db, env=env, port=port) as base:
            yield base


def _sign_in(browser, app: str, sub: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{app}/?as_of={AS_OF}")
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(sub)
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
    context, page = _sign_in(browser, signed_app, "member-1")
    try:
        page.get_by_text(f"Signed in as member@example.org (viewer; {MEMBER}).").wait_for()
        nav = _nav(page)
        assert {"Overview", "Timescales", "Themes", "Exports"} <= set(nav)
        assert not {"Upload", "Data quality", "Admin"} & set(nav)
        page.goto(f"{signed_app}/upload")             # refused by the server: not a page
        settled(page, "Safeguarding assurance")
        assert page.get_by_role("heading", name="Upload an extract").count() == 0
        page.goto(f"{signed_app}/exports?period=2024-25&as_of={AS_OF}")
        settled(page, "Exports")
        expect(page.get_by_role("button", name="Publication edition (Word)")).to_have_count(1)
        expect(page.get_by_role("button", name="Board edition (not for publication) (Word)")
               ).to_be_disabled()
        expect(page.get_by_text("Record-level exports are for quality leads")).to_have_count(1)
        assert page.get_by_role("button", name="Records and tables (Excel)").count() == 0
    finally:
        context.close()


def test_a_quality_lead_can_upload_and_see_records(signed_app: str, browser) -> None:  # type: ignore[no-untyped-def]
    context, page = _sign_in(browser, signed_app, "lead-1")
    try:
        page.get_by_text(f"Signed in as lead@example.org (uploader; {LEAD}).").wait_for()
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


def _text_of(data: bytes) -> str:
    """A download as text: the members of a zip (xlsx, docx, zipped CSV), or the file."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize(("sub", "mine", "pages"), [
    ("member-1", MEMBER, ["overview", "timescales", "themes", "recommendations", "audits",
                          "training", "exports"]),
    ("lead-1", LEAD, list(HEADINGS)),
], ids=["viewer of Kestrel Bay SCP", "uploader of Millbrook SCP"])
def test_a_person_of_one_board_never_receives_anothers_names(
        signed_app: str, browser, sub: str, mine: str, pages: list[str]) -> None:  # type: ignore[no-untyped-def]
    others = [b for b in BOARDS if b != mine]
    context, page = _sign_in(browser, signed_app, sub)
    try:
        for name in pages:
            # a link naming another board: ignored, never widened
            page.goto(f"{signed_app}/{name}?as_of={AS_OF}&period=2024-25"
                      f"&board={others[0].replace(' ', '+')}")
            settled(page, HEADINGS[name])
            html = page.content()
            assert not [b for b in others if b in html], (name, [b for b in others if b in html])
        page.goto(f"{signed_app}/exports?as_of={AS_OF}&period=2024-25")
        settled(page, "Exports")
        expect(page.get_by_role("button", name="Publication edition (Word)")).to_be_visible()
        # every file the page offers them (a board member is offered no board edition)
        buttons = page.get_by_test_id("stDownloadButton").locator("button:enabled")
        assert buttons.count() >= 3      # the tables (two formats), the publication edition
        for i in range(buttons.count()):
            with page.expect_download(timeout=120_000) as download:
                buttons.nth(i).click()
            text = _text_of(Path(download.value.path()).read_bytes())
            assert mine in text, download.value.suggested_filename
            assert not [b for b in others if b in text], (download.value.suggested_filename,
                                                          [b for b in others if b in text])
    finally:
        context.close()


def test_an_unverified_email_is_let_in_as_nobody(signed_app: str, browser) -> None:  # type: ignore[no-untyped-def]
    """The probe: sub 'attacker-123' with an unverified admin's email was shown as admin."""
    context, page = _sign_in(browser, signed_app, "attacker-123")
    try:
        expect(page.get_by_text("has not verified your email address")).to_have_count(1)
        assert page.get_by_test_id("stPageLink-NavLink").count() == 0
        page.goto(f"{signed_app}/admin")
        settled(page, "Safeguarding assurance")
        assert page.get_by_role("heading", name="Admin").count() == 0
        assert not [b for b in BOARDS if b in page.content()]
    finally:
        context.close()
