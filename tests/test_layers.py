"""Data flows one way: no layer imports a later one. The dashboard never imports the command
line; nothing below the dashboard imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ("data_models", "loaders", "expectations", "ingest", "publishing")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _files("dashboard"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_dashboard_does_not_import_the_command_line(path: Path) -> None:
    assert not {n for n in _imports(path) if n == "assurance" or n.startswith("assurance.")}


@pytest.mark.parametrize("path", [p for package in CORE for p in _files(package)],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_no_streamlit_dashboard_or_command_line(path: Path) -> None:
    bad = {n for n in _imports(path)
           if n.split(".")[0] in ("streamlit", "dashboard", "assurance")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
