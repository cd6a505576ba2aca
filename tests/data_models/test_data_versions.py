"""What the pages' caches are keyed on: the data a reader may see, not the file. An export's log
entry or another board's upload leaves a reader's key as it was; a change to their own board's
data, or to what every board's pages read, moves it. And no module writes data without saying
so."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from access import EVERY_BOARD
from data_models.filters import Filters
from data_models.records import Upload, record_rejected, store_extract
from data_models.store.stores import FileStore, open_store
from data_models.store.versions import renewed
from publishing.tables import log_export

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 21)
MINE, OTHER = ("Ashbourne SCP",), ("Kestrel Bay SCP",)


def _audits(board: str, audit_id: str, grade: str = "good") -> pd.DataFrame:
    return pd.DataFrame({
        "audit_id": [audit_id], "board": [board], "board_type": ["children"],
        "audit_type": ["thematic"], "agency": ["Police"],
        "audit_date": pd.to_datetime(["2024-06-14"]).astype("datetime64[s]"),
        "grade": [grade], "themes": ["neglect"]})


def _store(store: FileStore, board: str, audit_id: str, grade: str = "good") -> None:
    with store.cursor() as con:
        store_extract(con, Upload("audits", "audits.csv", f"{board}{audit_id}{grade}", 1, AS_OF,
                                  boards=(board,)), _audits(board, audit_id, grade))


@pytest.fixture
def store(db_path: Path, schema_template: Path) -> FileStore:
    shutil.copyfile(schema_template, db_path)
    opened = open_store(db_path)
    assert isinstance(opened, FileStore)
    _store(opened, MINE[0], "A1")
    _store(opened, OTHER[0], "K1")
    return opened


def test_an_export_log_entry_leaves_every_readers_key_as_it_was(store: FileStore) -> None:
    before = {boards: store.page_version(boards) for boards in (MINE, OTHER, None)}
    data = store.data_version()
    with store.cursor() as con:
        log_export(con, what="tables", fmt="csv", f=Filters(as_of=AS_OF), scope=EVERY_BOARD,
                   threshold=5, destination="tables.zip", exported_by="someone")
    assert store.data_version() != data                  # the file changed ...
    assert {boards: store.page_version(boards) for boards in before} == before   # ... no page's data


def test_an_upload_moves_the_key_of_readers_of_its_board_and_no_one_elses(
        store: FileStore) -> None:
    mine, other, everyone = (store.page_version(b) for b in (MINE, OTHER, None))
    _store(store, OTHER[0], "K1", grade="inadequate")
    assert store.page_version(MINE) == mine
    assert store.page_version(OTHER) != other
    assert store.page_version(None) != everyone
    # the same file again changes no record, but its upload is recorded (Data quality shows it)
    other = store.page_version(OTHER)
    _store(store, OTHER[0], "K1", grade="inadequate")
    assert store.page_version(OTHER) != other
    assert store.page_version(MINE) == mine


def test_a_rejected_upload_moves_its_boards_key_or_when_they_are_not_known_everyones(
        store: FileStore) -> None:
    mine, other = store.page_version(MINE), store.page_version(OTHER)
    with store.cursor() as con:
        record_rejected(con, Upload("audits", "bad.csv", "x1", 3, AS_OF, boards=OTHER), [])
    assert (store.page_version(MINE), store.page_version(OTHER) != other) == (mine, True)
    with store.cursor() as con:
        record_rejected(con, Upload("audits", "unreadable.csv", "x2", 0, AS_OF), [])
    assert store.page_version(MINE) != mine


def test_a_change_every_board_reads_moves_every_readers_key(store: FileStore,
                                                            tmp_path: Path) -> None:
    from data_models.local_rules import import_local_rules

    before = {boards: store.page_version(boards) for boards in (MINE, OTHER, None)}
    rules = tmp_path / "rules.toml"
    rules.write_text('[[alias]]\ntext = "case notes passed on"\ntheme = "information sharing"\n',
                     encoding="utf-8")
    with store.cursor() as con:
        import_local_rules(con, rules, board=MINE[0])
    after = {boards: store.page_version(boards) for boards in before}
    assert all(after[boards] != before[boards] for boards in before)


def test_a_failed_store_moves_no_key(store: FileStore) -> None:
    before = store.page_version(MINE)
    frame = pd.concat([_audits(MINE[0], "A2"), _audits(MINE[0], "A2")])   # a repeated key
    with store.cursor() as con, pytest.raises(ValueError, match="repeat"):
        store_extract(con, Upload("audits", "twice.csv", "t", 2, AS_OF, boards=MINE), frame)
    assert store.page_version(MINE) == before


# Writing statements in the product's code (not its migrations, which `assurance init` runs and
# which then says every page changed).
_WRITES = re.compile(r"\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\{?\w+\}?\s+(AS\s+\w+\s+)?SET|"
                     r"TRUNCATE|CREATE\s+OR\s+REPLACE\s+TABLE|ALTER\s+TABLE)\b", re.IGNORECASE)
# What may be written without moving a page's key, and why.
_NOT_READ_BY_PAGES = {
    "data_models/store/versions.py": "the tokens themselves",
    "data_models/store/ids.py": "the shared store's id counters: numbers, not data",
    "publishing/tables.py": "the export log, which no page reads",
    "ingest/store.py": "an upload's corrections, inside store_extract's transaction (it says so)",
    "data_models/stored_figures.py": "the clocks kept, rewritten inside the transaction of the "
                                     "change they follow, whose writer says so",
}
PACKAGES = ("access", "assurance", "dashboard", "data_models", "expectations", "ingest",
            "loaders", "publishing")


def test_every_module_that_writes_data_says_so_in_the_same_transaction() -> None:
    silent = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            if _WRITES.search(text) and name not in _NOT_READ_BY_PAGES \
                    and not re.search(r"\b(changed|renewed)\(con\b", text):
                silent.append(name)
    assert silent == [], ("these write to the store without `changed(con, ...)` (or `renewed`) "
                          "(data_models.store.versions), so a page could show figures from "
                          f"before the change: {silent}")


def test_tokens_are_only_added_and_an_upgrade_renews_them_all(store: FileStore) -> None:
    def rows() -> list[tuple[str | None, str]]:
        with store.cursor() as con:
            return con.execute("SELECT board, token FROM data_versions").fetchall()

    before = rows()
    _store(store, OTHER[0], "K2")
    # nothing replaced: two writers on the shared store adding theirs at once never meet
    assert set(before) < set(rows())
    keys = {boards: store.page_version(boards) for boards in (MINE, OTHER, None)}
    with store.cursor() as con:
        con.execute("BEGIN TRANSACTION")
        renewed(con)
        con.execute("COMMIT")
    renewed_rows = rows()
    assert sorted(board or "" for board, _ in renewed_rows) == ["", MINE[0], OTHER[0]]
    assert not set(renewed_rows) & set(before)
    assert all(store.page_version(boards) != key for boards, key in keys.items())
