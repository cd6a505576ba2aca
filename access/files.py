"""Where the two files that decide access are, and the one error every doubt about them ends
in (a line naming the file and what is wrong)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from data_models.config_errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "streamlit_config"


class AccessError(ConfigError):
    """The sign-in settings or the access file cannot be used, or a person may not have what
    they ask for; the message is one line."""


def secrets_file() -> Path:
    """Streamlit's secrets file, whose [auth] section sets sign-in."""
    return Path(os.environ.get("ASSURANCE_SECRETS") or CONFIG / "secrets.toml")


def access_file() -> Path:
    """The access file: each person's role and boards."""
    return Path(os.environ.get("ASSURANCE_ROLES") or CONFIG / "roles.toml")


def read_settings(path: Path, what: str) -> dict[str, Any]:
    """One of the two files (`what`: "the access file", "the sign-in settings"), read as TOML,
    or an AccessError in one line when it cannot be."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except UnicodeDecodeError:
        raise AccessError(f"{path}: {what} cannot be read: the file is not UTF-8 text. Save it "
                          "as UTF-8.") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AccessError(f"{path}: {what} cannot be read ({error}).") from None
