"""Extracts as boards keep them: problems one per thing to fix, root causes alone, and what a
quality lead says once (values, headers, themes) remembered for their board and applied to
later extracts, never to another board's."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from assurance.cli import main
from ingest import (
    Correction,
    Mapping,
    MappingError,
    add_mappings,
    check_extract,
    mapping_list,
    remove_mapping,
    store,
)
from tests.conftest import AS_OF, csv_bytes, everyone

EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
MONTH1 = (EXTRACTS / "tracker_month1.csv").read_bytes()
MONTH2 = (EXTRACTS / "tracker_month2.csv").read_bytes()
BOARD = "Ashbourne SCP"
RAG = [Mapping("recommendations", "status", "Green", "in_progress", BOARD),
       Mapping("recommendations", "status", "Amber", "in_progress", BOARD),
       Mapping("recommendations", "status", "Blue", "completed", BOARD),
       Mapping("recommendations", "status", "Red", "not_started", BOARD)]
HEADERS = [Mapping("recommendations", "header", "Rec #", "recommendation_id", BOARD),
           Mapping("recommendations", "header", "Progress update", "status_reason", BOARD)]


def _tracker(con: duckdb.DuckDBPyConnection, data: bytes = MONTH1,
             corrections: tuple[Correction, ...] = ()):  # type: ignore[no-untyped-def]
    return check_extract(con, "recommendations", data, "tracker.csv", AS_OF,
                         corrections=corrections, scope=EVERY_BOARD)


def test_one_problem_per_distinct_value_with_its_rows(con: duckdb.DuckDBPyConnection) -> None:
    checked = _tracker(con)
    rag = {p.value: p for p in checked.problems if p.rule == "allowed_values"}
    assert set(rag) == {"Green", "Amber", "Blue", "Red"}
    assert rag["Amber"].rows == (4, 9, 12) and rag["Amber"].count == 3
    assert rag["Amber"].where() == "Column 'RAG Status', 3 rows (4, 9, 12)"
    assert rag["Green"].count == 4
    severities = [p.severity for p in checked.problems]
    assert severities == sorted(severities, key=["error", "warning", "note"].index)


def test_many_rows_of_one_value_are_one_problem_that_counts_them(
        con: duckdb.DuckDBPyConnection) -> None:
    rows = [{"audit_id": f"A{i}", "board": BOARD, "board_type": "children",
             "audit_type": "multi_agency", "agency": "Police", "audit_date": "14/06/2024",
             "grade": "Fine"} for i in range(1500)]
    checked = check_extract(con, "audits", csv_bytes(rows), "audits.csv", AS_OF, scope=EVERY_BOARD)
    [graded] = [p for p in checked.problems if p.rule == "allowed_values"]
    assert graded.count == 1500 and len(graded.rows) == 1000 and graded.rows[0] == 2
    assert "1,500 rows (2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 1,490 more)" in graded.where()


def test_the_wrong_data_set_is_the_one_problem_shown(con: duckdb.DuckDBPyConnection) -> None:
    checked = check_extract(con, "training", MONTH1, "tracker.csv", AS_OF, scope=EVERY_BOARD)
    assert [p.rule for p in checked.problems] == ["wrong_data_set"]
    cause = checked.root_cause
    assert cause is not None and cause.value == "recommendations"
    assert "look like a recommendations extract" in cause.message


def test_root_causes_come_before_everything_else(con: duckdb.DuckDBPyConnection) -> None:
    data = (b"audit_id,board,board_type,audit_type,agency,audit_date,grade,topic\n"
            b"A1,B,children,x,Police,31/02/2024,good,call 07700 900123\n")
    checked = check_extract(con, "audits", data, "a.csv", AS_OF, scope=EVERY_BOARD)
    assert checked.problems[0].rule == "personal_data" and checked.problems[0].root_cause
    assert checked.root_cause is checked.problems[0]


def test_mappings_remembered_read_next_months_tracker_with_no_questions(
        con: duckdb.DuckDBPyConnection) -> None:
    add_mappings(con, [*RAG, *HEADERS], created_by="lead@example.org")
    fixed = Correction(7, "Date agreed", "31/02/2025", "28/02/2025")
    first = _tracker(con, corrections=(fixed,))
    assert first.errors == [], [str(p) for p in first.errors]
    stored = store(con, first, "lead@example.org")
    used = con.execute("SELECT from_text, to_value, rows FROM upload_mappings WHERE upload_id = ? "
                       "ORDER BY mapping_id", [stored.upload_id]).fetchall()
    assert ("Green", "in_progress", 4) in used and ("Rec #", "recommendation_id", 1) in used
    assert con.execute("SELECT row, column_name, before, after, corrected_by FROM "
                       "upload_corrections WHERE upload_id = ?", [stored.upload_id]).fetchall() \
        == [(7, "Date agreed", "31/02/2025", "28/02/2025", "lead@example.org")]
    assert con.execute("SELECT status, agreed_date::VARCHAR FROM recommendations "
                       "WHERE recommendation_id = 'AS-TR-05'").fetchall() == \
        [("not_started", "2025-02-28")]

    second = check_extract(con, None, MONTH2, "tracker.csv", AS_OF, scope=EVERY_BOARD)   # recognised, too
    assert second.kind == "recommendations"
    assert second.errors == [] and second.ok
    assert {p.value for p in second.notes} >= {"Green", "Amber", "Blue", "Red", "Rec #"}
    assert store(con, second).changes.added == 2


def test_a_mapping_for_one_board_never_reaches_another(con: duckdb.DuckDBPyConnection) -> None:
    add_mappings(con, RAG, created_by="lead@example.org")
    rows = [{"recommendation_id": f"R{i}", "board": board, "board_type": "children",
             "recommendation": "Do it.", "owner": "Police", "status": "Green"}
            for i, board in enumerate([BOARD, "Kestrel Bay SCP"])]
    checked = check_extract(con, "recommendations", csv_bytes(rows), "r.csv", AS_OF, scope=EVERY_BOARD)
    [refused] = [p for p in checked.errors if p.rule == "allowed_values"]
    assert refused.rows == (3,) and refused.value == "Green"      # the other board's row
    add_mappings(con, [Mapping("recommendations", "status", "Green", "not_started")],
                 created_by="lead")
    checked = check_extract(con, "recommendations", csv_bytes(rows), "r.csv", AS_OF, scope=EVERY_BOARD)
    assert checked.ok and checked.frame is not None
    assert checked.frame.sort_values("board")["status"].tolist() == ["in_progress", "not_started"]


def test_a_theme_mapping_is_the_boards_alias_and_reaches_its_stored_records_only(
        con: duckdb.DuckDBPyConnection) -> None:
    rows = [{"recommendation_id": f"R{i}", "board": board, "board_type": "children",
             "recommendation": "Do it.", "owner": "Police", "status": "in_progress",
             "themes": "Relationship based practice"}
            for i, board in enumerate([BOARD, "Kestrel Bay SCP"])]
    store(con, check_extract(con, "recommendations", csv_bytes(rows), "r.csv", AS_OF, scope=EVERY_BOARD))
    add_mappings(con, [Mapping("recommendations", "themes", "Relationship based practice",
                               "trauma-informed practice", BOARD)], created_by="lead")
    assert con.execute("SELECT board, theme FROM item_themes ORDER BY board").fetchall() == \
        [(BOARD, "trauma-informed practice"), ("Kestrel Bay SCP", None)]
    [kept] = mapping_list(everyone(con)).itertuples()
    remove_mapping(con, int(kept.mapping), EVERY_BOARD)
    assert con.execute("SELECT count(*) FROM item_themes WHERE theme IS NOT NULL").fetchall() \
        == [(0,)]


@pytest.mark.parametrize(("mapping", "says"), [
    (Mapping("recommendations", "status", "Purple", "done"), "'done' is not an allowed status"),
    (Mapping("recommendations", "colour", "Purple", "done"), "'colour' is not a column"),
    (Mapping("recommendations", "header", "Rec #", "reference"), "'reference' is not a column"),
    (Mapping("recommendations", "themes", "x", "kindness"), "'kindness' is not a theme"),
    (Mapping("recommendations", "status", "completed", "assured"), "already an allowed status"),
    (Mapping("recommendations", "status", "Green", "completed", "Nowhere SAB"),
     "there is no board 'Nowhere SAB'"),
])
def test_a_mapping_that_cannot_be_kept_is_refused_with_what_would_do(
        demo_db: Path, tmp_path: Path, mapping: Mapping, says: str) -> None:
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    con = duckdb.connect(str(copy))
    try:
        with pytest.raises(MappingError, match=says):
            add_mappings(con, [mapping], created_by="lead")
        assert con.execute("SELECT count(*) FROM mappings").fetchall() == [(0,)]
    finally:
        con.close()


def test_the_command_line_adds_lists_and_removes_mappings(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    db = ["--db", str(copy)]
    assert main([*db, "map", "recommendations", "status", "Green=in_progress",
                 "Blue=completed", "--board", BOARD]) == 0
    out = capsys.readouterr().out
    assert "Mapping 1: in recommendations extracts, 'Green' read as in_progress (for " \
           "Ashbourne SCP)." in out
    assert main([*db, "map", "recommendations", "header", "Rec #=recommendation_id"]) == 0
    assert main([*db, "map", "recommendations", "header", "Rec No=recommendation_id"]) == 2
    assert "the header 'Rec No' is already read as recommendation_id" in capsys.readouterr().err
    assert main([*db, "map", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "every board" in listed and "Ashbourne SCP" in listed and "Rec #" in listed
    assert main([*db, "map", "--remove", "1"]) == 0
    assert "Removed mapping 1" in capsys.readouterr().out
    assert main([*db, "map", "--remove", "1"]) == 2
    assert main([*db, "map", "recommendations", "status", "Green=finished"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == ("assurance: map: 'finished' is not an allowed status; use one of: "
                       "Not started, In progress, Completed, Assured, Not implemented.")
    assert main([*db, "map", "recommendations", "status", "Green"]) == 2
    assert "is not FROM=TO" in capsys.readouterr().err


def test_the_command_line_load_says_how_to_map_and_what_was_applied(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    tracker = tmp_path / "tracker.csv"
    tracker.write_bytes(MONTH2)
    db = ["--db", str(copy)]
    assert main([*db, "load", "recommendations", str(tracker), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "error: Column 'RAG Status', 3 rows (9, 12, 14): 'Amber' is not a recognised" in out
    assert ("If 'Amber' means In progress (in RAG trackers Amber usually means in progress with "
            "concerns), say so once: assurance map recommendations status Amber=in_progress "
            "--board 'Ashbourne SCP'") in out
    lines = out.splitlines()
    first_warning = next(i for i, line in enumerate(lines) if "warning:" in line)
    assert all("error:" not in line for line in lines[first_warning:])
    for text in ("Green=in_progress", "Amber=in_progress", "Blue=completed", "Red=not_started"):
        assert main([*db, "map", "recommendations", "status", text, "--board", BOARD]) == 0
    assert main([*db, "map", "recommendations", "header", "Rec #=recommendation_id",
                 "Progress update=status_reason", "--board", BOARD]) == 0
    capsys.readouterr()
    assert main([*db, "load", "recommendations", str(tracker)]) == 0
    out = capsys.readouterr().out
    assert "note: Column 'RAG Status', 5 rows: 'Green' read as in_progress (mapping 1, for " \
           "Ashbourne SCP)." in out


def test_a_correction_kept_as_a_rule_corrects_next_months_file_for_that_board_only(
        con: duckdb.DuckDBPyConnection) -> None:
    """A cell corrected once and kept as the board's rule ('31/02/2025' in Date agreed is
    28/02/2025) is corrected the same way in the next file, recorded as a correction, and
    listed with the mappings; another board's file is not touched."""
    add_mappings(con, [*RAG, *HEADERS], created_by="lead@example.org")
    before = _tracker(con)
    assert [p.value for p in before.errors] == ["31/02/2025"]
    [kept] = add_mappings(con, [Mapping("recommendations", "agreed_date", "31/02/2025",
                                        "28/02/2025", BOARD)], created_by="lead@example.org")
    after = _tracker(con)
    assert after.ok, [p.message for p in after.errors]
    [note] = [p for p in after.notes if p.value == "31/02/2025"]
    assert note.rows == (7,) and note.message == (
        f"'31/02/2025' in agreed_date corrected to '28/02/2025' (mapping {kept.mapping_id}, "
        f"for {BOARD}).")
    assert [(c.row, c.before, c.after) for c in after.corrections] == [
        (7, "31/02/2025", "28/02/2025")]
    store(con, after, "lead@example.org")
    assert con.execute("SELECT count(*) FROM upload_corrections WHERE before = '31/02/2025'"
                       ).fetchall() == [(1,)]
    listed = mapping_list(everyone(con))
    assert "agreed_date" in set(listed["column"])
    other = MONTH1.replace(b"Ashbourne SCP;", b"Millbrook SCP;")
    assert [p.value for p in _tracker(con, other).errors if p.rule == "type"] == ["31/02/2025"]
    with pytest.raises(MappingError, match="one board"):
        add_mappings(con, [Mapping("recommendations", "agreed_date", "31/02/2025",
                                   "28/02/2025")], created_by="lead")


def test_the_mapping_list_is_in_words() -> None:
    """Admin lists the mappings with words, never codes: which column, and the value's label."""
    import pandas as pd

    from ingest import mapping_words

    said = mapping_words(pd.DataFrame({
        "data_set": ["recommendations"] * 4,
        "column": ["status", "header", "agreed_date", "rating"],
        "from": ["Green", "Rec #", "31/02/2025", "Red"],
        "to": ["in_progress", "recommendation_id", "28/02/2025", "off_track"]}))
    assert said[["column", "to"]].values.tolist() == [
        ["Status", "In progress"], ["A header", "Recommendation"],
        ["A correction in Date agreed", "28/02/2025"], ["Rating", "Off track"]]


def test_a_new_boards_first_file_can_be_mapped_where_its_file_names_it(
        con: duckdb.DuckDBPyConnection) -> None:
    """A board no stored record names yet is refused (a misspelt --board), unless it is the
    board the file being checked is for: a new board's first tracker can be mapped."""
    add_mappings(con, [*RAG, *HEADERS], created_by="lead")    # no board held yet: any board
    store(con, _tracker(con, MONTH1.replace(b"31/02/2025", b"28/02/2025")), "lead")  # Ashbourne
    new = [Mapping("recommendations", "status", "Green", "in_progress", "Harbour SCP")]
    with pytest.raises(MappingError, match="there is no board 'Harbour SCP'"):
        add_mappings(con, new, created_by="lead")
    [kept] = add_mappings(con, new, created_by="lead", boards_in_file=("Harbour SCP",))
    assert kept.board == "Harbour SCP"


def test_a_value_is_mapped_by_the_words_the_checks_name_it_by() -> None:
    """The load says "Use one of: Children's, Adults'": those words map, as the codes do."""
    from ingest.mappings.rules import checked

    assert checked(Mapping("reviews", "board_type", "childrens services",
                           "Children's")).to_value == "children"
    assert checked(Mapping("recommendations", "status", "Green", "In progress")).to_value \
        == "in_progress"
    with pytest.raises(MappingError, match=r"use one of: Children's, Adults'\."):
        checked(Mapping("reviews", "board_type", "kids", "Kids"))
