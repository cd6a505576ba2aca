"""Checks for the recommendations extract."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd

from expectations.common import check_meta, contract_checks, date_order
from expectations.context import CheckContext
from loaders.contracts import RECOMMENDATIONS


def checks(frame: pd.DataFrame, context: CheckContext) -> list[gxe.Expectation]:
    found = contract_checks(RECOMMENDATIONS, frame, context)
    found += date_order(frame, context, "agreed_date", "completed_date")
    found += date_order(frame, context, "agreed_date", "due_date", severity="warning")
    if "review_key" in frame.columns:
        found.append(gxe.ExpectColumnValuesToBeInSet(
            column="review_key", value_set=sorted(context.known_review_keys),
            meta=check_meta("known_review", "review_id",
                       "Review '{value}' is not among the stored reviews of this board. Load "
                       "the reviews extract first, or check the reference.",
                       severity="warning", value_column="review_id"),
        ))
    return found
