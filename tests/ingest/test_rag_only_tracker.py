"""A tracker whose only progress column is its RAG rating, as many boards keep them ("Red",
"Amber", "Green", "Blue" or "Complete", no status column): once the colours' meanings are
said, it goes in, each status read from the rating and said in a note; and the command line
offers the meanings the Upload page preselects, in commands that read easily and are safe to
paste."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from data_models.store.file import connect
from ingest import Mapping, add_mappings, check_extract, check_upload
from tests.conftest import AS_OF

ASSURANCE = str(Path(sys.executable).with_name("assurance"))
BOARD = "Kestrel Bay SCP"
HEADER = ["Rec No", "Review", "Recommendation", "Lead agency", "Themes", "Date agreed",
          "Target date", "RAG", "Update"]
RATINGS = ("Red", "Amber", "Green", "Blue", "Complete", "Amber")
# what each row's status must be read as, once the colours' usual meanings are confirmed
STATUSES = {"KB-R01": "in_progress", "KB-R02": "in_progress", "KB-R03": "in_progress",
            "KB-R04": "completed", "KB-R05": "completed", "KB-R06": "in_progress"}
RATED = {"KB-R01": "off_track", "KB-R02": "some_risk", "KB-R03": "on_track",
         "KB-R04": "complete", "KB-R05": "complete", "KB-R06": "some_risk"}


def rag_only_tracker() -> bytes:
    """Kestrel Bay SCP's tracker as Excel saves it as CSV: a title row naming the board,
    semicolons, Windows-1252, no board column and no status column, only the RAG."""
    rows = [HEADER] + [
        [f"KB-R{i + 1:02d}", "KB-LCSPR-2024-02",
         f"Partners act on learning point {i + 1} \u2013 report to the board", "Police",
         "neglect", "03/02/25", "30/09/25", rag, "Reported to the board"]
        for i, rag in enumerate(RATINGS)]
    title = "Kestrel Bay SCP \u2013 recommendations tracker (RAG);;;;;;;;\r\n"
    return (title + "".join(";".join(r) + "\r\n" for r in rows)).encode("cp1252")


def test_a_rag_only_tracker_is_read_with_its_status_from_the_rating(
        con: duckdb.DuckDBPyConnection) -> None:
    """Refused today ("The column 'status' is missing") even once its colours are mapped."""
    add_mappings(con, [Mapping("recommendations", "rating", colour, rating, None)
                       for colour, rating in (("Red", "off_track"), ("Amber", "some_risk"),
                                              ("Green", "on_track"), ("Blue", "complete"))],
                 created_by="lead@example.org")
    checked = check_extract(con, "recommendations", rag_only_tracker(), "tracker.csv", AS_OF,
                            board=BOARD, scope=EVERY_BOARD)
    assert checked.ok, [p.message for p in checked.errors]
    frame = checked.frame.set_index("recommendation_id")
    assert frame["status"].to_dict() == STATUSES
    assert frame["rating"].to_dict() == RATED
    [note] = [p for p in checked.notes if p.rule == "status_from_rating"]
    assert note.message == (
        "The file has no status column, so each recommendation's status is read from its RAG: "
        "Complete as completed; On track, Some risk and Off track as in progress.")


def test_before_its_colours_are_said_only_the_colours_are_asked_about(
        con: duckdb.DuckDBPyConnection) -> None:
    """No 'status is missing' and no row without a status: what is left is the question of
    what the colours mean, each offered with its usual meaning; a question is no rejection."""
    check = check_upload(con, "recommendations", rag_only_tracker(), "tracker.csv", AS_OF,
                         uploaded_by="lead", scope=EVERY_BOARD, board=BOARD)
    assert {(p.rule, p.value) for p in check.checked.errors} == {
        ("allowed_values", colour) for colour in ("Red", "Amber", "Green", "Blue")}
    assert {v.text: v.suggestion.value for v in check.offers.values if v.suggestion} == {
        "Red": "off_track", "Amber": "some_risk", "Green": "on_track", "Blue": "complete"}
    assert con.execute("SELECT count(*) FROM uploads").fetchall() == [(0,)]


def test_a_value_with_an_apostrophe_is_quoted_to_read_easily() -> None:
    from data_models.labels import shell_word

    assert shell_word("CSC=Children's social care") == '"CSC=Children\'s social care"'
    assert shell_word("Green=on_track") == "Green=on_track"
    assert shell_word("Rec No=recommendation_id") == "'Rec No=recommendation_id'"
    # a value holding what a shell reads inside double quotes keeps the single quotes
    assert shell_word("It's $HOME") == shlex.quote("It's $HOME")


@pytest.mark.parametrize("value", [
    "CSC=Children's social care", "Kestrel Bay SCP", "a'b`c", "it's \"so\"", "it's $(rm -rf x)",
    "fine!", "back\\slash's", "O'Neil's; ls", "tab\there's", "plain"])
def test_every_suggested_word_is_safe_to_paste_into_a_shell(value: str) -> None:
    """What bash reads back from the quoted word is the value itself, and nothing runs."""
    from data_models.labels import shell_word

    echoed = subprocess.run(["bash", "-c", f"printf %s {shell_word(value)}"],
                            capture_output=True, text=True, check=True)
    assert echoed.stdout == value


def _assurance(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ASSURANCE, "--db", str(db), *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "NO_COLOR": "1"})


def test_through_the_command_line_the_meanings_are_offered_and_the_statuses_stored(
        tmp_path: Path) -> None:
    """`assurance load` on a real file into a real DuckDB file: refused at first, with the
    meanings the page preselects offered as one command; that command, pasted, says them
    once; loaded again, it is stored with each status read from the rating."""
    db = tmp_path / "rag.duckdb"
    tracker = tmp_path / "Kestrel Bay tracker.csv"
    tracker.write_bytes(rag_only_tracker())
    assert _assurance("init", db=db).returncode == 0
    load = ["load", "recommendations", str(tracker), "--board", BOARD,
            "--as-of", AS_OF.isoformat()]
    first = _assurance(*load, db=db)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "is missing" not in first.stdout
    assert ("If 'Amber' means Some risk (in RAG trackers Amber usually means some risk to "
            "delivery), say so once: assurance map recommendations rating Amber=some_risk "
            "--board 'Kestrel Bay SCP'") in first.stdout
    [suggested] = [line.strip() for line in first.stdout.splitlines()
                   if line.strip().startswith("assurance map recommendations rating Red=")]
    assert suggested == ("assurance map recommendations rating Red=off_track Amber=some_risk "
                         "Green=on_track Blue=complete --board 'Kestrel Bay SCP'")
    said = _assurance(*shlex.split(suggested)[1:], db=db)
    assert said.returncode == 0, said.stdout + said.stderr
    stored = _assurance(*load, db=db)
    assert stored.returncode == 0, stored.stdout + stored.stderr
    assert "Stored Kestrel Bay tracker.csv (recommendations, 6 rows)" in stored.stdout
    assert "status is read from its RAG" in stored.stdout
    con = connect(db, read_only=True)
    try:
        held = con.execute("SELECT recommendation_id, status, rating FROM recommendations "
                           "ORDER BY 1").fetchall()
    finally:
        con.close()
    assert held == [(r, STATUSES[r], RATED[r]) for r in sorted(STATUSES)]


def test_a_row_with_no_rating_is_told_by_the_rating_column(
        con: duckdb.DuckDBPyConnection) -> None:
    """With no status column, a row with no rating has no status either: the message names
    the column the file has (its RAG), not the status column it has not."""
    add_mappings(con, [Mapping("recommendations", "rating", colour, rating, None)
                       for colour, rating in (("Red", "off_track"), ("Amber", "some_risk"),
                                              ("Green", "on_track"), ("Blue", "complete"))],
                 created_by="lead@example.org")
    tracker = rag_only_tracker().replace(b";Amber;Reported", b";;Reported", 1)
    checked = check_extract(con, "recommendations", tracker, "tracker.csv", AS_OF,
                            board=BOARD, scope=EVERY_BOARD)
    assert not checked.ok
    said = [(p.column, p.message) for p in checked.errors]
    assert said and all(column == "RAG" for column, _ in said), said
    assert any("no RAG" in message for _, message in said), said
    assert not any("row has no status" in message for _, message in said), said
