"""The personal-data guard, measured: on a seeded, labelled corpus in the seeds' style, on the
seed documents themselves (pseudonyms and public bodies pass; two public officials' names are
the only flags), and on the ten extracts a new user tried."""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from ingest import check_extract
from ingest.guard.personal_data import kind_of
from ingest.guard.scan import ADVICE, flag_values, what_it_looks_like
from tests.conftest import AS_OF, csv_bytes
from tests.fixtures.make_privacy_corpus import OUT, PERSONAL, corpus

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
STRUCTURED = ("nhs_number", "ni_number", "postcode", "email", "phone")


def _recall_and_precision() -> tuple[dict[str, float], dict[str, float]]:
    cells = corpus()
    found, total, flagged = Counter(), Counter(), Counter()
    for text, kind in cells:
        guess = kind_of(text)
        total[kind] += 1
        if guess is not None:
            flagged[kind] += 1 if kind != "none" else 0
            found[kind] += kind != "none"
    recall = {k: found[k] / total[k] for k in PERSONAL}
    false_flags = sum(1 for text, kind in cells if kind == "none" and kind_of(text))
    precision = {"all": sum(found.values()) / (sum(found.values()) + false_flags)}
    return recall, precision


def test_the_committed_corpus_is_what_the_generator_writes() -> None:
    with OUT.open(encoding="utf-8") as handle:
        committed = [(r["text"], r["kind"]) for r in csv.DictReader(handle)]
    assert committed == corpus()
    assert len(committed) >= 500
    assert set(Counter(k for _, k in committed)) == {*PERSONAL, "none"}


def test_recall_per_kind_meets_the_bar() -> None:
    recall, precision = _recall_and_precision()
    for kind in STRUCTURED:
        assert recall[kind] == 1.0, kind
    for kind in ("address", "titled_name"):
        assert recall[kind] >= 0.95, kind
    assert recall["name"] >= 0.80
    assert precision["all"] >= 0.95


def test_the_seed_documents_flag_only_the_two_public_officials() -> None:
    # The seeds are public documents that name two public officials, so they stay outside
    # the repository (no real person's name is in it): in ../shared/seeds beside the clone.
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the seed documents are not at {SEEDS}")
        pytest.skip(f"the seed documents are not at {SEEDS}")
    flagged = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[.;:])\s+", line.strip()):
                kind = kind_of(sentence)
                if kind:
                    flagged.append((kind, sentence))
    assert {kind for kind, _ in flagged} == {"name"}
    names = {re.search(r"Phil Heasman|Jenny Coles", s).group() for _, s in flagged  # type: ignore[union-attr]
             if re.search(r"Phil Heasman|Jenny Coles", s)}
    assert names == {"Phil Heasman", "Jenny Coles"}
    assert all(re.search(r"Phil Heasman|Jenny Coles", s) for _, s in flagged)


@pytest.mark.parametrize(("text", "kind"), [
    ("moved to ub8 1uw", "postcode"),
    ("lived at 12 Acacia Avenue", "address"),
    ("flat 3, 45 high street", "address"),
    ("mrs jane smith", "titled_name"),
    ("QQ 12 34 56 C", "ni_number"),
    ("Jane Smith (maternal aunt)", "name"),
    ("born on the third of March 2015", "date_of_birth"),
    ("DOB 03/03/2015", "date_of_birth"),
    ("CONTACT JANE.SMITH@EXAMPLE.ORG", "email"),
    ("NHS no 380 675 6910", "nhs_number"),      # a check digit of 0
    ("3806756910", "nhs_number"),
    ("call 07700900123", "phone"),
    ("+44 113 496 0000", "phone"),
])
def test_each_kind_in_any_case_and_spacing(text: str, kind: str) -> None:
    assert kind_of(text) == kind


@pytest.mark.parametrize("text", [
    "Child K's voice", "Mother and Father", "Thames Valley Police", "Working Together 2018",
    "Adult A", "Family X", "the lead reviewer", "Mr and Mrs X", "CSPR-2023-04-R1",
    "within 6 months of the Court", "report sent 12/04/2024", "Q4 5th", "2023-24 Q3",
    "Will Review the pathway", "Young People's services", "84 practitioners from 11 agencies",
    "Voice of child; prof curiosity", "Prof Curiosity", "dr led assessment", "DRs and MH",
])
def test_pseudonyms_roles_public_bodies_and_the_fields_shorthand_pass(text: str) -> None:
    assert kind_of(text) is None


@pytest.mark.parametrize(("text", "kind"), [
    ("call 07700\u00a0900\u00a0123", "phone"),                     # non-breaking spaces
    ("call \uff10\uff17\uff17\uff10\uff10\uff19\uff10\uff10\uff11\uff12\uff13", "phone"),
    ("seen by Ja\u200bne Sm\u200bith", "name"),                     # zero-width spaces
    ("NHS 943\u202f476\u202f5919", "nhs_number"),                    # narrow no-break spaces
])
def test_characters_that_hide_personal_data_hide_nothing(text: str, kind: str) -> None:
    """The guard reads a normalised copy (NFKC, invisible characters removed, every space a
    space): the probe's phone number with non-breaking spaces or full-width digits and the
    name with zero-width spaces passed it."""
    assert kind_of(text) == kind
    assert flag_values([text, "Voice of child; prof curiosity"]) == {0: kind}


def test_an_extract_with_any_kind_in_its_reason_column_is_refused_without_the_value(
        con: duckdb.DuckDBPyConnection) -> None:
    leaks = ["moved to ub8 1uw", "lived at 12 Acacia Avenue", "flat 3, 45 high street",
             "mrs jane smith", "QQ 12 34 56 C", "Jane Smith (maternal aunt)",
             "born 3 March 2015", "JANE@EXAMPLE.ORG", "380 675 6910", "07700900123"]
    for leak in leaks:
        rows = [{"recommendation_id": "R1", "board": "Ashbourne SCP", "board_type": "children",
                 "recommendation": "Promote the cross-border protocol.", "owner": "Police",
                 "status": "not_implemented", "status_reason": leak}]
        checked = check_extract(con, "recommendations", csv_bytes(rows), "r.csv", AS_OF, scope=EVERY_BOARD)
        [problem] = [p for p in checked.errors if p.rule == "personal_data"]
        assert problem.column == "status_reason" and problem.rows == (2,)
        assert problem.message == f"This value looks like {what_it_looks_like(leak)}. {ADVICE}"
        assert checked.frame is not None and leak not in checked.frame.to_string()
    safe = [{"recommendation_id": "R1", "board": "Ashbourne SCP", "board_type": "children",
             "recommendation": "Hear Child K's voice; Thames Valley Police to report.",
             "owner": "Police", "status": "not_implemented",
             "status_reason": "Mother and Father declined; Working Together 2018 applies."}]
    assert check_extract(con, "recommendations", csv_bytes(safe), "r.csv", AS_OF, scope=EVERY_BOARD).ok
