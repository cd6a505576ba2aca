"""The shared store's setting: checked before anything is opened, each doubt refused in one
line; and an environment whose DuckDB cannot load DuckLake says so, never falling back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from data_models.schema import migrations
from data_models.store.lake import StoreError, for_lake, lake_setting

STORE = "ducklake:postgres:dbname=assurance host=127.0.0.1 port=5432 user=assurance"


def test_unset_is_the_embedded_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSURANCE_STORE", raising=False)
    monkeypatch.delenv("ASSURANCE_DATA_PATH", raising=False)
    assert lake_setting() is None


def test_a_setting_in_order(tmp_path: Path) -> None:
    setting = lake_setting(STORE, str(tmp_path))
    assert setting is not None and setting.catalog == STORE
    assert setting.data_path == str(tmp_path) + "/"


@pytest.mark.parametrize(("store", "path", "says"), [
    ("postgres:dbname=x", "/tmp/d", "must be DuckLake's connection string"),
    (STORE + " password=secret", "/tmp/d", "holds a password"),
    ("ducklake:postgres:host=h", "/tmp/d", "names no database"),
    ("ducklake:postgres:dbname=x port=eighty", "/tmp/d", "is not a port"),
    ("ducklake:postgres:dbname=x options=-c", "/tmp/d", "is not a setting this product uses"),
    (STORE, "", "ASSURANCE_DATA_PATH (--data-path) is not"),
    ("", "/tmp/d", "ASSURANCE_STORE (--store) is not"),
])
def test_a_setting_in_doubt_is_refused(monkeypatch: pytest.MonkeyPatch, store: str, path: str,
                                       says: str) -> None:
    monkeypatch.delenv("ASSURANCE_STORE", raising=False)
    monkeypatch.delenv("ASSURANCE_DATA_PATH", raising=False)
    with pytest.raises(StoreError, match=re.escape(says)) as refused:
        lake_setting(store, path)
    assert "secret" not in str(refused.value) and "\n" not in str(refused.value)


def test_the_migrations_for_the_lake_keep_no_keys_or_sequences() -> None:
    for migration in migrations():
        text = for_lake(migration.sql()).upper()
        assert "PRIMARY KEY" not in text and "SEQUENCE" not in text and "NEXTVAL" not in text
        assert "UNIQUE (" not in text


def test_duckdb_2_refuses_the_shared_store_in_one_line(tmp_path: Path) -> None:
    import duckdb

    if not duckdb.__version__.startswith("2."):
        pytest.skip("this environment is the hosted one")
    done = subprocess.run([str(Path(sys.executable).with_name("assurance")), "--store", STORE,
                           "--data-path", str(tmp_path), "timescales"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("assurance: The shared store needs DuckDB 1.5.5 with its "
                                  "DuckLake extension; this environment has DuckDB 2.")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
