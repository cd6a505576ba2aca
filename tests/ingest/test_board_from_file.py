"""The board a file with no board column is most likely for, read from its own words (the
title row above its header, its file name, the review references the store already holds for
one board), to preselect on the Upload page; none when nothing names one board, or when the
board named is not the person's to upload for."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from data_models.scope import Scope
from data_models.store.file import connect
from ingest import check_extract
from tests.conftest import AS_OF

MONTH1 = (Path(__file__).resolve().parents[1] / "fixtures" / "extracts"
          / "own_tracker_month1.csv").read_bytes()
UNTITLED = MONTH1.split(b"\r\n", 1)[1]          # the same tracker without its title row


@pytest.fixture
def demo(demo_db: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    con = connect(copy)
    yield con
    con.close()


def _likely(con: duckdb.DuckDBPyConnection, data: bytes, name: str,
            scope: Scope = EVERY_BOARD) -> str | None:
    checked = check_extract(con, "recommendations", data, name, AS_OF, scope=scope)
    assert [p.rule for p in checked.problems] == ["no_board"]
    return checked.one_board.likely


def test_the_title_row_names_the_board(demo: duckdb.DuckDBPyConnection) -> None:
    """'Kestrel Bay SCP – recommendations tracker' is Kestrel Bay SCP's, not the first board
    of the list (Ashbourne SAB), nor Kestrel Bay SAB."""
    assert _likely(demo, MONTH1, "tracker.csv") == "Kestrel Bay SCP"


def test_the_file_name_names_the_board(demo: duckdb.DuckDBPyConnection) -> None:
    assert _likely(demo, UNTITLED, "Millbrook SCP recommendations March.csv") == "Millbrook SCP"
    assert _likely(demo, UNTITLED, "millbrook_tracker.csv") == "Millbrook SCP"   # its place


def test_review_references_held_for_one_board_name_it(
        demo: duckdb.DuckDBPyConnection) -> None:
    held = demo.execute("SELECT review_id FROM reviews WHERE board = 'Northfold SAB' "
                        "ORDER BY review_id LIMIT 1").fetchall()[0][0]
    data = UNTITLED.replace(b"KB-LCSPR-2024-01", held.encode())
    assert _likely(demo, data, "tracker.csv") == "Northfold SAB"


def test_nothing_naming_one_board_preselects_none(demo: duckdb.DuckDBPyConnection) -> None:
    # 'Kestrel Bay' is the place of two boards (the SCP and the SAB): no guess between them
    assert _likely(demo, UNTITLED, "Kestrel Bay tracker.csv") is None
    assert _likely(demo, UNTITLED, "tracker.csv") is None


def test_a_board_the_person_does_not_upload_for_is_never_named(
        demo: duckdb.DuckDBPyConnection) -> None:
    assert _likely(demo, MONTH1, "tracker.csv",
                   Scope(("Ashbourne SCP",), True, "uploader")) is None


def test_the_command_line_says_which_board_its_words_name(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assurance.cli import main

    copy = tmp_path / "cli.duckdb"
    shutil.copyfile(demo_db, copy)
    tracker = tmp_path / "tracker.csv"
    tracker.write_bytes(MONTH1)
    assert main(["--db", str(copy), "load", "recommendations", str(tracker), "--dry-run"]) == 1
    assert "Its own words name Kestrel Bay SCP: load it with --board 'Kestrel Bay SCP'" \
        in capsys.readouterr().out
