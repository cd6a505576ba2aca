"""The person's scope is a property of the types, held here over the source: no module outside
the access layer makes a scope, only the operator's command line (and the benchmark, which
measures local mode) reads every board, nothing looks a figure or a page model up by its name,
and every query takes a reader bound to a person's scope. A planted breach of each rule is
found, so the rules have teeth."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from data_models import queries
from data_models.scope import Reader

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("access", "assurance", "bench", "dashboard", "data_models", "docs", "expectations", "ingest",
           "loaders", "publishing")
# The access layer: where scopes are made from the access file, local mode and the operator.
ACCESS_LAYER = {"data_models/scope.py",
                *(str(p.relative_to(ROOT)) for p in (ROOT / "access").glob("*.py"))}
# Who may read every board: the operator at the command line (whoever can read the database
# file reads every board anyway) in the commands that act for every board (load, the digest's
# recipients, rules, mappings, the privacy scan, boards' footprints and the national files)
# and the filters' default view, local mode's one person, and the benchmark of local mode.
EVERY_BOARD_READERS = {"assurance/commands/load.py", "assurance/commands/digest.py",
                       "assurance/commands/rules.py", "assurance/commands/map.py",
                       "assurance/commands/privacy_scan.py", "assurance/commands/national.py",
                       "assurance/filter_args.py",
                       "dashboard/session.py", "bench/__main__.py", "bench/one.py",
                       "bench/frames.py"}
# Where records may be read to be counted (the page models that turn them into counts for a
# person who may not see them; a digest, the themes command and the tables' note count them).
AGGREGATING = {*(f"dashboard/screens/{page}/model.py" for page in (
                   "overview", "timescales", "themes", "recommendations", "audits")),
               "dashboard/data.py", "publishing/digest.py", "publishing/tables.py",
               "assurance/commands/themes.py"}
WIDEST = ("EVERY_BOARD", "EVERY_BOARD_COUNTS", "EVERY", "EveryBoard")


def _sources() -> dict[str, ast.Module]:
    out = {}
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            out[str(path.relative_to(ROOT))] = ast.parse(path.read_text(encoding="utf-8"))
    return out


SOURCES = _sources()


def _names(tree: ast.AST) -> set[str]:
    """Every name a module uses or imports."""
    found = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    found |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    found |= {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
              for a in n.names}
    return found


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and (
        (isinstance(n.func, ast.Name) and n.func.id == name)
        or (isinstance(n.func, ast.Attribute) and n.func.attr == name))]


def scope_makers(sources: dict[str, ast.Module]) -> list[str]:
    return [path for path, tree in sources.items()
            if path not in ACCESS_LAYER and _calls(tree, "Scope")]


def every_board_readers(sources: dict[str, ast.Module]) -> list[str]:
    return [path for path, tree in sources.items()
            if path not in ACCESS_LAYER | EVERY_BOARD_READERS and _names(tree) & set(WIDEST)]


def lookups_by_name(sources: dict[str, ast.Module]) -> list[str]:
    """`getattr(module, name)` where the name is not written in the code: the way a name clash
    runs the wrong query and the trail from a chart to its SQL is lost."""
    out = []
    for path, tree in sources.items():
        for call in _calls(tree, "getattr"):
            target, name = (call.args + [None, None])[:2]
            if isinstance(target, ast.Name) and target.id in {"queries", "q", "models",
                                                              "figures"} \
                    and not isinstance(name, ast.Constant):
                out.append(f"{path}:{call.lineno}")
    return out


def widened(sources: dict[str, ast.Module], method: str, allowed: set[str]) -> list[str]:
    return [path for path, tree in sources.items()
            if path not in allowed | ACCESS_LAYER and _calls(tree, method)]


def test_no_module_outside_the_access_layer_makes_a_scope() -> None:
    assert not scope_makers(SOURCES)


def test_only_the_operator_and_local_mode_read_every_board() -> None:
    assert not every_board_readers(SOURCES)


def test_no_page_or_command_looks_a_figure_or_a_page_model_up_by_its_name() -> None:
    assert not lookups_by_name(SOURCES)


def test_records_are_counted_only_where_they_become_counts_and_comparisons_made_once() -> None:
    assert not widened(SOURCES, "aggregating", AGGREGATING)
    assert widened(SOURCES, "comparing", set()) == ["data_models/queries.py"]
    comparing = [n for n in ast.walk(SOURCES["data_models/queries.py"])
                 if isinstance(n, ast.FunctionDef) and _calls(n, "comparing")]
    assert [n.name for n in comparing] == ["comparison_tiles"]


def test_every_query_takes_a_reader_and_the_queries_hold_no_connection() -> None:
    assert "duckdb" not in _names(SOURCES["data_models/queries.py"])
    for name, declaration in queries.REGISTRY.items():
        first = next(iter(inspect.signature(declaration.function).parameters.values()))
        assert first.name == "db" and first.annotation in ("Reader", Reader), name


def test_the_pages_read_through_the_persons_reader() -> None:
    """A page draws from `model`, `query` and `reading`; the raw connection (`cursor`) only
    where a page changes the data."""
    writers = {"upload", "admin", "data_quality", "exports"}
    pages = [path for path in SOURCES if path.startswith("dashboard/screens/")]
    assert "dashboard/screens/overview/overview.py" in pages    # the rule looks where pages are
    for path in pages:
        if path.split("/")[2] not in writers:
            assert not _calls(SOURCES[path], "cursor"), path


@pytest.mark.parametrize("planted", [
    "from data_models.scope import Scope\nwide = Scope(('A',), True, 'admin')\n",
    "from access import EVERY_BOARD\nreader = EVERY_BOARD\n",
    "from data_models import queries\nfigure = getattr(queries, asked)\n",
    "counting = db.aggregating()\n",
])
def test_a_planted_breach_is_found(planted: str) -> None:
    sources = {**SOURCES, "publishing/planted.py": ast.parse(planted)}
    assert "publishing/planted.py" in (
        scope_makers(sources) + every_board_readers(sources)
        + [p.split(":")[0] for p in lookups_by_name(sources)]
        + widened(sources, "aggregating", AGGREGATING))
