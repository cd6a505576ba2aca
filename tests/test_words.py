"""The product's own words: a count agrees with its noun ("1 review", "8 reviews"), never
"review(s)". Every string the product's code can show (its literals and f-strings, in every
package a reader meets) is read for "(s)"."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("access", "assurance", "dashboard", "data_models", "expectations", "ingest",
            "loaders", "publishing")
HEDGED = re.compile(r"[A-Za-z]\(s\)")


def _hedged(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef,
                                       ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings and HEDGED.search(node.value)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.strip()[:60]}")
    return found


def test_no_count_hedges_its_plural() -> None:
    found = [line for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             for line in _hedged(path)]
    assert not found, "a count's noun written with '(s)':\n" + "\n".join(found)


def test_the_rule_sees_a_hedged_plural(tmp_path: Path) -> None:
    planted = ROOT / "publishing" / "_planted_words.py"
    planted.write_text('def f(n):\n    """Reviews(s) in a docstring are not shown."""\n'
                       '    return f"{n} review(s)"\n', encoding="utf-8")
    try:
        assert [line.split(": ", 1)[1] for line in _hedged(planted)] == ["review(s)"]
    finally:
        planted.unlink()
