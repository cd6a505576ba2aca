"""Data flows one way, and the layers say so: no module imports one of a later layer, no two
modules import each other round a circle (imports inside functions, relative imports and
modules named to importlib included), the front ends reach the ingest wing only through its
entry points, no module imports a name another keeps private (`_name`), nothing below the
front ends imports Streamlit, and no page's model reaches it (each page has one, beside its
view).

    data_models -> access -> loaders -> expectations -> ingest | publishing
        -> dashboard | assurance -> bench

(`ingest` and `publishing` sit side by side and import neither each other; so do the two
front ends, the dashboard and the command line, except that the command line's `serve`
hands the dashboard its settings. The benchmark drives both front ends.)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = (("data_models",), ("access",), ("loaders",), ("expectations",), ("ingest", "publishing"),
          ("dashboard", "assurance"), ("bench",))
LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}
FRONT_ENDS = ("dashboard", "assurance")
CORE = tuple(p for p in LEVEL if p not in (*FRONT_ENDS, "bench"))
# The one import across a layer's neighbours allowed: the launcher hands Streamlit the
# dashboard's settings.
ALLOWED = {("assurance.serve", "dashboard.settings")}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for package in LEVEL for p in sorted((ROOT / package).rglob("*.py"))}


def _exported(module: str) -> set[str]:
    """The names a package of ours exports (its `__all__`)."""
    path = MODULES.get(module)
    if path is None or path.name != "__init__.py":
        return set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__"
                                                for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


IMPORTERS = ("import_module", "__import__", "find_spec")


def _imports(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside a function: `from a import b` is
    `a.b` when b is a module of ours that `a` does not export a name for, else `a`; a relative
    import as the absolute name it stands for; and, in a file that imports by name through
    importlib (`import_module`, `__import__`, `find_spec`), every string in it that names a
    module of ours."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    by_name = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[:len(package) - (node.level - 1)]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            for alias in node.names:
                inner = f"{base}.{alias.name}"
                yield (inner if inner in MODULES and alias.name not in _exported(base)
                       else base)
        elif isinstance(node, ast.Call):
            called = node.func
            name = getattr(called, "attr", None) or getattr(called, "id", None)
            by_name = by_name or name in IMPORTERS
    if by_name:
        yield from (node.value for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and (node.value in MODULES or node.value in LEVEL))


def _ours(name: str) -> str | None:
    """The module of ours an import names (itself or the package it is in), or None."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


GRAPH = {module: {m for name in _imports(path) if (m := _ours(name)) and m != module}
         for module, path in MODULES.items()}


def _package(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_later_layer_or_a_sibling(module: str) -> None:
    mine = _package(module)
    bad = sorted(m for m in GRAPH[module]
                 if _package(m) != mine and LEVEL[_package(m)] >= LEVEL[mine]
                 and (module, m) not in ALLOWED)
    assert not bad, f"{module} imports {bad}: a later layer or a sibling"


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: any of more than one module is a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.get(module, ())):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def test_no_circle_of_imports() -> None:
    assert not _circles(GRAPH), f"import circles: {_circles(GRAPH)}"


def test_a_planted_circle_is_found() -> None:
    """The circle this change removed (the schema's refresh reached the table list through
    the database module, which imports the schema) is found when put back."""
    planted = {**GRAPH, "data_models.theme_matching": GRAPH["data_models.theme_matching"]
               | {"data_models.store.file"}}
    [circle] = _circles(planted)
    assert {"data_models.store.file", "data_models.reference", "data_models.schema",
            "data_models.theme_matching"} <= set(circle)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _package(m) in FRONT_ENDS))
def test_the_front_ends_reach_ingest_only_through_its_entry_points(module: str) -> None:
    inner = sorted(m for m in GRAPH[module] if m.startswith("ingest."))
    assert not inner, f"{module} imports {inner}: use what `ingest` exports"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _package(m) == "dashboard"))
def test_the_dashboard_does_not_import_the_command_line(module: str) -> None:
    assert not {m for m in GRAPH[module] if _package(m) == "assurance"}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _package(m) in CORE))
def test_the_core_imports_no_streamlit(module: str) -> None:
    bad = {n for n in _imports(MODULES[module]) if n.split(".")[0] == "streamlit"}
    assert not bad, f"{module} imports {sorted(bad)}"


def test_relative_imports_and_imports_by_name_are_seen(tmp_path: Path) -> None:
    """A relative import, and a module named to importlib, count as imports of what they
    name: planted in a module of the lowest layer, each is found running back up."""
    package = ROOT / "data_models"
    planted = package / "_planted_for_the_layer_test.py"
    try:
        planted.write_text("import importlib\nfrom . import queries\n"
                           "NAMES = ('dashboard.data',)\n"
                           "importlib.import_module(NAMES[0])\n", encoding="utf-8")
        seen = {m for name in _imports(planted) if (m := _ours(name))}
    finally:
        planted.unlink()
    assert {"data_models.queries", "dashboard.data"} <= seen


def test_every_package_of_ours_is_in_a_layer() -> None:
    """A new top-level package of code is placed in a layer before it can be imported."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "docs"}
    assert packages <= set(LEVEL), f"not in a layer: {sorted(packages - set(LEVEL))}"


def _streamlit_reached(module: str) -> list[str]:
    """The modules of ours `module` reaches through its imports (itself included) that import
    Streamlit."""
    reached, todo = set(), [module]
    while todo:
        current = todo.pop()
        if current not in reached:
            reached.add(current)
            todo.extend(GRAPH.get(current, ()))
    return sorted(m for m in reached
                  if any(n.split(".")[0] == "streamlit" for n in _imports(MODULES[m])))


PAGE_MODELS = sorted(m for m in MODULES if m.startswith("dashboard.screens.")
                     and (m.endswith(".model") or m == "dashboard.screens.shared"))


def test_every_page_has_a_model_beside_its_view() -> None:
    pages = sorted(p.name for p in (ROOT / "dashboard" / "screens").iterdir() if p.is_dir()
                   and (p / f"{p.name}.py").exists())
    assert len(pages) == 12
    wanted = sorted([*(f"dashboard.screens.{p}.model" for p in pages), "dashboard.screens.shared"])
    assert wanted == PAGE_MODELS


@pytest.mark.parametrize("module", PAGE_MODELS)
def test_a_page_model_reaches_no_streamlit(module: str) -> None:
    """What a page shows is worked out without Streamlit, so it can be built and tested
    without a browser: not imported by the model, nor by anything it imports."""
    assert not _streamlit_reached(module), f"{module} reaches {_streamlit_reached(module)}"


def test_a_page_view_is_found_to_reach_streamlit() -> None:
    """The views do, directly and through the dashboard's own modules: the walk finds both."""
    reached = _streamlit_reached("dashboard.screens.overview.overview")
    assert {"dashboard.screens.overview.overview", "dashboard.data"} <= set(reached)


def private_imports(paths: dict[str, Path]) -> list[str]:
    """`from ours import _name`: a name another module keeps to itself, used from outside, so
    neither its reader nor its editor knows it has a caller there. What two modules share is
    made public where it belongs."""
    out = []
    for module, path in paths.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and _ours(node.module):
                out += [f"{module} imports {node.module}.{alias.name}" for alias in node.names
                        if alias.name.startswith("_") and not alias.name.startswith("__")]
    return out


def test_no_module_imports_another_modules_private_name() -> None:
    assert not private_imports(MODULES)


def test_a_planted_private_import_is_found(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text("from publishing.report_docx import _a4\n", encoding="utf-8")
    assert private_imports({"publishing.planted": planted}) == [
        "publishing.planted imports publishing.report_docx._a4"]


STORE_ONLY = ("is_lake", "open_lake", "lake_setting", "upgrade_file", "for_lake")


def kind_askers(paths: dict[str, Path]) -> list[str]:
    """Calls that ask which kind of store there is, or open one kind, outside the store
    package: every such difference lives in data_models/store."""
    out = []
    for module, path in paths.items():
        if module.startswith("data_models.store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in STORE_ONLY:
                    out.append(f"{module} calls {name}")
    return out


def test_only_the_store_asks_which_kind_it_is(tmp_path: Path) -> None:
    assert not kind_askers(MODULES)
    planted = tmp_path / "planted.py"
    planted.write_text("from data_models.store.lake import is_lake\nis_lake(None)\n",
                       encoding="utf-8")
    assert kind_askers({"dashboard.planted": planted}) == ["dashboard.planted calls is_lake"]


def test_both_front_ends_open_data_through_the_same_call() -> None:
    for module in ("dashboard.data", "assurance.commands.opening"):
        assert "data_models.store.stores" in GRAPH[module], module
        called = {getattr(n.func, "id", None) for n in ast.walk(ast.parse(
            MODULES[module].read_text(encoding="utf-8"))) if isinstance(n, ast.Call)}
        assert "open_store" in called, module
