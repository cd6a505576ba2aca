"""Local mode, served for real: a page is for the person at this computer, asked for by this
computer's name and not passed on by a proxy. Each refusal is one line and never the
dashboard. Driven as a browser does (Chromium made to resolve an attacker's name to this
computer, as DNS rebinding does) and over Streamlit's own connection with the headers a
proxy or another name would bring."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.dashboard.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    running,
    serve_app,
    settled,
)

pytestmark = pytest.mark.browser
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
REBOUND = "rebind.attacker.example"
BOARDS = ["Ashbourne SAB", "Ashbourne SCP", "Harwick Safeguarding Partnership",
          "Kestrel Bay SAB", "Kestrel Bay SCP", "Millbrook SCP", "Northfold SAB"]


@contextlib.contextmanager
def streamlit_directly(db: Path) -> Iterator[int]:
    """The app served by Streamlit itself, without the launcher (so without the list of names
    the launcher gives Streamlit): the app's own check is all that stands; yields the port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("ASSURANCE_SECRETS", "ASSURANCE_MODE")}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless=true",
         f"--server.port={port}", "--server.address=localhost",
         "--browser.gatherUsageStats=false"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**env, "ASSURANCE_DB": str(db)})
    with running(server, f"http://localhost:{port}/_stcore/health", 60):
        yield port


def page_run(port: int, host: str, headers: dict[str, str] | None = None
             ) -> list[tuple[str, str]] | None:
    """Open Streamlit's connection to the app on 127.0.0.1:`port` asking for `host` (with
    `headers`), run the first page as a browser's first visit does, and return what it shows:
    each element's kind and its text. None when the server refuses the connection."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        with connect(f"ws://{host}/_stcore/stream", sock=sock, subprotocols=["streamlit"],
                     additional_headers=headers or {}, open_timeout=30) as stream:
            rerun = BackMsg()
            rerun.rerun_script.query_string = "as_of=2026-11-21"
            stream.send(rerun.SerializeToString())
            shown: list[tuple[str, str]] = []
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                message = ForwardMsg()
                message.ParseFromString(stream.recv(timeout=120))
                kind = message.WhichOneof("type")
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element
                    shown.append((str(element.WhichOneof("type")), str(element)))
                if kind == "script_finished":
                    return shown
            raise AssertionError("the page did not finish in 120 s")
    except InvalidStatus:
        return None
    finally:
        sock.close()


def dashboard_shown(shown: list[tuple[str, str]]) -> bool:
    kinds = [kind for kind, _ in shown]
    return "page_link" in kinds or "metric" in kinds or any(
        board in text for _, text in shown for board in BOARDS)


def one_line(shown: list[tuple[str, str]], words: str) -> None:
    """The page said `words` in one alert under the title, and nothing else."""
    assert [kind for kind, _ in shown] == ["heading", "alert"], [kind for kind, _ in shown]
    assert words in shown[1][1].replace("\\", ""), shown[1][1]
    assert not dashboard_shown(shown)


@pytest.fixture(scope="module")
def launched(demo_db: Path) -> Iterator[int]:
    """`assurance serve` in local mode, as `make run` starts it; yields its port."""
    port = free_port()
    with serve_app(demo_db, port=port):
        yield port


@pytest.fixture(scope="module")
def direct(demo_db: Path) -> Iterator[int]:
    with streamlit_directly(demo_db) as port:
        yield port


@pytest.fixture
def rebinding_browser(browser):  # type: ignore[no-untyped-def]
    """Chromium that resolves the attacker's name to this computer, as a DNS rebinding attack
    makes the person's browser do."""
    rebinding = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {REBOUND} 127.0.0.1"])
    yield rebinding
    rebinding.close()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_this_computers_names_get_the_dashboard(launched: int, host: str) -> None:
    shown = page_run(launched, f"{host}:{launched}")
    assert shown is not None and dashboard_shown(shown)


def test_a_page_rebound_to_this_computer_gets_nothing(launched: int, rebinding_browser) -> None:  # type: ignore[no-untyped-def]
    """The probe: Chromium mapping rebind.attacker.example to 127.0.0.1 got the full dashboard.
    Streamlit, told this computer's names by the launcher, refuses the connection."""
    context = rebinding_browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://localhost:{launched}/?as_of=2026-11-21")     # the control
        settled(page, "Safeguarding assurance")
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
        page.goto(f"http://{REBOUND}:{launched}/?as_of=2026-11-21")
        page.wait_for_timeout(10_000)
        assert page.get_by_test_id("stMetric").count() == 0
        assert page.get_by_test_id("stPageLink-NavLink").count() == 0
        assert not [b for b in BOARDS if b in page.content()]
    finally:
        context.close()
    assert page_run(launched, f"{REBOUND}:{launched}") is None


@pytest.mark.parametrize("host", [f"{REBOUND}:PORT", "192.168.1.20:PORT",
                                  "localhost.attacker.example:PORT"])
def test_the_launcher_has_streamlit_refuse_other_names(launched: int, host: str) -> None:
    assert page_run(launched, host.replace("PORT", str(launched))) is None


def test_the_app_itself_refuses_a_page_rebound_to_this_computer(
        direct: int, rebinding_browser) -> None:  # type: ignore[no-untyped-def]
    """Served without the launcher's list (Streamlit run by hand), the app's own check says
    why in one line, and shows no figure, board or page."""
    context = rebinding_browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://{REBOUND}:{direct}/?as_of=2026-11-21")
        settled(page, "Safeguarding assurance")
        expect(page.get_by_text("not this computer's")).to_have_count(1)
        assert page.get_by_test_id("stMetric").count() == 0
        assert page.get_by_test_id("stSidebar").count() == 0
        assert not [b for b in BOARDS if b in page.content()]
    finally:
        context.close()
    one_line(page_run(direct, f"{REBOUND}:{direct}") or [], "not this computer's")
    assert dashboard_shown(page_run(direct, f"localhost:{direct}") or [])


@pytest.mark.parametrize("header", ["X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "Via",
                                    "X-Real-IP", "X-Forwarded-For"])
def test_a_request_a_proxy_passed_on_is_refused_in_one_line(launched: int, header: str) -> None:
    """The probe: an nginx that set only Host and X-Forwarded-Proto got local admin."""
    one_line(page_run(launched, f"localhost:{launched}", {header: "https"}) or [],
             "came through a proxy")
