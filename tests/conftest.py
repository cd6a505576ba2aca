"""Shared fixtures: real DuckDB files in a temporary folder, and extracts as real bytes."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from access import EVERY_BOARD
from data_models.scope import Reader
from data_models.store.file import connect, init_schema

AS_OF = dt.date(2026, 11, 21)

# The shared store's tests run in the hosted environment (DuckDB 1.5.5 with DuckLake: `make
# test-hosted`, which .ci/run calls); DuckDB 2.x cannot load DuckLake at all.
collect_ignore_glob = [] if duckdb.__version__.startswith("1.5.") else ["hosted/*"]


def everyone(con: duckdb.DuckDBPyConnection) -> Reader:
    """The operator's reader on a connection: every board, every record."""
    return Reader(con, EVERY_BOARD)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "assurance.duckdb"


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database with the schema, made once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "empty.duckdb"
    connection = connect(path)
    init_schema(connection)
    connection.execute("CHECKPOINT")
    connection.close()
    return path


@pytest.fixture
def con(db_path: Path, schema_template: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh database file with the schema."""
    shutil.copyfile(schema_template, db_path)
    connection = connect(db_path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the demo data set (seed 2026), shared read-only by tests."""
    from assurance.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    connection = connect(path)
    init_schema(connection)
    load_demo(connection, seed=2026)
    connection.close()
    return path


def csv_bytes(rows: list[dict[str, object]], *, sep: str = ",", encoding: str = "utf-8") -> bytes:
    """An extract as a spreadsheet would save it: every cell as text."""
    frame = pd.DataFrame(rows).astype(object).where(lambda f: f.notna(), "")
    return frame.to_csv(index=False, sep=sep).encode(encoding)


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from tests.dashboard.browser import launch

    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


@pytest.fixture(scope="session", autouse=True)
def served_on_loopback() -> None:
    """AppTest runs the app as `assurance serve` does: on a loopback address (the launcher's
    --server.address). Without it the app would be listening on every interface, and refuses
    to run in local mode."""
    from streamlit import config

    config.set_option("server.address", "localhost")


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    yield tab
    context.close()
