"""Checks for the reviews extract."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from expectations.common import check_meta, contract_checks, date_order
from expectations.context import CheckContext
from loaders.contracts import REVIEWS, UNPARSED


def checks(frame: pd.DataFrame, context: CheckContext) -> list[gxe.Expectation]:
    found = contract_checks(REVIEWS, frame, context)
    present = set(frame.columns)
    seen_pairs: set[tuple[str, str]] = set()
    for clock in context.rule_clocks:
        # a clock cannot stop before it starts
        for end in clock.end:
            if (clock.start, end) not in seen_pairs:
                seen_pairs.add((clock.start, end))
                found += date_order(frame, context, clock.start, end)
        # a review of a type the rule covers should say when its clock started
        if clock.comparison == "at_most" and {clock.start, "review_type"} <= present:
            types = ", ".join(clock.review_types)
            found.append(gxe.ExpectColumnValuesToNotBeNull(
                column=clock.start,
                # an unreadable date is reported once, by the type check
                row_condition=(Column("review_type").is_in(list(clock.review_types))
                               & Column(clock.start + UNPARSED).is_null())
                if clock.start + UNPARSED in present
                else Column("review_type").is_in(list(clock.review_types)),
                meta=check_meta("missing_start_date", clock.start,
                           f"No {context.header(clock.start)}, so '{clock.label}' cannot be "
                           f"measured for this review ({types}). Add the date if it is known.",
                           severity="warning",
                           condition_columns=tuple(c for c in ("review_type", clock.start + UNPARSED)
                                                   if c in present)),
            ))
    return found
