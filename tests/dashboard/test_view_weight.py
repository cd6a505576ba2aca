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


@pytest.mark.parametrize("page", ["timescales", "themes", "training"])
def test_a_chart_or_table_is_made_once_however_many_views_show_it(
        open_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """The page models are built once per data version and shared: their figures are turned
    into JSON and their tables into Arrow on the first view, not again on each later one."""
    import plotly.io
    import streamlit as st
    from streamlit import dataframe_util

    st.cache_resource.clear()              # the page's first view since the data was loaded
    made: list[str] = []
    to_json, to_arrow = plotly.io.to_json, dataframe_util.convert_pandas_df_to_arrow_bytes
    monkeypatch.setattr(plotly.io, "to_json",
                        lambda *a, **k: made.append("figure") or to_json(*a, **k))
    monkeypatch.setattr(dataframe_util, "convert_pandas_df_to_arrow_bytes",
                        lambda *a, **k: made.append("table") or to_arrow(*a, **k))
    app = open_page(page, as_of=AS_OF)
    no_problems(app)
    first = list(made)
    assert "figure" in first and "table" in first
    shown = [spec["data"] for spec in specs(app)], [d.value for d in app.dataframe]
    made.clear()
    app.run()                                # a later view of the same page
    no_problems(app)
    assert made == []
    again = [spec["data"] for spec in specs(app)], [d.value for d in app.dataframe]
    assert again[0] == shown[0]
    assert [t.equals(s) for t, s in zip(again[1], shown[1], strict=True)] == [True] * len(shown[1])


def test_a_view_is_not_followed_by_a_full_garbage_collection() -> None:
    """Streamlit collects all garbage after every script run unless told not to. With the page
    models' figures and frames in memory that full collection was most of a warm view's work
    (about 90 of its 110 to 140 ms of the server's time on the demo data); Python's own
    collector still runs as memory is allocated, and a served instance held the same memory
    over hundreds of views without it."""
    from dashboard.settings import streamlit_flags

    assert "--runner.postScriptGC=false" in streamlit_flags()
