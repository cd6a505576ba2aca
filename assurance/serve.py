"""`assurance serve`: hand streamlit_config/ to Streamlit and serve the dashboard.

Streamlit reads settings only from .streamlit/config.toml, STREAMLIT_* variables and flags,
so the launcher turns streamlit_config/config.toml into flags. Before it starts anything it
decides how the dashboard may be served, with the same function the app uses
(`access.serving_mode`): any doubt about the sign-in settings or the access file
stops it with one line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from access import (
    LOOPBACK_NAMES,
    Mode,
    checked_access,
    secrets_file,
    serving_mode,
)
from dashboard.settings import streamlit_flags
from data_models.labels import plural

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"


def checked_mode(address: str, known_boards: Iterable[str]) -> tuple[Mode, list[str]]:
    """How the dashboard may be served on `address`, and what the start-up says about it. An
    AccessError (one line) when it may not: local mode off a loopback address, sign-in settings
    that cannot be used or a provider whose metadata cannot be read, or an access file with an
    unknown role or board."""
    mode = serving_mode(address, check_provider=True)
    if mode.local:
        return mode, ["Local mode: no sign-in is configured, so the dashboard serves this "
                      "computer only, to one person with every role and every board, at "
                      "localhost or 127.0.0.1 (any other name is refused)."]
    access = checked_access(known_boards)
    said = [f"Sign-in through {mode.sign_in.metadata_url if mode.sign_in else ''}; people, "
            f"roles and boards from {access.path}."]
    waiting = access.without_boards()
    if waiting:
        said.append(f"{plural(len(waiting), 'person', 'people')} in {access.path.name} "
                    f"{'has' if len(waiting) == 1 else 'have'} a role but no board "
                    f"yet, so they see nothing until an admin gives them some: "
                    f"{', '.join(waiting)}.")
    return mode, said


def command(db: Path | None, *, port: int, address: str,
            mode: Mode | None = None) -> tuple[list[str], dict[str, str]]:
    """Streamlit's command and environment; `db` None serves the shared store that
    ASSURANCE_STORE names (every instance reads it from its environment)."""
    args = [sys.executable, "-m", "streamlit", "run", str(APP), *streamlit_flags(),
            f"--secrets.files={secrets_file()}",
            f"--server.port={port}", f"--server.address={address}"]
    if mode is None or mode.local:
        # Streamlit refuses a connection asked for by any other name (a page whose own name
        # was made to lead here, DNS rebinding), before the app's own check of each request.
        # (A list option takes one flag per value.)
        args += [f"--server.allowedHosts={name}" for name in LOOPBACK_NAMES]
    env = dict(os.environ)
    if db is not None:
        env["ASSURANCE_DB"] = str(db.resolve())
    # what the launcher decided: the app never falls back to local mode on its own
    env["ASSURANCE_MODE"] = "local" if mode is None or mode.local else "sign-in"
    return args, env


def serve(db: Path | None, *, port: int = 8501, address: str = "localhost",
          known_boards: Iterable[str] = (), where: str | None = None) -> int:
    """Replace this process with Streamlit's server, so that signals reach it directly."""
    mode, said = checked_mode(address, known_boards)
    args, env = command(db, port=port, address=address, mode=mode)
    for line in said:
        print(line, flush=True)
    print(f"Serving the dashboard at http://{address}:{port} ({where or f'database {db}'}). "
          "Ctrl+C stops it.", flush=True)
    os.umask(0o077)          # files the server makes (the database's log, backups) are its own
    os.execve(args[0], args, env)
    return 0  # not reached
