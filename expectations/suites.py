"""The suite for each data set, built from its module's checks."""

from __future__ import annotations

import great_expectations as gx
import pandas as pd

from expectations import audits, recommendations, reviews, training
from expectations.runner import CheckContext

_CHECKS = {
    "reviews": reviews.checks,
    "recommendations": recommendations.checks,
    "audits": audits.checks,
    "training": training.checks,
}


def build(kind: str, frame: pd.DataFrame, context: CheckContext) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=f"{kind}_extract")
    for expectation in _CHECKS[kind](frame, context):
        suite.add_expectation(expectation)
    return suite
