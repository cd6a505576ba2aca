"""The served pages read at a glance, in headless Chromium: every Overview tile's title is shown
whole (wrapped, never cut with an ellipsis) at 1280 and 320 px; every table on a board page
shows all its columns at 1280 px or says, just above it, that it scrolls sideways; and the
Overview opens at its own address, /overview, as well as at the root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dashboard.browser import no_error_shown, serve_app, settled

pytestmark = pytest.mark.browser

AS_OF = "2026-11-21"
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}
BOARD_PAGES = {"overview": "Safeguarding assurance", "timescales": "Timescales",
               "themes": "Themes", "impact": "Impact", "recommendations": "Recommendations",
               "audits": "Audits", "training": "Training", "data_quality": "Data quality",
               "national": "National context"}
SCROLLS = "Scroll the table sideways"


@pytest.fixture(scope="module")
def served(demo_db: Path) -> Iterator[str]:
    with serve_app(demo_db) as base:
        yield base


def _tab(browser, viewport: dict[str, int]) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport)
    yield context.new_page()
    context.close()


# Each tile title, and whether it or any element inside it is cut: wider than its box, or drawn
# on one line that ends in an ellipsis.
_TITLES = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')].map(label => {
    const cut = [label, ...label.querySelectorAll('*')].filter(e => {
        const style = getComputedStyle(e);
        return e.scrollWidth > e.clientWidth + 1
            || (style.textOverflow === 'ellipsis' && style.whiteSpace === 'nowrap'
                && style.overflow !== 'visible');
    });
    return {text: label.innerText.trim(), cut: cut.length > 0,
            width: label.getBoundingClientRect().width};
})"""


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280px", "320px"])
def test_every_overview_tile_title_is_shown_whole(served: str, browser, viewport) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    for page in _tab(browser, viewport):
        page.goto(f"{served}/?as_of={AS_OF}")
        settled(page, "Safeguarding assurance")
        labels = page.get_by_test_id("stMetricLabel")
        expect(labels.first).to_be_visible(timeout=60_000)
        expect(labels).to_have_count(13, timeout=30_000)
        no_error_shown(page)
        titles = page.evaluate(_TITLES)
        assert all(t["text"] for t in titles)
        cut = [t["text"] for t in titles if t["cut"]]
        assert not cut, f"tile titles cut off at {viewport['width']} px: {cut}"
        # each names its year and what it counts, in full
        assert any("agreed in" in t["text"] for t in titles), [t["text"] for t in titles]


# Every closed expander opened, and every chart's Table tab chosen, so that each table is drawn.
_OPEN = """() => {
    document.querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary')
        .forEach(s => s.click());
    document.querySelectorAll('[role="tab"]').forEach(t => {
        if (t.innerText.trim() === 'Table') t.click();
    });
}"""


# Each table drawn on the page: how many columns it has, whether its grid is wider than the box
# it is shown in, and the words just above it.
_TABLES = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(t => t.getBoundingClientRect().width > 0)
  .map(t => {
    const scroller = t.querySelector('.dvn-scroller');
    const holder = t.closest('[data-testid="stElementContainer"]');
    const before = holder && holder.previousElementSibling;
    return {name: t.querySelector('[aria-label]')?.getAttribute('aria-label') || '',
            wide: scroller ? scroller.scrollWidth > scroller.clientWidth + 1 : false,
            hasScroller: !!scroller,
            before: before ? before.innerText : ''};
  })"""


def test_every_table_shows_its_columns_or_says_it_scrolls(served: str, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    silent, untrue = [], []
    for page in _tab(browser, WIDE):
        for path, heading in BOARD_PAGES.items():
            page.goto(f"{served}/{path}?as_of={AS_OF}")
            settled(page, heading)
            expect(page.get_by_test_id("stDataFrame").first).to_be_attached(timeout=60_000)
            page.evaluate(_OPEN)
            page.wait_for_timeout(1500)
            no_error_shown(page)
            tables = page.evaluate(_TABLES)
            assert tables and all(t["hasScroller"] for t in tables), (path, tables)
            silent += [(path, t["name"]) for t in tables
                       if t["wide"] and SCROLLS not in t["before"]]
            untrue += [(path, t["name"]) for t in tables
                       if not t["wide"] and SCROLLS in t["before"]]
    assert not silent, f"tables wider than the page that do not say they scroll: {silent}"
    assert not untrue, f"tables that fit but say they scroll: {untrue}"


def test_the_overview_opens_at_its_own_address(served: str, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    for page in _tab(browser, WIDE):
        page.goto(f"{served}/overview?as_of={AS_OF}")
        settled(page, "Safeguarding assurance")
        expect(page.get_by_test_id("stMetricLabel").first).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert page.url.split("?")[0].endswith("/overview")
        marked = page.locator("a[aria-current='page']")
        expect(marked).to_have_count(1)
        expect(marked).to_contain_text("Overview")
        no_error_shown(page)


# Each chart's bar labels, and those drawn at no size or not at all (plotly leaves out a label
# with no room for it at the smallest size allowed, unless told to show it).
_BAR_LABELS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const labels = [...gd.querySelectorAll('.bartext')].filter(t => t.textContent.trim());
    const gone = labels.filter(t => {
        const match = (t.getAttribute('transform') || '').match(/scale\\(([-0-9.e]+)/);
        return (match && parseFloat(match[1]) === 0) || getComputedStyle(t).display === 'none'
            || !t.getBoundingClientRect().width;
    });
    return {labels: labels.length, gone: gone.map(t => t.textContent).slice(0, 5)};
})"""
CHART_PAGES = {"timescales": "Timescales", "impact": "Impact", "themes": "Themes",
               "recommendations": "Recommendations", "training": "Training"}


def test_bar_labels_stay_at_320_px(served: str, browser) -> None:  # type: ignore[no-untyped-def]
    gone = []
    for page in _tab(browser, NARROW):
        for path, heading in CHART_PAGES.items():
            page.goto(f"{served}/{path}?as_of={AS_OF}")
            settled(page, heading)
            plots = page.locator(".js-plotly-plot")
            plots.first.wait_for(timeout=60_000)
            for i in range(plots.count()):       # each drawn at the width it has on the phone
                plots.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(800)
            charts = page.evaluate(_BAR_LABELS)
            assert any(c["labels"] for c in charts), path
            gone += [(path, i, c["gone"]) for i, c in enumerate(charts) if c["gone"]]
    assert not gone, f"bar labels left out at 320 px: {gone}"
