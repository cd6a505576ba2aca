"""The documentation's local hosted set-up, as a person runs it: `make hosted-store` (PostgreSQL for
the catalog, made and started in a folder, left running), then `make hosted-run` (the store
migrated, demo data put in, two instances on two ports), then `make hosted-stop`; and
`make hosted-store` as root in a fresh clone's default folder, data/hosted, inside the data/
the product keeps private."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assurance.local_store import running
from tests.dashboard.browser import answers, launch, no_error_shown, settled
from tests.fresh_clone import as_typed, make_clone
from tests.hosted.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="PostgreSQL runs as postgres only when "
                             "this runs as root")


def _make(*args: str, where: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=where,
                          capture_output=True, text=True, timeout=900)


def _as(user: str, *command: str) -> bool:
    """Whether `command` succeeds run as `user`."""
    return subprocess.run(["runuser", "-u", user, "--", *command],
                          capture_output=True).returncode == 0


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder the postgres user can reach when this is root (pytest's are root's only)."""
    made = Path(tempfile.mkdtemp(prefix="assurance-hosted-"))
    if os.geteuid() == 0:
        made.chmod(0o755)
    yield made
    _make("hosted-stop", f"HOSTED_DIR={made}")
    subprocess.run(["rm", "-rf", str(made)], check=False)


def test_the_two_commands_start_postgresql_and_two_instances_on_one_store(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    pg_port, first, second = free_port(), free_port(), free_port()
    where = [f"HOSTED_DIR={folder}", f"PG_PORT={pg_port}"]
    started = _make("hosted-store", *where)
    assert started.returncode == 0, started.stderr
    assert (f'ASSURANCE_STORE="ducklake:postgres:dbname=assurance host=127.0.0.1 port={pg_port} '
            'user=assurance"') in started.stdout
    assert running(folder / "postgres")
    again = _make("hosted-store", *where)                   # left running, nothing made again
    assert again.returncode == 0, again.stderr

    served = subprocess.Popen(["make", "--no-print-directory", "hosted-run", *where,
                               f"PORTS={first} {second}"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        for port in (first, second):
            assert answers(f"http://127.0.0.1:{port}/_stcore/health", 600), served.poll()
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for port in (first, second):
                page.goto(f"http://127.0.0.1:{port}/timescales?period=2024-25&as_of=2026-11-21")
                settled(page, "Timescales")
                no_error_shown(page)
                page.get_by_text("Local mode").first.wait_for()
            browser.close()
        assert (folder / "lake").is_dir() and any((folder / "lake").rglob("*.parquet"))
    finally:
        os.killpg(served.pid, signal.SIGINT)                  # Ctrl-C, as a person stops it
        out, _ = served.communicate(timeout=60)
    assert "Two instances on one shared store: " in out
    assert f"http://localhost:{first} http://localhost:{second}" in out
    assert "Traceback" not in out
    for port in (first, second):
        assert not answers(f"http://127.0.0.1:{port}/_stcore/health", 2)

    stopped = _make("hosted-stop", f"HOSTED_DIR={folder}")
    assert stopped.returncode == 0, stopped.stderr
    assert not running(folder / "postgres")


@pytest.fixture
def clone() -> Iterator[Path]:
    """A fresh clone where a person keeps one (a folder others may pass through, as /srv or
    /opt), after `make hosted`, its data/ as `make run` leaves it: private, with a database."""
    parent = Path(tempfile.mkdtemp(prefix="assurance-clone-"))
    parent.chmod(0o755)
    folder = make_clone(parent / "assurance")
    (folder / ".venv-hosted").symlink_to(Path(sys.prefix))
    # make finds the environment up to date, so never installs into this checkout's from here
    assert _make("-q", ".venv-hosted/.installed", where=folder).returncode == 0, \
        "run make hosted in this checkout first"
    done = as_typed(folder, "assurance init")
    assert done.returncode == 0, done.stderr
    yield folder
    _make("hosted-stop", where=folder)
    subprocess.run(["rm", "-rf", str(parent)], check=False)


@as_root
def test_make_hosted_store_as_root_in_the_default_folder(clone: Path) -> None:
    """The documented command as written, run as root: data/ is private (the database of every
    board is in it), so PostgreSQL, which runs as postgres, could not reach data/hosted/postgres
    and `make hosted-store` failed. Now postgres may pass through data/ to its own folder, and
    may neither list data/ nor open the database there; nobody else may do either."""
    data = clone / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700          # as the product makes it
    port = free_port()
    started = _make("hosted-store", f"PG_PORT={port}", where=clone)
    assert started.returncode == 0, started.stderr
    assert f"host=127.0.0.1 port={port} user=assurance" in started.stdout
    assert running(data / "hosted" / "postgres")

    assert stat.S_IMODE(data.stat().st_mode) & 0o007 == 0      # nothing for other users
    assert _as("postgres", "test", "-x", str(data / "hosted"))
    assert not _as("postgres", "ls", str(data))
    assert not _as("postgres", "head", "-c1", str(data / "assurance.duckdb"))
    assert not _as("nobody", "test", "-x", str(data))

    stopped = _make("hosted-stop", where=clone)
    assert stopped.returncode == 0, stopped.stderr
    assert not running(data / "hosted" / "postgres")


@as_root
def test_a_private_folder_outside_the_clone_is_refused_and_left_as_it_is(clone: Path) -> None:
    """Folders the product does not keep are never opened to postgres: a private one on the
    way is refused in one line, and left as it was."""
    private = clone.parent / "private"
    private.mkdir(mode=0o700)
    before = private.stat()
    done = subprocess.run([sys.executable, "-m", "assurance.local_store", "start",
                           str(private / "hosted"), str(free_port())], cwd=clone,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"assurance: {private}: ") and "postgres" in line
    after = private.stat()
    assert (stat.S_IMODE(after.st_mode), after.st_gid) == (0o700, before.st_gid)
    assert not (private / "hosted").exists()                 # nothing made
    # nor by a way round that names it from inside the clone
    done = subprocess.run([sys.executable, "-m", "assurance.local_store", "start",
                           "data/../../private/hosted", str(free_port())], cwd=clone,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.startswith(f"assurance: {private}: ")
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
