"""`assurance serve` hands streamlit_config/ to Streamlit and serves on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


def test_local_mode_refuses_to_serve_beyond_this_computer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from assurance.cli import main

    monkeypatch.delenv("ASSURANCE_SECRETS", raising=False)
    monkeypatch.setattr("access.files.CONFIG", tmp_path)   # no secrets file at all
    code = main(["--db", str(tmp_path / "x.duckdb"), "serve", "--address", "0.0.0.0"])
    assert code == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "local mode" in said[0] and "0.0.0.0" in said[0]


def _auth(redirect: str = "http://localhost:8501", metadata: str = "http://127.0.0.1:9/x") -> str:
    return ("[auth]\n"
            f'redirect_uri = "{redirect}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"\n'
            'client_id = "assurance-test"\nclient_secret = "s"\n'
            f'server_metadata_url = "{metadata}"\n')


def test_sign_in_settings_that_streamlit_would_not_read_stop_the_server(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The probe's finding: a valid [auth] file whose name does not end in .toml was taken as
    sign-in by the launcher and ignored by Streamlit, so the app served local mode on every
    interface. Now the launcher stops, in one line naming the file."""
    from assurance.cli import main

    secrets = tmp_path / "secrets.txt"
    secrets.write_text(_auth(), encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_SECRETS", str(secrets))
    assert main(["--db", str(tmp_path / "x.duckdb"), "serve", "--address", "0.0.0.0"]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and str(secrets) in said[0] and ".toml" in said[0]


@pytest.mark.parametrize(("text", "words"), [
    ("[auth]\nclient_id = 'x'\n", "redirect_uri is missing"),
    ("[auth\n", "cannot be read"),
    (_auth().replace("a-test-cookie-secret-that-is-long-enough-0123456789", "short"),
     "cookie_secret"),
    (_auth() + 'prompt = "none"\n', "does not use: prompt"),
])
def test_sign_in_settings_in_doubt_are_refused_never_local_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, words: str) -> None:
    from access import AccessError, serving_mode

    secrets = tmp_path / "secrets.toml"
    secrets.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_SECRETS", str(secrets))
    with pytest.raises(AccessError, match=words):
        serving_mode("localhost", check_provider=False)


def test_a_named_secrets_file_that_is_missing_is_refused(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from access import AccessError, serving_mode

    monkeypatch.setenv("ASSURANCE_SECRETS", str(tmp_path / "gone.toml"))
    with pytest.raises(AccessError, match="does not exist"):
        serving_mode("localhost", check_provider=False)


def test_a_provider_whose_metadata_cannot_be_read_stops_the_server(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from access import AccessError, serving_mode

    secrets = tmp_path / "secrets.toml"
    secrets.write_text(_auth(metadata=f"http://127.0.0.1:{_free_port()}/.well-known/x"),
                       encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_SECRETS", str(secrets))
    with pytest.raises(AccessError, match="metadata .* could not be read"):
        serving_mode("0.0.0.0", check_provider=True)


def test_start_up_names_people_with_no_board_and_refuses_unknown_boards(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from access import AccessError
    from assurance.serve import checked_mode
    from tests.dashboard.browser import oidc_provider

    roles = tmp_path / "roles.toml"
    roles.write_text('default_role = "none"\n[roles]\n"Old.Lead@example.org" = "uploader"\n'
                     '[people."chair@example.org"]\nrole = "viewer"\nboards = ["North"]\n'
                     '[areas]\nNorth = ["Kestrel Bay SCP", "Kestrel Bay SAB"]\n',
                     encoding="utf-8")
    monkeypatch.setenv("ASSURANCE_ROLES", str(roles))
    with oidc_provider({"sub": "x", "email": "x@example.org"}) as provider:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(_auth(metadata=f"{provider}/.well-known/openid-configuration"),
                           encoding="utf-8")
        monkeypatch.setenv("ASSURANCE_SECRETS", str(secrets))
        mode, said = checked_mode("0.0.0.0", ["Kestrel Bay SCP", "Kestrel Bay SAB"])
        assert not mode.local
        assert any("1 person in roles.toml has a role but no board yet" in line
                   and "old.lead@example.org" in line for line in said)
        with pytest.raises(AccessError, match='areas."North": there is no board '
                                              "'Kestrel Bay SAB'"):
            checked_mode("0.0.0.0", ["Kestrel Bay SCP"])
