"""Checks for the audits extract."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from expectations.common import contract_checks, not_more_than
from expectations.context import CheckContext
from loaders.contracts import AUDITS


def checks(frame: pd.DataFrame, context: CheckContext) -> list[gxe.Expectation]:
    found = contract_checks(AUDITS, frame, context)
    found += not_more_than(frame, context, "actions_completed", "actions_raised")
    return found
