"""Working days in England and Wales.

Working days exclude Saturdays, Sundays and bank holidays in England and Wales, including
substitute days and one-off holidays; the holidays come from the `holidays` package, never a
hand-typed list.

Counting convention used everywhere in the product:

* the working days elapsed from A to B are the working days d with A < d <= B;
* "within N working days of A" means on or before the Nth working day after A, where the first
  working day after A is day 1 even when A itself is not a working day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

# The calendar table covers these years; extracts with dates outside them are refused.
FIRST_YEAR = 1995
LAST_YEAR = 2060


@lru_cache(maxsize=1)
def bank_holidays(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> tuple[dt.date, ...]:
    """Bank holidays in England and Wales (the two nations share one list)."""
    england = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1), observed=True
    )
    return tuple(sorted(england.keys()))


@lru_cache(maxsize=1)
def _busdaycalendar() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=list(bank_holidays()))


def is_working_day(day: dt.date) -> bool:
    return bool(np.is_busday(np.datetime64(day, "D"), busdaycal=_busdaycalendar()))


def working_days_elapsed(start: dt.date, end: dt.date) -> int:
    """Working days d with start < d <= end; when end is before start, minus the count the
    other way round, so that elapsed(a, b) == index(b) - index(a) always."""
    if end < start:
        return -working_days_elapsed(end, start)
    one = np.timedelta64(1, "D")
    return int(
        np.busday_count(
            np.datetime64(start, "D") + one, np.datetime64(end, "D") + one,
            busdaycal=_busdaycalendar(),
        )
    )


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The nth working day after start (n > 0) or before it (n < 0).

    Rolling backward first makes a non-working start count from the next working day, as the
    convention requires; rolling forward does the same for counting back.
    """
    day = np.busday_offset(np.datetime64(start, "D"), n,
                           roll="backward" if n >= 0 else "forward", busdaycal=_busdaycalendar())
    return pd.Timestamp(day).date()


def calendar_frame(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> pd.DataFrame:
    """One row per day: whether it is a working day and how many working days are on or before it.

    The measures use `working_day_index`: the working days elapsed from A to B are
    index(B) - index(A), and the Nth working day after A is the working day whose index is
    index(A) + N.
    """
    days = pd.date_range(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), freq="D")
    working = np.is_busday(days.values.astype("datetime64[D]"), busdaycal=_busdaycalendar())
    holiday_set = set(bank_holidays(first_year, last_year))
    return pd.DataFrame(
        {
            "day": days.date,
            "is_working_day": working,
            "is_bank_holiday": [d in holiday_set for d in days.date],
            "working_day_index": np.cumsum(working).astype("int32"),
        }
    )
