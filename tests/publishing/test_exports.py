"""Exports from the command line: safe to publish, reproducible, logged."""

from __future__ import annotations

import csv
import getpass
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from assurance.cli import main
from data_models.store.file import connect

OPERATOR = f"{getpass.getuser()} (command line)"   # who ran it, as the log records

AS_OF = "2026-11-21"


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "export.duckdb"
    shutil.copyfile(demo_db, copy)
    con = connect(copy)          # these tests count the exports they log: none logged before
    con.execute("DELETE FROM exports")
    con.close()
    return copy


def _hostile_audit(db: Path) -> None:
    con = connect(db)
    con.execute("UPDATE audits SET agency = '=HYPERLINK(\"http://x.invalid\")' "
                "WHERE audit_id = (SELECT min(audit_id) FROM audits "
                "WHERE financial_year(audit_date) = '2024-25' AND board = 'Millbrook SCP')")
    con.close()


def test_workbook_has_notes_sheet_suppression_and_no_formulas(db: Path, tmp_path: Path,
                                                               capsys) -> None:  # type: ignore[no-untyped-def]
    _hostile_audit(db)
    out = tmp_path / "tables.xlsx"
    assert main(["--db", str(db), "export", "tables", "--period", "2024-25", "--board",
                 "Millbrook SCP", "--format", "xlsx", "--out", str(out), "--as-of", AS_OF,
                 "--records"]) == 0
    assert "counts from 1 to 4 shown as 'c' in figures about people's cases" in \
        capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Notes"
    assert {"Timescales by measure", "Themes in reviews", "Audit grades by agency",
            "Training by agency", "Audit records"} <= set(book.sheetnames)
    notes = {row[0]: row[1] for row in book["Notes"].iter_rows(min_row=2, values_only=True)}
    assert notes["As of"] == AS_OF
    assert "Millbrook SCP" in notes["Filters"]
    assert notes["Rule: Notification in 5 working days"].startswith("Serious incident notified")
    assert "shown as 'c'" in notes["Disclosure"]
    assert "own process are published as they are" in notes["Disclosure"]
    # the board's own process as it is; themes, about people's cases, protected
    timescales = list(book["Timescales by measure"].iter_rows(values_only=True))
    assert not any("c" in row for row in timescales[1:])
    themes = list(book["Themes in reviews"].iter_rows(values_only=True))
    assert any("c" in row for row in themes[1:])
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("=", "+", "-", "@")))
    header = next(book["Audit records"].iter_rows(max_row=1, values_only=True))
    agencies = [row[header.index("Agency")]
                for row in book["Audit records"].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x.invalid\")" in agencies     # shown as text, never run


def test_csv_folder_and_every_export_is_logged(db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "csv"
    assert main(["--db", str(db), "export", "tables", "--period", "2023-24", "--format", "csv",
                 "--out", str(out), "--as-of", AS_OF]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "notes.csv" in names and "timescales.csv" in names
    assert "audit_records.csv" not in names          # records only when asked for
    with (out / "timescales.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["measure"] for r in rows} >= {"notification_5wd", "sar_completion_6m"}
    con = connect(db, read_only=True)
    logged = con.execute("SELECT what, format, exported_by, threshold, filters FROM exports "
                         "WHERE exported_by = ?", [OPERATOR]).fetchall()
    con.close()
    assert len(logged) == 1
    what, fmt, who, threshold, filters = logged[0]
    assert (what, fmt, who, threshold) == ("tables", "csv", OPERATOR, 5)
    assert '"period": "2023-24"' in filters


def test_pack_is_the_html_report_under_its_old_name(db: Path, tmp_path: Path,
                                                    capsys) -> None:  # type: ignore[no-untyped-def]
    pack, report = tmp_path / "pack.html", tmp_path / "report.html"
    assert main(["--db", str(db), "export", "pack", "--period", "2024-25", "--out", str(pack),
                 "--as-of", AS_OF]) == 0
    assert main(["--db", str(db), "export", "report", "--format", "html", "--period",
                 "2024-25", "--out", str(report), "--as-of", AS_OF]) == 0

    def without_stamp(path: Path) -> str:      # the time it was produced differs
        return re.sub(r"<dt>Produced</dt><dd>[^<]*</dd>", "", path.read_text(encoding="utf-8"))

    assert without_stamp(pack) == without_stamp(report)
    con = connect(db, read_only=True)
    logged = con.execute("SELECT what, format FROM exports WHERE exported_by = ? "
                         "ORDER BY export_id", [OPERATOR]).fetchall()
    con.close()
    assert logged == [("pack", "html"), ("report", "html")]


@pytest.mark.parametrize("what", [["pack"], ["report", "--format", "docx"]], ids=" ".join)
def test_the_report_needs_a_period(db: Path, capsys, what: list[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["--db", str(db), "export", *what, "--out", "x.html"])
    assert "--period" in capsys.readouterr().err


def test_caveats_completeness_and_freshness_are_those_of_the_board_and_year(
        db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scp.xlsx"
    assert main(["--db", str(db), "export", "tables", "--period", "2024-25", "--board",
                 "Ashbourne SCP", "--format", "xlsx", "--out", str(out), "--as-of", AS_OF]) == 0
    book = openpyxl.load_workbook(out)
    notes = {row[0]: row[1] for row in book["Notes"].iter_rows(min_row=2, values_only=True)}
    con = connect(db, read_only=True)
    reviews = con.execute("SELECT count(*) FROM reviews WHERE board = 'Ashbourne SCP'"
                          ).fetchall()[0][0]
    everywhere = con.execute("SELECT count(*) FROM reviews").fetchall()[0][0]
    unmapped = con.execute(
        "SELECT count(*) FROM item_themes AS m JOIN source_items AS i USING (source, board, item_id) "
        "WHERE m.source = 'reviews' AND m.theme IS NULL AND m.board = 'Ashbourne SCP' "
        "AND financial_year(i.item_date) = '2024-25'").fetchall()[0][0]
    con.close()
    assert notes["Freshness: reviews"].startswith(f"{reviews:,} records for Ashbourne SCP")
    assert reviews != everywhere
    assert notes["Unmapped themes"].startswith(
        f"{unmapped} theme mention{'' if unmapped == 1 else 's'} in the reviews")
    completeness = list(book["Completeness of timescale dates"].iter_rows(values_only=True))
    header = completeness[0]
    review_types = {row[header.index("Review type")] for row in completeness[1:]}
    assert "Rapid review" in review_types
    assert "SAR" not in review_types                    # adults' reviews are not in an SCP's pack
    assert "Not filtered by agency" not in " ".join(str(v) for v in notes.values())


def test_a_note_says_which_filter_a_table_does_not_honour(db: Path, tmp_path: Path,
                                                          capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "police.xlsx"
    assert main(["--db", str(db), "export", "tables", "--period", "2024-25", "--agency", "Police",
                 "--format", "xlsx", "--out", str(out), "--as-of", AS_OF]) == 0
    book = openpyxl.load_workbook(out)
    notes = {row[0]: row[1] for row in book["Notes"].iter_rows(min_row=2, values_only=True)}
    assert "Not filtered by agency: reviews have no agency." in notes["Table: Timescales by measure"]
    assert "Not filtered by agency" not in notes["Table: Audit grades by agency"]


@pytest.mark.parametrize("what", [["pack"], ["report", "--format", "docx"]], ids=" ".join)
@pytest.mark.parametrize(("args", "says"), [
    (["--board", "Ashbourne"], "Did you mean 'Ashbourne SCP'?"),
    (["--period", "2031-32"], "no data for that financial year"),
    (["--board", "Northfold SAB", "--board-type", "children"], "No records match these filters"),
])
def test_an_export_of_nothing_exits_2_and_writes_no_file(
        db: Path, tmp_path: Path, capsys, args: list[str], says: str,  # type: ignore[no-untyped-def]
        what: list[str]) -> None:
    chosen = args if "--period" in args else [*args, "--period", "2024-25"]
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["--db", str(db), "export", *what, *chosen, "--out", str(folder),
                 "--as-of", AS_OF]) == 2
    assert says in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_files_are_named_for_board_and_year(db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db), "export", "pack", "--period", "2025-26", "--board",
                 "Ashbourne SCP", "--out", str(tmp_path), "--as-of", AS_OF]) == 0
    assert (tmp_path / "Ashbourne-SCP_annual-report_2025-26.html").exists()
    assert main(["--db", str(db), "export", "tables", "--period", "2025-26", "--format", "xlsx",
                 "--out", str(tmp_path), "--as-of", AS_OF]) == 0
    assert (tmp_path / "all-boards_tables_2025-26.xlsx").exists()
