"""Did the board's actions on a theme make a difference? The statistics and the words for
what followed them: proportions before and after the cut-over with their 95% intervals
(Wilson's), "too few to tell" below a stated base, and a sentence that says what changed and
that it shows change, not its cause. Works on the rows of the `theme_impact` query; no
Streamlit, no database.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from data_models.labels import percent, percent_of, plural, share

# A proportion on fewer items than this, before or after, is "too few to tell".
MIN_BASE = 10
Z95 = 1.959964                                  # the normal quantile of a 95% interval
WINDOW = "the two years before the cut-over and from it to the as-of date (at most two years)"
CUT_OVER_RULE = ("The cut-over is the date by which more than half of the "
                 "recommendations were completed (or assured), unless one is chosen.")
NOT_CAUSE = ("This shows what changed after the actions, not that they caused it: other "
             "things changed too.")
CLEAR_RULE = (f"A change is called clear only where the two 95% intervals (Wilson) do not "
              f"overlap; a share on fewer than {MIN_BASE} items, before or after, is too few "
              "to tell.")


def wilson(part: int, whole: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of part/whole, as percentages (low, high)."""
    if whole <= 0:
        return (math.nan, math.nan)
    p = part / whole
    spread = z * z / whole
    centre = (p + spread / 2) / (1 + spread)
    half = z / (1 + spread) * math.sqrt(p * (1 - p) / whole + z * z / (4 * whole * whole))
    # rounded past any figure shown: 10 of 10 reaches 100% exactly, not 99.99999...
    return (round(100 * max(0.0, centre - half), 9), round(100 * min(1.0, centre + half), 9))


@dataclass(frozen=True)
class Measure:
    """One thing that followed the actions, as its row in `theme_impact` names it."""

    key: str
    label: str                  # "reviews raising it"
    part: str                   # column prefix of the numerator
    whole: str                  # column prefix of the base
    better: str                 # "fell" or "rose": which way is the hoped-for change
    words: dict[str, str]       # change -> what it means in a sentence
    on_theme: bool = True       # whether the base counts items on the theme (not all reviews)


MEASURES = (
    Measure("reviews_raising_it", "new reviews raising it", "raised", "reviews", "fell",
            {"fell": "fewer new reviews raise it", "rose": "more new reviews raise it"},
            on_theme=False),
    Measure("audits_good_or_better", "audits on it graded good or better", "good", "audits", "rose",
            {"fell": "fewer audits on it are graded good or better",
             "rose": "more audits on it are graded good or better"}),
    Measure("confident_after_training", "attendees of training on it confident afterwards (4 or 5 of 5)",
            "confident", "answered", "rose",
            {"fell": "fewer attendees are confident after training on it",
             "rose": "more attendees are confident after training on it"}),
)


def change(before: tuple[int, int], after: tuple[int, int]) -> str:
    """'fell', 'rose', 'no clear change', 'too few to tell' or 'none either side', from (part,
    whole) before and after."""
    if before[1] == 0 and after[1] == 0:
        return "none either side"
    if before[1] < MIN_BASE or after[1] < MIN_BASE:
        return "too few to tell"
    low_before, high_before = wilson(*before)
    low_after, high_after = wilson(*after)
    if high_after < low_before:
        return "fell"
    if low_after > high_before:
        return "rose"
    return "no clear change"


def findings(impact: pd.DataFrame) -> pd.DataFrame:
    """One row per theme and measure: the share before and after the cut-over, each with its
    interval and base, and the change (themes with no cut-over have none)."""
    rows = []
    for row in impact.itertuples():
        if pd.isna(row.cut_over):
            continue
        for m in MEASURES:
            before = (int(getattr(row, f"{m.part}_before")), int(getattr(row, f"{m.whole}_before")))
            after = (int(getattr(row, f"{m.part}_after")), int(getattr(row, f"{m.whole}_after")))
            cells: list[object] = [row.theme, m.label]
            for part, whole in (before, after):
                low, high = wilson(part, whole)
                cells += [part, whole, share(part, whole),
                          round(low, 1) if whole else None, round(high, 1) if whole else None]
            rows.append([*cells, change(before, after)])
    return pd.DataFrame(rows, columns=[
        "theme", "what_followed", "before_part", "before_whole", "before_pct", "before_low",
        "before_high", "after_part", "after_whole", "after_pct", "after_low", "after_high",
        "change"])


MISSING = "no audit since: assurance missing"


def state(row: object) -> str:
    """Where a theme's actions stand, in a few words, for the list of every theme."""
    completed = int(row.completed)  # type: ignore[attr-defined]
    if pd.isna(row.cut_over):  # type: ignore[attr-defined]
        if completed == 0:
            return "none completed yet"
        if 2 * completed > int(row.recommendations):  # type: ignore[attr-defined]
            return "most completed, dates missing"
        return "half or fewer completed"
    if int(row.audits_since) == 0:  # type: ignore[attr-defined]
        return MISSING
    return "completed; audited since"


def overview(impact: pd.DataFrame) -> pd.DataFrame:
    """Every theme with recommendations, those whose actions were completed with no audit on
    the theme since first (that is where assurance is missing), then those with a cut-over,
    then the rest; each with where it stands and the changes seen."""
    if impact.empty:
        return pd.DataFrame(columns=["theme", "where_it_stands", "recommendations",
                                     "completed", "cut_over", "audits_since",
                                     *(m.key for m in MEASURES)])
    found = findings(impact)
    changes = {(r.theme, r.what_followed): r.change for r in found.itertuples()}
    out = impact.assign(
        where_it_stands=[state(r) for r in impact.itertuples()],
        missing=[pd.notna(r.cut_over) and int(r.audits_since) == 0
                 for r in impact.itertuples()],
        **{m.key: [changes.get((t, m.label)) for t in impact["theme"]] for m in MEASURES})
    out = out.assign(rank=[0 if missing else 1 if pd.notna(cut) else 2
                           for missing, cut in zip(out["missing"], out["cut_over"], strict=True)])
    out = out.sort_values(["rank", "sort_order"], kind="stable")
    return out[["theme", "where_it_stands", "recommendations", "completed", "cut_over",
                "audits_since", *(m.key for m in MEASURES)]].reset_index(drop=True)


def _share(part: int, whole: int) -> str:
    low, high = wilson(part, whole)
    return (f"{percent_of(part, whole)} (95% interval {percent(low)} to {percent(high)}; "
            f"{part} of {whole})")


def telling(row: object, protect: dict[str, int] | None = None) -> bool:
    """Whether anything can be said of what followed a theme's actions (a change, or its
    absence, on enough items and not withheld), or its assurance is missing."""
    if pd.isna(row.cut_over):  # type: ignore[attr-defined]
        return False
    if int(row.audits_since) == 0:  # type: ignore[attr-defined]
        return True
    for m in MEASURES:
        before = (int(getattr(row, f"{m.part}_before")), int(getattr(row, f"{m.whole}_before")))
        after = (int(getattr(row, f"{m.part}_after")), int(getattr(row, f"{m.whole}_after")))
        below = (protect or {}).get(m.key, 0)
        withheld = below > 0 and protected(row, m, below)
        if change(before, after) in ("fell", "rose", "no clear change") and not withheld:
            return True
    return False


def protected(row: object, m: Measure, below: int) -> bool:
    """Whether a count about the theme, before or after, is from 1 to `below` - 1 (a published
    report withholds such a measure where the disclosure policy protects it): the items naming
    it, those not (which the base would give away), and a base that is itself items on the
    theme."""
    for side in ("before", "after"):
        part, whole = int(getattr(row, f"{m.part}_{side}")), int(getattr(row, f"{m.whole}_{side}"))
        counts = [part, whole - part, *([whole] if m.on_theme else [])]
        if any(0 < count < below for count in counts):
            return True
    return False


def sentences(row: object, protect: dict[str, int] | None = None) -> list[str]:
    """What followed a theme's actions, in plain sentences: the cut-over and why, each measure
    before and after (or too few to tell), and that this shows change, not cause. `protect`
    (measure key -> threshold) withholds a measure with a count below its threshold."""
    r = row
    theme = str(r.theme)  # type: ignore[attr-defined]
    if pd.isna(r.cut_over):  # type: ignore[attr-defined]
        completed, n = int(r.completed), int(r.recommendations)  # type: ignore[attr-defined]
        if 2 * completed > n:
            dated = int(r.completed_dated)  # type: ignore[attr-defined]
            return [f"{theme.capitalize()}: {completed} of its {plural(n, 'recommendation')} "
                    f"{'is' if completed == 1 else 'are'} completed, "
                    f"but {'only ' + str(dated) if dated else 'none'} of them "
                    f"{'has' if dated == 1 else 'have'} a completion date, so when more than "
                    "half were done is not known: choose a cut-over date to compare before "
                    "and after."]
        return [f"{theme.capitalize()}: {completed} of its {n} recommendation"
                f"{'' if n == 1 else 's'} completed, not yet more than half, so there is no "
                "before and after to compare yet (choose a cut-over date to compare anyway)."]
    cut = pd.Timestamp(r.cut_over).date()  # type: ignore[attr-defined]
    n = int(r.recommendations)  # type: ignore[attr-defined]
    why = ("the date chosen" if bool(r.cut_over_chosen)  # type: ignore[attr-defined]
           else "its one recommendation was completed then" if n == 1
           else f"by then more than half of its {n} recommendations were completed")
    day_before = cut - dt.timedelta(days=1)
    out = [f"{theme.capitalize()}: the cut-over is {cut:%d/%m/%Y} ({why}). Before: "
           f"{pd.Timestamp(r.before_from):%d/%m/%Y} to {day_before:%d/%m/%Y}; after: "  # type: ignore[attr-defined]
           f"{cut:%d/%m/%Y} to {pd.Timestamp(r.after_to):%d/%m/%Y}."]  # type: ignore[attr-defined]
    for m in MEASURES:
        before = (int(getattr(r, f"{m.part}_before")), int(getattr(r, f"{m.whole}_before")))
        after = (int(getattr(r, f"{m.part}_after")), int(getattr(r, f"{m.whole}_after")))
        verdict = change(before, after)
        label = m.label[0].upper() + m.label[1:]
        if verdict == "none either side":
            out.append(f"{label}: none, before or after.")
            continue
        if protect and protect.get(m.key, 0) > 0 and protected(r, m, protect[m.key]):
            out.append(f"{label}: withheld, since a count about the theme is below "
                       f"{protect[m.key]} and the disclosure policy protects such counts (the "
                       f"change seen: {verdict}).")
            continue
        if verdict == "too few to tell":
            out.append(f"{label}: too few to tell ({after[1]} after, {before[1]} before; "
                       f"at least {MIN_BASE} needed on each side).")
            continue
        said = m.words.get(verdict, "no clear change")
        out.append(f"{label}: {_share(*after)} after, against {_share(*before)} before: "
                   f"{said}.")
    if int(r.audits_since) == 0:  # type: ignore[attr-defined]
        out.append("No audit has looked at it since the cut-over: assurance that practice "
                   "changed is missing.")
    out.append(NOT_CAUSE)
    return out


def in_words(found: pd.DataFrame) -> pd.DataFrame:
    """The findings as a reader takes them in a table: each share with its interval and base,
    before and after, and the change."""
    def cell(part: object, whole: object) -> str:
        if not whole:
            return "none"
        return _share(int(part), int(whole))  # type: ignore[call-overload]

    return pd.DataFrame({
        "theme": found["theme"], "what_followed": found["what_followed"],
        "before": [cell(p, w) for p, w in zip(found["before_part"], found["before_whole"],
                                                strict=True)],
        "after": [cell(p, w) for p, w in zip(found["after_part"], found["after_whole"],
                                              strict=True)],
        "change_seen": found["change"]})
