"""The percentages and changes worked out in Python from counts are rounded once, halves up,
like those in SQL and in the report: numpy's and Python's round halve to even, and a change
worked out from two rounded rates is rounded twice."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from dashboard.screens.overview.model import _timescale_tile
from data_models import queries
from data_models.labels import points


def _uptake(attended: int, not_attended: int, cancelled: int) -> pd.DataFrame:
    rows = [("all", status, n) for status, n in (("attended", attended),
                                                  ("did_not_attend", not_attended),
                                                  ("cancelled", cancelled))]
    return pd.DataFrame(rows, columns=["grouped_by", "status", "bookings"])


def test_training_rates_are_their_counts_rounded_once_halves_up() -> None:
    # 49 of 400 attended: 12.25%, which numpy's round gave as 12.2
    table = queries.training_by(_uptake(49, 1, 350), "all").iloc[0]
    assert table["attendance_pct"] == 12.3
    # 1 of 8 who were expected did not attend: 12.5%, kept; 1 of 80: 1.25% -> 1.3
    assert queries.training_by(_uptake(7, 1, 0), "all").iloc[0]["no_show_pct"] == 12.5
    assert queries.training_by(_uptake(79, 1, 0), "all").iloc[0]["no_show_pct"] == 1.3


def test_a_change_in_points_is_worked_out_from_the_four_counts() -> None:
    assert points(1, 8, 0, 5, places=0) == 13.0           # 12.5 points: up, not to even
    assert points(22, 37, 1, 2, places=0) == 9.0          # 59.46 - 50: 9, not 59.5 - 50 = 10
    assert points(0, 5, 1, 8, places=0) == -13.0          # halves away from zero
    assert points(1, 0, 1, 2) is None


def _row(met: int, counted: int, last_met: int, last_counted: int) -> SimpleNamespace:
    return SimpleNamespace(met=met, counted=counted, missed=counted - met, overdue=0,
                           pending=0, last_year_met=last_met, last_year_counted=last_counted,
                           short_label="Rapid review", label="Rapid review in 15 working days")


def test_the_overview_tile_says_the_change_from_its_counts() -> None:
    tile = _timescale_tile(_row(22, 37, 5, 10), "2024-25")
    assert tile.value == "59%" and tile.delta == "+9 pts on last year"
    assert _timescale_tile(_row(5, 40, 0, 10), "2024-25").delta == "+13 pts on last year"
