"""Remake the documentation's pictures of the Impact page and of a digest, on the demo data:
`.venv/bin/python docs/pictures.py` (needs Debian's chromium; serves the app on a free port)."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assurance.demo import load_demo  # noqa: E402
from data_models.access import read_access, scope_of  # noqa: E402
from data_models.database import connect, init_schema  # noqa: E402
from data_models.scope import Reader  # noqa: E402
from publishing.digest import build_digest, html_part  # noqa: E402
from tests.dashboard.browser import launch, serve_app  # noqa: E402

AS_OF = dt.date(2026, 11, 23)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        con = connect(db)
        init_schema(con)
        load_demo(con, seed=2026)
        roles = Path(folder) / "roles.toml"       # one quality lead of one board
        roles.write_text('[people."quality.lead@example.org"]\nrole = "uploader"\n'
                         'boards = ["Kestrel Bay SCP"]\n', encoding="utf-8")
        lead = scope_of(read_access(roles), "quality.lead@example.org")
        digest = build_digest(Reader(con, lead), "quality.lead@example.org", AS_OF)
        con.close()
        page_html = Path(folder) / "digest.html"
        page_html.write_text(html_part(digest, "https://assurance.example.org"), "utf-8")
        with sync_playwright() as playwright, serve_app(db) as base:
            browser = launch(playwright)
            tab = browser.new_page(viewport={"width": 1200, "height": 1300})
            tab.goto(f"{base}/impact?as_of={AS_OF}&theme=neglect")
            expect(tab.get_by_text("What followed the actions on neglect")).to_be_visible(
                timeout=60_000)
            expect(tab.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
            tab.wait_for_timeout(1500)
            heading = tab.get_by_role("heading", name="Before and after, for one theme")
            heading.evaluate("element => element.scrollIntoView()")
            tab.screenshot(path=str(ROOT / "docs" / "images" / "impact.png"))
            mail = browser.new_page(viewport={"width": 760, "height": 900})
            mail.goto(page_html.as_uri())
            mail.screenshot(path=str(ROOT / "docs" / "images" / "digest.png"), full_page=False)
            browser.close()
    print("Wrote docs/images/impact.png and docs/images/digest.png")


if __name__ == "__main__":
    main()
