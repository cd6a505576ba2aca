"""The settings the dashboard runs with: streamlit_config/config.toml, which the launcher
hands to Streamlit as flags (Streamlit reads only .streamlit/, STREAMLIT_* and flags) and the
Admin page lists."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "streamlit_config" / "config.toml"


def streamlit_flags(config: Path = CONFIG) -> list[str]:
    """`--section.option=value` for every setting in the config file."""
    if not config.exists():
        return []
    with config.open("rb") as handle:
        settings = tomllib.load(handle)
    flags = []
    for section, options in settings.items():
        for option, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{option}={text}")
    return flags
