"""Checks shared by every data set, each an expectation carrying the message it reports.

A message is written for the quality lead: what is wrong and what to do. `{value}` and
`{other}` are filled from the failing row.
"""

from __future__ import annotations

import datetime as dt

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from data_models.labels import value_labels
from expectations.context import CheckContext
from loaders.contracts import UNPARSED, Contract, value_key
from loaders.contracts import Column as ContractColumn

# The calendar the measures count with starts here; earlier dates are typing slips.
EARLIEST_DATE = dt.date(1995, 1, 1)


def check_meta(rule: str, column: str | None, message: str, severity: str = "error",
               value_column: str | None = None, other_column: str | None = None,
               condition_columns: tuple[str, ...] = ()) -> dict[str, object]:
    """What a check reports: its rule, message and severity, the columns whose values the
    message quotes, and the columns its row condition reads."""
    meta: dict[str, object] = {"rule": rule, "message": message, "severity": severity}
    if condition_columns:
        meta["condition_columns"] = list(condition_columns)
    if column:
        meta["column"] = column
    if value_column:
        meta["value_column"] = value_column
    if other_column:
        meta["other_column"] = other_column
    return meta


def contract_checks(contract: Contract, frame: pd.DataFrame,
                    context: CheckContext) -> list[gxe.Expectation]:
    """Required columns and values, types, enumerations, key uniqueness and date ranges."""
    checks: list[gxe.Expectation] = []
    present = set(frame.columns)
    for column in contract.columns:
        name = column.name
        if name not in present:
            if column.required:
                checks.append(gxe.ExpectColumnToExist(
                    column=name,
                    meta=check_meta("required_column", None,
                               f"The column '{name}' is missing. Every {contract.kind} extract "
                               f"needs it ({column.description.rstrip('.').lower()}). Add it, or "
                               "rename the column that holds it; the template shows the headers."),
                ))
            continue
        header = context.header(name)
        if column.required:
            typed = column.kind in ("date", "count", "score")
            checks.append(gxe.ExpectColumnValuesToNotBeNull(
                column=name,
                # a value that is there but unreadable is reported once, by the type check
                row_condition=Column(name + UNPARSED).is_null() if typed else None,
                meta=check_meta("required_value", name,
                           f"This row has no {header}. Every row needs one "
                           f"({column.description.rstrip('.').lower()}).",
                           condition_columns=(name + UNPARSED,) if typed else ()),
            ))
        if column.kind in ("date", "count", "score"):
            what = {
                "date": "is not a date. Use DD/MM/YYYY (for example 31/01/2024) or "
                        "YYYY-MM-DD; dates are never read month first",
                "count": "is not a whole number. Use digits only, for example 3",
                "score": "is not a whole number from 1 to 5",
            }[column.kind]
            checks.append(gxe.ExpectColumnValuesToBeNull(
                column=name + UNPARSED,
                meta=check_meta("type", name, f"'{{value}}' {what}.", value_column=name + UNPARSED),
            ))
        if column.kind == "enum":
            allowed = ", ".join(_written(column, v) for v in column.values)
            checks.append(gxe.ExpectColumnValuesToBeInSet(
                column=name, value_set=list(column.values),
                meta=check_meta("allowed_values", name,
                           f"'{{value}}' is not a recognised {header}. Use one of: {allowed}.",
                           value_column=name),
            ))
        if column.kind == "score":
            checks.append(gxe.ExpectColumnValuesToBeBetween(
                column=name, min_value=1, max_value=5,
                meta=check_meta("score_range", name,
                           "'{value}' is outside the scale. Scores run from 1 to 5.",
                           value_column=name),
            ))
        if column.kind == "count":
            checks.append(gxe.ExpectColumnValuesToBeBetween(
                column=name, min_value=0,
                meta=check_meta("count_range", name,
                           "'{value}' is below zero. Counts start at 0.", value_column=name),
            ))
        if column.kind == "date":
            checks.append(gxe.ExpectColumnValuesToBeBetween(
                column=name, min_value=pd.Timestamp(EARLIEST_DATE),
                meta=check_meta("date_range", name,
                           f"{{value}} is before {EARLIEST_DATE.year}. Check the year.",
                           value_column=name),
            ))
            if name != "due_date":  # a target date may lie ahead
                checks.append(gxe.ExpectColumnValuesToBeBetween(
                    column=name, max_value=pd.Timestamp(context.as_of),
                    meta=check_meta("future_date", name,
                               f"{{value}} is after the as-of date "
                               f"{context.as_of.strftime('%d/%m/%Y')}. Check the date; if it is "
                               "right, load with a later --as-of date.",
                               value_column=name),
                ))
    if {"board", contract.key} <= present:
        checks.append(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["board", contract.key],
            meta=check_meta("unique_key", contract.key,
                       f"{context.header(contract.key)} '{{value}}' appears more than once for "
                       "this board in the file. Keep one row per record.",
                       value_column=contract.key),
        ))
    if "themes__unmapped" in present:
        checks.append(gxe.ExpectColumnValuesToBeNull(
            column="themes__unmapped",
            meta=check_meta("unmapped_theme", "themes",
                       "'{value}' is not in the theme vocabulary. It is kept and counted as "
                       "unmapped; use a theme label (such as 'information sharing') or ask for "
                       "an alias to be added.",
                       severity="warning", value_column="themes__unmapped"),
        ))
    return checks


def _written(column: ContractColumn, code: str) -> str:
    """An allowed value as a person may write it: its label where the label reads as the
    value ('In progress'), else the code."""
    words = value_labels(column.name).get(code)
    if words and code in (value_key(words), column.value_aliases.get(value_key(words))):
        return words
    return code


def date_order(frame: pd.DataFrame, context: CheckContext, start: str, end: str,
               severity: str = "error") -> list[gxe.Expectation]:
    """The end date is on or after the start date, where both are given."""
    if not {start, end} <= set(frame.columns):
        return []
    return [gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=end, column_B=start, or_equal=True, ignore_row_if="either_value_is_missing",
        meta=check_meta("date_order", end,
                   f"{context.header(end)} ({{value}}) is before {context.header(start)} "
                   "({other}). Check both dates.",
                   severity=severity, value_column=end, other_column=start),
    )]


def not_more_than(frame: pd.DataFrame, context: CheckContext, smaller: str,
                  larger: str) -> list[gxe.Expectation]:
    if not {smaller, larger} <= set(frame.columns):
        return []
    return [gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=larger, column_B=smaller, or_equal=True,
        ignore_row_if="either_value_is_missing",
        meta=check_meta("count_order", smaller,
                   f"{context.header(smaller)} ({{value}}) is more than "
                   f"{context.header(larger)} ({{other}}).",
                   value_column=smaller, other_column=larger),
    )]
