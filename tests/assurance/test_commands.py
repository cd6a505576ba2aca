"""The command line's house: each command a module of `assurance.commands` that adds its own
parser and runs it, and `assurance.cli` only gathering them (the global options, the parser,
the one place errors become a line)."""

from __future__ import annotations

import argparse
import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

from assurance.cli import build_parser

COMMANDS = Path(__file__).resolve().parents[2] / "assurance" / "commands"
SHARED = {"__init__", "common", "opening"}


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next((dict(a.choices) for a in parser._actions          # argparse keeps them here
                 if isinstance(a, argparse._SubParsersAction)), {})


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
            ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command a person can run (`export chase`, `rules list`), with its parser."""
    inner = _choices(parser)
    if not inner:
        yield path, parser
    for name, sub in inner.items():
        yield from _leaves(sub, (*path, name))


def test_each_command_runs_from_its_own_module() -> None:
    """A newcomer finds `assurance privacy-scan` in commands/privacy_scan.py, and `export
    chase` in commands/export.py or commands/chase.py."""
    leaves = list(_leaves(build_parser()))
    assert len(leaves) >= 17
    for path, parser in leaves:
        run = parser.get_default("run")
        assert callable(run), path
        homes = {f"assurance.commands.{name.replace('-', '_')}" for name in (path[0], path[-1])}
        assert run.__module__ in homes, (path, run.__module__)


def test_every_command_module_is_a_command_and_adds_its_own_parser() -> None:
    listed = {name.replace("-", "_") for path, _ in _leaves(build_parser()) for name in path}
    for file in sorted(COMMANDS.glob("*.py")):
        if file.stem in SHARED:
            continue
        assert file.stem in listed, f"{file.name} is no command `assurance --help` lists"
        module = importlib.import_module(f"assurance.commands.{file.stem}")
        assert callable(module.add_to) and callable(module.run), file.name


def test_the_command_line_module_only_gathers_the_commands() -> None:
    tree = ast.parse((COMMANDS.parent / "cli.py").read_text(encoding="utf-8"))
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    assert functions == {"build_parser", "main"}
