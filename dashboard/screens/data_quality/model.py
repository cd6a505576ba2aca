"""What the Data quality page shows: every upload and its problems, theme text that maps to no
theme, the pass rate of the checks, the completeness of the dates the timescales need, clocks
whose end date is not recorded and agency names used once or twice. No Streamlit: the page
(data_quality.py) draws it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.screens.shared import Chart, percent_or_counts, readable
from data_models import queries as q
from data_models.filters import Filters
from data_models.scope import Reads
from data_models.vocabularies import labels


@dataclass(frozen=True)
class DataQuality:
    uploads: pd.DataFrame
    rejected: int
    with_problems: dict[str, int]            # "7: file.csv (rejected)" -> upload 7
    unmapped: pd.DataFrame
    unmapped_mentions: int
    freshness: list[tuple[str, str]]
    pass_rates: Chart
    completeness: Chart
    not_recorded: pd.DataFrame               # clocks with no end date though a later step is
    lone_agencies: pd.DataFrame              # agency names a board's records use once or twice


SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "note": "Applied"}


def upload_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """An upload's problems as the Upload page listed them: what, where, what to do."""
    return readable(problems.assign(
        severity=problems["severity"].map(lambda v: SEVERITY_WORDS.get(v, v))).rename(
        columns={"severity": "what", "message": "what_to_do"}).drop(columns="rule"))


def data_quality(db: Reads, f: Filters) -> DataQuality:
    uploads = db(q.uploads, f)
    with_problems = uploads[(uploads["errors"] + uploads["warnings"]) > 0]
    unmapped = db(q.unmapped_by_board, f)
    unmapped = unmapped.assign(data_set=unmapped["data_set"].str.capitalize())
    rates = db(q.upload_pass_rates, f)
    rates = rates.assign(month=pd.to_datetime(rates["month"] + "-01"),
                         kind=rates["kind"].str.capitalize())
    completeness = db(q.timescale_completeness, f)
    rules = db(q.timescale_rules, f.board)
    short = dict(zip(rules["rule_id"], rules["short_label"].fillna(rules["label"]), strict=True))
    review_types = labels("review_type")
    bars = completeness.assign(measure_type=[
        f"{short.get(m, m)} · {review_types.get(t, t)}"
        for m, t in zip(completeness["measure"], completeness["review_type"], strict=True)],
        bar_text=[percent_or_counts(n, total) for n, total in zip(
            completeness["with_date"], completeness["reviews"], strict=True)])
    return DataQuality(
        readable(uploads.assign(received_at=uploads["received_at"].dt.strftime("%d/%m/%Y %H:%M"),
                                kind=uploads["kind"].str.capitalize())[
            ["upload_id", "received_at", "uploaded_by", "kind", "file_name", "rows", "outcome",
             "added", "replaced", "unchanged", "errors", "warnings", "sha256"]]),
        int((uploads["outcome"] == "rejected").sum()),
        {f"{r.upload_id}: {r.file_name} ({r.outcome})": int(r.upload_id)
         for r in with_problems.itertuples()},
        readable(unmapped), int(unmapped["mentions"].sum()) if len(unmapped) else 0,
        q.freshness_sentences(db(q.data_freshness, f)),
        Chart.of("pass_rates", "Check pass rate over time",
                 "Share of each month's uploads that passed the checks, by data set.",
                 charts.monthly_percent(rates, "month", "kind", "pass_pct", "Uploads passed (%)"),
                 rates.assign(month=rates["month"].dt.strftime("%B %Y"))),
        Chart.of("completeness", "Completeness of the dates the timescales need",
                 "For each measure and review type, the share of reviews holding the date that "
                 "starts the clock; without it the measure cannot be reported.",
                 charts.horizontal_bars(bars, "measure_type", "complete_pct",
                                        "Reviews with the date (%)", counts=False,
                                        text="bar_text"),
                 completeness.drop(columns="label"), measures=short),
        readable(_not_recorded(db(q.timescale_records, f.but(period=None, quarter=None))),
                 short),
        readable(db(q.lone_agencies, f)),
    )


def _not_recorded(records: pd.DataFrame) -> pd.DataFrame:
    gaps = records[records["status"] == "not_recorded"]
    return gaps[["board", "review_id", "measure", "start_date", "due_date"]].reset_index(
        drop=True)
