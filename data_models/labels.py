"""Words for people in place of the product's codes: column headers ("Compliance (%)", not
`compliance_pct`), values ("In progress", not `in_progress`), yes and no. The pages, the
exports and the command line all put a figure's table in front of a reader through these, so
a header means the same everywhere. No pandas import at module level beyond what a frame
needs; no Streamlit.
"""

from __future__ import annotations

import math
import shlex
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from data_models.vocabularies import labels


def _half_up(exact: Fraction, places: int) -> Decimal:
    """`exact` to `places` decimals, halves away from zero, as published statistics round
    (Python's round() and numpy's round halves to even: never use them for a figure)."""
    scaled = abs(exact) * 10 ** places
    digits = math.floor(scaled + Fraction(1, 2))
    return Decimal(digits if exact >= 0 else -digits).scaleb(-places)


def _written(exact: Fraction) -> str:
    whole = _half_up(exact, 0)
    if whole in (0, 100) and exact not in (0, 100):
        tenth = _half_up(exact, 1)
        return "<0.1%" if tenth == 0 else ">99.9%" if tenth == 100 else f"{tenth}%"
    return f"{whole}%"


def share(part: int, whole: int, places: int = 1) -> float | None:
    """100 x part / whole from the counts, rounded once, halves up, to `places` decimals (one,
    as tables hold a percentage); None when `whole` is 0. Exact: no float on the way, so the
    table's figure is the one a reader works out from the counts beside it."""
    if not whole:
        return None
    return float(_half_up(Fraction(100 * int(part), int(whole)), places))


def points(part: int, whole: int, before_part: int, before_whole: int,
           places: int = 1) -> float | None:
    """The change in percentage points from one share to another (100 x part / whole, less
    100 x before_part / before_whole), from the four counts, rounded once, halves away from
    zero; None when either whole is 0. Never the difference of two rounded percentages."""
    if not whole or not before_whole:
        return None
    exact = Fraction(100 * int(part), int(whole)) - Fraction(100 * int(before_part),
                                                              int(before_whole))
    return float(_half_up(exact, places))


def percent_of(part: int, whole: int) -> str:
    """A percentage as every page, chart, sentence and report table writes it, from the counts
    it stands for, rounded once: never from a percentage already rounded (59.46 is 59%, though
    59.5 is 60%). Written as `percent` says."""
    if not whole:
        raise ValueError("a percentage of nothing: the whole is 0")
    return _written(Fraction(100 * int(part), int(whole)))


def percent(value: float) -> str:
    """A percentage as every page, chart, sentence and report table gives it: a whole number
    with %, and one decimal only where rounding would say none or all when that is not so
    (0.4% is not 0%, 99.6% is not 100%). Halves round up, as published statistics do. For a
    figure that is not a share of counts (an interval's bound); one made from counts is
    written from them (`percent_of`), so that it is rounded once."""
    return _written(Fraction(Decimal(str(value))))


# Headers that the plain rule (underscores to spaces, first letter capital) would get wrong
# or leave unclear.
COLUMN_LABELS: dict[str, str] = {
    "actions_completed": "Actions completed", "actions_raised": "Actions raised",
    "age_days": "Age (days)", "agreed_date": "Date agreed",
    "la_code": "ONS code", "old_la_code": "DfE code", "la_name": "Local authority",
    "attendance_pct": "Attendance (%)", "audits_below_good": "Audits below good",
    "audits_good_or_better": "Audits good or better", "board_type": "Board type",
    "audits_since": "Audits since the cut-over", "case_ref": "Case reference",
    "confident_after_training": "Confident after training", "cut_over": "Cut-over",
    "reviews_raising_it": "New reviews raising it", "why_listed": "Why listed",
    "days_since_update": "Days since the last update", "change_seen": "Change seen",
    "change": "Change (points)",
    "complete_pct": "Complete (%)", "completed_date": "Date completed",
    "compliance_pct": "Compliance (%)", "counted": "Clocks counted",
    "data_set": "Data set", "days_overdue": "Days overdue", "due_date": "Due date",
    "elapsed": "Time taken", "end_date": "End date", "evidence_of_impact": "Evidence of impact",
    "file_name": "File", "first_texts": "First texts (A to Z)",
    "good_or_better": "Good or better", "good_or_better_pct": "Good or better (%)",
    "imported_at": "Imported", "imported_by": "Imported by", "is_open": "Open",
    "is_overdue": "Overdue", "items_total": "Items in all", "items_with_theme": "Items with the theme",
    "kind": "Data set", "last_updated": "Last updated", "last_upload": "Last upload",
    "last_upload_id": "Last upload number", "last_year_counted": "Clocks counted last year",
    "last_year_pct": "Compliance last year (%)", "latest_date": "Latest date",
    "limit": "Limit", "measure": "Timescale", "median_elapsed": "Median time taken",
    "mention": "Theme text", "not_applicable": "Not applicable", "not_audited": "No audit",
    "not_recorded": "End date not recorded",
    "not_trained": "No training", "period": "Financial year", "post_confidence": "Confidence after",
    "post_confidence_n": "Confidence after (answers)", "pre_confidence": "Confidence before",
    "pre_confidence_n": "Confidence before (answers)", "received_at": "Received",
    "recommendation_id": "Recommendation", "recommendation": "What was recommended",
    "recommendations_open": "Recommendations open",
    "recommendations_overdue": "Recommendations overdue", "review_id": "Review",
    "review_type": "Review type", "rule_board_type": "Board type of the rule",
    "rule_id": "Rule", "session_date": "Session date", "sha256": "SHA-256 of the file",
    "share_pct": "Share (%)", "short_label": "Short label", "start_column": "Clock starts at",
    "start_date": "Start date", "status_reason": "Reason for the status",
    "training_attendees": "People trained", "training_sessions": "Training sessions",
    "upload_id": "Upload", "uploaded_by": "Uploaded by", "with_date": "With the date",
    "audit_id": "Audit", "booking_id": "Booking", "made_at": "Made", "made_by": "Made by",
    "uploads_using_it": "Uploads that used it", "rows_affected": "Rows", "row_list": "Which rows",
    "which_rows": "Which rows", "as_of": "As of",
}

# Which vocabulary the values of a column come from.
_VALUE_VOCABULARY = {
    "board_type": "board_type", "rule_board_type": "board_type", "review_type": "review_type",
    "grade": "audit_grade", "workforce": "training_workforce", "rating": "recommendation_rating",
}
# Status columns hold the words of whichever data set they belong to; these are all of them.
_STATUS_WORDS = {
    "met": "Met", "missed": "Missed", "overdue": "Overdue", "pending": "Pending",
    "not_applicable": "Not applicable", "not_recorded": "Date not recorded", "open": "Open",
    "closed": "Closed",
    "stored": "Stored", "rejected": "Rejected", "unchanged": "Unchanged",
}
_UNIT_WORDS = {"working_days": "working days", "months": "months", "days": "days"}
_COMPARISON_WORDS = {"at_most": "at most", "at_least": "at least"}


def column_label(name: str) -> str:
    """A column's header in words."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    vocabulary_words = {**labels("recommendation_status"), **labels("audit_grade"),
                        **labels("training_status")}
    if name in vocabulary_words:
        return vocabulary_words[name]
    text = str(name).replace("_pct", " (%)").replace("_", " ")
    return text[:1].upper() + text[1:]


def value_labels(column: str) -> dict[str, str]:
    """Code -> words for the values a column holds (empty when its values are words already)."""
    if column in _VALUE_VOCABULARY:
        return labels(_VALUE_VOCABULARY[column])
    if column == "status":
        return {**labels("recommendation_status"), **labels("training_status"), **_STATUS_WORDS}
    if column == "outcome":
        return _STATUS_WORDS
    if column == "unit":
        return _UNIT_WORDS
    if column == "comparison":
        return _COMPARISON_WORDS
    return {}


def humane(frame: pd.DataFrame, *, keep_dates: bool = False,
           measures: dict[str, str] | None = None) -> pd.DataFrame:
    """The frame as a reader sees it: headers in words, codes as their labels, yes/no for
    true/false, nothing for missing. Dates become day/month/year text unless `keep_dates`
    (a workbook keeps real dates). `measures` (rule id -> label) names timescales."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_bool_dtype(values.dtype) or (
                values.dtype == object and values.dropna().map(type).eq(bool).all()
                and values.notna().any()):
            out[column] = values.map({True: "Yes", False: "No"}).astype(object)
            continue
        if pd.api.types.is_datetime64_any_dtype(values):
            if not keep_dates:
                out[column] = values.dt.strftime("%d/%m/%Y").astype(object)
            continue
        words = value_labels(str(column))
        if column == "measure" and measures:
            words = measures
        if words and (values.dtype == object or pd.api.types.is_string_dtype(values)):
            out[column] = values.map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
    out = out.astype(object).where(out.notna(), None)
    out.columns = [column_label(str(c)) for c in out.columns]
    return out


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """A count with its noun agreeing: "1 review", "8 reviews", "1,204 bookings"; `nouns` for a
    plural that is not the noun with an s ("1 person", "3 people"). Never "review(s)"."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"


def shell_word(value: str) -> str:
    """A value as one word a shell reads back as written, in the easiest form to read: in
    double quotes when it holds an apostrophe and nothing a shell reads inside double quotes
    ($ ` \\ " !), else as shlex quotes it. Always safe to paste: nothing in it runs."""
    if "'" in value and not any(c in value for c in '$`\\"!'):
        return f'"{value}"'
    return shlex.quote(value)
