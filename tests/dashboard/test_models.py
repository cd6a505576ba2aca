"""The page models: what a board page draws, built once per data version."""

from __future__ import annotations

import pandas as pd

from dashboard import models


def test_a_long_list_of_records_shows_the_first_and_counts_them_all() -> None:
    frame = pd.DataFrame({"review_id": [f"R{i}" for i in range(models.MAX_SHOWN + 5)],
                          "due_date": pd.Timestamp("2026-01-31")})
    records = models.Records.of(frame)
    assert records.total == models.MAX_SHOWN + 5
    assert len(records.shown) == models.MAX_SHOWN and records.cut
    assert list(records.shown.columns) == ["Review id", "Due date"]
    assert records.shown["Due date"].iloc[0] == "31/01/2026"
    assert not models.Records.of(frame.head(3)).cut


def test_a_drill_down_holds_the_records_of_each_choice() -> None:
    frame = pd.DataFrame({"agency": ["Police", "Health", "Police"], "audit_id": ["A1", "A2", "A3"]})
    drill = models.DrillDown.of(["Police", "Health", "Education"], frame, "agency")
    assert drill.records("Police").total == 2
    assert drill.records("Police").shown["Audit id"].tolist() == ["A1", "A3"]
    assert drill.records("Education").total == 0


def test_open_recommendations_are_counted_by_age_band() -> None:
    bands = models.age_bands(pd.Series([0, 90, 91, 200, 365, 366, 800, 5000]))
    assert bands.set_index("agreed")["recommendations"].to_dict() == {
        "up to 3 months": 2, "3 to 6 months": 1, "6 to 12 months": 2, "1 to 2 years": 1,
        "over 2 years": 2}


def test_status_labels_keep_unknown_values() -> None:
    labelled = models.with_status_labels(pd.DataFrame({"status": ["met", "odd"]}))
    assert labelled["status"].tolist() == ["✓ met", "odd"]
