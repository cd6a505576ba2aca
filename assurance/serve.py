"""`assurance serve`: hand streamlit_config/ to Streamlit and serve the dashboard.

Streamlit reads settings only from .streamlit/config.toml, STREAMLIT_* variables and flags,
so the launcher turns streamlit_config/config.toml into flags.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from dashboard.settings import streamlit_flags

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")


class LocalModeOnly(Exception):
    """Asked to serve beyond this computer with no sign-in configured."""


def secrets_file() -> Path:
    return Path(os.environ.get("ASSURANCE_SECRETS") or ROOT / "streamlit_config" / "secrets.toml")


def sign_in_configured(path: Path | None = None) -> bool:
    path = path or secrets_file()
    if not path.exists():
        return False
    with path.open("rb") as handle:
        return "auth" in tomllib.load(handle)


def command(db: Path, *, port: int, address: str) -> tuple[list[str], dict[str, str]]:
    if address not in LOCAL_ADDRESSES and not sign_in_configured():
        raise LocalModeOnly(
            f"No sign-in is configured ({secrets_file()} has no [auth] section), so the "
            "dashboard runs in local mode and serves this computer only. Configure sign-in "
            "(see the README) to serve it on another address.")
    args = [sys.executable, "-m", "streamlit", "run", str(APP), *streamlit_flags(),
            f"--secrets.files={secrets_file()}",
            f"--server.port={port}", f"--server.address={address}"]
    env = dict(os.environ, ASSURANCE_DB=str(db.resolve()))
    return args, env


def serve(db: Path, *, port: int = 8501, address: str = "localhost") -> int:
    """Replace this process with Streamlit's server, so that signals reach it directly."""
    args, env = command(db, port=port, address=address)
    print(f"Serving the dashboard at http://{address}:{port} (database {db}). Ctrl+C stops it.",
          flush=True)
    os.execve(args[0], args, env)
    return 0  # not reached
