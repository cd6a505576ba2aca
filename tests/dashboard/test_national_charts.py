"""The National context page's charts, built from the tables' chart rows (`publishing.national`)
of hand-built frames: each kind of area in its own colour of the one palette and its own
pattern or marker, every label the figure as the table writes it, text from the data shown as
written, a figure not given never drawn as 0, and a sentence instead of a chart with too little
to draw; drawn in Chromium at 320 px, no text below the smallest size and none cut off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts
from publishing.national import national_tables, trend_tables
from tests.dashboard.test_reflow_browser import _MEASURE, NARROW, SMALLEST, _inside
from tests.publishing.national_frames import BOARD, NEIGHBOURS, adults_frame, children_frame

HOSTILE = "<b>Board</b><script>alert(1)</script>"
PALETTE = {*charts.OKABE_ITO, charts.GREY}


def _chart(measure: str, frame: pd.DataFrame | None = None, year: str = "2024-25") -> pd.DataFrame:
    tables = national_tables(children_frame() if frame is None else frame, year=year)
    return next(t for t in tables if t.measure == measure).chart


def test_each_area_has_its_own_colour_and_pattern_and_its_figure_as_written() -> None:
    figure = charts.national_rates(_chart("notifications_per_10000_children"),
                                   "Rate per 10,000 children")
    assert isinstance(figure, go.Figure)
    names = [t.name.replace("<br>", " ") for t in figure.data]
    assert names == [BOARD, "England", NEIGHBOURS]             # the region's rounded count: none
    assert [list(t.text) for t in figure.data] == [["0.7"], ["0.3"], ["0.5"]]
    colours = [t.marker.color for t in figure.data]
    patterns = [t.marker.pattern.shape for t in figure.data]
    assert len(set(colours)) == 3 and set(colours) <= PALETTE
    assert len(set(patterns)) == 3
    assert figure.layout.xaxis.title.text == "Rate per 10,000 children"
    assert figure.layout.uniformtext.minsize == charts.MIN_TEXT


def test_a_board_not_given_is_left_out_and_too_few_areas_are_a_sentence() -> None:
    figure = charts.national_rates(_chart("notifications_per_10000_children", year="2022-23"),
                                   "Rate per 10,000 children")
    assert isinstance(figure, go.Figure)
    assert BOARD not in [t.name for t in figure.data]          # suppressed: not drawn as 0
    alone = _chart("notifications_per_10000_children")
    said = charts.national_rates(alone[alone["area_kind"] == "board"], "Rate")
    assert isinstance(said, charts.NoChart) and "Table tab" in said.reason


def test_text_from_the_data_is_shown_as_written() -> None:
    frame = children_frame().replace({BOARD: HOSTILE})
    figure = charts.national_rates(_chart("notifications_per_10000_children", frame), "Rate")
    assert isinstance(figure, go.Figure)
    shown = [str(y) for t in figure.data for y in t.y]
    assert shown[0] == "&lt;b&gt;Board&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_split_sets_the_board_beside_england_for_each_part() -> None:
    figure = charts.national_split(_chart("risk_types", adults_frame()), "Type of risk",
                                   "Share (%)")
    assert isinstance(figure, go.Figure)
    assert [t.name for t in figure.data] == ["England", "Northfold SAB"]    # the board on top
    assert figure.layout.legend.traceorder == "reversed"                    # and named first
    assert [list(t.text) for t in figure.data] == [["12%", "31%"], ["16%", "29%"]]
    assert figure.data[0].marker.pattern.shape != figure.data[1].marker.pattern.shape
    nature = charts.national_split(_chart("notifications_by_nature"), "Nature", "Share (%)")
    assert isinstance(nature, go.Figure)
    assert sorted(str(y) for y in nature.data[0].y) == ["Death", "Other", "Serious harm"]


def test_the_trend_is_a_line_an_area_with_a_gap_where_no_figure_is_given() -> None:
    [trend] = trend_tables(children_frame())
    figure = charts.national_trend(trend.chart, "Rate per 10,000 children")
    assert isinstance(figure, go.Figure)
    lines = {t.name: t for t in figure.data}
    assert set(lines) == {BOARD, "England", NEIGHBOURS}
    board = lines[BOARD]
    assert list(board.x) == ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25",
                             "2025-26"]
    assert pd.isna(board.y[3]) and not board.connectgaps        # 2022-23: a gap, not a 0
    assert len({t.marker.symbol for t in figure.data}) == 3
    assert {t.line.color for t in figure.data} <= PALETTE
    assert figure.layout.xaxis.type == "category"
    one = trend.chart[trend.chart["year"] == "2024-25"]
    assert isinstance(charts.national_trend(one, "Rate"), charts.NoChart)


# -- drawn on a phone ---------------------------------------------------------------------------

@pytest.fixture
def phone(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=NARROW)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.browser
def test_the_charts_keep_readable_text_inside_them_at_320_px(phone, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Each chart drawn by plotly.js at the width a phone gives it (as Streamlit draws it: the
    container's width), measured as the pages' reflow test measures theirs."""
    [trend] = trend_tables(children_frame())
    figures = [charts.national_rates(_chart("notifications_per_10000_children"),
                                     "Rate per 10,000 children"),
               charts.national_split(_chart("theme_share_children"), "Theme", "Share (%)"),
               charts.national_split(_chart("risk_types", adults_frame()), "Type of risk",
                                     "Share (%)"),
               charts.national_trend(trend.chart, "Rate per 10,000 children")]
    assert all(isinstance(f, go.Figure) for f in figures)
    page = tmp_path / "charts.html"
    page.write_text("<html><body style='margin:0'>" + "".join(
        f.to_html(full_html=False, include_plotlyjs=i == 0, config={"responsive": True})
        for i, f in enumerate(figures)) + "</body></html>", encoding="utf-8")
    phone.goto(page.as_uri())
    phone.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg')"
                            f".length >= {len(figures)}")
    phone.wait_for_timeout(800)
    drawn = phone.evaluate(_MEASURE)
    assert len(drawn) == len(figures)
    assert all(c["svg"]["right"] - c["svg"]["left"] <= NARROW["width"] for c in drawn)
    assert sum(len(c["texts"]) for c in drawn) > 40          # labels, ticks and titles measured
    small = [(c["chart"], t["text"], round(t["size"], 1)) for c in drawn for t in c["texts"]
             if t["size"] < SMALLEST]
    assert not small, small
    cut = [(c["chart"], t["text"]) for c in drawn for t in c["texts"]
           if not _inside(t["box"], c["svg"])]
    assert not cut, cut
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
