"""Charts and captions show text from the data as written: never as markup or code. Charts
use one palette, whole numbers for counts, words for codes, months on time axes, and say so
instead of drawing when there is too little to draw."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts
from dashboard.components import JOINER, plain

HOSTILE = "<b>Police</b><script>alert(1)</script>"


def test_chart_labels_escape_html() -> None:
    table = pd.DataFrame({"agency": [HOSTILE], "attended": [3], "did_not_attend": [1],
                          "cancelled": [0]})
    figure = charts.stacked_counts(table, "agency", ["attended", "did_not_attend", "cancelled"],
                                   charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS, "bookings")
    labels = {str(label) for trace in figure.data for label in trace.y}
    assert labels == {"&lt;b&gt;Police&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;"}


def test_every_status_has_a_pattern_as_well_as_a_colour() -> None:
    table = pd.DataFrame({"quarter": ["2024-25 Q1"], "met": [3], "missed": [1], "overdue": [1],
                          "pending": [2]})
    figure = charts.status_stack(table, "quarter")
    patterns = {trace.name: trace.marker.pattern.shape for trace in figure.data}
    assert set(patterns) == {"Met", "Missed", "Overdue", "Pending"}
    assert len(set(patterns.values())) == 4


def test_captions_escape_markdown_from_the_data() -> None:
    text = plain("Board [click](javascript:alert(1)) **bold** <i>x</i> 2023-24")
    assert "[click](javascript" not in text
    assert "**bold**" not in text
    shown = text.replace("\\", "").replace(JOINER, "")
    assert shown == "Board [click](javascript:alert(1)) **bold** <i>x</i> 2023-24"
    assert "http:" + JOINER + "//" in plain("see http://beacon.invalid")   # no bare link


def test_every_chart_is_built_in_the_one_palette_whatever_the_default_template() -> None:
    import plotly.io as pio

    trend = pd.DataFrame({"theme": ["neglect"] * 4, "board_type": ["children", "adults"] * 2,
                          "period": ["2023-24", "2023-24", "2024-25", "2024-25"],
                          "items_with_theme": [1, 2, 3, 4], "items_total": [10, 10, 10, 10],
                          "share_pct": [10.0, 20.0, 30.0, 40.0]})
    before = pio.templates.default
    pio.templates.default = "plotly"          # plotly's own red and green first
    try:
        figure = charts.theme_trend(trend, ["neglect"])
    finally:
        pio.templates.default = before
    assert isinstance(figure, go.Figure)
    assert {t.line.color for t in figure.data} <= set(charts.OKABE_ITO)
    assert figure.layout.template.layout.colorway == tuple(charts.OKABE_ITO)


def test_counts_get_whole_number_ticks() -> None:
    table = pd.DataFrame({"agency": ["Police", "Health"], "attended": [1, 2],
                          "did_not_attend": [1, 0], "cancelled": [0, 1]})
    figure = charts.stacked_counts(table, "agency", ["attended", "did_not_attend", "cancelled"],
                                   charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS, "bookings")
    assert isinstance(figure, go.Figure)
    assert figure.layout.xaxis.dtick == 1 and figure.layout.xaxis.tickformat == ",d"
    assert [t.name for t in figure.data] == ["Attended", "Did not attend", "Cancelled"]
    many = table.assign(attended=[400, 250])
    wide = charts.stacked_counts(many, "agency", ["attended", "did_not_attend", "cancelled"],
                                 charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS, "bookings")
    assert isinstance(wide, go.Figure)
    assert wide.layout.xaxis.dtick is None and wide.layout.xaxis.tickformat == ",d"


def test_a_line_through_one_point_is_a_sentence_instead() -> None:
    one = pd.DataFrame({"quarter": ["2024-25 Q1"], "attendance_pct": [80.0]})
    said = charts.percent_line(one, "quarter", {"attendance_pct": "Attendance"}, "quarter",
                               y_label="Rate (%)")
    assert isinstance(said, charts.NoChart)
    assert said.reason.startswith("Only one quarter (2024-25 Q1) in this view")
    two = pd.concat([one, one.assign(quarter="2024-25 Q2")])
    assert isinstance(charts.percent_line(two, "quarter", {"attendance_pct": "Attendance"},
                                          "quarter", y_label="Rate (%)"), go.Figure)


def test_months_on_a_time_axis_never_milliseconds() -> None:
    rates = pd.DataFrame({"month": pd.to_datetime(["2026-10-01", "2026-11-01", "2026-11-01"]),
                          "kind": ["Audits", "Audits", "Training"],
                          "pass_pct": [50.0, 100.0, 100.0]})
    figure = charts.monthly_percent(rates, "month", "kind", "pass_pct", "Passed (%)")
    assert isinstance(figure, go.Figure)
    assert figure.layout.xaxis.dtick == "M1" and figure.layout.xaxis.tickformat == "%b %Y"
    single = charts.monthly_percent(rates[rates["month"] == "2026-11-01"], "month", "kind",
                                    "pass_pct", "Passed (%)")
    assert isinstance(single, charts.NoChart) and "November 2026" in single.reason


def test_financial_years_are_names_not_dates() -> None:
    table = pd.DataFrame({"period": ["2011-12", "2012-13"], "met": [5, 6], "counted": [6, 6],
                          "compliance_pct": [83.3, 100.0]})
    figure = charts.compliance_bars(table, "period", 5)
    assert isinstance(figure, go.Figure)
    assert figure.layout.yaxis.type == "category"       # a row each, labelled after its bar
    assert figure.layout.yaxis.title.text == "Financial year"


def test_legends_say_board_types_in_words() -> None:
    shares = pd.DataFrame({"theme": ["neglect", "neglect"], "board_type": ["children", "adults"],
                           "share_pct": [10.0, 20.0], "items_with_theme": [1, 2],
                           "items_total": [10, 10]})
    figure = charts.theme_side_by_side(shares)
    assert isinstance(figure, go.Figure)
    assert {t.name for t in figure.data} == {"Children's", "Adults'"}


def test_text_on_every_fill_reads_at_aa_contrast() -> None:
    for fill in [*charts.OKABE_ITO, charts.GREY]:
        assert charts.contrast(charts.text_on(fill), fill) >= 4.5, fill
    for cell in charts.HEAT:                  # a heatmap's figures are near-black on every blue
        assert charts.contrast(charts.TEXT, cell) >= 4.5, cell
    table = pd.DataFrame({"quarter": ["2024-25 Q1"], "met": [3], "missed": [1], "overdue": [0],
                          "pending": [0]})
    figure = charts.status_stack(table, "quarter")
    assert isinstance(figure, go.Figure)
    assert {t.name: t.insidetextfont.color for t in figure.data}["Met"] == charts.TEXT
