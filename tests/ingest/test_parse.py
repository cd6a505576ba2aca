"""Headers through aliases, dates in day-first formats, enumerations and numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ingest.parse import parse_dates, parse_extract, parse_whole_numbers
from ingest.read import read_extract
from loaders.contracts import CONTRACTS, header_key, recognise_kind


@pytest.mark.parametrize(
    "text",
    ["2024-01-31", "31/01/2024", "31-01-2024", "31 Jan 2024", "31 January 2024", "31.01.2024",
     "31/01/2024 00:00", "2024-01-31 00:00:00", " 31-Jan-2024 "],
)
def test_day_first_and_iso_dates(text: str) -> None:
    parsed = parse_dates(pd.Series([text.strip()], dtype="str"))
    assert parsed.iloc[0] == pd.Timestamp("2024-01-31")


@pytest.mark.parametrize("text", ["01/31/2024", "31/02/2023", "yesterday", "01/31/24", "2024"])
def test_month_first_impossible_and_ambiguous_dates_are_not_guessed(text: str) -> None:
    assert pd.isna(parse_dates(pd.Series([text], dtype="str")).iloc[0])


@pytest.mark.parametrize(("text", "day"), [
    ("31/01/24", "2024-01-31"), ("01/02/25", "2025-02-01"), ("1-Feb-25", "2025-02-01"),
    ("1 Feb 25", "2025-02-01"), ("01.02.79", "2079-02-01"), ("31/12/80", "1980-12-31")])
def test_two_digit_years_are_read_in_the_stated_window(text: str, day: str) -> None:
    """As trackers write them: 00 to 79 are 2000 to 2079, 80 to 99 are 1980 to 1999."""
    assert parse_dates(pd.Series([text], dtype="str")).iloc[0] == pd.Timestamp(day)


def test_tbc_in_a_date_column_is_no_date_with_a_note() -> None:
    text = "recommendation_id,review_id,board,agreed_date,due_date,status\n" + "".join(
        f"R{i},V1,Ashbourne SCP,01/04/2024,{due},in_progress\n"
        for i, due in enumerate(["TBC", "tbc ", "Not set", "30/06/2024", "31/31/2024"]))
    parsed = parse_extract(read_extract(text.encode(), kind="recommendations"), "recommendations")
    assert parsed.frame["due_date"].isna().tolist() == [True, True, True, False, True]
    [note] = [p for p in parsed.problems if p.rule == "date_not_known"]
    assert note.severity == "note" and note.rows == (2, 3, 4) and note.count == 3
    assert note.message == "'Not set' or 'TBC' read as no date yet."
    unread = parsed.frame["due_date__unparsed"].dropna().tolist()
    assert unread == ["31/31/2024"]                 # a date that is wrong is still an error


def test_dates_are_parsed_once_per_distinct_value_and_keep_row_order() -> None:
    values = pd.Series(["01/02/2024", None, "2024-02-01", "01/02/2024"] * 1000, dtype="str")
    parsed = parse_dates(values)
    assert parsed.iloc[:4].tolist()[0] == pd.Timestamp("2024-02-01")
    assert parsed.isna().sum() == 1000
    assert parsed.dtype == np.dtype("datetime64[s]")


def test_numbers_with_stray_spaces() -> None:
    parsed = parse_whole_numbers(pd.Series([" 3 ", "1 2", "4.0", "2.5", "x"], dtype="str"))
    assert parsed.tolist()[:3] == [3, 12, 4]
    assert parsed.isna().tolist()[3:] == [True, True]


def test_headers_match_through_case_spacing_punctuation_and_aliases() -> None:
    text = ("Review ID,BOARD,board-type,Type of review,Date notified,Date LA aware,"
            "Rapid review sent\n"
            "R1,A SCP,Children's,Rapid Review,02/01/2024,01/01/2024,N/A\n")
    parsed = parse_extract(read_extract(text.encode(), kind="reviews"), "reviews")
    row = parsed.frame.iloc[0]
    assert row["review_id"] == "R1"
    assert row["board_type"] == "children"
    assert row["review_type"] == "rapid_review"
    assert row["notification_date"] == pd.Timestamp("2024-01-02")
    assert row["aware_date"] == pd.Timestamp("2024-01-01")
    assert pd.isna(row["rapid_review_date"])              # N/A means missing
    assert pd.isna(row["rapid_review_date__unparsed"])    # ...and is not an error
    assert parsed.headers["notification_date"] == "Date notified"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("Requires Improvement", "requires_improvement"), ("requires-improvement",
                                                        "requires_improvement"),
     ("GOOD", "good"), ("RI", "requires_improvement"), ("Inadequate ", "inadequate")],
)
def test_enumerations_match_case_and_separator_insensitively(written: str, canonical: str) -> None:
    text = ("audit_id,board,board_type,audit_type,agency,audit_date,grade\n"
            f"A1,A SCP,children,Multi-agency,Police,01/02/2024,{written}\n")
    parsed = parse_extract(read_extract(text.encode(), kind="audits"), "audits")
    assert parsed.frame.loc[0, "grade"] == canonical
    assert parsed.frame.loc[0, "audit_type"] == "multi_agency"


def test_missing_tokens_mean_missing() -> None:
    text = ("audit_id,board,board_type,audit_type,agency,audit_date,grade,topic,actions_raised\n"
            "A1,A SCP,children,thematic,Police,01/02/2024,good,-,N/A\n"
            "A2,A SCP,children,thematic,Police,01/02/2024,good,n/a,\n")
    frame = parse_extract(read_extract(text.encode(), kind="audits"), "audits").frame
    assert frame["topic"].isna().all()
    assert frame["actions_raised"].isna().all()
    assert frame["actions_raised__unparsed"].isna().all()


def test_unknown_and_duplicate_columns() -> None:
    text = ("audit_id,board,board_type,audit_type,agency,audit_date,grade,Grade,Notes\n"
            "A1,A SCP,children,thematic,Police,01/02/2024,good,,x\n")
    parsed = parse_extract(read_extract(text.encode(), kind="audits"), "audits")
    assert sorted((p.rule, p.severity) for p in parsed.problems) == [
        ("duplicate_column", "warning"), ("unknown_column", "warning")]
    clash = ("audit_id,board,board_type,audit_type,agency,audit_date,grade,Rating\n"
             "A1,A SCP,children,thematic,Police,01/02/2024,good,good\n")
    parsed = parse_extract(read_extract(clash.encode(), kind="audits"), "audits")
    assert [(p.rule, p.severity) for p in parsed.problems] == [("duplicate_column", "error")]
    assert "'grade' (column 7) and 'Rating' (column 8)" in parsed.problems[0].message


@pytest.mark.parametrize("kind", list(CONTRACTS))
def test_no_alias_points_at_two_columns(kind: str) -> None:
    owners: dict[str, str] = {}
    for column in CONTRACTS[kind].columns:
        for text in (column.name, *column.aliases):
            key = header_key(text)
            assert owners.setdefault(key, column.name) == column.name, (kind, text)


@pytest.mark.parametrize("kind", list(CONTRACTS))
def test_each_data_set_is_recognised_from_its_own_headers(kind: str) -> None:
    assert recognise_kind(list(CONTRACTS[kind].names)) == kind
