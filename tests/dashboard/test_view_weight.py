"""What a view of a board page sends is no heavier than what it shows: each chart carries only
the part of its template it draws with (a template's defaults for kinds of trace and subplot
the chart does not have were most of every chart's weight)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import PAGES, no_problems

AS_OF = "2026-11-21"
# The parts of a template for a kind of subplot none of the pages draws (maps, polar and 3D).
SUBPLOTS = {"geo", "map", "mapbox", "polar", "scene", "smith", "ternary"}


def specs(app: AppTest) -> list[dict]:  # type: ignore[type-arg]
    """Each chart on the page as Streamlit sends it."""
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("page", [p for p in PAGES if p != "overview"])
def test_each_chart_carries_only_the_template_it_draws_with(open_page: Callable[..., AppTest],
                                                            page: str) -> None:
    app = open_page(page, as_of=AS_OF)
    no_problems(app)
    drawn = specs(app)
    assert drawn, page
    for spec in drawn:
        template = spec["layout"]["template"]
        assert set(template["data"]) == {trace.get("type", "scatter") for trace in spec["data"]}
        assert not set(template["layout"]) & SUBPLOTS
