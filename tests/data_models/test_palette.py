"""One palette for every chart and printed page: the pages' figures, the reports' figures and
Streamlit's own chart theme all take their colours and text colour from data_models.palette."""

from __future__ import annotations

import tomllib
from pathlib import Path

from dashboard import charts
from data_models import palette
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
