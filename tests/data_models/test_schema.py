"""Upgrades: numbered migrations applied once, views and macros rebuilt from their files, a
backup before migrating, and a file from a newer release refused untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from assurance.cli import main
from data_models import schema
from data_models.calendar import add_working_days
from data_models.labels import share
from data_models.store.file import connect, init_schema, schema_state

RELEASE_12 = Path(__file__).resolve().parents[1] / "fixtures" / "release_v12"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def release_12(tmp_path: Path) -> Path:
    """A copy of a database written by release schema 12, the last before numbered migrations."""
    path = tmp_path / "assurance.duckdb"
    shutil.copyfile(RELEASE_12 / "assurance.duckdb", path)
    return path


def _json(capsys: pytest.CaptureFixture[str], db: Path, args: list[str]) -> dict[str, object]:
    assert main(["--db", str(db), *args]) == 0
    return json.loads(capsys.readouterr().out)


def _same_figures(old: object, new: object, where: str) -> None:
    """Every figure the old release printed is printed again; new fields may be added."""
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        for key, value in old.items():
            if key == "elapsed" and "elapsed" not in new and new.get("status") == "overdue":
                continue                 # a clock whose end date is not recorded (above)
            assert key in new, f"{where}.{key} is gone"
            _same_figures(value, new[key], f"{where}.{key}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), where
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _same_figures(a, b, f"{where}[{i}]")
    else:
        assert old == new, f"{where}: {old!r} became {new!r}"


def _no_report_sent(row: dict[str, object]) -> bool:
    return row["measure"] == "report_to_panel_7wd" and row["status"] == "not_applicable" \
        and row["start_date"] is None


def _as_release_12_counted(output: object, detail: list[dict[str, object]] | None = None
                           ) -> object:
    """The figures this release counts differently, by design, put back as release 12
    counted them, so that every other figure is held unchanged: a clock whose end date is not
    recorded though a later step is ('not_recorded', issue 3 of the ingest work) was overdue,
    in the clocks counted, and its time taken ran to the as-of date; a report to the Panel with
    no date it was sent (not applicable now: a date not recorded is never missed) was pending,
    or missed once published, due 7 working days before publication. `detail` is the same
    run's clocks, which say how many of those a summary holds. Nothing else is translated."""
    if not isinstance(output, dict) or not isinstance(output.get("records"), list):
        return output
    unsent = [r for r in detail or [] if _no_report_sent(r)]
    records = []
    for row in output["records"]:
        row = dict(row)
        gap = row.pop("not_recorded", 0) or 0
        if gap:
            row["overdue"] += gap
        missed = 0
        if row.get("measure") == "report_to_panel_7wd" and "pending" in row:
            row["pending"] += sum(1 for r in unsent if r["end_date"] is None)
            missed = sum(1 for r in unsent if r["end_date"] is not None)
            row["missed"] += missed
        if gap or missed:
            row["compliance_pct"] = share(row["met"], row["met"] + row["missed"] + row["overdue"])
        if row.get("status") == "not_recorded":
            row["status"] = "overdue"
            row.pop("elapsed")           # to the as-of date then; unknown, so none, now
        if "status" in row and _no_report_sent(row):
            published = row["end_date"]
            row["status"] = "missed" if published else "pending"
            row["due_date"] = add_working_days(dt.date.fromisoformat(str(published)), -7) \
                .isoformat() if published else None
        records.append(row)
    return {**output, "records": records}


def test_a_release_12_file_upgrades_with_a_backup_and_every_figure_unchanged(
        release_12: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The theme vocabulary its figures were made with: themes added since (homelessness,
    # housing) count text that was unmapped then, by design; test_theme_matching holds them.
    monkeypatch.setenv("ASSURANCE_THEMES_FILE",
                       str(RELEASE_12.parent / "themes_before_homelessness.toml"))
    before = _digest(release_12)
    assert main(["--db", str(release_12), "timescales"]) == 2     # not current: says run init
    assert "Run 'assurance init'" in capsys.readouterr().err
    assert _digest(release_12) == before                         # and changed nothing

    assert main(["--db", str(release_12), "init"]) == 0
    said = capsys.readouterr().out
    backups = list(release_12.parent.glob("assurance.schema-12.*.duckdb"))
    assert len(backups) == 1 and str(backups[0]) in said
    assert _digest(backups[0]) == before                         # the file as it was
    # the records of every board: the file and its backup are their owner's only
    assert release_12.stat().st_mode & 0o777 == 0o600
    assert backups[0].stat().st_mode & 0o777 == 0o600

    expected = json.loads((RELEASE_12 / "cli_figures.json").read_text())
    for name, run in expected.items():
        args = run["args"]
        detail = (_json(capsys, release_12, [*args, "--detail"])["records"]
                  if args[0] == "timescales" and "--detail" not in args else None)
        _same_figures(run["output"], _as_release_12_counted(_json(capsys, release_12, args),
                                                            detail), name)

    con = connect(release_12, read_only=True)
    try:
        versions = con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert [v for (v,) in versions] == sorted({12, *(m.version for m in schema.migrations())})
        assert schema_state(con).current
        assert con.execute("SELECT count(*) FROM reviews").fetchall()[0][0] == 363
    finally:
        con.close()

    assert main(["--db", str(release_12), "init"]) == 0          # again: nothing to do
    assert "Backed up" not in capsys.readouterr().out
    assert len(list(release_12.parent.glob("*.schema-*.duckdb"))) == 1


def test_each_migration_is_applied_once_and_recorded_by_number_and_name(
        con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in schema.migrations()]
    assert init_schema(con).applied == []
    assert con.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == len(rows)


def test_a_file_from_a_newer_release_is_refused_and_left_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "newer.duckdb"
    con = connect(path)
    init_schema(con)
    con.execute("INSERT INTO schema_version (version, applied_at, name) "
                "VALUES (?, now(), 'from the future')", [schema.LATEST + 1])
    con.execute("CHECKPOINT")
    con.close()
    before = _digest(path)
    for args in (["init"], ["timescales"], ["themes"], ["load", "reviews", str(path)]):
        assert main(["--db", str(path), *args]) == 2, args
        error = capsys.readouterr().err
        assert f"schema {schema.LATEST + 1}" in error and "newer release" in error
        assert "Traceback" not in error
    assert _digest(path) == before
    assert list(tmp_path.iterdir()) == [path]                    # no backup, no WAL


def test_an_older_build_does_not_roll_back_a_newer_builds_views(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Same migrations, other views: the file was rebuilt by a later build after this one."""
    path = tmp_path / "rebuilt.duckdb"
    con = connect(path)
    init_schema(con)
    con.execute("INSERT INTO schema_builds VALUES ('a later build', ?, now() + INTERVAL 1 SECOND)",
                [schema.LATEST])
    con.execute("CHECKPOINT")
    con.close()
    before = _digest(path)
    assert main(["--db", str(path), "init"]) == 2
    assert "newer release" in capsys.readouterr().err
    assert _digest(path) == before


@pytest.fixture
def sql_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This release's SQL folder, copied so a test can change a file as a later release would."""
    folder = tmp_path / "sql"
    shutil.copytree(schema.SQL_DIR, folder)
    monkeypatch.setattr(schema, "SQL_DIR", folder)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", folder / "migrations")
    return folder


def test_a_changed_macro_reaches_an_existing_file_with_no_number_bumped(
        sql_copy: Path, con: duckdb.DuckDBPyConnection) -> None:
    assert schema_state(con).current
    macro = sql_copy / "macros" / "financial_year.sql"
    macro.write_text(macro.read_text().replace("' Q' ||", "' quarter ' ||"))
    state = schema_state(con)
    assert not state.current and not state.newer and state.applied == schema.LATEST
    assert init_schema(con).rebuilt
    assert con.execute("SELECT financial_quarter(DATE '2024-10-01')").fetchall()[0][0] == \
        "2024-25 quarter 3"
    assert schema_state(con).current


def test_a_view_no_release_defines_any_more_is_dropped(con: duckdb.DuckDBPyConnection) -> None:
    # the old release's view of every board's uploads, which read no person's scope
    con.execute("CREATE OR REPLACE VIEW upload_pass_rates AS SELECT kind FROM uploads")
    init_schema(con)
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM upload_pass_rates")


def test_a_new_migration_is_applied_after_a_backup(
        sql_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "older.duckdb"
    con = connect(path)
    init_schema(con)
    con.execute("INSERT INTO exports (exported_at, what, format, filters, threshold, destination) "
                "VALUES (now(), 'pack', 'html', '{}', 5, 'x.html')")
    con.close()
    later = schema.LATEST + 1
    (sql_copy / "migrations" / f"{later:04d}_exports_note.sql").write_text(
        "ALTER TABLE exports ADD COLUMN note VARCHAR;\n")
    monkeypatch.setattr(schema, "LATEST", later)
    report = schema.upgrade_file(path, connect)
    assert [m.version for m in report.applied] == [later]
    assert report.backup is not None and f"schema-{later - 1}" in report.backup.name
    con = connect(path)
    try:
        assert con.execute("SELECT count(*), count(note) FROM exports").fetchall() == [(1, 0)]
    finally:
        con.close()


def test_views_and_macros_are_applied_after_everything_they_name() -> None:
    order = schema.build_order()
    seen: set[str] = set()
    for f in order:
        assert f.references <= seen, f"{f.path.name} comes before {sorted(f.references - seen)}"
        seen |= set(f.defines)
    assert {f.layer for f in order} == set(schema.LAYERS)


def test_sql_files_that_name_each_other_in_a_circle_are_refused(sql_copy: Path) -> None:
    (sql_copy / "core" / "a_loop.sql").write_text(
        "CREATE OR REPLACE VIEW a_loop AS SELECT * FROM b_loop;\n")
    (sql_copy / "core" / "b_loop.sql").write_text(
        "CREATE OR REPLACE VIEW b_loop AS SELECT * FROM a_loop;\n")
    with pytest.raises(schema.SchemaError, match="circle"):
        schema.build_order()


def test_migration_22_makes_one_spelling_of_each_agency_per_board(
        con: duckdb.DuckDBPyConnection) -> None:
    """Names equal but for case, punctuation and 'the' become the spelling most of the board's
    records use; another board's names, and every other value, are left alone."""
    rows = [("KB", "R1", "Health visiting"), ("KB", "R2", "Health Visiting"),
            ("KB", "R3", "health visiting"), ("KB", "R4", "The partnership"),
            ("KB", "R5", "Partnership"), ("KB", "R6", "Partnership"),
            ("MB", "R1", "Health Visiting")]
    for board, rec, owner in rows:
        con.execute("INSERT INTO recommendations (board, recommendation_id, board_type, "
                    "recommendation, owner, status, upload_id) VALUES (?, ?, 'children', "
                    "'Act', ?, 'in_progress', 1)", [board, rec, owner])
    con.execute("INSERT INTO audits (board, audit_id, board_type, audit_type, agency, "
                "audit_date, grade, upload_id) VALUES ('KB', 'A1', 'children', 'multi_agency', "
                "'Health visiting', DATE '2024-06-01', 'good', 1)")
    con.execute((schema.MIGRATIONS_DIR / "0022_one_spelling_per_agency.sql").read_text())
    held = con.execute("SELECT board, owner, count(*) FROM recommendations GROUP BY ALL "
                       "ORDER BY ALL").fetchall()
    assert held == [("KB", "Health visiting", 3), ("KB", "Partnership", 3),
                    ("MB", "Health Visiting", 1)]
