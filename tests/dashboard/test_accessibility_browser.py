"""Pages everyone can use, checked in the served app in headless Chromium: axe-core's WCAG 2.2
AA rules find nothing serious or critical on any page (with every chart's table and every
expander open, and after an upload is stored), no page asks anything of a machine outside
this one, the filters, tabs and downloads are reached with the keyboard, and every chart is
drawn in the one palette."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.dashboard.browser import no_error_shown, serve_app, settled

pytestmark = pytest.mark.browser

AS_OF = "2026-11-21"
EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
# Every page, by its address, with the heading it opens on; one of them with a board and a
# year chosen in the address, as a copied link would open it.
PAGES = [
    ("", "Safeguarding assurance"),
    ("timescales", "Timescales"),
    ("themes", "Themes"),
    ("impact?theme=neglect", "Impact"),
    ("recommendations", "Recommendations"),
    ("recommendations?board=Ashbourne+SCP&period=2024-25", "Recommendations"),
    ("audits", "Audits"),
    ("training", "Training"),
    ("national", "National context"),
    ("exports?board=Ashbourne+SCP&period=2024-25", "Exports"),
    ("upload", "Upload an extract"),
    ("data_quality", "Data quality"),
    ("admin", "Admin"),
]
# The Okabe-Ito palette, its grey for what is set aside (cancelled, not implemented) and the
# white and black of labels and outlines: the only colours a chart may draw data in.
PALETTE = {"#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#f0e442",
           "#000000", "#999999", "#ffffff"}


@pytest.fixture(scope="module")
def served(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving a copy of the demo data (the upload test stores into it)."""
    copy = tmp_path_factory.mktemp("accessibility") / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    with serve_app(copy) as base:
        yield base


@pytest.fixture
def watched(browser) -> Iterator[tuple[Any, list[str]]]:  # type: ignore[no-untyped-def]
    """A tab, and every request it makes to a host other than this computer."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    tab = context.new_page()
    outside: list[str] = []
    tab.on("request", lambda request: outside.append(request.url)
           if urlparse(request.url).hostname not in LOCAL_HOSTS else None)
    yield tab, outside
    context.close()


def _address(base: str, path: str) -> str:
    return f"{base}/{path}{'&' if '?' in path else '?'}as_of={AS_OF}"


def _open_everything(page) -> None:  # type: ignore[no-untyped-def]
    """Open each chart's Table tab and each closed expander, so that axe sees them too."""
    from playwright.sync_api import expect

    tables = page.get_by_role("tab", name="Table", exact=True)
    for i in range(tables.count()):
        tables.nth(i).click()
        expect(tables.nth(i)).to_have_attribute("aria-selected", "true")
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
    while closed.count():
        closed.first.click()
    settled_again(page)


def settled_again(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                           timeout=120_000)


def _serious(page) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical violations of the WCAG 2.2 AA rules on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING]


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}" for node in v["nodes"][:10])
        for v in violations)


@pytest.mark.parametrize(("path", "heading"), PAGES, ids=[p or "overview" for p, _ in PAGES])
def test_every_page_passes_axe_and_asks_nothing_outside(served: str, watched, path: str,
                                                        heading: str) -> None:  # type: ignore[no-untyped-def]
    page, outside = watched
    page.goto(_address(served, path))
    settled(page, heading)
    _open_everything(page)
    no_error_shown(page)
    violations = _serious(page)
    assert not violations, _describe(violations)
    assert outside == [], outside


def test_the_upload_page_passes_axe_with_problems_and_after_storing(served: str,
                                                                     watched) -> None:  # type: ignore[no-untyped-def]
    page, outside = watched
    page.goto(f"{served}/upload")
    settled(page, "Upload an extract")
    page.locator("input[type=file]").set_input_files(str(EXTRACTS / "audits_with_errors.csv"))
    page.get_by_text("This extract was not stored").wait_for(timeout=90_000)
    settled(page, "Upload an extract")
    violations = _serious(page)
    assert not violations, "with problems:\n" + _describe(violations)

    page.locator("input[type=file]").set_input_files(str(EXTRACTS / "audits_fixed.csv"))
    page.get_by_role("button", name="Store", exact=True).click(timeout=90_000)
    page.get_by_text(re.compile(r"^Stored as upload \d+\.")).wait_for(timeout=90_000)
    settled(page, "Upload an extract")
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Store", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Upload another")).to_have_count(1)
    expect(page.get_by_test_id("stMain").get_by_role("link", name="Overview")).to_have_count(1)
    no_error_shown(page)
    violations = _serious(page)
    assert not violations, "after storing:\n" + _describe(violations)
    assert outside == [], outside


def _focus(page) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """What has the keyboard focus: its role, its accessible text, where it is."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), role: e.getAttribute('role') || '',
                label: e.getAttribute('aria-label') || '',
                text: (e.innerText || e.value || '').trim().slice(0, 80),
                sidebar: !!e.closest('[data-testid="stSidebar"]'),
                labelledBy: e.closest('[data-testid="stSelectbox"]')
                    ?.querySelector('label')?.innerText || ''};
    }""")


def _tab_until(page, wanted, limit: int = 80) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Press Tab until `wanted(focus)` holds; fail if it never does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = _focus(page)
        seen.append(focus)
        if wanted(focus):
            return focus
    raise AssertionError(f"Tab never reached it; focus went through {seen}")


def test_the_keyboard_reaches_filters_chart_tables_and_downloads(served: str,
                                                                 watched) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page, _ = watched
    page.goto(_address(served, "timescales"))
    settled(page, "Timescales")
    board = _tab_until(page, lambda f: f["sidebar"] and f["labelledBy"] == "Board")
    assert board["sidebar"]
    _tab_until(page, lambda f: f["role"] == "tab" and not f["sidebar"])
    page.keyboard.press("ArrowRight")           # tabs move with the arrow keys, as WAI-ARIA says
    table_tab = page.get_by_role("tab", name="Table", exact=True).first
    expect(table_tab).to_be_focused()
    page.keyboard.press("Enter")
    expect(table_tab).to_have_attribute("aria-selected", "true")

    page.goto(_address(served, "exports?board=Ashbourne+SCP&period=2024-25"))
    settled(page, "Exports")
    _tab_until(page, lambda f: f["text"] == "Summary tables (CSV, zipped)")
    settled_again(page)
    button = page.get_by_role("button", name="Summary tables (CSV, zipped)")
    expect(button).to_be_focused()
    for attempt in range(3):        # a rerun landing as the key goes down swallows the press
        try:
            with page.expect_download(timeout=60_000) as download:
                page.keyboard.press("Enter")
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            settled_again(page)
            button.focus()          # the keyboard's place, as a person would find it again
    assert download.value.suggested_filename.endswith(".zip")


def _chart_colours(page) -> set[str]:  # type: ignore[no-untyped-def]
    """The colours every drawn plotly chart fills its bars, lines and markers with."""
    colours = page.evaluate("""() => {
        const out = [];
        const add = c => { if (typeof c === 'string') out.push(c);
                           else if (Array.isArray(c)) c.forEach(add); };
        for (const gd of document.querySelectorAll('.js-plotly-plot')) {
            for (const t of gd._fullData || []) {
                if (t.type === 'heatmap') continue;          // a scale, checked by its name
                add(t.marker && t.marker.color);
                add(t.line && t.line.color);
            }
        }
        return out;
    }""")
    return {_hex(c) for c in colours}


def _hex(colour: str) -> str:
    colour = colour.strip().lower()
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", colour)
    if match:
        return "#" + "".join(f"{int(part):02x}" for part in match.groups())
    return colour


def _chart_texts(page) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Every text a drawn chart shows (ticks, axis titles, legend, bar labels) with its colour
    and what it is drawn on: the bar it sits inside, or the white of the page. axe-core does
    not check text in SVG, so this does."""
    return page.evaluate("""() => {
        const out = [];
        const background = bar => {          // a patterned bar: the pattern's ground
            const fill = getComputedStyle(bar).fill;
            const id = (fill.match(/url\\("?#([^")]+)"?\\)/) || [])[1];
            const ground = id && document.getElementById(id)?.querySelector('rect');
            return ground ? getComputedStyle(ground).fill : fill;
        };
        const inside = (a, b) => a.x >= b.x - 1 && a.y >= b.y - 1 &&
            a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
        for (const gd of document.querySelectorAll('.js-plotly-plot')) {
            for (const t of gd.querySelectorAll(
                    '.xtick text, .ytick text, .legendtext, .g-xtitle text, .g-ytitle text, ' +
                    '.colorbar text')) {
                out.push({text: t.textContent, fill: getComputedStyle(t).fill, on: '#ffffff'});
            }
            for (const point of gd.querySelectorAll('.point')) {
                const bar = point.querySelector('path'), label = point.querySelector('text');
                if (!bar || !label || !label.textContent) continue;
                const within = inside(label.getBoundingClientRect(),
                                      bar.getBoundingClientRect());
                out.push({text: label.textContent, fill: getComputedStyle(label).fill,
                          on: within ? background(bar) : '#ffffff'});
            }
        }
        return out;
    }""")


def _contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(_hex(one)), luminance(_hex(other))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("path", ["timescales", "themes", "recommendations", "audits",
                                  "training", "data_quality"])
def test_every_chart_is_drawn_in_the_one_palette_with_readable_text(served: str, watched,
                                                                    path: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = watched
    page.goto(_address(served, path))
    settled(page, dict(PAGES)[path])
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    colours = _chart_colours(page)
    assert colours, "no chart was drawn"
    assert colours <= PALETTE, colours - PALETTE
    texts = _chart_texts(page)
    assert texts
    faint = [t for t in texts if _contrast(t["fill"], t["on"]) < 4.5]
    assert not faint, faint[:10]
