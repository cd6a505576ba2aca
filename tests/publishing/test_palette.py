"""One palette for every chart and printed page: the pages' figures, the reports' figures and
Streamlit's own chart theme all take their colours and text colour from publishing.palette."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dashboard import charts
from data_models.labels import percent
from publishing import palette
from publishing.figures import Bar, two_year_bars

ROOT = Path(__file__).resolve().parents[2]


def test_the_pages_and_the_reports_draw_from_the_one_palette() -> None:
    assert tuple(charts.OKABE_ITO) == palette.OKABE_ITO and charts.TEXT == palette.TEXT
    chart = two_year_bars([Bar("Rapid review", 80.0, 70.0), Bar("SAR completed", 50.0, 60.0)],
                          this_year="2024-25", last_year="2023-24", measure="compliance (%)",
                          noun="clocks", threshold=5)
    assert chart.figure is not None
    colours = {t.marker.color for t in chart.figure.data}
    colours |= {t.marker.pattern.fgcolor for t in chart.figure.data if t.marker.pattern.fgcolor}
    assert colours <= set(palette.OKABE_ITO)
    assert chart.figure.layout.font.color == palette.TEXT
    from publishing import pack

    assert f"color:{palette.TEXT}" in pack._CSS


def test_streamlit_draws_its_own_charts_in_the_same_colours() -> None:
    with (ROOT / "streamlit_config" / "config.toml").open("rb") as handle:
        theme = tomllib.load(handle)["theme"]
    assert theme["textColor"] == palette.TEXT
    assert theme["chartCategoricalColors"] == [*palette.OKABE_ITO[:6], palette.OKABE_ITO[6],
                                               palette.OKABE_ITO[7], palette.GREY]
    assert [c.lower() for c in theme["chartSequentialColors"]] == list(palette.BLUES)


@pytest.mark.parametrize(("value", "shown"), [
    (0, "0%"), (0.04, "<0.1%"), (0.4, "0.4%"), (99.97, ">99.9%"), (12.5, "13%"), (66.7, "67%"), (99.4, "99%"),
    (99.6, "99.6%"), (100, "100%"), (100.0, "100%")])
def test_a_percentage_is_written_one_way_everywhere(value: float, shown: str) -> None:
    """Whole numbers with %, halves up; a decimal only where rounding would say none or all."""
    assert percent(value) == shown
