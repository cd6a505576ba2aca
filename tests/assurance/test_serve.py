"""`assurance serve` hands streamlit_config/ to Streamlit and serves on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dashboard.settings import streamlit_flags

ASSURANCE = str(Path(sys.executable).with_name("assurance"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_settings_from_streamlit_config_become_flags() -> None:
    flags = streamlit_flags()
    assert "--server.maxUploadSize=200" in flags
    assert "--browser.gatherUsageStats=false" in flags
    assert "--theme.primaryColor=#0072B2" in flags


def test_serve_answers_on_localhost(demo_db: Path) -> None:
    port = _free_port()
    server = subprocess.Popen([ASSURANCE, "--db", str(demo_db), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        answer = ""
        while time.monotonic() < deadline and answer != "ok":
            try:
                with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health",
                                            timeout=2) as response:
                    answer = response.read().decode()
            except OSError:
                time.sleep(0.5)
        assert answer == "ok"
        with urllib.request.urlopen(f"http://localhost:{port}/", timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_local_mode_refuses_to_serve_beyond_this_computer(tmp_path: Path,
                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assurance.cli import main

    monkeypatch.setenv("ASSURANCE_SECRETS", str(tmp_path / "no-secrets.toml"))
    code = main(["--db", str(tmp_path / "x.duckdb"), "serve", "--address", "0.0.0.0"])
    assert code == 2


def test_sign_in_configured_reads_the_auth_section(tmp_path: Path) -> None:
    from assurance.serve import sign_in_configured

    secrets = tmp_path / "secrets.toml"
    assert not sign_in_configured(secrets)
    secrets.write_text('[other]\nx = 1\n', encoding="utf-8")
    assert not sign_in_configured(secrets)
    secrets.write_text('[auth]\nclient_id = "x"\n', encoding="utf-8")
    assert sign_in_configured(secrets)
