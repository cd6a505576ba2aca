"""Real files with the quirks of Excel and case-system exports (tests/fixtures/extracts,
made by tests/fixtures/make_extracts.py): each is stored as meant, or refused with a message
and nothing stored."""

from __future__ import annotations

import datetime as dt
import io
import shlex
import time
import zipfile
from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from assurance.cli import main
from ingest import check_extract, reject, store
from ingest.guard.scan import REDACTED
from tests.conftest import AS_OF

EXTRACTS = Path(__file__).resolve().parents[1] / "fixtures" / "extracts"


def _load(con: duckdb.DuckDBPyConnection, name: str, kind: str | None = None):  # type: ignore[no-untyped-def]
    return check_extract(con, kind, (EXTRACTS / name).read_bytes(), name, AS_OF, scope=EVERY_BOARD)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    return con.execute(sql).fetchall()


@pytest.mark.parametrize(
    ("name", "rule", "words"),
    [("empty.csv", "empty_file", "The file is empty"),
     ("binary_named.csv", "not_text", "does not look like a CSV text file"),
     ("no_header.csv", "no_header", "No header row was found"),
     ("personal_data.csv", "personal_data", "looks like personal data")],
)
def test_refused_files_store_nothing(con: duckdb.DuckDBPyConnection, name: str, rule: str,
                                     words: str) -> None:
    checked = _load(con, name)
    assert not checked.ok
    assert any(p.rule == rule and words in p.message for p in checked.errors)
    reject(con, checked)
    assert _rows(con, "SELECT count(*) FROM source_items") == [(0,)]
    assert _rows(con, "SELECT outcome FROM uploads") == [("rejected",)]


def test_personal_data_is_never_repeated_in_any_message(con: duckdb.DuckDBPyConnection) -> None:
    checked = _load(con, "personal_data.csv")
    assert {(p.row, p.column) for p in checked.errors} == {(None, "Child name"), (3, "Themes")}
    reject(con, checked)
    stored_messages = " ".join(r[0] for r in _rows(con, "SELECT message FROM upload_problems"))
    for secret in ("07700 900123", "Jo Bloggs", "contact mum"):
        assert secret not in stored_messages
    assert REDACTED not in stored_messages   # a blanked cell is never offered as theme text


def test_a_file_over_the_size_limit_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    data = (EXTRACTS / "audits_fixed.csv").read_bytes()
    checked = check_extract(con, "audits", data, "audits_fixed.csv", AS_OF, max_bytes=100, scope=EVERY_BOARD)
    assert [p.rule for p in checked.errors] == ["too_large"]


def test_messy_audits_name_row_column_and_rule(con: duckdb.DuckDBPyConnection) -> None:
    checked = _load(con, "audits_with_errors.csv")
    assert checked.kind == "audits"   # recognised from the headers
    assert [(p.row, p.column, p.rule) for p in checked.errors] == [
        (4, "Audit date", "type"), (5, "Grade", "allowed_values"),
        (6, "Actions completed", "count_order")]


def test_the_fixed_audits_store_with_values_read_right(con: duckdb.DuckDBPyConnection) -> None:
    checked = _load(con, "audits_fixed.csv")
    assert checked.errors == [] and checked.description.endswith("header on row 3")
    store(con, checked)
    assert _rows(con, "SELECT audit_id, board_type, audit_type, audit_date, grade, "
                      "actions_raised, actions_completed FROM audits ORDER BY 1") == [
        ("MACA-24-001", "children", "multi_agency", dt.date(2024, 6, 14), "requires_improvement",
         4, 2),
        ("MACA-24-002", "children", "single_agency", dt.date(2024, 7, 1), "good", 1, 1),
        ("MACA-24-003", "children", "thematic", dt.date(2024, 9, 3), "outstanding", None, None)]


@pytest.mark.parametrize("name", ["recommendations_cp1252.csv", "recommendations_utf8_bom.csv"])
def test_windows_1252_and_utf8_keep_every_character(con: duckdb.DuckDBPyConnection,
                                                    name: str) -> None:
    checked = _load(con, name)
    assert checked.errors == []
    store(con, checked)
    assert _rows(con, "SELECT recommendation, board_type, status, owner FROM recommendations") == [
        ("Review the “cross-border” protocol – costs under £500", "children", "in_progress",
         "Police")]


def test_utf16_tab_separated_training(con: duckdb.DuckDBPyConnection) -> None:
    checked = _load(con, "training_utf16_tab.txt")
    assert (checked.kind, checked.description) == (
        "training", "UTF-16, tab-separated, header on row 1")
    store(con, checked)
    assert _rows(con, "SELECT booking_id, board_type, status, pre_confidence FROM "
                      "training_bookings ORDER BY 1") == [
        ("BK-1", "both", "attended", 2), ("BK-2", "both", "did_not_attend", None),
        ("BK-3", "adults", "cancelled", None)]


def test_messy_layout_and_text_that_looks_like_code_is_kept_as_text(
        con: duckdb.DuckDBPyConnection) -> None:
    checked = _load(con, "reviews_messy_layout.csv")
    assert checked.errors == []
    assert checked.description == "UTF-8, comma-separated, header on row 2"
    store(con, checked)
    assert _rows(con, "SELECT review_id, board, board_type, aware_date, rapid_review_date, "
                      "themes FROM reviews ORDER BY 1") == [
        ("RR-24-01", "Kestrel Bay SCP", "children", dt.date(2024, 4, 1), dt.date(2024, 4, 24),
         "Neglect;\nDomestic abuse"),
        ("RR-24-02", "Kestrel Bay SCP", "children", dt.date(2024, 4, 5), None,
         '=HYPERLINK("http://example.invalid","click")'),
        ("RR-24-03", "Kestrel Bay SCP", "children", dt.date(2024, 4, 10), None,
         "<script>alert('x')</script><b>bold</b>")]
    unmapped = {p.row for p in checked.warnings if p.rule == "unmapped_theme"}
    assert unmapped == {5, 6}       # kept, flagged, counted: never dropped


def test_a_workbook_with_serial_dates_and_a_formula(con: duckdb.DuckDBPyConnection) -> None:
    checked = _load(con, "audits_workbook.xlsx")
    assert checked.errors == []
    assert checked.description == "Excel workbook, first sheet, header on row 2"
    store(con, checked)
    assert _rows(con, "SELECT audit_id, agency, audit_date, grade FROM audits ORDER BY 1") == [
        ("X-1", "Adult social care", dt.date(2024, 6, 14), "good"),
        ("X-2", '=CONCAT("Po","lice")', dt.date(2024, 6, 14), "requires_improvement")]


def test_a_suggested_command_quotes_the_cell_text_for_the_shell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The probe pasted `assurance map reviews themes "$(id>owned.txt)=THEME"` as printed and
    ran `id`. Every value in a suggested command is quoted for the shell, and a control
    character (a terminal escape) is shown as its code, not sent to the terminal."""
    db = str(tmp_path / "h.duckdb")
    path = tmp_path / "audits.csv"
    path.write_bytes(b"audit_id,board,board_type,audit_type,agency,audit_date,grade,themes\r\n"
                     b"A1,Ashbourne SCP,children,multi_agency,Police,14/06/2024,good,"
                     b"$(id>owned.txt)\r\n"
                     b"A2,Ashbourne SCP,children,multi_agency,Police,14/06/2024,\x1b[2Jgood,neglect\r\n")
    assert main(["--db", db, "load", "audits", str(path), "--dry-run",
                 "--as-of", "2024-12-01"]) == 1
    out = capsys.readouterr().out
    hint = next(line for line in out.splitlines() if "assurance map audits themes" in line)
    command = hint.split("say so once: ", 1)[1]
    assert shlex.split(command) == ["assurance", "map", "audits", "themes",
                                    "$(id>owned.txt)=THEME", "--board", "Ashbourne SCP"]
    assert "\x1b" not in out and "\\x1b[2Jgood" in out


def _workbook(sheet_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def test_a_workbook_that_would_unpack_to_too_much_is_refused_before_it_is_unpacked(
        con: duckdb.DuckDBPyConnection) -> None:
    """The probe's 5.9 MB workbook unpacked to 1.7 GB and ran for over five minutes: its
    unpacked size is read from the zip's directory, and its compression checked, first."""
    bomb = _workbook("<worksheet>" + "<row/>" * 2_000_000 + "</worksheet>")
    started = time.perf_counter()
    checked = check_extract(con, "audits", bomb, "audits.xlsx", AS_OF, scope=EVERY_BOARD)
    assert [p.rule for p in checked.problems] == ["too_large"]
    assert "would unpack to" in checked.problems[0].message
    assert time.perf_counter() - started < 5          # never unpacked


def test_a_sheet_that_says_it_holds_too_many_cells_is_not_opened(
        con: duckdb.DuckDBPyConnection) -> None:
    sheet = ('<worksheet><dimension ref="A1:AD1000000"/><sheetData>'
             + "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{i} {i * 7}</t></is></c>'
                       f"</row>" for i in range(1, 3000)) + "</sheetData></worksheet>")
    checked = check_extract(con, "audits", _workbook(sheet), "audits.xlsx", AS_OF, scope=EVERY_BOARD)
    [problem] = checked.problems
    assert problem.rule == "too_large" and "30,000,000 cells" in problem.message


def test_a_quoted_field_over_the_cell_limit_is_one_sentence_not_a_fault(
        con: duckdb.DuckDBPyConnection) -> None:
    """A quote left open: a field of 200,000 characters ended in "a fault in the product"."""
    data = (b"audit_id,board,board_type,audit_type,agency,audit_date,grade,themes\r\n"
            b'A1,Ashbourne SCP,children,multi_agency,Police,14/06/2024,good,"neglect'
            + b" and more" * 25_000 + b'"\r\n')
    checked = check_extract(con, "audits", data, "audits.csv", AS_OF, scope=EVERY_BOARD)
    [problem] = checked.problems
    assert problem.rule == "field_too_long" and "a quote left open" in problem.message
    assert "'themes'" in problem.message or "longer than a spreadsheet cell" in problem.message


def test_no_database_connection_is_held_while_a_file_is_read_parsed_or_checked(
        db_path: Path, schema_template: Path) -> None:
    """The probe's upload held the database (and so its lock) for the whole of a ten-minute
    check: no other store and no `serve` could start. Given a way to open the database, the
    pipeline opens it only for the moments a step reads it."""
    import contextlib
    import shutil

    from data_models.store.file import connect

    shutil.copyfile(schema_template, db_path)
    open_now: list[bool] = [False]
    opened: list[str] = []

    @contextlib.contextmanager
    def database():  # type: ignore[no-untyped-def]
        con = connect(db_path)
        open_now[0] = True
        opened.append("open")
        try:
            yield con
        finally:
            con.close()
            open_now[0] = False

    held_during: list[str] = []

    def progress(fraction: float, step: str) -> None:
        if open_now[0]:
            held_during.append(step)

    data = (EXTRACTS / "audits_fixed.csv").read_bytes()
    checked = check_extract(database, "audits", data, "audits_fixed.csv", AS_OF,
                            progress=progress, scope=EVERY_BOARD)
    assert checked.ok and len(opened) >= 3
    assert held_during == []          # reading, the guard, parsing and the checks: none held


def test_a_check_stops_where_it_is_told_the_person_has_gone(
        con: duckdb.DuckDBPyConnection) -> None:
    """A large workbook reports every 50,000 rows read; the Upload page's progress bar raises
    there once the person's tab has closed (Streamlit stops a script whose session has
    gone), so the check stops within the next 50,000 rows, not at the end of the file."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["audit_id", "board", "board_type", "audit_type", "agency", "audit_date",
                  "grade"])
    for i in range(120_000):
        sheet.append([f"A{i}", "Ashbourne SCP", "children", "multi_agency", "Police",
                      "14/06/2024", "good"])
    buffer = io.BytesIO()
    book.save(buffer)

    class Gone(Exception):
        pass

    told: list[str] = []

    def progress(fraction: float, step: str) -> None:
        told.append(step)
        if "50,000 rows" in step:
            raise Gone

    with pytest.raises(Gone):
        check_extract(con, "audits", buffer.getvalue(), "audits.xlsx", AS_OF,
                      progress=progress, scope=EVERY_BOARD)
    assert told[-1] == "Reading the file (50,000 rows)"
