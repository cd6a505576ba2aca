"""The report's charts draw only figures that are published: a category hidden this year is
left out and named, a hidden figure last year is labelled where its bar would be, and a chart
with nothing left is replaced by a sentence. Years are told apart by pattern and by text, in
the Okabe-Ito palette; counts get whole-number ticks."""

from __future__ import annotations

from publishing.figures import OKABE_ITO, Bar, two_year_bars
from publishing.suppression import SUPPRESSED


def _chart(bars: list[Bar], percent: bool = True):  # type: ignore[no-untyped-def]
    return two_year_bars(bars, this_year="2024-25", last_year="2023-24",
                         measure="compliance with each timescale (%)", noun="clocks",
                         threshold=5, percent=percent)


def test_a_category_hidden_this_year_is_not_drawn_but_named() -> None:
    chart = _chart([Bar("Rapid review", 80.0, SUPPRESSED),
                    Bar("Notification", 60.0, 55.0),
                    Bar("SAR completed", SUPPRESSED, 50.0, "fewer than 5 clocks behind the figure"),
                    Bar("DHR decision", None, None)])
    assert chart.figure is not None
    this_year, last_year = chart.figure.data
    assert list(this_year.y) == ["Rapid review", "Notification"] == list(last_year.y)
    assert list(this_year.text) == ["2024-25: 80%", "2024-25: 60%"]
    assert list(last_year.text) == ["2023-24: not shown", "2023-24: 55%"]
    assert chart.not_shown == ("Not shown for 2024-25: SAR completed (fewer than 5 clocks behind "
                               "the figure).")
    assert chart.alt.startswith("Bar chart of compliance with each timescale (%) for each of 2 "
                                "categories, 2024-25 beside 2023-24. Highest in 2024-25: Rapid "
                                "review, 80% (2023-24: not shown).")
    assert chart.alt.endswith(chart.not_shown)


def test_a_chart_of_one_bar_is_a_sentence() -> None:
    chart = _chart([Bar("Rapid review", 80.0, 99.6),
                    Bar("SAR completed", SUPPRESSED, 50.0, "fewer than 5 clocks behind the figure")])
    assert chart.figure is None
    assert chart.alt == chart.not_shown == (
        "Rapid review: 80% in 2024-25 (2023-24: 99.6%); the table below gives the counts. Not "
        "shown for 2024-25: SAR completed (fewer than 5 clocks behind the figure).")


def test_when_every_figure_is_hidden_a_sentence_stands_in_for_the_chart() -> None:
    why = "fewer than 5 clocks behind the figure"
    chart = _chart([Bar("Rapid review", SUPPRESSED, 80.0, why),
                    Bar("SAR completed", SUPPRESSED, None, why)])
    assert chart.figure is None
    assert chart.not_shown == ("Not shown for 2024-25: Rapid review and SAR completed (fewer than "
                               "5 clocks behind the figure). So there is no chart of compliance "
                               "with each timescale (%).")


def test_each_hidden_figure_is_named_with_its_own_reason() -> None:
    chart = _chart([Bar("Rapid review", 80.0, 70.0), Bar("Notification", 90.0, 70.0),
                    Bar("SAR completed", SUPPRESSED, 50.0, "it would reveal a hidden count"),
                    Bar("DHR decision", SUPPRESSED, None, "fewer than 5 clocks behind the figure")])
    assert chart.not_shown == ("Not shown for 2024-25: SAR completed (it would reveal a hidden "
                               "count); DHR decision (fewer than 5 clocks behind the figure).")
    assert _chart([]).figure is None and _chart([]).not_shown is None


def test_years_by_pattern_and_text_in_the_palette_with_whole_number_ticks() -> None:
    chart = _chart([Bar("Completed", 12, 9), Bar("Assured", 3.0, 0)], percent=False)
    assert chart.figure is not None
    this_year, last_year = chart.figure.data
    assert {this_year.marker.color, last_year.marker.color} <= set(OKABE_ITO)
    assert this_year.marker.pattern.shape == "" and last_year.marker.pattern.shape == "/"
    assert all(t.startswith("2024-25: ") for t in this_year.text)
    axis = chart.figure.layout.xaxis
    assert axis.tickformat == ",d" and axis.dtick == 2        # 0, 2, 4 ... 18: whole numbers
    long = _chart([Bar(f"Agency {n}", 10.0 * n, 5.0 * n) for n in range(1, 12)])
    assert long.figure is not None
    assert "Highest in 2024-25: Agency 11, 110%" in long.alt and "Lowest: Agency 1, 10%" in long.alt
