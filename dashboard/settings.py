"""The settings the dashboard runs with: streamlit_config/config.toml, which the launcher
hands to Streamlit as flags (Streamlit reads only .streamlit/, STREAMLIT_* and flags) and the
Admin page lists."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "streamlit_config" / "config.toml"


def streamlit_flags(config: Path = CONFIG) -> list[str]:
    """`--section.option=value` for every setting in the config file. A list (the chart
    colours) goes as JSON, which is how Streamlit reads a list given as a flag."""
    if not config.exists():
        return []
    with config.open("rb") as handle:
        settings = tomllib.load(handle)
    flags = []
    for section, options in settings.items():
        for option, value in options.items():
            if isinstance(value, bool):
                text = str(value).lower()
            elif isinstance(value, list):
                text = json.dumps(value)
            else:
                text = str(value)
            flags.append(f"--{section}.{option}={text}")
    return flags
