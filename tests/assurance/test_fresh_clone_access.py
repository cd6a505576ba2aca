"""The documentation's examples about the access file and the digest (the administrators' pages
on sign-in, digests and the command line), run as they give them on a fresh clone: the files git
would hand over (nothing ignored, so no live access file), the commands as a person types them
in that folder, the access file made as the sign-in page says to make it."""

from __future__ import annotations

import shlex
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.fresh_clone import ROOT, as_typed, git, make_clone

PAGES = ROOT / "docs" / "administrators"
MONDAY = "2026-12-07"


class Inbox:
    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.recipients += envelope.rcpt_tos
        return "250 OK"


@pytest.fixture
def clone(tmp_path: Path, demo_db: Path) -> Path:
    """The files a clone of this tree holds, and a database with the demo data where `make
    run` puts it."""
    folder = make_clone(tmp_path / "clone")
    (folder / "data").mkdir()
    shutil.copyfile(demo_db, folder / "data" / "assurance.duckdb")
    return folder


@pytest.fixture
def mail_server() -> Iterator[tuple[dict[str, str], Inbox]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield ({"ASSURANCE_SMTP_HOST": "127.0.0.1", "ASSURANCE_SMTP_PORT": str(port),
            "ASSURANCE_SMTP_TLS": "none", "ASSURANCE_MAIL_FROM": "assurance@board.example",
            "ASSURANCE_BASE_URL": "https://assurance.example.org"}, inbox)
    controller.stop()


def _page_lines(page: str, start: str) -> list[str]:
    """The lines of the page's first code block whose first line starts with `start`."""
    blocks: list[list[str]] = []
    inside = False
    for line in (PAGES / page).read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
            if inside:
                blocks.append([])
        elif inside and line.strip():
            blocks[-1].append(line)
    return next(b for b in blocks if b and b[0].startswith(start))


def test_the_live_access_file_is_not_shipped_and_is_ignored() -> None:
    tracked = git("ls-files", "streamlit_config").split()
    assert "streamlit_config/roles.toml" not in tracked
    assert "streamlit_config/roles.example.toml" in tracked
    assert git("check-ignore", "streamlit_config/roles.toml").strip() == \
        "streamlit_config/roles.toml"


def test_the_documented_digest_and_access_examples_work_on_a_fresh_clone(
        clone: Path, mail_server: tuple[dict[str, str], Inbox]) -> None:
    """The probe: the documentation's digest example exited 2 on a fresh clone, because the shipped
    access file lacked its person (and the file was readable by everyone)."""
    digest = _page_lines("digests.md", "assurance digest --to")
    dry_run = digest[0]
    assert "--dry-run" in dry_run
    # a fresh clone: local mode, no access file; the dry run covers every board
    done = as_typed(clone, dry_run)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "for all boards" in done.stdout

    # the access file, made as the sign-in page says
    [copy] = _page_lines("sign-in.md", "install -m 600 streamlit_config/roles.example.toml")
    done = as_typed(clone, copy)
    assert done.returncode == 0, done.stderr
    roles = clone / "streamlit_config" / "roles.toml"
    assert roles.stat().st_mode & 0o777 == 0o600

    settings, inbox = mail_server
    for line in digest:
        env = settings if "--dry-run" not in line else {}
        if "--due" in line:              # a Monday: a weekly digest is due
            line = shlex.join([*shlex.split(line, comments=True), "--as-of", MONDAY])
        done = as_typed(clone, line, env)
        assert done.returncode == 0, (line, done.stdout + done.stderr)
    assert inbox.recipients == ["lead@kestrelbay.example", "chair@kestrelbay.example"]
    done = as_typed(clone, dry_run)
    assert "for Kestrel Bay SCP" in done.stdout and "Ashbourne" not in done.stdout

    shown = _page_lines("command-line.md", "$ assurance timescales --as")
    mine = as_typed(clone, shown[0].removeprefix("$ "))
    assert mine.returncode == 0, mine.stderr
    assert mine.stdout.startswith("Statutory timescales: Kestrel Bay SCP, 2024-25; as of ")
    stranger_line = next(line for line in shown if "new.member" in line)
    stranger = as_typed(clone, stranger_line.removeprefix("$ "))
    said = next(line for line in shown if line.startswith("assurance: --as new.member"))
    assert stranger.returncode == 2
    assert stranger.stderr.strip().replace(str(clone) + "/", "") == said
