"""Timescale measures over a real DuckDB file: due dates, elapsed time and statuses per rule.

Every expected due date and elapsed count below is worked by hand from the convention in
domain.md ("Statutory and guidance timescales"):

* working days exclude weekends and England and Wales bank holidays (one-offs and substitutes);
* elapsed working days from A to B are the working days d with A < d <= B; for a clock still
  open the elapsed time is counted to the as-of date; month rules count calendar days;
* "within N working days of A" is on or before the Nth working day after A (the first working
  day after A is day 1, even when A is not a working day);
* "within N months of A" is on or before the same day N months later, clamped to month end;
* status: met / missed when the clock has stopped; overdue when open and as_of > due date;
  pending when open and the due date has not passed; not_applicable when the start is missing,
  for every rule; not_recorded when the end is missing though a later step is recorded; a date
  not recorded is never a missed timescale;
* report_to_panel_7wd is "at least 7 working days before publication": its due date is the 7th
  working day before publication; a report sent and not yet published is pending; no report
  sent date, published or not, is not applicable (never missed);
* dates after the as-of date are unknown: a clock that starts after it is left out, an end after
  it leaves the clock open.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pandas as pd

from data_models import queries
from data_models.filters import Filters
from data_models.records import Upload, store_extract
from data_models.rules import REVIEW_DATE_COLUMNS
from tests.conftest import AS_OF, everyone  # AS_OF: Saturday 21 November 2026

FIGURES_PAGE = Path(__file__).resolve().parents[2] / "docs" / "board-members" / "figures.md"

D = dt.date.fromisoformat


def review(review_id: str, review_type: str, *, board: str = "North",
           board_type: str = "children", **dates: str | None) -> dict[str, object]:
    unknown = set(dates) - set(REVIEW_DATE_COLUMNS)
    assert not unknown, unknown
    return {"board": board, "review_id": review_id, "board_type": board_type,
            "review_type": review_type, **dates}


def store_reviews(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> None:
    frame = pd.DataFrame(rows)
    for column in REVIEW_DATE_COLUMNS:
        values = frame[column] if column in frame.columns else [None] * len(frame)
        frame[column] = pd.to_datetime(pd.Series(values, index=frame.index)).astype(
            "datetime64[s]"
        )
    digest = hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
    upload = Upload(kind="reviews", file_name="reviews.csv", sha256=digest, rows=len(frame),
                    as_of=AS_OF)
    store_extract(con, upload, frame)


SUMMARY_COLUMNS = ["measure", "label", "met", "missed", "overdue", "pending", "compliance_pct",
                   "median_elapsed"]


def _records(con: duckdb.DuckDBPyConnection, as_of: dt.date, **filters: str) -> pd.DataFrame:
    return queries.timescale_records(everyone(con), Filters(as_of=as_of, **filters))


def _compliance(con: duckdb.DuckDBPyConnection, as_of: dt.date, **filters: str) -> pd.DataFrame:
    return queries.timescale_compliance(everyone(con), Filters(as_of=as_of, **filters))


def _iso(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def detail(con: duckdb.DuckDBPyConnection, as_of: dt.date, measure: str | None = None,
           **filters: str) -> dict[str, tuple]:
    """review_id -> (start_date, end_date, due_date, elapsed, status) for one measure."""
    frame = _records(con, as_of, **filters)
    if measure is not None:
        frame = frame[frame["measure"] == measure]
    rows = [
        (r.review_id, (_iso(r.start_date), _iso(r.end_date), _iso(r.due_date),
                       None if pd.isna(r.elapsed) else int(r.elapsed), r.status))
        for r in frame.itertuples()
    ]
    assert len({rid for rid, _ in rows}) == len(rows), rows
    return dict(rows)


def measure_keys(con: duckdb.DuckDBPyConnection, as_of: dt.date = AS_OF,
                 **filters: str) -> set[tuple[str, str]]:
    frame = _records(con, as_of, **filters)
    return set(zip(frame["review_id"], frame["measure"], strict=True))


def summary(con: duckdb.DuckDBPyConnection, as_of: dt.date = AS_OF,
            **filters: str) -> dict[str, dict[str, object]]:
    frame = _compliance(con, as_of, **filters)
    out = {}
    for record in frame[SUMMARY_COLUMNS + ["not_applicable"]].to_dict("records"):
        measure = record.pop("measure")
        record.pop("label")
        out[measure] = {
            k: (None if pd.isna(v) else (float(v) if k in ("compliance_pct", "median_elapsed")
                                          else int(v)))
            for k, v in record.items()
        }
    return out


# --- notification_5wd: aware_date -> notification_date, at most 5 working days ---------------


def test_notification_5wd_met_missed_overdue_pending(con) -> None:
    store_reviews(con, [
        # aware on the Jubilee bank holiday Thu 2 June 2022: day 1 is Mon 6, day 5 Fri 10 June
        review("N-JUBILEE-MET", "rapid_review", aware_date="2022-06-02",
               notification_date="2022-06-10"),
        # aware Saturday 3 June 2023: day 1 Mon 5, day 5 Fri 9; notified Mon 12 = 6 wd
        review("N-SATURDAY-MISSED", "lcspr", aware_date="2023-06-03",
               notification_date="2023-06-12"),
        # aware Thu 15 Sept 2022, state funeral Mon 19 is not counted: 16, 20, 21, 22, 23
        review("N-FUNERAL-MET", "national_review", aware_date="2022-09-15",
               notification_date="2022-09-23"),
        # aware Fri 23 Dec 2022: 26, 27 (substitute), 2 Jan 2023 (substitute) are holidays;
        # 28, 29, 30 Dec, 3, 4 Jan -> due Wed 4 Jan; notified Thu 5 Jan = 6 wd
        review("N-CHRISTMAS-MISSED", "rapid_review", aware_date="2022-12-23",
               notification_date="2023-01-05"),
        # aware Mon 9 Nov 2026, not notified: due Mon 16 Nov, as-of Sat 21 Nov -> 9 wd, overdue
        review("N-OVERDUE", "rapid_review", aware_date="2026-11-09"),
        # aware Tue 17 Nov 2026: due Tue 24 Nov; 18, 19, 20 Nov elapsed by the as-of date
        review("N-PENDING", "rapid_review", aware_date="2026-11-17"),
    ])
    assert detail(con, AS_OF, "notification_5wd") == {
        "N-JUBILEE-MET": ("2022-06-02", "2022-06-10", "2022-06-10", 5, "met"),
        "N-SATURDAY-MISSED": ("2023-06-03", "2023-06-12", "2023-06-09", 6, "missed"),
        "N-FUNERAL-MET": ("2022-09-15", "2022-09-23", "2022-09-23", 5, "met"),
        "N-CHRISTMAS-MISSED": ("2022-12-23", "2023-01-05", "2023-01-04", 6, "missed"),
        "N-OVERDUE": ("2026-11-09", None, "2026-11-16", 9, "overdue"),
        "N-PENDING": ("2026-11-17", None, "2026-11-24", 3, "pending"),
    }


def test_notification_5wd_is_pending_on_its_due_date_and_overdue_the_day_after(con) -> None:
    # aware Mon 16 Nov 2026: due Mon 23 Nov (17, 18, 19, 20, 23)
    store_reviews(con, [review("N-EDGE", "rapid_review", aware_date="2026-11-16")])
    assert detail(con, D("2026-11-23"), "notification_5wd") == {
        "N-EDGE": ("2026-11-16", None, "2026-11-23", 5, "pending"),
    }
    assert detail(con, D("2026-11-24"), "notification_5wd") == {
        "N-EDGE": ("2026-11-16", None, "2026-11-23", 6, "overdue"),
    }


def test_an_end_date_not_recorded_after_a_later_step_is_a_gap_not_a_missed_timescale(con) -> None:
    """The probe's KB-C-RAP-2021-006: no notification date, but the rapid review (the next
    step) was sent; listed as overdue for 1,243 working days. The notification was made: its
    date is missing from the data. Counted as 'not recorded', out of compliance; a clock with
    no later step stays overdue, and one whose later step comes after the as-of date too."""
    store_reviews(con, [
        review("N-GAP", "rapid_review", aware_date="2021-12-20", rapid_review_date="2022-01-21"),
        review("N-OPEN", "rapid_review", aware_date="2026-11-09"),
        review("N-LATER", "rapid_review", aware_date="2026-11-02", rapid_review_date="2026-11-30"),
    ])
    assert detail(con, AS_OF, "notification_5wd") == {
        # aware Mon 20 Dec 2021: 21, 22, 23, 24, then the 27th and 28th are substitute holidays
        "N-GAP": ("2021-12-20", None, "2021-12-29", None, "not_recorded"),
        "N-OPEN": ("2026-11-09", None, "2026-11-16", 9, "overdue"),
        "N-LATER": ("2026-11-02", None, "2026-11-09", 14, "overdue"),
    }
    every = _compliance(con, AS_OF).set_index("measure").loc["notification_5wd"]
    assert (every["not_recorded"], every["overdue"], every["counted"]) == (1, 2, 2)
    attention = queries.clocks_needing_attention(everyone(con), Filters(as_of=AS_OF))
    assert "N-GAP" not in set(attention["review_id"])


# --- rapid_review_15wd: notification_date -> rapid_review_date, at most 15 working days ------


def test_rapid_review_15wd_met_missed_overdue_pending(con) -> None:
    store_reviews(con, [
        # notified Fri 9 Sept 2022: 12-16 (5), 19 funeral, 20-23 (9), 26-30 (14), Mon 3 Oct (15)
        review("R-FUNERAL-MET", "rapid_review", notification_date="2022-09-09",
               rapid_review_date="2022-10-03"),
        # notified Sun 30 Apr 2023 (1, 8 and 29 May holidays): 2-5 (4), 9-12 (8), 15-19 (13),
        # 22 (14), Tue 23 May (15); sent Wed 24 May = 16 wd
        review("R-MAY-MISSED", "lcspr", notification_date="2023-04-30",
               rapid_review_date="2023-05-24"),
        # notified Mon 26 Oct 2026: 27-30 (4), 2-6 Nov (9), 9-13 (14), Mon 16 Nov (15);
        # as-of Sat 21 Nov -> 4 + 5 + 5 + 5 = 19 wd
        review("R-OVERDUE", "national_review", notification_date="2026-10-26"),
        # notified Fri 13 Nov 2026: 16-20 (5), 23-27 (10), 30 Nov-4 Dec (15) -> due Fri 4 Dec
        review("R-PENDING", "rapid_review", notification_date="2026-11-13"),
    ])
    assert detail(con, AS_OF, "rapid_review_15wd") == {
        "R-FUNERAL-MET": ("2022-09-09", "2022-10-03", "2022-10-03", 15, "met"),
        "R-MAY-MISSED": ("2023-04-30", "2023-05-24", "2023-05-23", 16, "missed"),
        "R-OVERDUE": ("2026-10-26", None, "2026-11-16", 19, "overdue"),
        "R-PENDING": ("2026-11-13", None, "2026-12-04", 5, "pending"),
    }


# --- lcspr_publication_6m: decision_date -> publication_date, at most 6 months ---------------


def test_lcspr_publication_6m_met_missed_overdue_pending_with_month_clamping(con) -> None:
    store_reviews(con, [
        # 31 Aug 2023 + 6 months = 29 Feb 2024 (leap year, clamped); published that day
        review("L-LEAP-MET", "lcspr", decision_date="2023-08-31", publication_date="2024-02-29"),
        # 31 Aug 2022 + 6 months = 28 Feb 2023 (clamped); published 1 Mar 2023
        review("L-CLAMP-MISSED", "scr", decision_date="2022-08-31",
               publication_date="2023-03-01"),
        # 20 May 2026 + 6 months = 20 Nov 2026 < as-of 21 Nov: overdue, 185 days so far
        review("L-OVERDUE", "lcspr", decision_date="2026-05-20"),
        # 21 May 2026 + 6 months = 21 Nov 2026 = as-of: not yet passed, pending, 184 days
        review("L-PENDING", "lcspr", decision_date="2026-05-21"),
    ])
    assert detail(con, AS_OF, "lcspr_publication_6m") == {
        "L-LEAP-MET": ("2023-08-31", "2024-02-29", "2024-02-29", 182, "met"),
        "L-CLAMP-MISSED": ("2022-08-31", "2023-03-01", "2023-02-28", 182, "missed"),
        "L-OVERDUE": ("2026-05-20", None, "2026-11-20", 185, "overdue"),
        "L-PENDING": ("2026-05-21", None, "2026-11-21", 184, "pending"),
    }


# --- report_to_panel_7wd: report_sent_date at least 7 working days before publication --------


def test_report_to_panel_7wd_met_on_the_7th_working_day_missed_at_6(con) -> None:
    store_reviews(con, [
        # published Tue 13 June 2023: 12, 9, 8, 7, 6, 5, 2 June -> 7th wd before is Fri 2 June
        review("P-MET-7", "lcspr", report_sent_date="2023-06-02", publication_date="2023-06-13"),
        review("P-MISSED-6", "lcspr", report_sent_date="2023-06-05",
               publication_date="2023-06-13"),
        # well ahead: Mon 15 May 2023 -> 13 June is 20 wd (29 May is a holiday)
        review("P-MET-EARLY", "scr", report_sent_date="2023-05-15",
               publication_date="2023-06-13"),
        # published Wed 8 June 2022: 7, 6, (3, 2 Jubilee), 1, 31 May, 30 May (a working day in
        # 2022), 27, 26 -> 7th wd before is Thu 26 May 2022
        review("P-JUBILEE-MET", "scr", report_sent_date="2022-05-26",
               publication_date="2022-06-08"),
        review("P-JUBILEE-MISSED", "scr", report_sent_date="2022-05-27",
               publication_date="2022-06-08"),
        # published Tue 27 Sept 2022: 26, 23, 22, 21, 20, (19 funeral), 16, 15 -> Thu 15 Sept
        review("P-FUNERAL-MET", "lcspr", report_sent_date="2022-09-15",
               publication_date="2022-09-27"),
    ])
    assert detail(con, AS_OF, "report_to_panel_7wd") == {
        "P-MET-7": ("2023-06-02", "2023-06-13", "2023-06-02", 7, "met"),
        "P-MISSED-6": ("2023-06-05", "2023-06-13", "2023-06-02", 6, "missed"),
        "P-MET-EARLY": ("2023-05-15", "2023-06-13", "2023-06-02", 20, "met"),
        "P-JUBILEE-MET": ("2022-05-26", "2022-06-08", "2022-05-26", 7, "met"),
        "P-JUBILEE-MISSED": ("2022-05-27", "2022-06-08", "2022-05-26", 6, "missed"),
        "P-FUNERAL-MET": ("2022-09-15", "2022-09-27", "2022-09-15", 7, "met"),
    }


def test_report_to_panel_7wd_with_no_report_sent_date_is_not_applicable_published_or_not(
        con) -> None:
    """A date not recorded is never a missed timescale: with no date the report was sent the
    clock has no start, so it is not applicable, as every rule's clock with no start is (the
    documented rule); the report sent and not yet published is pending."""
    store_reviews(con, [
        # published Thu 29 Feb 2024 with no report sent date: when it went is not recorded
        review("P-NO-REPORT", "lcspr", publication_date="2024-02-29"),
        # report sent, not yet published: nothing to measure against yet
        review("P-NOT-PUBLISHED", "lcspr", report_sent_date="2026-11-02"),
        # neither date yet
        review("P-NEITHER", "scr", decision_date="2026-10-01"),
    ])
    assert detail(con, AS_OF, "report_to_panel_7wd") == {
        "P-NO-REPORT": (None, "2024-02-29", None, None, "not_applicable"),
        "P-NOT-PUBLISHED": ("2026-11-02", None, None, None, "pending"),
        "P-NEITHER": (None, None, None, None, "not_applicable"),
    }
    counts = summary(con)["report_to_panel_7wd"]
    assert (counts["missed"], counts["pending"], counts["not_applicable"]) == (0, 1, 2)
    assert counts["compliance_pct"] is None


def test_report_to_panel_7wd_report_sent_on_a_saturday_seven_working_days_ahead_is_met(con) -> None:
    """Sent Sat 3 June 2023, published Tue 13 June 2023. Counting from a non-working day starts
    on the first working day after it: Mon 5 June is day 1 and Tue 13 June is day 7, so the
    report went at least 7 working days before publication (elapsed 5-9, 12, 13 June = 7)."""
    store_reviews(con, [
        review("P-SATURDAY", "lcspr", report_sent_date="2023-06-03",
               publication_date="2023-06-13"),
    ])
    assert detail(con, AS_OF, "report_to_panel_7wd") == {
        "P-SATURDAY": ("2023-06-03", "2023-06-13", "2023-06-02", 7, "met"),
    }


# --- sar_completion_6m: decision_date -> completed_date else publication_date, 6 months ------


def test_sar_completion_6m_met_missed_overdue_pending(con) -> None:
    adults = {"board": "West", "board_type": "adults"}
    store_reviews(con, [
        # 31 Jan 2023 + 6 months = 31 July 2023, completed that day
        review("S-MET", "sar", decision_date="2023-01-31", completed_date="2023-07-31", **adults),
        # no completed date: publication 29 Feb 2024 stops the clock (31 Aug 2023 + 6m, clamped)
        review("S-PUBLISHED-MET", "sar", decision_date="2023-08-31",
               publication_date="2024-02-29", **adults),
        # completed 1 Mar 2024 wins over the earlier publication 20 Feb 2024: missed, 183 days
        review("S-COMPLETED-WINS-MISSED", "sar", decision_date="2023-08-31",
               completed_date="2024-03-01", publication_date="2024-02-20", **adults),
        # 30 Apr 2026 + 6 months = 30 Oct 2026: overdue on 21 Nov 2026, 205 days so far
        review("S-OVERDUE", "sar", decision_date="2026-04-30", **adults),
        # 15 June 2026 + 6 months = 15 Dec 2026: pending, 159 days so far
        review("S-PENDING", "sar", decision_date="2026-06-15", **adults),
    ])
    assert detail(con, AS_OF, "sar_completion_6m") == {
        "S-MET": ("2023-01-31", "2023-07-31", "2023-07-31", 181, "met"),
        "S-PUBLISHED-MET": ("2023-08-31", "2024-02-29", "2024-02-29", 182, "met"),
        "S-COMPLETED-WINS-MISSED": ("2023-08-31", "2024-03-01", "2024-02-29", 183, "missed"),
        "S-OVERDUE": ("2026-04-30", None, "2026-10-30", 205, "overdue"),
        "S-PENDING": ("2026-06-15", None, "2026-12-15", 159, "pending"),
    }


def test_sar_falls_back_to_publication_missed(con) -> None:
    # 31 Aug 2022 + 6 months = 28 Feb 2023 (clamped); no completed date, published 1 Mar 2023
    store_reviews(con, [
        review("S-PUBLISHED-MISSED", "sar", board="West", board_type="adults",
               decision_date="2022-08-31", publication_date="2023-03-01"),
    ])
    assert detail(con, AS_OF, "sar_completion_6m") == {
        "S-PUBLISHED-MISSED": ("2022-08-31", "2023-03-01", "2023-02-28", 182, "missed"),
    }


# --- dhr_decision_1m: aware_date -> decision_date, at most 1 month, any board type -----------


def test_dhr_decision_1m_for_both_board_types(con) -> None:
    store_reviews(con, [
        # children's board: 31 Jan 2024 + 1 month = 29 Feb 2024 (clamped, leap year)
        review("D-CHILDREN-MET", "dhr", board="North", board_type="children",
               aware_date="2024-01-31", decision_date="2024-02-29"),
        # adults' board: 31 Jan 2023 + 1 month = 28 Feb 2023; decided 1 Mar 2023
        review("D-ADULTS-MISSED", "dhr", board="West", board_type="adults",
               aware_date="2023-01-31", decision_date="2023-03-01"),
        # 20 Oct 2026 + 1 month = 20 Nov 2026 < as-of: overdue, 32 days
        review("D-ADULTS-OVERDUE", "dhr", board="West", board_type="adults",
               aware_date="2026-10-20"),
        # 21 Oct 2026 + 1 month = 21 Nov 2026 = as-of: pending, 31 days
        review("D-CHILDREN-PENDING", "dhr", board="North", board_type="children",
               aware_date="2026-10-21"),
    ])
    assert detail(con, AS_OF, "dhr_decision_1m") == {
        "D-CHILDREN-MET": ("2024-01-31", "2024-02-29", "2024-02-29", 29, "met"),
        "D-ADULTS-MISSED": ("2023-01-31", "2023-03-01", "2023-02-28", 29, "missed"),
        "D-ADULTS-OVERDUE": ("2026-10-20", None, "2026-11-20", 32, "overdue"),
        "D-CHILDREN-PENDING": ("2026-10-21", None, "2026-11-21", 31, "pending"),
    }
    assert _records(con, AS_OF)["measure"].unique().tolist() == [
        "dhr_decision_1m"
    ]


# --- a missing start date: not_applicable ----------------------------------------------------


def test_missing_start_date_is_not_applicable_for_every_rule(con) -> None:
    store_reviews(con, [
        # no aware_date: notification_5wd not applicable; rapid_review_15wd runs (met, 1 wd)
        review("NA-RAPID", "rapid_review", notification_date="2026-11-10",
               rapid_review_date="2026-11-11"),
        # no notification_date: rapid_review_15wd not applicable (notification_5wd is overdue)
        review("NA-NOTIFY", "national_review", aware_date="2026-11-02"),
        # no decision_date: lcspr_publication_6m not applicable (and no report sent date:
        # report_to_panel_7wd not applicable either)
        review("NA-LCSPR", "lcspr", aware_date="2026-11-16", notification_date="2026-11-17",
               rapid_review_date="2026-11-18", publication_date="2026-11-20"),
        review("NA-SAR", "sar", board="West", board_type="adults", completed_date="2026-11-02"),
        review("NA-DHR", "dhr", board="West", board_type="adults", decision_date="2026-11-02"),
    ])
    rows = _records(con, AS_OF)
    not_applicable = rows[rows["status"] == "not_applicable"]
    assert set(zip(not_applicable["review_id"], not_applicable["measure"], strict=True)) == {
        ("NA-RAPID", "notification_5wd"),
        ("NA-NOTIFY", "rapid_review_15wd"),
        ("NA-LCSPR", "lcspr_publication_6m"),
        ("NA-LCSPR", "report_to_panel_7wd"),
        ("NA-SAR", "sar_completion_6m"),
        ("NA-DHR", "dhr_decision_1m"),
    }
    assert not_applicable["start_date"].isna().all()
    assert not_applicable["due_date"].isna().all()
    assert not_applicable["elapsed"].isna().all()
    counts = summary(con)
    assert {m: s["not_applicable"] for m, s in counts.items()} == {
        "notification_5wd": 1, "rapid_review_15wd": 1, "lcspr_publication_6m": 1,
        "report_to_panel_7wd": 1, "sar_completion_6m": 1, "dhr_decision_1m": 1,
    }
    # not_applicable clocks count in neither numerator nor denominator
    assert counts["sar_completion_6m"]["compliance_pct"] is None
    assert counts["dhr_decision_1m"]["compliance_pct"] is None


# --- which reviews a rule applies to ---------------------------------------------------------


def test_rules_do_not_apply_to_other_review_types_or_board_types(con) -> None:
    every_date = {
        "aware_date": "2023-06-05", "notification_date": "2023-06-06",
        "rapid_review_date": "2023-06-07", "decision_date": "2023-06-08",
        "report_sent_date": "2023-06-09", "completed_date": "2023-06-20",
        "publication_date": "2023-06-30",
    }
    store_reviews(con, [
        review("LEARNING", "learning_review", **every_date),
        review("RAPID", "rapid_review", **every_date),
        review("LCSPR", "lcspr", **every_date),
        review("SCR", "scr", **every_date),
        review("NATIONAL", "national_review", **every_date),
        review("DHR", "dhr", **every_date),
        review("SAR", "sar", board="West", board_type="adults", **every_date),
        # children's rules do not apply on an adults' board, nor the SAR rule on a children's
        review("ADULT-LCSPR", "lcspr", board="West", board_type="adults", **every_date),
        review("CHILD-SAR", "sar", **every_date),
    ])
    assert measure_keys(con) == {
        ("RAPID", "notification_5wd"), ("RAPID", "rapid_review_15wd"),
        ("NATIONAL", "notification_5wd"), ("NATIONAL", "rapid_review_15wd"),
        ("LCSPR", "notification_5wd"), ("LCSPR", "rapid_review_15wd"),
        ("LCSPR", "lcspr_publication_6m"), ("LCSPR", "report_to_panel_7wd"),
        ("SCR", "lcspr_publication_6m"), ("SCR", "report_to_panel_7wd"),
        ("SAR", "sar_completion_6m"),
        ("DHR", "dhr_decision_1m"),
    }


# --- the as-of date: later dates are unknown -------------------------------------------------


def test_as_of_date_reproduces_the_figures_as_they_stood(con) -> None:
    store_reviews(con, [
        # aware Mon 5 June 2023, due Mon 12 June; notified on the due date; rapid review sent
        # Fri 30 June (from Mon 12 June: due Mon 3 July; 30 June is 14 wd)
        review("ON-TIME", "rapid_review", aware_date="2023-06-05",
               notification_date="2023-06-12", rapid_review_date="2023-06-30"),
        # aware Mon 5 June 2023, notified Wed 14 June (7 wd): missed
        review("LATE", "rapid_review", aware_date="2023-06-05", notification_date="2023-06-14"),
    ])
    # Fri 9 June: neither notified yet; the rapid review clocks have not started
    assert detail(con, D("2023-06-09")) == {
        "ON-TIME": ("2023-06-05", None, "2023-06-12", 4, "pending"),
        "LATE": ("2023-06-05", None, "2023-06-12", 4, "pending"),
    }
    # Mon 12 June: ON-TIME notified (met); its rapid review clock starts today
    assert detail(con, D("2023-06-12"), "notification_5wd") == {
        "ON-TIME": ("2023-06-05", "2023-06-12", "2023-06-12", 5, "met"),
        "LATE": ("2023-06-05", None, "2023-06-12", 5, "pending"),
    }
    assert detail(con, D("2023-06-12"), "rapid_review_15wd") == {
        "ON-TIME": ("2023-06-12", None, "2023-07-03", 0, "pending"),
    }
    # Tue 13 June: LATE is past its due date and still not notified
    assert detail(con, D("2023-06-13"), "notification_5wd")["LATE"] == (
        "2023-06-05", None, "2023-06-12", 6, "overdue"
    )
    # Wed 14 June: LATE notified; its rapid review clock starts
    assert detail(con, D("2023-06-14"), "notification_5wd")["LATE"] == (
        "2023-06-05", "2023-06-14", "2023-06-12", 7, "missed"
    )
    # Thu 29 June the rapid review is still open; on 4 July it is known to be met at 14 wd
    assert detail(con, D("2023-06-29"), "rapid_review_15wd")["ON-TIME"] == (
        "2023-06-12", None, "2023-07-03", 13, "pending"
    )
    assert detail(con, D("2023-07-04"), "rapid_review_15wd")["ON-TIME"] == (
        "2023-06-12", "2023-06-30", "2023-07-03", 14, "met"
    )
    # an aware date after the as-of date: the clock has not started, no row
    assert detail(con, D("2023-06-02")) == {}


def test_as_of_date_for_report_to_panel(con) -> None:
    store_reviews(con, [
        review("P-MET-7", "lcspr", report_sent_date="2023-06-02", publication_date="2023-06-13"),
    ])
    # before publication the measure is pending
    assert detail(con, D("2023-06-12"), "report_to_panel_7wd") == {
        "P-MET-7": ("2023-06-02", None, None, None, "pending"),
    }
    # before the report was sent no report sent date is known: not applicable, as a clock with
    # no start is
    assert detail(con, D("2023-06-01"), "report_to_panel_7wd") == {
        "P-MET-7": (None, None, None, None, "not_applicable"),
    }
    assert detail(con, D("2023-06-13"), "report_to_panel_7wd") == {
        "P-MET-7": ("2023-06-02", "2023-06-13", "2023-06-02", 7, "met"),
    }


# --- filters: board, board type, financial year of the start date ----------------------------


def test_detail_filters_by_board_board_type_and_financial_year(con) -> None:
    store_reviews(con, [
        # aware Fri 31 Mar 2023 (2022-23); notified Mon 3 Apr 2023 (2023-24)
        review("R1", "rapid_review", board="North", aware_date="2023-03-31",
               notification_date="2023-04-03"),
        # aware Sat 1 Apr 2023 (2023-24)
        review("R2", "rapid_review", board="North", aware_date="2023-04-01",
               notification_date="2023-04-05"),
        review("S1", "dhr", board="South", board_type="children", aware_date="2023-05-10",
               decision_date="2023-05-20"),
        review("A1", "dhr", board="South", board_type="adults", aware_date="2023-06-01",
               decision_date="2023-06-15"),
        # decision 1 Mar 2023 (2022-23), completed 1 Aug 2023
        review("A2", "sar", board="South", board_type="adults", decision_date="2023-03-01",
               completed_date="2023-08-01"),
    ])
    everything = {
        ("R1", "notification_5wd"), ("R1", "rapid_review_15wd"),
        ("R2", "notification_5wd"), ("R2", "rapid_review_15wd"),
        ("S1", "dhr_decision_1m"), ("A1", "dhr_decision_1m"), ("A2", "sar_completion_6m"),
    }
    assert measure_keys(con) == everything
    assert measure_keys(con, board="North") == {
        ("R1", "notification_5wd"), ("R1", "rapid_review_15wd"),
        ("R2", "notification_5wd"), ("R2", "rapid_review_15wd"),
    }
    assert measure_keys(con, board="South") == {
        ("S1", "dhr_decision_1m"), ("A1", "dhr_decision_1m"), ("A2", "sar_completion_6m"),
    }
    assert measure_keys(con, board_type="adults") == {
        ("A1", "dhr_decision_1m"), ("A2", "sar_completion_6m"),
    }
    assert measure_keys(con, board_type="children") == everything - {
        ("A1", "dhr_decision_1m"), ("A2", "sar_completion_6m"),
    }
    # a measure belongs to the financial year of its start date
    assert measure_keys(con, period="2022-23") == {
        ("R1", "notification_5wd"), ("A2", "sar_completion_6m"),
    }
    assert measure_keys(con, period="2023-24") == everything - {
        ("R1", "notification_5wd"), ("A2", "sar_completion_6m"),
    }
    assert measure_keys(con, period="2024-25") == set()
    assert measure_keys(con, board="South", board_type="adults", period="2023-24") == {
        ("A1", "dhr_decision_1m"),
    }
    assert measure_keys(con, board="Nowhere") == set()

    frame = _records(con, AS_OF, board="North")
    periods = {
        (r.review_id, r.measure): (r.period, r.quarter) for r in frame.itertuples()
    }
    assert periods == {
        ("R1", "notification_5wd"): ("2022-23", "2022-23 Q4"),
        ("R1", "rapid_review_15wd"): ("2023-24", "2023-24 Q1"),
        ("R2", "notification_5wd"): ("2023-24", "2023-24 Q1"),
        ("R2", "rapid_review_15wd"): ("2023-24", "2023-24 Q1"),
    }
    # Easter 2023: Good Friday 7 Apr and Easter Monday 10 Apr are holidays
    assert detail(con, AS_OF, "notification_5wd") == {
        "R1": ("2023-03-31", "2023-04-03", "2023-04-11", 1, "met"),
        "R2": ("2023-04-01", "2023-04-05", "2023-04-11", 3, "met"),
    }


# --- the summary -----------------------------------------------------------------------------


def test_summary_compliance_and_median_arithmetic(con) -> None:
    store_reviews(con, [
        # notification_5wd, aware Mon 2 Nov 2026 (due Mon 9 Nov)
        review("N1", "rapid_review", aware_date="2026-11-02", notification_date="2026-11-04"),
        review("N2", "rapid_review", aware_date="2026-11-02", notification_date="2026-11-09"),
        review("N3", "rapid_review", aware_date="2026-11-02", notification_date="2026-11-12"),
        review("N4", "rapid_review", aware_date="2026-11-09"),   # overdue, 9 wd so far
        review("N5", "rapid_review", aware_date="2026-11-17"),   # pending
        # dhr_decision_1m on an adults' board: 15 and 27 days met, 40 days missed
        review("D1", "dhr", board="West", board_type="adults", aware_date="2026-01-05",
               decision_date="2026-01-20"),
        review("D2", "dhr", board="West", board_type="adults", aware_date="2026-02-01",
               decision_date="2026-02-28"),
        review("D3", "dhr", board="West", board_type="adults", aware_date="2026-03-01",
               decision_date="2026-04-10"),
    ])
    assert {k: v[-1] for k, v in detail(con, AS_OF, "notification_5wd").items()} == {
        "N1": "met", "N2": "met", "N3": "missed", "N4": "overdue", "N5": "pending",
    }
    result = summary(con)
    assert list(result) == [
        "notification_5wd", "rapid_review_15wd", "lcspr_publication_6m",
        "report_to_panel_7wd", "sar_completion_6m", "dhr_decision_1m",
    ]
    # 2 met / (2 met + 1 missed + 1 overdue) = 50.0; median of 2, 5, 8 (overdue's 9 left out)
    assert result["notification_5wd"] == {
        "met": 2, "missed": 1, "overdue": 1, "pending": 1, "compliance_pct": 50.0,
        "median_elapsed": 5.0, "not_applicable": result["notification_5wd"]["not_applicable"],
    }
    # rapid reviews: N1-N3 notified 4, 9, 12 Nov, due 25 Nov, 30 Nov, 3 Dec: all pending
    rapid = result["rapid_review_15wd"]
    assert (rapid["met"], rapid["missed"], rapid["overdue"], rapid["pending"]) == (0, 0, 0, 3)
    assert rapid["compliance_pct"] is None and rapid["median_elapsed"] is None
    # 2 / 3 = 66.666... -> 66.7; median of 15, 27, 40 days
    assert result["dhr_decision_1m"] == {
        "met": 2, "missed": 1, "overdue": 0, "pending": 0, "compliance_pct": 66.7,
        "median_elapsed": 27.0, "not_applicable": 0,
    }
    for empty in ("lcspr_publication_6m", "report_to_panel_7wd", "sar_completion_6m"):
        assert result[empty] == {
            "met": 0, "missed": 0, "overdue": 0, "pending": 0, "compliance_pct": None,
            "median_elapsed": None, "not_applicable": 0,
        }


def test_summary_median_of_an_even_count_and_filters(con) -> None:
    store_reviews(con, [
        # dhr on two boards: North 10 and 20 days (met), West 45 days (missed)
        review("D1", "dhr", board="North", aware_date="2025-05-01", decision_date="2025-05-11"),
        review("D2", "dhr", board="North", aware_date="2025-06-01", decision_date="2025-06-21"),
        review("D3", "dhr", board="West", board_type="adults", aware_date="2024-05-01",
               decision_date="2024-06-15"),
    ])
    north = summary(con, board="North")["dhr_decision_1m"]
    assert (north["met"], north["missed"], north["compliance_pct"], north["median_elapsed"]) == (
        2, 0, 100.0, 15.0
    )
    everyone = summary(con)["dhr_decision_1m"]
    assert (everyone["met"], everyone["missed"], everyone["compliance_pct"],
            everyone["median_elapsed"]) == (2, 1, 66.7, 20.0)
    west_2024 = summary(con, period="2024-25")["dhr_decision_1m"]
    assert (west_2024["met"], west_2024["missed"], west_2024["compliance_pct"],
            west_2024["median_elapsed"]) == (0, 1, 0.0, 45.0)
    # the board type filter lists only the rules for that board type ('any' included)
    assert list(summary(con, board_type="adults")) == ["sar_completion_6m", "dhr_decision_1m"]
    assert list(summary(con, board_type="children")) == [
        "notification_5wd", "rapid_review_15wd", "lcspr_publication_6m",
        "report_to_panel_7wd", "dhr_decision_1m",
    ]
    adults_dhr = summary(con, board_type="adults")["dhr_decision_1m"]
    assert (adults_dhr["met"], adults_dhr["missed"], adults_dhr["compliance_pct"]) == (
        0, 1, 0.0
    )


def test_the_rule_for_a_date_not_recorded_is_said_beside_every_timescale_figure() -> None:
    """One rule in the SQL, the notes a page, an export and the command line give beside the
    figures, and the board members' page on what each figure means: a date not recorded is
    never a missed timescale."""
    f = Filters(as_of=AS_OF)
    for query in (queries.timescale_records, queries.timescale_compliance,
                  queries.timescale_compliance_groups, queries.timescale_tiles):
        assert queries.DATE_NOT_RECORDED in queries.notes(query, f), query.__name__
    assert "report to the Panel" in queries.DATE_NOT_RECORDED
    readme = " ".join(FIGURES_PAGE.read_text(encoding="utf-8").split())
    assert "**A date not recorded is never a missed timescale**" in readme
    assert ("a clock with no start date is `not_applicable` (for the report to the Panel, no "
            "date the report was sent, whether or not the review is published") in readme
