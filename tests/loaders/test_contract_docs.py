"""The quality leads' page of column contracts documents the contracts the loaders really apply."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from ingest import check_extract
from loaders.contract_docs import all_contracts_markdown, contract_markdown
from loaders.contracts import CONTRACTS
from tests.conftest import AS_OF

CONTRACTS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "quality-leads" / "contracts.md"


def test_the_contracts_page_carries_the_contracts_as_the_code_has_them() -> None:
    assert all_contracts_markdown() in CONTRACTS_PAGE.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(CONTRACTS))
def test_each_documented_example_row_loads_without_errors(con: duckdb.DuckDBPyConnection,
                                                          kind: str) -> None:
    block = contract_markdown(CONTRACTS[kind]).split("```csv\n")[1].split("\n```")[0]
    checked = check_extract(con, kind, (block + "\n").encode(), f"{kind}.csv", AS_OF, scope=EVERY_BOARD)
    assert checked.errors == []
    assert checked.rows == 1
