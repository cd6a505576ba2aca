"""Personal data already stored (loaded before the guard knew it): found by the same guard,
listed without its values, redacted or deleted in one transaction, and recorded."""

from __future__ import annotations

import getpass
import shutil
from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from assurance.cli import main
from ingest import act_on_stored, scan_stored

LEAKS = {"status_reason": "moved to 12 Acacia Avenue", "evidence_of_impact": "mrs jane smith"}


@pytest.fixture
def leaky_db(demo_db: Path, tmp_path: Path) -> Path:
    """The demo data with personal data slipped into two stored recommendations, as an older
    release's guard let it in."""
    path = tmp_path / "leaky.duckdb"
    shutil.copyfile(demo_db, path)
    con = duckdb.connect(str(path))
    ids = [r[0] for r in con.execute("SELECT recommendation_id FROM recommendations "
                                     "WHERE board = 'Ashbourne SCP' ORDER BY 1 LIMIT 2").fetchall()]
    for (column, text), record in zip(LEAKS.items(), ids, strict=True):
        con.execute(f'UPDATE recommendations SET "{column}" = ? '  # noqa: S608
                    "WHERE board = 'Ashbourne SCP' AND recommendation_id = ?", [text, record])
    con.close()
    return path


OPERATOR = f"{getpass.getuser()} (command line)"   # who ran it, as recorded


def test_the_synthetic_demo_data_holds_none(demo_db: Path) -> None:
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        assert scan_stored(con, EVERY_BOARD).empty
    finally:
        con.close()


def test_stored_personal_data_is_listed_without_its_values(
        leaky_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    con = duckdb.connect(str(leaky_db), read_only=True)
    found = scan_stored(con, EVERY_BOARD)
    con.close()
    assert sorted(zip(found["column"], found["kind"], strict=True)) == [
        ("evidence_of_impact", "titled_name"), ("status_reason", "address")]
    assert set(found["board"]) == {"Ashbourne SCP"}
    assert main(["--db", str(leaky_db), "privacy-scan"]) == 0
    out = capsys.readouterr().out
    assert "2 stored cells in 2 records look like personal data" in out
    assert "a street address" in out and "status_reason" in out
    assert all(text not in out and "Acacia" not in out for text in LEAKS.values())


@pytest.mark.parametrize("action", ["redact", "delete"])
def test_redacting_or_deleting_is_one_transaction_with_an_audit_record(
        leaky_db: Path, action: str, capsys: pytest.CaptureFixture[str]) -> None:
    con = duckdb.connect(str(leaky_db))
    before = con.execute("SELECT count(*) FROM recommendations").fetchall()[0][0]
    con.close()
    assert main(["--db", str(leaky_db), "privacy-scan", f"--{action}"]) == 0
    assert ("Redacted" if action == "redact" else "Deleted") + ": 2 cells in 2 records" \
        in capsys.readouterr().out
    con = duckdb.connect(str(leaky_db), read_only=True)
    try:
        assert scan_stored(con, EVERY_BOARD).empty
        after = con.execute("SELECT count(*) FROM recommendations").fetchall()[0][0]
        assert after == (before if action == "redact" else before - 2)
        stored = " ".join(str(v) for row in con.execute(
            "SELECT * FROM recommendations").fetchall() for v in row)
        assert all(text not in stored for text in LEAKS.values())
        audit = con.execute("SELECT action, data_set, board, column_name, kind, acted_by "
                            "FROM privacy_actions ORDER BY column_name").fetchall()
        done = "redacted" if action == "redact" else "deleted"
        assert audit == [
            (done, "recommendations", "Ashbourne SCP", "evidence_of_impact", "titled_name",
             OPERATOR),
            (done, "recommendations", "Ashbourne SCP", "status_reason", "address",
             OPERATOR)]
    finally:
        con.close()
    assert main(["--db", str(leaky_db), "privacy-scan"]) == 0
    assert "No stored record holds anything" in capsys.readouterr().out


def test_a_failed_action_changes_nothing(leaky_db: Path) -> None:
    con = duckdb.connect(str(leaky_db))
    try:
        found = scan_stored(con, EVERY_BOARD)
        broken = found.assign(data_set=["recommendations", "no_such_data_set"])
        with pytest.raises(KeyError):
            act_on_stored(con, "redact", broken, "lead")
        assert len(scan_stored(con, EVERY_BOARD)) == 2
        assert con.execute("SELECT count(*) FROM privacy_actions").fetchall() == [(0,)]
    finally:
        con.close()


def test_the_data_quality_page_lists_and_redacts_stored_personal_data(
        leaky_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ASSURANCE_DB", str(leaky_db))
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"),
                            default_timeout=120)
    app.switch_page("screens/data_quality/data_quality.py")
    app.run()
    assert not app.exception
    def listed() -> list[object]:
        return [d for d in app.dataframe if "Looks like" in d.value.columns]

    assert not listed()                         # the stored records are checked when asked
    app.button(key="privacy_check").click().run()
    [found] = listed()
    assert sorted(found.value["Column"]) == ["evidence_of_impact", "status_reason"]  # type: ignore[attr-defined]
    assert all(text not in found.value.to_string() for text in LEAKS.values())  # type: ignore[attr-defined]
    app.button(key="privacy_redact").click().run()
    assert not app.exception
    assert any("No stored record holds anything" in c.value.replace("\\", "")
               for c in app.caption)
    con = duckdb.connect(str(leaky_db), read_only=True)
    try:
        assert con.execute("SELECT count(*), min(acted_by) FROM privacy_actions").fetchall() == \
            [(2, "local user")]
    finally:
        con.close()
