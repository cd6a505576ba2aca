"""A board's own rules and aliases live in the database: imported, checked, measured beside the
national rules with their origin, and never applied to another board."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assurance.cli import main
from data_models.store.file import connect

AS_OF = "2026-11-21"
RULE = """
[[rule]]
id = "rapid_review_meeting_13wd"
label = "Rapid review meeting within 13 working days of notification"
board_type = "children"
review_types = ["rapid_review", "lcspr"]
start = "notification_date"
end = ["rapid_review_date"]
limit = 13
unit = "working_days"
comparison = "at_most"
force = "local target"
source = "Learning from practice framework"
"""
ALIAS = """
[[alias]]
theme = "domestic abuse"
text = "bereavement"
"""


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "rules.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


def _file(tmp_path: Path, text: str, name: str = "local.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _summary(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["--db", str(db), "timescales", "--as-of", AS_OF, *args, "--format", "json"]) == 0
    return {r["measure"]: r for r in json.loads(capsys.readouterr().out)["records"]}


def test_a_local_rule_is_measured_beside_the_national_ones(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "rules", "import", str(_file(tmp_path, RULE))]) == 0
    assert "1 rule (rapid_review_meeting_13wd)" in capsys.readouterr().out
    measured = _summary(capsys, db)
    local = measured["rapid_review_meeting_13wd"]
    assert local["origin"] == "local.toml" and measured["notification_5wd"]["origin"] == "national"
    assert local["met"] + local["missed"] + local["overdue"] > 0
    assert main(["--db", str(db), "init"]) == 0                   # a build keeps local rules
    assert "rapid_review_meeting_13wd" in _summary(capsys, db)
    assert main(["--db", str(db), "rules", "list"]) == 0
    assert "rapid_review_meeting_13wd" in capsys.readouterr().out


def test_importing_a_file_again_replaces_what_it_stored(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, RULE)
    assert main(["--db", str(db), "rules", "import", str(path)]) == 0
    path.write_text(RULE.replace("limit = 13", "limit = 12"), encoding="utf-8")
    assert main(["--db", str(db), "rules", "import", str(path)]) == 0
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT \"limit\" FROM timescale_rules WHERE origin = 'local.toml'"
                           ).fetchall() == [(12,)]
    finally:
        con.close()


def test_a_rule_for_one_board_measures_only_that_boards_reviews(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "rules", "import", str(_file(tmp_path, RULE)), "--board",
                 "Millbrook SCP"]) == 0
    assert _summary(capsys, db, "--board", "Millbrook SCP")["rapid_review_meeting_13wd"]["met"] > 0
    other = _summary(capsys, db, "--board", "Kestrel Bay SCP")
    assert "rapid_review_meeting_13wd" not in other


def test_a_boards_alias_maps_only_that_boards_mentions(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def mapped(board: str) -> int:
        con = connect(db, read_only=True)
        try:
            return int(con.execute("SELECT count(*) FROM item_themes WHERE mention = 'bereavement' "
                                   "AND theme IS NOT NULL AND board = ?", [board]).fetchall()[0][0])
        finally:
            con.close()

    assert mapped("Millbrook SCP") == 0 and mapped("Kestrel Bay SCP") == 0
    assert main(["--db", str(db), "rules", "import", str(_file(tmp_path, ALIAS)), "--board",
                 "Millbrook SCP"]) == 0
    assert mapped("Millbrook SCP") > 0
    assert mapped("Kestrel Bay SCP") == 0


@pytest.mark.parametrize(("text", "says"), [
    (RULE.replace('id = "rapid_review_meeting_13wd"', 'id = "notification_5wd"'),
     "local.toml: rule 1 (notification_5wd): key 'id': 'notification_5wd' is already a national "
     "rule"),
    (RULE.replace("limit = 13", "limit = 13\ncolour = \"red\""),
     "local.toml: rule 1 (rapid_review_meeting_13wd): unknown key 'colour'."),
    (RULE.replace('unit = "working_days"', 'unit = "weeks"'),
     "local.toml: rule 1 (rapid_review_meeting_13wd): key 'unit' 'weeks'"),
    (RULE.replace('start = "notification_date"', 'start = "referral_date"'),
     "local.toml: rule 1 (rapid_review_meeting_13wd): key 'start' 'referral_date'"),
    (ALIAS.replace("domestic abuse", "housing need"),
     "local.toml: alias 1 (bereavement): key 'theme': 'housing need' is not a theme"),
    ("[[rule]\nid = 1", "local.toml: not valid TOML"),
])
def test_a_broken_file_exits_2_with_one_line_and_stores_nothing(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
        says: str) -> None:
    assert main(["--db", str(db), "rules", "import", str(_file(tmp_path, text))]) == 2
    error = capsys.readouterr().err
    assert says in error
    assert error.count("\n") == 1 and "Traceback" not in error
    con = connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM timescale_rules WHERE origin <> 'national'"
                           ).fetchall() == [(0,)]
    finally:
        con.close()


def test_a_broken_national_rules_file_exits_2_naming_file_rule_and_key(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from data_models.rules import RULES_FILE

    broken = _file(tmp_path, RULES_FILE.read_text().replace("limit = 15", "limt = 15", 1),
                   "timescale_rules.toml")
    monkeypatch.setenv("ASSURANCE_RULES_FILE", str(broken))
    assert main(["--db", str(db), "init"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("assurance: timescale_rules.toml: rule 2 (rapid_review_15wd): "
                            "unknown key 'limt'.")
    assert error.count("\n") == 1
