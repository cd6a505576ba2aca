"""Counts with words that agree: "1 recommendation", "3 recommendations", never "(s)"."""

from __future__ import annotations

from data_models.labels import plural


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert plural(1, "review") == "1 review"
    assert plural(8, "review") == "8 reviews"
    assert plural(0, "theme mention") == "0 theme mentions"
    assert plural(1204, "booking") == "1,204 bookings"
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"
