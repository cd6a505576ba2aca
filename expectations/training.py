"""Checks for the training bookings extract."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from expectations.common import contract_checks
from expectations.context import CheckContext
from loaders.contracts import TRAINING


def checks(frame: pd.DataFrame, context: CheckContext) -> list[gxe.Expectation]:
    return contract_checks(TRAINING, frame, context)
