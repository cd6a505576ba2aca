"""Hypothesis's settings for the walk: the "ci" profile (`make test`, .ci/run) is seeded and
bounded to a few minutes on a small machine; `make fuzz` selects the "fuzz" profile, many
more examples, at random (ASSURANCE_FUZZ=1, or HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.property.walk import ACCEPTANCE

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# No "explain" phase: re-running an example that takes a minute to find which lines it alone
# ran costs minutes and says little here.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

# Seeded (derandomize): the same examples on every run, so CI is repeatable; no example
# database, so a run never depends on what an earlier one found (the faults found are kept as
# fixed tests instead).
settings.register_profile("ci", derandomize=True, deadline=None, database=None,
                          suppress_health_check=_SLOW, print_blob=True, phases=_PHASES)
settings.register_profile("fuzz", deadline=None, suppress_health_check=_SLOW,
                          print_blob=True, phases=_PHASES)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("fuzz" if os.environ.get("ASSURANCE_FUZZ")
                                                   else "ci")
# The walk's settings, given to its tests alone (other tests keep Hypothesis's defaults).
WALK = settings.get_profile(PROFILE if PROFILE in ("ci", "fuzz") else "ci")

# Examples each walk runs: (ci, fuzz). The cheap walk (queries, the command line, the tables)
# runs many; the full one (every page, every document) a few.
EXAMPLES = {"figures": (12, 400), "outputs": (4, 60)}


# Rows of each data set for each board, at most: more under fuzz, where a rounding that goes
# wrong only on 11 or 16 of something has room to turn up (more still overruns Hypothesis's
# buffer for one example too often).
ROWS = 12 if PROFILE == "fuzz" else 8


def examples(walk: str) -> int:
    """How many examples a walk runs: the profile's, or ASSURANCE_WALK_EXAMPLES."""
    ci, fuzz = EXAMPLES[walk]
    return int(os.environ.get("ASSURANCE_WALK_EXAMPLES") or (fuzz if PROFILE == "fuzz" else ci))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    total = sum(ACCEPTANCE.values())
    if not total:
        return
    accepted = ACCEPTANCE["accepted"]
    terminalreporter.write_line(
        f"property walk ({PROFILE} profile): {accepted} of {total} generated data sets accepted "
        f"by the checks ({100 * accepted / total:.0f}%)"
        + "".join(f"; {n} {why}" for why, n in ACCEPTANCE.most_common() if why != "accepted"))
