"""Personal data is stopped before it is stored, naming the column and never echoing it."""

from __future__ import annotations

import pytest

from ingest.guard import scan as privacy
from ingest.read import read_extract

BASE = "audit_id,board,board_type,audit_type,agency,audit_date,grade,topic"
OK_ROW = "A1,Ashbourne SCP,children,thematic,Police,01/02/2024,good,Neglect in under-fives"


def _scan(header: str, row: str) -> list:
    return privacy.scan(read_extract(f"{header}\n{row}\n".encode(), kind="audits"), "audits")


@pytest.mark.parametrize("column", ["Child name", "Surname", "DOB", "Date of birth", "NHS Number",
                                    "Address line 1", "Postcode", "Email", "Mobile"])
def test_columns_named_as_personal_data_are_refused(column: str) -> None:
    problems = _scan(f"{BASE},{column}", f"{OK_ROW},x")
    assert [(p.column, p.rule, p.severity) for p in problems] == [(column, "personal_data", "error")]
    assert f"'{column}'" in problems[0].message


@pytest.mark.parametrize(
    ("value", "looks_like"),
    [("Contact jo.bloggs@example.org", "an email address"),
     ("NHS 943 476 5919", "an NHS number"),
     ("Lives at SW1A 1AA", "a postcode"),
     ("Call 07700 900123", "a phone number"),
     ("DOB: 12/03/2015", "a date of birth"),
     ("Seen by Mrs Hartley", "a person's name")],
)
def test_values_that_look_like_personal_data_are_refused(value: str, looks_like: str) -> None:
    problems = _scan(BASE, OK_ROW.replace("Neglect in under-fives", value))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.row, problem.column, problem.rule) == (2, "topic", "personal_data")
    assert looks_like in problem.message
    assert value not in problem.message            # never repeated back


@pytest.mark.parametrize(
    "value",
    ["Child K", "CSPR-2023-04", "Case A17", "BK-240611-0032", "1234567890",  # bad NHS checksum
     "Review of 2023-24 Q3", "Section 11 audit 2024", "Neglect in under-fives"],
)
def test_pseudonymous_references_and_ordinary_text_pass(value: str) -> None:
    assert _scan(BASE, OK_ROW.replace("Neglect in under-fives", value)) == []


def test_known_columns_whose_alias_contains_name_are_not_refused() -> None:
    header = "booking_id,board name,board_type,course name,session_date,agency,status"
    raw = read_extract(f"{header}\nB1,A SCP,both,Course,01/02/2024,Police,attended\n".encode(),
                       kind="training")
    assert privacy.scan(raw, "training") == []
