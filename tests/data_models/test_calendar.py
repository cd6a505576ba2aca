"""Working days in England and Wales: bank holidays, counting working days and stepping over them.

Convention (domain.md, "Statutory and guidance timescales"): the working days elapsed from A to
B are the working days d with A < d <= B; the Nth working day after A counts the first working
day after A as day 1, even when A itself is not a working day.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_models.calendar import (
    add_working_days,
    bank_holidays,
    calendar_frame,
    is_working_day,
    working_days_elapsed,
)

D = dt.date.fromisoformat
ONE_DAY = dt.timedelta(days=1)


def brute_force_is_working(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in set(bank_holidays())


def brute_force_elapsed(start: dt.date, end: dt.date) -> int:
    """Working days d with start < d <= end, counted one day at a time."""
    holidays = set(bank_holidays())
    count, day = 0, start + ONE_DAY
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            count += 1
        day += ONE_DAY
    return count


# --- which days are working days -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2022-06-02", "one-off: spring bank holiday moved for the Platinum Jubilee"),
        ("2022-06-03", "one-off: Platinum Jubilee bank holiday"),
        ("2022-09-19", "one-off: state funeral of Queen Elizabeth II"),
        ("2023-05-08", "one-off: coronation of King Charles III"),
        ("2020-05-08", "2020 early May bank holiday moved to Friday 8 May (VE day)"),
        ("2022-12-26", "Boxing Day 2022 (Monday)"),
        ("2022-12-27", "substitute day: Christmas Day 2022 fell on a Sunday"),
        ("2023-01-02", "substitute day: New Year's Day 2023 fell on a Sunday"),
        ("2021-12-27", "substitute day: Christmas Day 2021 fell on a Saturday"),
        ("2021-12-28", "substitute day: Boxing Day 2021 fell on a Sunday"),
        ("2023-05-29", "spring bank holiday 2023"),
        ("2026-12-28", "substitute day: Boxing Day 2026 falls on a Saturday"),
    ],
)
def test_named_bank_holidays_are_not_working_days(day: str, why: str) -> None:
    assert D(day) in set(bank_holidays()), why
    assert not is_working_day(D(day)), why


@pytest.mark.parametrize(
    "day",
    [
        "2020-05-04",  # the usual early May Monday, not a holiday in 2020
        "2022-05-30",  # the usual spring bank holiday Monday, moved to 2 June in 2022
        "2022-06-01",  # Wednesday before the Jubilee weekend
        "2022-09-20",  # Tuesday after the state funeral
        "2023-05-09",  # Tuesday after the coronation
        "2024-02-29",  # leap day, a Thursday
        "2026-11-20",  # an ordinary Friday
    ],
)
def test_ordinary_weekdays_are_working_days(day: str) -> None:
    assert is_working_day(D(day))
    assert D(day) not in set(bank_holidays())


@pytest.mark.parametrize("day", ["2023-06-03", "2023-06-04", "2026-11-21", "2026-11-22"])
def test_weekends_are_not_working_days(day: str) -> None:
    assert not is_working_day(D(day))


def test_bank_holidays_are_sorted_unique_dates() -> None:
    days = bank_holidays()
    assert list(days) == sorted(set(days))
    assert all(isinstance(d, dt.date) for d in days)


# --- working days elapsed (A < d <= B) -----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2023-06-05", "2023-06-05", 0),   # same day
        ("2023-06-05", "2023-06-06", 1),   # Mon -> Tue
        ("2023-06-02", "2023-06-05", 1),   # Fri -> Mon over a weekend
        ("2023-06-03", "2023-06-05", 1),   # Sat -> Mon: Monday is the first working day
        ("2023-06-03", "2023-06-04", 0),   # Sat -> Sun
        ("2023-06-02", "2023-06-04", 0),   # Fri -> Sun
        ("2023-06-05", "2023-06-12", 5),   # a full week
        ("2023-06-03", "2023-06-13", 7),   # Sat -> Tue a week later
        ("2022-06-01", "2022-06-06", 1),   # Wed -> Mon over the Jubilee Thu and Fri
        ("2022-06-01", "2022-06-10", 5),   # Wed -> Fri week later, two holidays inside
        ("2022-09-16", "2022-09-20", 1),   # Fri -> Tue over the state funeral Monday
        ("2022-12-23", "2022-12-28", 1),   # Fri -> Wed over Boxing Day and the substitute day
        ("2022-12-23", "2023-01-04", 5),   # Christmas and New Year 2022-23 with substitutes
        ("2020-05-07", "2020-05-11", 1),   # Thu -> Mon over VE day 2020
        ("2023-05-05", "2023-05-09", 1),   # Fri -> Tue over the coronation Monday
        ("2023-04-30", "2023-05-23", 15),  # May 2023: three bank holidays
    ],
)
def test_working_days_elapsed_hand_computed(start: str, end: str, expected: int) -> None:
    assert working_days_elapsed(D(start), D(end)) == expected


def test_working_days_elapsed_reversed_is_the_negative_of_forward() -> None:
    """'negative when end is before start': elapsed(B, A) is -(working days d with A < d <= B),
    i.e. index(A) - index(B) as calendar_frame describes it.

    Sat 3 June 2023 -> Tue 13 June 2023 is 7 working days (5-9 and 12-13 June), so
    Tue 13 June -> Sat 3 June should be -7."""
    saturday, tuesday = D("2023-06-03"), D("2023-06-13")
    assert working_days_elapsed(saturday, tuesday) == 7
    assert working_days_elapsed(tuesday, saturday) == -7


# --- add_working_days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2023-06-05", 1, "2023-06-06"),   # working Monday + 1
        ("2023-06-05", 5, "2023-06-12"),
        ("2023-06-02", 1, "2023-06-05"),   # Friday + 1 is Monday
        ("2023-06-03", 1, "2023-06-05"),   # Saturday: Monday is day 1
        ("2023-06-04", 1, "2023-06-05"),   # Sunday: Monday is day 1
        ("2023-06-03", 5, "2023-06-09"),   # Saturday + 5 is the Friday
        ("2022-06-02", 1, "2022-06-06"),   # from a bank holiday: first working day after it
        ("2022-06-02", 5, "2022-06-10"),   # from the Jubilee holiday: 6,7,8,9,10 June
        ("2022-09-15", 5, "2022-09-23"),   # over the state funeral: 16,20,21,22,23 Sept
        ("2022-09-19", 1, "2022-09-20"),   # from the state funeral day itself
        ("2022-12-24", 1, "2022-12-28"),   # Christmas Eve (Sat) -> Wed 28 Dec 2022
        ("2022-12-23", 5, "2023-01-04"),   # 28, 29, 30 Dec, 3, 4 Jan
        ("2023-04-30", 15, "2023-05-23"),  # May 2023: 1, 8 and 29 May are holidays
        ("2023-06-05", 0, "2023-06-05"),   # a working day + 0 is itself
    ],
)
def test_add_working_days_forward(start: str, n: int, expected: str) -> None:
    assert add_working_days(D(start), n) == D(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2023-06-06", -1, "2023-06-05"),   # Tue - 1 is Mon
        ("2023-06-05", -1, "2023-06-02"),   # Mon - 1 is the Friday before
        ("2023-06-13", -7, "2023-06-02"),   # the 7th working day before Tue 13 June
        ("2023-06-03", -1, "2023-06-02"),   # Saturday: the Friday before is day 1
        ("2023-06-04", -2, "2023-06-01"),   # Sunday - 2 is Thursday
        ("2022-06-06", -1, "2022-06-01"),   # Mon after the Jubilee - 1 is Wed 1 June
        ("2022-06-08", -7, "2022-05-26"),   # 7, 6, 1, 31 May, 30 May (worked in 2022), 27, 26
        ("2022-06-03", -1, "2022-06-01"),   # from a bank holiday, backwards
        ("2022-09-20", -1, "2022-09-16"),   # over the state funeral, backwards
        ("2023-01-03", -1, "2022-12-30"),   # over the 2 Jan 2023 substitute day
    ],
)
def test_add_working_days_backward(start: str, n: int, expected: str) -> None:
    assert add_working_days(D(start), n) == D(expected)


# --- properties against a brute-force count ------------------------------------------------

DAYS_2015_2030 = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(a=DAYS_2015_2030, b=DAYS_2015_2030)
def test_working_days_elapsed_equals_brute_force_count(a: dt.date, b: dt.date) -> None:
    a, b = min(a, b), max(a, b)
    assert working_days_elapsed(a, b) == brute_force_elapsed(a, b)


@settings(max_examples=200, deadline=None)
@given(a=DAYS_2015_2030, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_is_first_working_day_with_n_elapsed(a: dt.date, n: int) -> None:
    d = add_working_days(a, n)
    assert brute_force_is_working(d)
    assert working_days_elapsed(a, d) == n
    assert brute_force_elapsed(a, d) == n
    # the smallest such day: every earlier day after a has fewer than n elapsed
    assert brute_force_elapsed(a, d - ONE_DAY) == n - 1


@settings(max_examples=200, deadline=None)
@given(a=DAYS_2015_2030, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_backward_is_nth_working_day_before(a: dt.date, n: int) -> None:
    """Counting back, the first working day before a is day 1: the result d is a working day
    and exactly n working days fall in [d, a)."""
    d = add_working_days(a, -n)
    assert d < a
    assert brute_force_is_working(d)
    assert brute_force_elapsed(d - ONE_DAY, a - ONE_DAY) == n


# --- calendar_frame ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frame_by_day():
    frame = calendar_frame()
    return frame.set_index("day")


def test_calendar_frame_is_one_row_per_day_with_flags(frame_by_day) -> None:
    assert frame_by_day.index.is_unique
    assert frame_by_day.index.is_monotonic_increasing
    assert len(frame_by_day) == (dt.date(2060, 12, 31) - dt.date(1995, 1, 1)).days + 1
    for day in ("2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08", "2022-12-27"):
        row = frame_by_day.loc[D(day)]
        assert bool(row["is_bank_holiday"]) and not bool(row["is_working_day"])
    saturday = frame_by_day.loc[D("2023-06-03")]
    assert not bool(saturday["is_bank_holiday"]) and not bool(saturday["is_working_day"])
    assert bool(frame_by_day.loc[D("2022-05-30"), "is_working_day"])


def test_calendar_frame_index_is_flat_over_non_working_days(frame_by_day) -> None:
    index = frame_by_day["working_day_index"]
    # Fri 1 June 2022 ... Mon 6 June 2022: Thu/Fri holidays and the weekend share Wed's index
    assert index[D("2022-06-02")] == index[D("2022-06-01")]
    assert index[D("2022-06-05")] == index[D("2022-06-01")]
    assert index[D("2022-06-06")] == index[D("2022-06-01")] + 1


@settings(max_examples=200, deadline=None)
@given(a=DAYS_2015_2030, b=DAYS_2015_2030)
def test_calendar_frame_index_differences_agree_with_elapsed(frame_by_day, a, b) -> None:
    a, b = min(a, b), max(a, b)
    index = frame_by_day["working_day_index"]
    assert int(index[b] - index[a]) == working_days_elapsed(a, b)


@settings(max_examples=100, deadline=None)
@given(a=DAYS_2015_2030, n=st.integers(min_value=1, max_value=60))
def test_calendar_frame_nth_working_day_matches_add_working_days(frame_by_day, a, n) -> None:
    """The measures find the Nth working day after A as the working day with index(A) + N."""
    index = frame_by_day["working_day_index"]
    working = frame_by_day[frame_by_day["is_working_day"]]
    target = working.index[working["working_day_index"] == index[a] + n]
    assert list(target) == [add_working_days(a, n)]
