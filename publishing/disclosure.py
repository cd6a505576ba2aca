"""The disclosure policy: for each kind of published figure, whether it counts the board's
own process (published as it is) or people and their cases (small counts hidden). A file a
board can change (publishing/disclosure.toml, or the one ASSURANCE_DISCLOSURE names), checked
as strictly as the local rules: anything it does not know is refused in one line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from data_models.config_errors import ConfigError, read_toml

POLICY_FILE = Path(__file__).resolve().parent / "disclosure.toml"
Kind = Literal["process", "cases"]
KINDS: tuple[Kind, ...] = ("process", "cases")
# Each group of published figures, and what it counts, in a reader's words.
GROUPS = {
    "timescales": "timescale clocks met, missed, overdue and pending",
    "recommendations": "recommendations by status and owner",
    "audits": "audits by grade",
    "training": "training bookings",
    "completeness": "reviews holding the dates their timescales need",
    "themes": "themes raised in reviews",
    "learning_loop": "reviews, recommendations, audits and training on each theme",
}


@dataclass(frozen=True)
class Policy:
    path: Path
    kinds: dict[str, Kind]

    def kind(self, group: str) -> Kind:
        return self.kinds[group]

    def protected(self) -> list[str]:
        return [GROUPS[g] for g, k in self.kinds.items() if k == "cases"]

    def published(self) -> list[str]:
        return [GROUPS[g] for g, k in self.kinds.items() if k == "process"]

    def sentence(self, threshold: int) -> str:
        """The policy in words, for the report's note on small numbers and the exports."""
        out = []
        if self.published():
            out.append("Figures of the board's own process are published as they are: "
                       + "; ".join(self.published()) + ".")
        if self.protected():
            out.append("Figures about people and their cases are protected: "
                       + "; ".join(self.protected()) + f". In them, any count from 1 to "
                       f"{threshold - 1} is shown as 'c'.")
        return " ".join(out)


def policy_file() -> Path:
    return Path(os.environ.get("ASSURANCE_DISCLOSURE") or POLICY_FILE)


def load_policy(path: Path | None = None) -> Policy:
    """The policy file, checked: every group named once, as "process" or "cases"."""
    path = path or policy_file()
    document = read_toml(path)
    unknown = sorted(set(document) - {"figures"})
    if unknown:
        raise ConfigError(f"{path.name}: unknown {'setting' if len(unknown) == 1 else 'settings'} "
                          f"{', '.join(unknown)}; the file holds "
                          "[figures].")
    figures = document.get("figures")
    if not isinstance(figures, dict):
        raise ConfigError(f"{path.name}: [figures] is missing.")
    for group, kind in figures.items():
        if group not in GROUPS:
            raise ConfigError(f"{path.name}: figures.{group}: not a group of published figures; "
                              f"use {', '.join(GROUPS)}.")
        if kind not in KINDS:
            raise ConfigError(f"{path.name}: figures.{group} = {kind!r}: use \"process\" "
                              "(published as it is) or \"cases\" (small counts hidden).")
    missing = [g for g in GROUPS if g not in figures]
    if missing:
        raise ConfigError(f"{path.name}: figures.{missing[0]} is missing; say whether it is "
                          "\"process\" or \"cases\".")
    return Policy(path, {g: figures[g] for g in GROUPS})
