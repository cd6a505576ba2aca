"""Data quality: every upload and what the checks found, freshness and completeness."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import charts
from dashboard.access import require
from dashboard.components import chart_block, readable, say
from dashboard.data import query
from dashboard.models import Chart
from data_models import queries
from data_models.filters import Filters

require("upload")
st.title("Data quality")
everything = Filters(as_of=dt.date.today())

uploads = query(queries.uploads)
st.markdown("#### Uploads")
if uploads.empty:
    st.info("No uploads yet.")
else:
    say(f"{len(uploads)} uploads; {int((uploads['outcome'] == 'rejected').sum())} rejected by the "
        "checks.")
    shown = uploads[["upload_id", "received_at", "uploaded_by", "kind", "file_name", "sha256",
                     "rows", "outcome", "added", "replaced", "unchanged", "errors", "warnings"]]
    st.dataframe(readable(shown), hide_index=True, key="uploads")
    with_problems = uploads[(uploads["errors"] + uploads["warnings"]) > 0]
    options = {f"{r.upload_id}: {r.file_name} ({r.outcome})": int(r.upload_id)
               for r in with_problems.itertuples()}
    picked = st.selectbox("Show the problems of an upload", ["—", *options], key="drill_upload")
    if picked != "—":
        st.dataframe(query(queries.upload_problems, options[picked]), hide_index=True,
                     key="upload_problems")

st.markdown("#### Theme text that maps to no theme, by board")
unmapped = query(queries.unmapped_by_board, everything)
if unmapped.empty:
    say("Every theme mention of every data set maps to a theme.")
else:
    say(f"{int(unmapped['mentions'].sum()):,} theme mentions match no theme. Map them on the "
        "Upload page, or with `assurance map KIND themes \"TEXT=THEME\" --board NAME`.")
    st.dataframe(readable(unmapped), hide_index=True, key="unmapped_by_board")

st.markdown("#### Freshness")
for kind, sentence in queries.freshness_sentences(query(queries.data_freshness, everything)):
    say(f"{kind}: {sentence}")

rates = query(queries.upload_pass_rates)
chart_block(Chart.of("pass_rates", "Check pass rate over time",
            "Share of each month's uploads that passed the checks, by data set.",
            charts.percent_line(rates.assign(series=rates["kind"]).pivot_table(
                index="month", columns="series", values="pass_pct").reset_index(), "month",
                {k: k for k in rates["kind"].unique()}) if len(rates) else charts.empty_figure(),
            rates))

completeness = query(queries.timescale_completeness, everything)
chart_block(Chart.of("completeness", "Completeness of the dates the timescales need",
            "For each measure and review type, the share of reviews holding the date that "
            "starts the clock; without it the measure cannot be reported.",
            charts.horizontal_bars(completeness.assign(
                measure_type=completeness["measure"] + " · " + completeness["review_type"]),
                "measure_type", "complete_pct", "Complete (%)"),
            completeness))
