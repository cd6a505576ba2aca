"""Storing: one transaction, keyed by board and id, repeated loads change nothing."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from data_models.records import RepeatedKeys, Upload, store_extract
from data_models.store.file import init_schema

AS_OF = dt.date(2026, 11, 21)


def _audits(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame({
        "audit_id": [r[0] for r in rows],
        "board": [r[1] for r in rows],
        "board_type": "children",
        "audit_type": "thematic",
        "agency": "Police",
        "audit_date": pd.to_datetime(["2024-06-14"] * len(rows)).astype("datetime64[s]"),
        "grade": [r[2] for r in rows],
        "themes": "neglect; voice of the child",
    })


def _upload(sha: str, rows: int) -> Upload:
    return Upload("audits", "audits.csv", sha, rows, AS_OF)


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()  # noqa: S608
        for table in ("audits", "theme_mentions", "uploads", "upload_problems")
    }


def test_new_records_are_added_with_their_theme_mentions(con: duckdb.DuckDBPyConnection) -> None:
    stored = store_extract(con, _upload("a", 2), _audits(("A1", "X", "good"), ("A2", "X", "good")))
    assert (stored.changes.added, stored.changes.replaced, stored.changes.unchanged) == (2, 0, 0)
    assert con.execute("SELECT count(*) FROM audits").fetchall() == [(2,)]
    assert con.execute(
        "SELECT item_id, theme FROM item_themes ORDER BY ALL").fetchall() == [
        ("A1", "neglect"), ("A1", "voice of the person"), ("A2", "neglect"),
        ("A2", "voice of the person")]


def test_a_newer_extract_replaces_what_it_contains_and_leaves_the_rest(
        con: duckdb.DuckDBPyConnection) -> None:
    store_extract(con, _upload("a", 2), _audits(("A1", "X", "good"), ("A2", "X", "good")))
    newer = _audits(("A2", "X", "inadequate"), ("A3", "X", "good"))
    newer.loc[0, "themes"] = "domestic abuse"
    stored = store_extract(con, _upload("b", 2), newer)
    assert (stored.changes.added, stored.changes.replaced, stored.changes.unchanged) == (1, 1, 0)
    assert con.execute("SELECT audit_id, grade, upload_id FROM audits ORDER BY 1").fetchall() == [
        ("A1", "good", 1), ("A2", "inadequate", 2), ("A3", "good", 2)]
    assert con.execute(
        "SELECT theme FROM item_themes WHERE item_id = 'A2'").fetchall() == [("domestic abuse",)]


def test_the_same_records_again_change_nothing_and_say_when_first_stored(
        con: duckdb.DuckDBPyConnection) -> None:
    frame = _audits(("A1", "X", "good"))
    first = store_extract(con, _upload("same", 1), frame)
    before = con.execute("SELECT * FROM audits").fetchall()
    again = store_extract(con, _upload("same", 1), frame)
    assert (again.changes.added, again.changes.replaced, again.changes.unchanged) == (0, 0, 1)
    assert again.first_stored is not None and again.first_stored[0] == first.upload_id
    assert con.execute("SELECT * FROM audits").fetchall() == before
    assert con.execute("SELECT outcome FROM uploads ORDER BY upload_id").fetchall() == [
        ("stored",), ("unchanged",)]


def test_same_id_on_different_boards_are_different_records(
        con: duckdb.DuckDBPyConnection) -> None:
    store_extract(con, _upload("a", 2), _audits(("A1", "X", "good"), ("A1", "Y", "inadequate")))
    assert con.execute("SELECT board, grade FROM audits ORDER BY 1").fetchall() == [
        ("X", "good"), ("Y", "inadequate")]


def test_a_store_that_fails_part_way_leaves_the_database_exactly_as_before(
        con: duckdb.DuckDBPyConnection) -> None:
    store_extract(con, _upload("a", 1), _audits(("A1", "X", "good")))
    before = _snapshot(con)

    def fails(con: duckdb.DuckDBPyConnection, upload_id: int) -> None:
        raise OSError("No space left on device")   # after the upload record is written

    with pytest.raises(OSError, match="No space"):
        store_extract(con, _upload("b", 2),
                      _audits(("A1", "X", "inadequate"), ("A9", "X", "good")), also=fails)
    assert _snapshot(con) == before


def test_two_records_with_one_key_are_refused_and_nothing_is_stored(
        con: duckdb.DuckDBPyConnection) -> None:
    """The checks refuse such an extract; the store refuses it too, as the tables keep no
    index of their own."""
    store_extract(con, _upload("a", 1), _audits(("A1", "X", "good")))
    before = _snapshot(con)
    clash = _audits(("A1", "X", "inadequate"), ("A9", "X", "good"), ("A9", "X", "good"))
    clash.loc[2, "grade"] = "outstanding"
    with pytest.raises(RepeatedKeys, match="1 record"):
        store_extract(con, _upload("b", 3), clash)
    assert _snapshot(con) == before


def test_a_value_that_becomes_missing_or_returns_is_a_change(
        con: duckdb.DuckDBPyConnection) -> None:
    store_extract(con, _upload("a", 2), _audits(("A1", "X", "good"), ("A2", "X", "good")))
    blanked = _audits(("A1", "X", "good"), ("A2", "X", "good"))
    blanked.loc[1, "themes"] = None
    stored = store_extract(con, _upload("b", 2), blanked)
    assert (stored.changes.added, stored.changes.replaced, stored.changes.unchanged) == (0, 1, 1)
    assert con.execute("SELECT count(*) FROM theme_mentions WHERE item_id = 'A2'").fetchall() == [
        (0,)]
    again = store_extract(con, _upload("c", 2), blanked)
    assert (again.changes.added, again.changes.replaced, again.changes.unchanged) == (0, 0, 2)
    restored = store_extract(con, _upload("d", 2), _audits(("A1", "X", "good"),
                                                           ("A2", "X", "good")))
    assert (restored.changes.replaced, restored.changes.unchanged) == (1, 1)
    assert con.execute("SELECT count(*) FROM theme_mentions WHERE item_id = 'A2'").fetchall() == [
        (2,)]


def test_a_database_from_before_schema_8_loses_its_content_hashes_and_keeps_its_records(
        con: duckdb.DuckDBPyConnection) -> None:
    frame = _audits(("A1", "X", "good"), ("A2", "X", "inadequate"))
    store_extract(con, _upload("a", 2), frame)
    con.execute("ALTER TABLE audits ADD COLUMN content_hash VARCHAR DEFAULT 'from schema 7'")
    # a schema-7 file has no column a later migration adds (migration 21: the RAG rating)
    con.execute("ALTER TABLE recommendations DROP COLUMN rating")
    con.execute("DELETE FROM schema_version")           # as a schema-7 file records itself
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (7, now())")
    records = con.execute("SELECT * EXCLUDE (content_hash) FROM audits ORDER BY ALL").fetchall()
    init_schema(con)
    assert "content_hash" not in {
        row[0] for row in con.execute("DESCRIBE audits").fetchall()}
    assert con.execute("SELECT * FROM audits ORDER BY ALL").fetchall() == records
    again = store_extract(con, _upload("a", 2), frame)
    assert (again.changes.added, again.changes.replaced, again.changes.unchanged) == (0, 0, 2)
