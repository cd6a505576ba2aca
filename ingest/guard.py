"""Stage 2, guard: personal data is found and refused before anything else reads the values,
and the cells that hold it are blanked so no later message can echo them."""

from __future__ import annotations

from loaders import privacy
from loaders.problems import Problem
from loaders.read import RawExtract


def guard(raw: RawExtract, kind: str) -> tuple[RawExtract, list[Problem]]:
    problems = list(privacy.scan(raw, kind))
    return privacy.redact(raw, problems), problems
