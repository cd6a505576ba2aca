"""Every picture the documentation shows, made again on the demo data as of one fixed day:
`make pictures` (or `.venv/bin/python docs/pictures.py`). Needs Debian's chromium (the served
app is photographed in it, and the report is printed by it) and pdftoppm (poppler-utils).

- images/overview.png: the Overview page, default filters;
- images/impact.png: the Impact page for neglect, at its before-and-after section;
- images/national.png: the National context page for Kestrel Bay SCP, 2024-25, on the demo's
  synthetic national files;
- images/footprint.png: the Admin page's footprints and the form that sets one;
- images/digest.png: a quality lead's digest for Kestrel Bay SCP, its HTML part;
- images/report-publication.png and images/report-board.png: the first page of each edition of
  the PDF annual report for Millbrook SCP (the demo's smallest children's board), 2024-25, as
  `assurance export report --board 'Millbrook SCP' --period 2024-25 --format pdf --edition
  publication` (or `board`) makes it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from access import read_access, scope_of  # noqa: E402
from assurance.demo import load_demo  # noqa: E402
from data_models.scope import Reader  # noqa: E402
from data_models.store.file import connect, init_schema  # noqa: E402
from publishing.digest import build_digest, html_part  # noqa: E402
from tests.dashboard.browser import launch, no_error_shown, serve_app, settled  # noqa: E402

AS_OF = dt.date(2026, 11, 23)
IMAGES = ROOT / "docs" / "images"
# A report's first page at 60 dots an inch, on grey, as a reader sees it.
REPORT_DPI, MARGIN, GREY = 60, 20, (200, 200, 200)
REPORT_BOARD, REPORT_YEAR = "Millbrook SCP", "2024-25"


def demo_database(folder: Path) -> Path:
    db = folder / "demo.duckdb"
    con = connect(db)
    init_schema(con)
    load_demo(con, seed=2026)
    con.close()
    return db


def digest_page(db: Path, folder: Path) -> Path:
    """The HTML part of one quality lead's digest, for Kestrel Bay SCP only, as a file."""
    roles = folder / "roles.toml"
    roles.write_text('[people."quality.lead@example.org"]\nrole = "uploader"\n'
                     'boards = ["Kestrel Bay SCP"]\n', encoding="utf-8")
    lead = scope_of(read_access(roles), "quality.lead@example.org")
    con = connect(db)
    try:
        digest = build_digest(Reader(con, lead), "quality.lead@example.org", AS_OF)
    finally:
        con.close()
    page = folder / "digest.html"
    page.write_text(html_part(digest, "https://assurance.example.org"), "utf-8")
    return page


def report_pages(db: Path, folder: Path) -> None:
    """Each edition of the annual report as the command line makes it: its first page."""
    assurance = Path(sys.executable).with_name("assurance")
    for edition in ("publication", "board"):
        pdf = folder / f"report-{edition}.pdf"
        subprocess.run([str(assurance), "--db", str(db), "export", "report", "--board",
                        REPORT_BOARD, "--period", REPORT_YEAR, "--format", "pdf", "--edition",
                        edition, "--as-of", AS_OF.isoformat(), "--out", str(pdf)],
                       check=True, capture_output=True, text=True)
        subprocess.run(["pdftoppm", "-png", "-r", str(REPORT_DPI), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(folder / f"page-{edition}")], check=True)
        page = Image.open(folder / f"page-{edition}.png").convert("RGB")
        framed = Image.new("RGB", (page.width + 2 * MARGIN, page.height + 2 * MARGIN), GREY)
        framed.paste(page, (MARGIN, MARGIN))
        framed.save(IMAGES / f"report-{edition}.png", optimize=True)


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = demo_database(folder)
        digest = digest_page(db, folder)
        report_pages(db, folder)
        with sync_playwright() as playwright, serve_app(db) as base:
            browser = launch(playwright)
            tab = browser.new_page(viewport={"width": 1400, "height": 1150})
            tab.goto(f"{base}/?as_of={AS_OF}")
            settled(tab, "Safeguarding assurance")
            no_error_shown(tab)
            tab.screenshot(path=str(IMAGES / "overview.png"))

            tab = browser.new_page(viewport={"width": 1200, "height": 1300})
            tab.goto(f"{base}/impact?as_of={AS_OF}&theme=neglect")
            expect(tab.get_by_text("What followed the actions on neglect")).to_be_visible(
                timeout=60_000)
            settled(tab, "Impact")
            no_error_shown(tab)
            expect(tab.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
            tab.wait_for_timeout(1500)              # plotly's drawing settles
            heading = tab.get_by_role("heading", name="Before and after, for one theme")
            heading.evaluate("element => element.scrollIntoView()")
            tab.screenshot(path=str(IMAGES / "impact.png"))

            tab = browser.new_page(viewport={"width": 1300, "height": 1250})
            tab.goto(f"{base}/national?as_of={AS_OF}&board=Kestrel+Bay+SCP&period=2024-25")
            settled(tab, "National context")
            no_error_shown(tab)
            expect(tab.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
            tab.wait_for_timeout(1500)              # plotly's drawing settles
            tab.screenshot(path=str(IMAGES / "national.png"))

            tab = browser.new_page(viewport={"width": 1300, "height": 900})
            tab.goto(f"{base}/admin")
            settled(tab, "Admin")
            no_error_shown(tab)
            heading = tab.get_by_role(
                "heading", name="National context: the local authorities each board covers")
            heading.evaluate("element => element.scrollIntoView()")
            tab.wait_for_timeout(500)
            tab.screenshot(path=str(IMAGES / "footprint.png"))

            mail = browser.new_page(viewport={"width": 760, "height": 900})
            mail.goto(digest.as_uri())
            mail.screenshot(path=str(IMAGES / "digest.png"), full_page=False)
            browser.close()
    print("Wrote " + ", ".join(f"docs/images/{n}.png"
                               for n in ("overview", "impact", "national", "footprint", "digest",
                                         "report-publication", "report-board")))


if __name__ == "__main__":
    main()
