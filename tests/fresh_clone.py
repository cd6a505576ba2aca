"""A fresh clone of this tree, for the tests that run the documentation's commands as a person would:
the files git would hand over (tracked, or new and not ignored: so no live access file, no
database, no environment), and a line of the documentation typed in that folder."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# `assurance` as the clone's own code: the clone has no .venv, and this interpreter's editable
# install would otherwise run this checkout's
ASSURANCE = ("import sys; from assurance.entry import main; sys.exit(main())",)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def make_clone(folder: Path) -> Path:
    """`folder` holding what a clone of this tree holds. Each file keeps its times, so that
    `make` finds an environment built from this checkout's pyproject.toml up to date."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for name in git("ls-files", "--cached", "--others", "--exclude-standard", "-z").split("\0"):
        if name and (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    return folder


def as_typed(folder: Path, line: str, env: dict[str, str] | None = None, *,
             timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """A documented line run in the clone as typed there (`assurance` and `.venv/bin/assurance`
    are the clone's own code), with none of this process's ASSURANCE_ settings."""
    words = shlex.split(line, comments=True)
    if words[0] in ("assurance", ".venv/bin/assurance"):
        words = [sys.executable, "-c", *ASSURANCE, *words[1:]]
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("ASSURANCE_", "PYTHONPATH"))}
    return subprocess.run(words, cwd=folder, capture_output=True, text=True, timeout=timeout,
                          env={**clean, **(env or {})})
