"""A quality lead's own tracker, as such trackers are kept (tests/fixtures/make_extracts.py:
own_tracker), goes in without a trip through Excel: the file is the board's own (no board
column), its dates have two-digit years and "TBC", and next month's file needs no question."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from assurance.cli import main
from data_models.store.file import connect
from ingest import Mapping, add_mappings, check_extract, mapping_list, offers, store
from tests.conftest import AS_OF, everyone

EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
MONTH1 = EXTRACTS / "own_tracker_month1.csv"
MONTH2 = EXTRACTS / "own_tracker_month2.csv"
BOARD = "Kestrel Bay SCP"
RAG = {"Red": "off_track", "Amber": "some_risk", "Green": "on_track", "Blue": "complete"}


def test_rag_colours_are_offered_as_ratings_in_words_for_the_board_to_confirm(
        con: duckdb.DuckDBPyConnection) -> None:
    """On a RAG tracker Red means off track (it was offered as 'not started'); what a colour
    means is the board's to say, so each is offered with its usual meaning, in words."""
    checked = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                            board=BOARD, scope=EVERY_BOARD)
    red = next(p for p in checked.errors if p.value == "Red")
    assert red.column == "RAG" and red.message == (
        "'Red' is not a recognised RAG. Use one of: Off track, Some risk, On track, Complete.")
    [value] = [v for v in offers(checked, lambda _t: []).values if v.text == "Red"]
    assert value.column == "rating" and value.suggestion is not None
    assert value.suggestion.value == "off_track"


def test_a_file_with_no_board_column_asks_which_board_it_is_for(
        con: duckdb.DuckDBPyConnection) -> None:
    checked = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                            scope=EVERY_BOARD)
    assert [p.rule for p in checked.problems] == ["no_board"]
    assert "--board NAME" in checked.problems[0].message and checked.frame is None


def test_the_file_is_read_for_the_board_chosen_and_its_layout_remembered(
        con: duckdb.DuckDBPyConnection) -> None:
    checked = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                            board=BOARD, scope=EVERY_BOARD)
    assert checked.frame is not None
    assert set(checked.frame["board"]) == {BOARD}
    assert set(checked.frame["board_type"]) == {"children"}      # 'SCP' in its name
    said = {p.rule: p.message for p in checked.problems if p.severity == "note"}
    assert said["board_type_given"] == ("Read as a children's board's file, as 'SCP' in its "
                                        "name says.")
    assert "date_not_known" in said                              # TBC: no date, no error
    due = checked.frame.set_index("recommendation_id")["due_date"]
    assert str(due["KB-T01"])[:10] == "2025-06-30" and due.isna()["KB-T02"]
    assert str(checked.frame.set_index("recommendation_id")["agreed_date"]["KB-T03"])[:10] \
        == "2025-02-03"


def test_a_board_column_naming_another_board_is_refused_naming_it(
        con: duckdb.DuckDBPyConnection) -> None:
    data = (b"Rec No,Board,Board type,Recommendation,Lead agency,Status\r\n"
            b"R1,Kestrel Bay SCP,children,Act,Police,In progress\r\n"
            b"R2,Millbrook SCP,children,Act,Police,In progress\r\n"
            b"R3,,children,Act,Police,In progress\r\n")
    checked = check_extract(con, "recommendations", data, "t.csv", AS_OF, board=BOARD, scope=EVERY_BOARD)
    [cause] = checked.problems
    assert cause.rule == "not_this_board" and "Millbrook SCP" in cause.message
    fine = check_extract(con, "recommendations", data.replace(b"R2,Millbrook SCP", b"R2,Kestrel Bay SCP"),
                         "t.csv", AS_OF, board=BOARD, scope=EVERY_BOARD)
    assert fine.frame is not None and set(fine.frame["board"]) == {BOARD}   # a blank: the board's


def test_a_new_board_whose_name_does_not_say_its_type_is_asked_for_it(
        con: duckdb.DuckDBPyConnection) -> None:
    checked = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                            board="Harbour Partnership", scope=EVERY_BOARD)
    assert [p.rule for p in checked.problems] == ["board_type_unknown"]
    told = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                         board="Harbour Partnership", board_type="adults", scope=EVERY_BOARD)
    assert told.frame is not None and set(told.frame["board_type"]) == {"adults"}


def test_through_the_command_line_next_months_file_needs_no_board(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "a.duckdb")
    assert main(["--db", db, "init"]) == 0
    month1 = tmp_path / "Kestrel tracker (March).csv"
    shutil.copy(MONTH1, month1)
    capsys.readouterr()
    load = ["--db", db, "load", "recommendations", str(month1), "--board", BOARD,
            "--as-of", AS_OF.isoformat()]
    assert main(load) == 1                    # the RAG colours: what they mean is the board's
    out = capsys.readouterr().out
    assert ("assurance map recommendations rating Amber=some_risk Red=off_track "
            "Blue=complete Green=on_track --board 'Kestrel Bay SCP'") in out
    assert main(["--db", db, "map", "recommendations", "rating", "Red=off_track",
                 "Amber=some_risk", "Green=on_track", "Blue=complete", "--board", BOARD]) == 0
    code = main(load)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Stored Kestrel tracker (March).csv (recommendations, 8 rows)" in out
    hint = next(line for line in out.splitlines() if "assurance map recommendations owner" in line)
    assert hint.endswith("""assurance map recommendations owner "CSC=Children's Social Care" """
                         "--board 'Kestrel Bay SCP'")
    assert main(["--db", db, "map", "recommendations", "owner", "CSC=Children's Social Care",
                 "--board", BOARD]) == 0
    con = connect(db)
    try:
        assert con.execute("SELECT count(*) FROM recommendations WHERE owner = 'CSC'"
                           ).fetchall() == [(0,)]
        kept = mapping_list(everyone(con)).set_index("column")
        assert kept.at["file_board", "to"] == BOARD
        assert kept.at["file_board", "from"].startswith("Rec No | Review | Recommendation")
    finally:
        con.close()
    assert main(["--db", db, "load", "recommendations", str(MONTH2),
                 "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "1 replaced" in out and "read as Kestrel Bay SCP's" in out
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*), min(board), max(board) FROM recommendations"
                           ).fetchall() == [(8, BOARD, BOARD)]
        ratings = dict(con.execute("SELECT recommendation_id, rating FROM recommendations"
                                   ).fetchall())
        assert (ratings["KB-T01"], ratings["KB-T02"], ratings["KB-T04"]) == (
            "complete", "off_track", "on_track")     # KB-T01 moved on in month 2
    finally:
        con.close()


def test_stored_for_the_board_through_the_pipeline(con: duckdb.DuckDBPyConnection) -> None:
    add_mappings(con, [Mapping("recommendations", "rating", colour, rating, BOARD)
                       for colour, rating in RAG.items()], created_by="lead@example.org")
    checked = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                            board=BOARD, scope=EVERY_BOARD)
    assert checked.ok, [p.message for p in checked.errors]
    store(con, checked, "lead@example.org")
    again = check_extract(con, "recommendations", MONTH2.read_bytes(), MONTH2.name, AS_OF, scope=EVERY_BOARD)
    assert again.ok and set(again.frame["board"]) == {BOARD}


def test_agency_names_are_one_agency_each_and_abbreviations_are_offered(
        con: duckdb.DuckDBPyConnection) -> None:
    """'Health Visiting' and 'Health visiting', 'The partnership' and 'Partnership' are one
    agency at once; 'CSC' is offered as 'Children's Social Care', for the board to confirm;
    confirmed, it reaches the stored records too."""
    add_mappings(con, [Mapping("recommendations", "rating", colour, rating, BOARD)
                       for colour, rating in RAG.items()], created_by="lead@example.org")
    checked = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                            board=BOARD, scope=EVERY_BOARD)
    owners = checked.frame.set_index("recommendation_id")["owner"]
    assert owners["KB-T04"] == owners["KB-T05"] == "Health Visiting"      # A to Z of a tie
    assert owners["KB-T06"] == owners["KB-T07"] == "Partnership"
    assert checked.likely_agencies == {"CSC": "Children's Social Care"}
    [warning] = [p for p in checked.problems if p.rule == "likely_agency"]
    assert warning.rows == (3, 10) and warning.severity == "warning"
    [offer] = offers(checked, lambda _t: []).agencies
    assert (offer.column, offer.text, offer.likely, offer.rows) == (
        "owner", "CSC", "Children's Social Care", 2)
    store(con, checked, "lead@example.org")
    add_mappings(con, [Mapping("recommendations", "owner", "CSC", "Children's Social Care",
                               BOARD)], created_by="lead@example.org")
    held = dict(con.execute("SELECT owner, count(*) FROM recommendations GROUP BY 1").fetchall())
    assert held == {"Children's Social Care": 3, "Police": 1, "Health Visiting": 2,
                    "Partnership": 2}
    again = check_extract(con, "recommendations", MONTH2.read_bytes(), MONTH2.name, AS_OF, scope=EVERY_BOARD)
    assert set(again.frame["owner"]) == set(held) and not again.likely_agencies


STORED = ("uploads", "recommendations", "recommendation_rating_history", "mappings",
          "upload_mappings", "theme_mentions")


def _held(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]  # noqa: S608
            for t in STORED}


def test_the_layout_is_remembered_in_the_upload_s_own_transaction(
        con: duckdb.DuckDBPyConnection) -> None:
    """The mapping that remembers the file's layout for its board is stored in the store's one
    transaction: when recording it fails (here for real, on the table's key: a mapping already
    holds the number it is given), nothing of the upload is stored; stored normally, the upload
    and the mapping are there together."""
    add_mappings(con, [Mapping("recommendations", "rating", colour, rating, BOARD)
                       for colour, rating in RAG.items()], created_by="lead@example.org")
    checked = check_extract(con, "recommendations", MONTH1.read_bytes(), MONTH1.name, AS_OF,
                            board=BOARD, scope=EVERY_BOARD)
    assert checked.ok and checked.one_board.layout and checked.one_board.remembered is None
    taken = con.execute("SELECT nextval('mapping_id_seq')").fetchall()[0][0] + 1
    con.execute("INSERT INTO mappings (mapping_id, kind, column_name, from_text, from_key, "
                "to_value, board, created_by, created_at) VALUES (?, 'audits', 'grade', 'Gd', "
                "'gd', 'good', NULL, 'someone else', now())", [taken])
    before = _held(con)

    with pytest.raises(duckdb.ConstraintException):
        store(con, checked, "lead@example.org")
    assert _held(con) == before                      # no upload, no records, no mapping

    con.execute("DELETE FROM mappings WHERE mapping_id = ?", [taken])
    stored = store(con, checked, "lead@example.org")
    held = _held(con)
    assert held["recommendations"] == 8 and held["uploads"] == before["uploads"] + 1
    assert con.execute("SELECT to_value, created_by FROM mappings WHERE column_name = "
                       "'file_board'").fetchall() == [(BOARD, "lead@example.org")]
    assert con.execute("SELECT outcome, uploaded_by FROM uploads WHERE upload_id = ?",
                       [stored.upload_id]).fetchall() == [("stored", "lead@example.org")]
