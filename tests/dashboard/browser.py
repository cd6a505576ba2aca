"""Serving the app and driving it in Debian's Chromium, for the browser tests."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
ASSURANCE = str(Path(sys.executable).with_name("assurance"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def answers(url: str, seconds: float) -> bool:
    """Wait until `url` answers (a server just started), for up to `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            time.sleep(0.3)
    return False


@contextlib.contextmanager
def running(process: subprocess.Popen[bytes], url: str, seconds: float) -> Iterator[None]:
    """A server just started: wait until `url` answers, and stop it when done."""
    try:
        answers(url, seconds)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextlib.contextmanager
def serve_app(db: Path, env: dict[str, str] | None = None,
              port: int | None = None) -> Iterator[str]:
    """`assurance serve` on a database, as `make run` starts it; yields its address. What the
    server logged is printed if the test fails inside the block (pytest shows it beside the
    failure), so a failure seen only in CI says what the server saw."""
    port = port or free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([ASSURANCE, "--db", str(db), "serve", "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, **(env or {})})
        base = f"http://localhost:{port}"
        try:
            with running(server, f"{base}/_stcore/health", 60):
                yield base
        except BaseException:
            log.seek(0)
            said = log.read().decode("utf-8", "replace")
            print(f"--- what the server at {base} logged (last 8000 characters) ---\n"
                  f"{said[-8000:]}", file=sys.stderr)
            raise


@contextlib.contextmanager
def oidc_provider(*people: dict[str, object]) -> Iterator[str]:
    """A real OpenID Connect provider (oidc-provider-mock) on a free port, knowing each person
    by the claims given (each with a "sub"); yields its address."""
    port = free_port()
    claims = [arg for person in people for arg in ("--user-claims", json.dumps(person))]
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port),
                                *claims], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    with running(process, f"{base}/.well-known/openid-configuration", 30):
        yield base


def sign_in_secrets(folder: Path, provider: str, redirect_base: str) -> Path:
    """A secrets file setting sign-in through `provider`, as an operator writes it."""
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect_base}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"\n'
        'client_id = "assurance-test"\n'
        'client_secret = "assurance-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    return secrets


def launch(playwright):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def settled(page, heading: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for a page's heading and for Streamlit to finish running its script (the
    running indicator can appear a moment after the heading, so it must stay gone)."""
    page.get_by_role("heading", name=heading, level=1).wait_for(timeout=90_000)
    for _ in range(2):
        page.wait_for_timeout(400)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
            timeout=120_000)


def no_error_shown(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0


def choose(page, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an option of a selectbox as a person does: open it, click the option."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):   # a rerun that lands as the list opens closes it again
        box.click()
        try:
            choice.click(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - the list closed; open it again
            page.keyboard.press("Escape")
    choice.click()
