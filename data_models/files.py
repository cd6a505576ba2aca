"""Where the national rules, theme vocabulary and vocabularies are read from: the files shipped
beside this module, unless an environment variable names another (a test, or a board trying a
change before it ships). Nothing heavy is imported here: a page asks for these paths to see
whether its database was built from the same files."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).parent
RULES_FILE = HERE / "timescale_rules.toml"
THEMES_FILE = HERE / "themes.toml"
VOCABULARIES_FILE = HERE / "vocabularies.toml"


def rules_file() -> Path:
    return Path(os.environ.get("ASSURANCE_RULES_FILE") or RULES_FILE)


def themes_file() -> Path:
    return Path(os.environ.get("ASSURANCE_THEMES_FILE") or THEMES_FILE)


def vocabularies_file() -> Path:
    return Path(os.environ.get("ASSURANCE_VOCABULARIES_FILE") or VOCABULARIES_FILE)
