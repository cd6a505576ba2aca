"""The schedule the documentation and deploy/systemd give runs the command that exists: `assurance
digest --due`, on working mornings."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from assurance.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "deploy" / "systemd" / name, encoding="utf-8")
    return parser


def _runs_digest_due(words: list[str]) -> None:
    args = build_parser().parse_args(words[words.index("assurance") + 1:]
                                if "assurance" in words else words[1:])
    assert args.command == "digest" and args.due and not args.dry_run


def test_the_systemd_service_and_timer() -> None:
    service = _unit("assurance-digest.service")
    assert service["Service"]["Type"] == "oneshot"
    command = shlex.split(service["Service"]["ExecStart"])
    assert command[0].endswith("/.venv/bin/assurance")
    _runs_digest_due(["assurance", *command[1:]])
    timer = _unit("assurance-digest.timer")
    assert timer["Timer"]["OnCalendar"].startswith("Mon..Fri")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_documented_cron_line() -> None:
    page = (ROOT / "docs" / "administrators" / "digests.md").read_text(encoding="utf-8")
    line = re.search(r"```cron\n(.+)\n```", page)
    assert line, "the administrators' page on digests gives a cron line"
    fields = line.group(1).split(None, 5)
    assert fields[:5] == ["0", "7", "*", "*", "1-5"]
    command = fields[5].split("&&")[-1].split(">>")[0]
    words = shlex.split(command)
    assert words[0].endswith("assurance")
    _runs_digest_due(["assurance", *words[1:]])
