"""Faults the walk has found that are not fixed yet, each kept as a fixed test in
`test_found.py` (marked xfail, strict): the walk notes them and steps over them, so that it
goes on looking for others and the branch stays green. When a fix lands, its fixed test
passes, strict xfail fails it, and the fault's entry here goes with the xfail mark."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

PRODUCT = Path(__file__).resolve().parents[2]
PACKAGES = ("assurance", "dashboard", "data_models", "expectations", "ingest", "loaders",
            "publishing")


@dataclass(frozen=True)
class KnownFault:
    test: str              # the fixed test in test_found.py that keeps it
    error: str             # the exception's type
    message: str           # a part of its message
    where: str             # a function of the product it is raised in


KNOWN_FAULTS: tuple[KnownFault, ...] = (
    KnownFault("test_a_recommendation_with_no_due_date_is_in_the_annual_report", "TypeError",
               "boolean value of NA is ambiguous", "_recommendations_by_review"),
)

# Properties an output breaks that are kept as fixed tests: (property, where) -> the test.
KNOWN_FINDINGS: dict[tuple[str, str], str] = {
    ("adds up", "audit_grades.actions_completed"):
        "test_audits_never_show_more_actions_completed_than_raised",
}


def _product_functions(error: BaseException) -> set[str]:
    frames = traceback.extract_tb(error.__traceback__)
    return {f.name for f in frames
            if any(Path(f.filename).resolve().is_relative_to(PRODUCT / p) for p in PACKAGES)}


def known_fault(error: BaseException) -> str | None:
    """The fixed test that keeps this fault, or None when it is a new one."""
    functions = _product_functions(error)
    for fault in KNOWN_FAULTS:
        if (type(error).__name__ == fault.error and fault.message in str(error)
                and fault.where in functions):
            return fault.test
    return None
