"""The ingest stages, each on its own and composed: a problem found early is reported before
those found later, and nothing after the guard sees personal data."""

from __future__ import annotations

import duckdb

from access import EVERY_BOARD
from ingest import check_extract
from ingest.guard.scan import guard
from ingest.read import read
from tests.conftest import AS_OF

HEADER = b"audit_id,board,board_type,audit_type,agency,audit_date,grade,topic\n"


def test_read_recognises_the_data_set_or_says_why_not() -> None:
    raw, kind, problems = read(HEADER + b"A1,B,children,x,Police,01/01/2024,good,t\n", None,
                               "a.csv")
    assert kind == "audits" and raw is not None and problems == []
    raw, kind, problems = read(b"colour,size\nred,2\n", None, "b.csv")
    assert raw is None and [p.rule for p in problems] == ["no_header"]


def test_the_guard_blanks_what_it_refuses() -> None:
    raw, kind, _ = read(HEADER + b"A1,B,children,x,Police,01/01/2024,good,call 07700 900123\n",
                        "audits", "a.csv")
    assert raw is not None and kind == "audits"
    guarded, problems = guard(raw, kind)
    assert [p.rule for p in problems] == ["personal_data"]
    assert "07700" not in guarded.cells.to_string()


def test_problems_come_in_the_order_of_the_stages(con: duckdb.DuckDBPyConnection) -> None:
    data = HEADER + b"A1,B,children,x,Police,31/02/2024,good,call 07700 900123\n"
    checked = check_extract(con, "audits", data, "a.csv", AS_OF, scope=EVERY_BOARD)
    rules = [p.rule for p in checked.problems]
    assert rules[0] == "personal_data"
    assert "type" in rules[1:]
    assert not checked.ok


def test_an_upload_is_checked_logged_when_refused_and_offered_for_mapping_in_one_call(
        con: duckdb.DuckDBPyConnection) -> None:
    """The Upload page's one call for a check: the same extract and the same offers as the
    steps it replaces (check, log the rejection, load the board's aliases, offer), the
    rejection logged with who made it, and nothing logged for a file that passes."""
    from dataclasses import replace
    from pathlib import Path

    from data_models.theme_suggestions import load_aliases, suggest_themes
    from ingest import check_upload, offers

    tracker = (Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
               / "tracker_month1.csv").read_bytes()
    done = check_upload(con, "recommendations", tracker, "tracker.csv", AS_OF,
                        uploaded_by="lead@example.org", scope=EVERY_BOARD)
    assert done.checked.errors and done.checked.boards == ("Ashbourne SCP",)
    assert {v.text for v in done.offers.values} == {"Green", "Amber", "Blue", "Red"}
    aliases = load_aliases(con, "Ashbourne SCP")
    assert replace(done.offers, vocabulary=()) == offers(
        check_extract(con, "recommendations", tracker, "tracker.csv", AS_OF, scope=EVERY_BOARD),
        lambda text: suggest_themes(text, aliases))
    # every theme may be chosen for theme text, in the vocabulary's order
    assert done.offers.vocabulary == tuple(r[0] for r in con.execute(
        "SELECT theme FROM themes ORDER BY sort_order").fetchall())
    assert con.execute("SELECT file_name, outcome, uploaded_by FROM uploads").fetchall() == [
        ("tracker.csv", "rejected", "lead@example.org")]

    passes = check_upload(con, "audits", HEADER + b"A1,B,children,multi_agency,Police,"
                          b"01/01/2024,good,Neglect\n", "a.csv", AS_OF, uploaded_by=None,
                          scope=EVERY_BOARD)
    assert passes.checked.ok and not passes.offers
    assert con.execute("SELECT count(*) FROM uploads").fetchall() == [(1,)]
