"""The README's local hosted set-up, as a person runs it: `make hosted-store` (PostgreSQL for
the catalog, made and started in a folder, left running), then `make hosted-run` (the store
migrated, demo data put in, two instances on two ports), then `make hosted-stop`."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assurance.local_store import running
from tests.dashboard.browser import answers, launch, no_error_shown, settled
from tests.hosted.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)


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
