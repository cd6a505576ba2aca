"""Checks for the audits extract."""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from expectations.common import check_meta, contract_checks, not_more_than
from expectations.context import CheckContext
from loaders.contracts import AUDITS, UNPARSED


def checks(frame: pd.DataFrame, context: CheckContext) -> list[gxe.Expectation]:
    found = contract_checks(AUDITS, frame, context)
    found += not_more_than(frame, context, "actions_completed", "actions_raised")
    found += completed_of_raised(frame, context)
    return found


def completed_of_raised(frame: pd.DataFrame, context: CheckContext) -> list[gxe.Expectation]:
    """Actions completed are read against the actions raised: a row that gives the first
    gives the second (0 where none were raised), or the audit would count more actions
    completed than raised."""
    if "actions_completed" not in frame.columns:
        return []
    completed = context.header("actions_completed")
    if "actions_raised" not in frame.columns:
        return [gxe.ExpectColumnValuesToBeNull(
            column="actions_completed",
            meta=check_meta("actions_without_raised", "actions_completed",
                            f"{completed} ({{value}}) is given, but the file has no column of "
                            "the actions raised, so it cannot be read against them. Add a "
                            "column of the actions raised (0 where none were), or leave this "
                            "blank.",
                            value_column="actions_completed"),
        )]
    raised = context.header("actions_raised")
    given = Column("actions_completed").is_not_null()
    # an unreadable number of actions raised is said once, by its type check
    readable = (given & Column("actions_raised" + UNPARSED).is_null()
                if "actions_raised" + UNPARSED in frame.columns else given)
    return [gxe.ExpectColumnValuesToNotBeNull(
        column="actions_raised", row_condition=readable,
        meta=check_meta("actions_without_raised", "actions_raised",
                        f"{raised} is blank, but {completed} is given, so the actions completed "
                        f"cannot be read against those raised. Give the number in {raised} (0 "
                        "where none were raised), or leave both blank.",
                        condition_columns=tuple(c for c in ("actions_completed",
                                                            "actions_raised" + UNPARSED)
                                                if c in frame.columns)),
    )]
