"""Charts and captions show text from the data as written: never as markup or code."""

from __future__ import annotations

import pandas as pd

from dashboard import charts
from dashboard.components import plain

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
    assert set(patterns) == {"met", "missed", "overdue", "pending"}
    assert len(set(patterns.values())) == 4


def test_captions_escape_markdown_from_the_data() -> None:
    text = plain("Board [click](javascript:alert(1)) **bold** <i>x</i> 2023-24")
    assert "[click](javascript" not in text
    assert "**bold**" not in text
    assert text.replace("\\", "") == "Board [click](javascript:alert(1)) **bold** <i>x</i> 2023-24"
