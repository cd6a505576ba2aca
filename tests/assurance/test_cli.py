"""The command-line contract, run as users and scripts run it."""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from assurance.cli import main
from data_models import queries
from data_models.store.file import connect
from tests.conftest import csv_bytes
from tests.expectations.test_checks import AUDIT, REVIEW

ASSURANCE = str(Path(sys.executable).with_name("assurance"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def extract(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(name: str, rows: list[dict[str, object]]) -> Path:
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return path
    return write


def test_init_twice_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.duckdb"
    assert run(capsys, "--db", str(db), "init")[0] == 0
    con = connect(db, read_only=True)
    first = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608
             for t in ("schema_version", "timescale_rules", "theme_aliases", "calendar_days")}
    con.close()
    code, out, _ = run(capsys, "init", "--db", str(db))
    assert code == 0 and "Schema ready" in out
    con = connect(db, read_only=True)
    again = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # noqa: S608
             for t in first}
    con.close()
    assert again == first


def test_load_stores_then_says_unchanged(tmp_path: Path, extract, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "a.duckdb")
    path = extract("audits.csv", [AUDIT, {**AUDIT, "audit_id": "AUD-2"}])
    code, out, _ = run(capsys, "--db", db, "load", "audits", str(path), "--as-of", "2026-11-21")
    assert code == 0
    assert "Stored audits.csv (audits, 2 rows) as upload 1: 2 added, 0 replaced, 0 unchanged." in out
    code, out, _ = run(capsys, "--db", db, "load", "audits", str(path))
    assert code == 0
    assert "0 added, 0 replaced, 2 unchanged" in out
    assert "This file was first stored on" in out and "(upload 1); nothing changed." in out
    con = connect(db, read_only=True)
    who, boards = con.execute("SELECT uploaded_by, boards FROM uploads WHERE upload_id = 1"
                              ).fetchall()[0]
    con.close()
    # the probe: uploads through the command line recorded no user
    assert who == f"{getpass.getuser()} (command line)" and boards == [AUDIT["board"]]
    assert Path(db).stat().st_mode & 0o777 == 0o600


def test_rejected_load_prints_every_problem_and_stores_nothing(tmp_path: Path, extract,
                                                               capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "a.duckdb")
    path = extract("audits.csv", [{**AUDIT, "audit_date": "31/02/2024"},
                                  {**AUDIT, "audit_id": "AUD-2", "grade": "Fine"}])
    code, out, _ = run(capsys, "--db", db, "load", "audits", str(path))
    assert code == 1
    assert "Rejected audits.csv (audits): 2 errors, 0 warnings. Nothing was stored." in out
    assert "error: Column 'audit_date', row 2: '31/02/2024' is not a date." in out
    assert "error: Column 'grade', row 3: 'Fine' is not a recognised grade." in out
    assert "say so once: assurance map audits grade Fine=VALUE --board 'Ashbourne SCP'" in out
    con = connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM audits").fetchall() == [(0,)]
    assert con.execute("SELECT outcome, errors FROM uploads").fetchall() == [("rejected", 2)]
    con.close()


def test_dry_run_checks_and_stores_nothing(tmp_path: Path, extract, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "a.duckdb")
    path = extract("audits.csv", [AUDIT])
    code, out, _ = run(capsys, "--db", db, "load", "audits", str(path), "--dry-run")
    assert code == 0
    assert "Storing it would add 1, replace 0 and leave 0 unchanged." in out
    assert "Nothing was stored (--dry-run)." in out
    con = connect(db, read_only=True)
    assert con.execute("SELECT (SELECT count(*) FROM audits) + (SELECT count(*) FROM uploads)"
                       ).fetchall() == [(0,)]
    con.close()


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "--db", str(tmp_path / "a.duckdb"), "load", "audits",
                       str(tmp_path / "nope.csv"))
    assert code == 2 and "There is no file at" in err


@pytest.fixture
def reviews_db(tmp_path: Path, extract, capsys) -> str:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "r.duckdb")
    late = {**REVIEW, "review_id": "AS-LCS-02", "aware_date": "02/10/2023",
            "notification_date": "13/10/2023"}   # 9 working days
    adults = {**REVIEW, "review_id": "NS-SAR-1", "board": "Northfold SAB", "board_type": "adults",
              "review_type": "sar", "aware_date": "01/02/2024", "notification_date": "",
              "rapid_review_date": "", "decision_date": "01/03/2024", "report_sent_date": "",
              "completed_date": "", "publication_date": "", "status": "open",
              "themes": "self-neglect; mental capacity"}
    path = extract("reviews.csv", [REVIEW, late, adults])
    assert run(capsys, "--db", db, "load", "reviews", str(path))[0] == 0
    return db


def test_timescales_summary_as_a_table(reviews_db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", reviews_db, "timescales", "--as-of", "2024-06-30")
    assert code == 0
    assert out.splitlines()[0] == "Statutory timescales: all boards, all years; as of 30/06/2024"
    lines = out.splitlines()
    assert [x.strip() for x in lines[1:3]] == [queries.CLOCK_YEAR,    # the conventions it
                                               queries.DATE_NOT_RECORDED]  # counts by
    assert lines[3].split()[:5] == ["Timescale", "Met", "Missed", "Overdue", "Pending"]
    assert "rule" not in lines[3] and "_" not in out.split("\n", 1)[1]   # labels, not ids
    line = next(x for x in lines if x.startswith("Serious incident notified to the Panel"))
    assert line.split()[-11:] == ["1", "1", "0", "0", "50.0", "6", "working", "days",
                                  "0", "national", "rule"]          # 0: no date not recorded


def test_timescales_json_has_the_contract_fields(reviews_db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", reviews_db, "timescales", "--as-of", "2024-06-30",
                       "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["as_of"] == "2024-06-30"
    records = {r["measure"]: r for r in document["records"]}
    assert list(records) == ["notification_5wd", "rapid_review_15wd", "lcspr_publication_6m",
                             "report_to_panel_7wd", "sar_completion_6m", "dhr_decision_1m"]
    assert set(records["sar_completion_6m"]) == {
        "measure", "label", "met", "missed", "overdue", "pending", "compliance_pct",
        "median_elapsed", "origin", "not_recorded"}
    assert records["sar_completion_6m"] | {"label": ""} == {
        "measure": "sar_completion_6m", "label": "", "met": 0, "missed": 0, "overdue": 0,
        "pending": 1, "compliance_pct": None, "median_elapsed": None, "origin": "national",
        "not_recorded": 0}


def test_timescales_detail_csv_with_filters(reviews_db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", reviews_db, "timescales", "--as-of", "2024-12-31",
                       "--detail", "--format", "csv", "--board-type", "adults",
                       "--period", "2023-24")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert rows == [{
        "review_id": "NS-SAR-1", "board": "Northfold SAB", "board_type": "adults",
        "measure": "sar_completion_6m", "start_date": "2024-03-01", "end_date": "",
        "due_date": "2024-09-01", "elapsed": "305", "limit": "6", "unit": "months",
        "status": "overdue", "as_of": "2024-12-31"}]


def test_timescales_board_filter_and_bad_period(reviews_db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", reviews_db, "timescales", "--as-of", "2024-06-30",
                       "--board", "Ashbourne SCP", "--detail", "--format", "json")
    assert {r["board"] for r in json.loads(out)["records"]} == {"Ashbourne SCP"}
    with pytest.raises(SystemExit):
        main(["--db", reviews_db, "timescales", "--period", "2023-25"])
    assert "use the form 2023-24" in capsys.readouterr().err


def test_themes_outputs(reviews_db: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", reviews_db, "themes", "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["source"] == "reviews" and document["unmapped"] == 0
    records = {(r["theme"], r["board_type"]): r for r in document["records"]}
    assert records[("voice of the person", "children")] == {
        "theme": "voice of the person", "board_type": "children", "items_with_theme": 2,
        "items_total": 2, "share_pct": 100.0}
    assert records[("self-neglect", "adults")]["items_with_theme"] == 1
    assert ("self-neglect", "children") not in records     # an adults' theme
    code, out, err = run(capsys, "--db", reviews_db, "themes", "--format", "csv",
                         "--source", "audits")
    assert code == 0 and out.startswith("theme,board_type,items_with_theme,items_total,share_pct")
    assert "unmapped: 0" in err


def test_reading_a_database_that_does_not_exist(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "--db", str(tmp_path / "none.duckdb"), "timescales")
    assert code == 2 and "Run 'assurance demo'" in err


def test_console_command_uses_the_environment_variable_and_names_a_held_lock(
        tmp_path: Path) -> None:
    db = tmp_path / "env.duckdb"
    env = dict(os.environ, ASSURANCE_DB=str(db))
    done = subprocess.run([ASSURANCE, "init"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and str(db) in done.stdout
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        blocked = subprocess.run([ASSURANCE, "init"], env=env, capture_output=True, text=True,
                                 timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert blocked.returncode == 2
    assert "is in use by another program" in blocked.stderr
    assert "Could not set lock on file" in blocked.stderr
    assert duckdb.connect(str(db), read_only=True).execute("SELECT 1").fetchall() == [(1,)]
