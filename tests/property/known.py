"""Faults the walk has found that are not fixed yet, each kept as a fixed test in
`test_found.py` (marked xfail, strict): the walk notes them and steps over them, so that it
goes on looking for others and the branch stays green. When a fix lands, its fixed test
passes, strict xfail fails it, and the fault's entry here goes with the xfail mark."""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

PRODUCT = Path(__file__).resolve().parents[2]
PACKAGES = ("assurance", "dashboard", "data_models", "expectations", "ingest", "loaders",
            "publishing")


@dataclass(frozen=True)
class KnownFault:
    test: str              # the fixed test in test_found.py that keeps it
    error: str             # the exception's type
    message: str           # a part of its message
    where: str             # a function of the product it is raised in


KNOWN_FAULTS: tuple[KnownFault, ...] = ()    # every fault found so far is fixed

class Found(Protocol):
    """What the walk found (`properties.Finding`)."""

    @property
    def prop(self) -> str: ...
    @property
    def where(self) -> str: ...
    @property
    def detail(self) -> str: ...
    @property
    def shown(self) -> str | None: ...
    @property
    def part(self) -> float | None: ...
    @property
    def whole(self) -> float | None: ...


@dataclass(frozen=True)
class KnownFinding:
    test: str              # the fixed test in test_found.py that keeps it
    prop: str              # the property broken
    where: str             # where, as a pattern of the finding's `where`
    explains: Callable[[Found], bool] = lambda _found: True   # and the values it shows


# Properties an output breaks that are kept as fixed tests.
KNOWN_FINDINGS: tuple[KnownFinding, ...] = ()    # every finding so far is fixed


def known_finding(found: Found) -> str | None:
    """The fixed test that keeps a finding, or None when it is a new one."""
    return next((k.test for k in KNOWN_FINDINGS if k.prop == found.prop
                 and re.fullmatch(k.where, found.where) and k.explains(found)
                 and stepping_over(k.test)), None)


def _product_functions(error: BaseException) -> set[str]:
    frames = traceback.extract_tb(error.__traceback__)
    return {f.name for f in frames
            if any(Path(f.filename).resolve().is_relative_to(PRODUCT / p) for p in PACKAGES)}


def stepping_over(test: str) -> bool:
    """Whether the walk steps over the fault a fixed test keeps. ASSURANCE_WALK_KNOWN=report
    makes it fail on every known fault too, and a comma-separated list of fixed tests' names
    on theirs: to see that the walk still finds them."""
    reported = os.environ.get("ASSURANCE_WALK_KNOWN", "")
    return reported != "report" and test not in reported.split(",")


def known_fault(error: BaseException) -> str | None:
    """The fixed test that keeps this fault, or None when it is a new one."""
    functions = _product_functions(error)
    for fault in KNOWN_FAULTS:
        if (type(error).__name__ == fault.error and fault.message in str(error)
                and fault.where in functions and stepping_over(fault.test)):
            return fault.test
    return None
