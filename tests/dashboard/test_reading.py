"""What a board member reads on the pages, in AppTest on the demo data: each caveat is said once
on a page, every board page says its counts are not suppressed and that the report's
publication edition is what to publish, and the "Show as published" switch shows the Themes
page's figures as that edition does ('c' where the disclosure policy hides a count)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import PAGES, captions, no_problems

AS_OF = "2026-11-21"
CAVEAT = ":material/filter_alt_off:"
NOT_SUPPRESSED = "The counts on this page are not suppressed"
SMALL_BOARD = "Millbrook SCP"          # the smallest children's partnership in the demo


@pytest.mark.parametrize("page", ["timescales", "themes", "impact"])
def test_each_caveat_is_said_once_on_a_page(open_page: Callable[..., AppTest],
                                            page: str) -> None:
    # an agency and a quarter: filters several of these figures do not honour, each said
    app = open_page(page, as_of=AS_OF, agency="Police", period="2025-26", quarter="Q2")
    no_problems(app)
    caveats = [c.value for c in app.caption if c.value.startswith(CAVEAT)]
    assert caveats, "no caveat was said"
    repeated = sorted({c for c in caveats if caveats.count(c) > 1})
    assert not repeated, f"said more than once: {repeated}"


@pytest.mark.parametrize("page", PAGES)
def test_every_board_page_says_its_counts_are_not_suppressed(open_page: Callable[..., AppTest],
                                                             page: str) -> None:
    app = open_page(page, as_of=AS_OF)
    no_problems(app)
    said = [c for c in captions(app) if NOT_SUPPRESSED in c]
    assert len(said) == 1, captions(app)
    assert "publication edition" in said[0]


def _cells(app: AppTest) -> list[str]:
    return [str(v) for d in app.dataframe for v in d.value.to_numpy().ravel()]


def test_show_as_published_hides_what_the_report_hides(open_page: Callable[..., AppTest]) -> None:
    app = open_page("themes", as_of=AS_OF, board=SMALL_BOARD, period="2024-25")
    no_problems(app)
    assert "c" not in _cells(app)                       # as the records give them
    app.toggle(key="as_published").set_value(True).run()
    no_problems(app)
    assert "c" in _cells(app)                           # small counts hidden, as published
    assert [c for c in captions(app) if c.startswith(":material/visibility_off: Shown as "
                                                      "published")]
    assert not [c for c in captions(app) if NOT_SUPPRESSED in c]
    titles = [m.value for m in app.markdown]
    assert "#### Themes in reviews" in titles and "#### The learning loop" in titles
    # off again, the counts as the records give them
    app.toggle(key="as_published").set_value(False).run()
    no_problems(app)
    assert "c" not in _cells(app)


@pytest.mark.parametrize(("page", "title"), [
    ("timescales", "Timescales by measure"), ("recommendations", "Recommendations by owner"),
    ("audits", "Audit grades by agency"), ("training", "Training by agency")])
def test_every_page_with_summary_tables_shows_them_as_published(
        open_page: Callable[..., AppTest], page: str, title: str) -> None:
    app = open_page(page, as_of=AS_OF, board=SMALL_BOARD, period="2024-25")
    app.toggle(key="as_published").set_value(True).run()
    no_problems(app)
    assert f"#### {title}" in [m.value for m in app.markdown]
    assert [c for c in captions(app) if c.startswith(":material/visibility_off: Shown as "
                                                      "published")]
    assert not app.get("plotly_chart")                 # no chart beside what is published
