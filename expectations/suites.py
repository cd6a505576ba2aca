"""The checks of each data set, from its own module."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from expectations import audits, recommendations, reviews, training
from expectations.context import CheckContext

_CHECKS = {
    "reviews": reviews.checks,
    "recommendations": recommendations.checks,
    "audits": audits.checks,
    "training": training.checks,
}


def checks(kind: str, frame: pd.DataFrame, context: CheckContext) -> list[gxe.Expectation]:
    """The expectations the data set's extract must meet."""
    return _CHECKS[kind](frame, context)
