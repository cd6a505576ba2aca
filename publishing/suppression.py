"""Small-number suppression for anything published: counts from 1 to one below the threshold
are shown as 'c', with secondary suppression so that no hidden count can be worked out."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data_models.labels import plural
from data_models.settings import SUPPRESSION_THRESHOLD

SUPPRESSED = "c"
DEFAULT_THRESHOLD = SUPPRESSION_THRESHOLD


@dataclass(frozen=True)
class Additive:
    """Count columns that add up (to `total`, when the table shows it): hiding one of them
    alone would let a reader work it out from the others."""

    parts: tuple[str, ...]
    total: str | None = None


@dataclass(frozen=True)
class Rate:
    """A percentage (or other figure) computed from counts: hidden when its denominator is
    below the threshold, or when any count it is made from is hidden."""

    column: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    # False for a figure that cannot give a count away (a median): hidden on its base alone
    with_hidden_counts: bool = True


# Why a figure is hidden, each said truly where it is hidden (a sentence, a chart, a note).
PRIMARY = "primary"              # a count from 1 to threshold - 1
SECONDARY = "secondary"          # hidden so that another hidden count cannot be worked out
SMALL_BASE = "small_base"        # a rate or median on a base below the threshold
FROM_HIDDEN = "from_hidden"      # a rate made from a hidden count


def reason_words(reason: str | None, threshold: int, noun: str = "") -> str:
    """Why a figure is not shown, in a reader's words."""
    behind = f" {noun}" if noun else ""
    return {
        PRIMARY: f"a count from 1 to {threshold - 1}",
        SECONDARY: "hidden so that another hidden count cannot be worked out from the totals",
        SMALL_BASE: f"fewer than {threshold}{behind} behind the figure",
        FROM_HIDDEN: "it would reveal a hidden count",
    }.get(reason or "", "hidden under the disclosure policy")


@dataclass
class Suppressed:
    table: pd.DataFrame          # suppressed cells hold SUPPRESSED
    primary: int                 # counts from 1 to threshold - 1
    secondary: int               # further counts hidden so none can be worked out
    rates: int                   # percentages (or medians) not shown
    reasons: pd.DataFrame | None = None   # each hidden cell's reason (PRIMARY, ...), else None

    def note(self, name: str, threshold: int) -> str:
        if not (self.primary or self.secondary or self.rates):
            return f"{name}: nothing suppressed."
        return (f"{name}: {plural(self.primary, 'count')} from 1 to {threshold - 1} shown as "
                f"'{SUPPRESSED}'; {plural(self.secondary, 'further count')} hidden so that no "
                "hidden count can be worked out from totals or the other counts; "
                f"{plural(self.rates, 'figure')} not shown because "
                f"{'its' if self.rates == 1 else 'their'} base is below {threshold} or "
                "includes a hidden count.")


def _splits(frame: pd.DataFrame, within: tuple[str, ...] | None) -> list[list[object]]:
    """The groups of rows that split the same records (see `suppress`), two or more rows each."""
    if within is None:
        return []
    groups = ([list(frame.index)] if not within else
              [list(part.index) for _, part in frame.groupby(list(within), sort=False, dropna=False)])
    return [g for g in groups if len(g) >= 2]


def suppress(frame: pd.DataFrame, counts: list[str], *, additive: tuple[Additive, ...] = (),
             rates: tuple[Rate, ...] = (), threshold: int = DEFAULT_THRESHOLD,
             split_within: tuple[str, ...] | None = ()) -> Suppressed:
    """Hide small counts for publication, with secondary suppression.

    Primary: a count from 1 up to threshold - 1 is shown as 'c'. Secondary, across: within
    each additive group (parts and their total) no row may have exactly one hidden cell, since
    it could be recovered by subtraction from a total shown here or elsewhere; the smallest
    other non-zero part is hidden too (else the total, else a zero part). Secondary, down: where
    the rows split the same records and another table or a sentence gives their total
    (`split_within`: () when the whole table's rows do, as a table by agency or year does; the
    columns whose values group the rows that do, as ("measure",) in a table by measure and
    board; None when its rows are not a split, as themes, which overlap), no count column of
    such a group may have exactly one hidden cell either; the smallest other non-zero row is
    hidden too, else a zero in a row that has records. A row with no records is never used:
    other tables leave it out, which shows its zeros. Rates whose denominator is below the
    threshold, or that are computed from a hidden count, are not shown.
    """
    values = frame[counts].apply(pd.to_numeric, errors="coerce")
    hidden = (values >= 1) & (values < threshold)
    primary = int(hidden.to_numpy().sum())
    changed = True
    while changed:
        changed = False
        for group in additive:
            cells = [c for c in (*group.parts, *( [group.total] if group.total else [])) if c in counts]
            for index in frame.index:
                shown_hidden = [c for c in cells if hidden.at[index, c]]
                if len(shown_hidden) != 1:
                    continue
                others = [c for c in group.parts if c in counts and not hidden.at[index, c]]
                non_zero = [c for c in others if (values.at[index, c] or 0) > 0]
                if non_zero:
                    pick = min(non_zero, key=lambda c: values.at[index, c])
                elif group.total and group.total in counts and not hidden.at[index, group.total]:
                    pick = group.total
                elif others:             # only zeros left: hide one so the pair is ambiguous
                    pick = others[0]
                else:
                    continue
                hidden.at[index, pick] = True
                changed = True
        for rows in _splits(frame, split_within):
            for column in counts:
                if sum(bool(hidden.at[i, column]) for i in rows) != 1:
                    continue
                shown = [i for i in rows if not hidden.at[i, column]]
                row_non_zero = [i for i in shown if (values.at[i, column] or 0) > 0]
                with_records = [i for i in shown if (values.loc[i].fillna(0) > 0).any()]
                if not (row_non_zero or with_records):
                    continue
                pick_row = (min(row_non_zero, key=lambda i: values.at[i, column])
                            if row_non_zero else with_records[0])
                hidden.at[pick_row, column] = True
                changed = True
    out = frame.astype(object).copy()
    reasons = pd.DataFrame(None, index=frame.index, columns=frame.columns, dtype=object)
    for column in counts:
        out.loc[hidden[column], column] = SUPPRESSED
        reasons.loc[hidden[column], column] = SECONDARY
        reasons.loc[hidden[column] & (values[column] >= 1) & (values[column] < threshold),
                    column] = PRIMARY
    rates_hidden = 0
    for rate in rates:
        if rate.column not in frame:
            continue
        base = values.reindex(columns=list(rate.denominator)).sum(axis=1, min_count=1) \
            if set(rate.denominator) <= set(counts) else \
            frame[list(rate.denominator)].apply(pd.to_numeric, errors="coerce").sum(axis=1)
        made_of = [c for c in (*rate.numerator, *rate.denominator)
                   if c in counts and rate.with_hidden_counts]
        small = (base < threshold) & frame[rate.column].notna()
        from_hidden = (hidden[made_of].any(axis=1) if made_of
                       else pd.Series(False, index=frame.index)) & frame[rate.column].notna()
        hide = small | from_hidden
        out.loc[hide, rate.column] = SUPPRESSED
        reasons.loc[from_hidden, rate.column] = FROM_HIDDEN
        reasons.loc[small, rate.column] = SMALL_BASE
        rates_hidden += int(hide.sum())
    return Suppressed(out, primary, int(hidden.to_numpy().sum()) - primary, rates_hidden,
                      reasons)


def published_as_is(frame: pd.DataFrame) -> Suppressed:
    """A table of the board's own process, published as it is: nothing hidden."""
    return Suppressed(frame.astype(object).copy(), 0, 0, 0,
                      pd.DataFrame(None, index=frame.index, columns=frame.columns, dtype=object))
