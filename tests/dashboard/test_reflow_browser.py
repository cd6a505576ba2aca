"""The served pages on a phone and to a screen reader, in headless Chromium: at 320 px wide
(WCAG 2.2 reflow) every chart keeps its text at a readable size and inside the chart (axis
titles, names such as long course names, bar labels), and the page links tell a screen reader
which page is shown (aria-current="page")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dashboard.browser import no_error_shown, serve_app, settled

pytestmark = pytest.mark.browser

AS_OF = "2026-11-21"
NARROW = {"width": 320, "height": 800}
# The smallest chart text accepted, in CSS pixels (the charts ask for 10; plotly's scaling
# rounds a little).
SMALLEST = 9.5
CHART_PAGES = {"timescales": "Timescales", "themes": "Themes", "impact": "Impact",
               "recommendations": "Recommendations", "audits": "Audits", "training": "Training",
               "data_quality": "Data quality", "national": "National context"}


@pytest.fixture(scope="module")
def served(demo_db: Path) -> Iterator[str]:
    with serve_app(demo_db) as base:
        yield base


@pytest.fixture
def phone(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=NARROW)
    tab = context.new_page()
    yield tab
    context.close()


# Every drawn chart: its svg's box, its axis titles' boxes, and each text it shows with the size
# it is drawn at (its font size times any scale plotly gave it; a label plotly hid is scaled to
# nothing and not shown).
_MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map((gd, i) => {
    const box = r => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const svg = box(gd.querySelector('svg.main-svg').getBoundingClientRect());
    const titles = [...gd.querySelectorAll('.g-xtitle text, .g-ytitle text')]
        .filter(t => t.textContent).map(t => ({text: t.textContent,
                                               box: box(t.getBoundingClientRect())}));
    const texts = [];
    for (const t of gd.querySelectorAll('text')) {
        if (!t.textContent.trim()) continue;
        const match = (t.getAttribute('transform') || '').match(/scale\\(([-0-9.e]+)/);
        const scale = match ? parseFloat(match[1]) : 1;
        const r = t.getBoundingClientRect();
        if (scale === 0 || getComputedStyle(t).display === 'none' || !r.width) continue;
        texts.push({text: t.textContent.slice(0, 40), kind: t.getAttribute('class') || '',
                    size: parseFloat(getComputedStyle(t).fontSize) * scale, box: box(r)});
    }
    return {chart: i, svg, titles, texts};
})"""


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (inner["left"] >= outer["left"] - 1 and inner["top"] >= outer["top"] - 1
            and inner["right"] <= outer["right"] + 1 and inner["bottom"] <= outer["bottom"] + 1)


@pytest.mark.parametrize("path", list(CHART_PAGES))
def test_charts_keep_readable_text_and_whole_axis_titles_at_320_px(served: str, phone,
                                                                    path: str) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{served}/{path}?as_of={AS_OF}")
    settled(phone, CHART_PAGES[path])
    plots = phone.locator(".js-plotly-plot")
    plots.first.wait_for(timeout=60_000)
    for i in range(plots.count()):           # each drawn at the width it has on the phone
        plots.nth(i).scroll_into_view_if_needed()
    phone.wait_for_timeout(800)
    no_error_shown(phone)
    charts = phone.evaluate(_MEASURE)
    assert charts, "no chart was drawn"
    clipped = [(c["chart"], t["text"]) for c in charts for t in c["titles"]
               if not _inside(t["box"], c["svg"])]
    assert not clipped, f"axis titles cut off by the chart's edge: {clipped}"
    small = [(c["chart"], t["kind"], t["text"], round(t["size"], 1)) for c in charts
             for t in c["texts"] if t["size"] < SMALLEST]
    assert not small, f"chart text below {SMALLEST}px: {small[:10]}"
    cut = [(c["chart"], t["kind"], t["text"]) for c in charts for t in c["texts"]
           if not _inside(t["box"], c["svg"])]
    assert not cut, f"chart text cut off by the chart's edge: {cut[:10]}"
    assert all(c["titles"] for c in charts if any("xtick" in t["kind"] for t in c["texts"]))
    wide = phone.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= NARROW["width"], "the page scrolls sideways"


def _current(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The names of the links marked as the page shown."""
    marked = page.locator("[data-testid='stSidebar'] a[aria-current='page']")
    return [marked.nth(i).get_by_test_id("stMarkdownContainer").inner_text().strip()
            for i in range(marked.count())]


def test_the_page_links_mark_the_page_shown_for_screen_readers(served: str, page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(f"{served}/timescales?as_of={AS_OF}")
    settled(page, "Timescales")
    expect(page.locator("a[aria-current='page']")).to_have_count(1)
    assert _current(page) == ["Timescales"]
    expect(page.get_by_role("link", name="Timescales", exact=True)).to_have_attribute(
        "aria-current", "page")
    # moving to another page by its link moves the mark with it
    page.get_by_role("link", name="Themes", exact=True).click()
    settled(page, "Themes")
    expect(page.get_by_role("link", name="Themes", exact=True)).to_have_attribute(
        "aria-current", "page", timeout=30_000)
    expect(page.locator("a[aria-current='page']")).to_have_count(1)
    assert _current(page) == ["Themes"]
    page.goto(f"{served}/?as_of={AS_OF}")
    settled(page, "Safeguarding assurance")
    expect(page.locator("a[aria-current='page']")).to_have_count(1)
    assert _current(page) == ["Overview"]
