"""Timescales: compliance with each statutory and guidance timescale, and why."""

from __future__ import annotations

import streamlit as st

from dashboard.components import (
    chart_block,
    drill_down,
    notes,
    nothing_matches,
    plain,
    publication_line,
    records_table,
    say,
)
from dashboard.data import model
from dashboard.screens.timescales.model import timescale_measures, timescales
from dashboard.session import describe

f = st.session_state["filters"]
st.title("Timescales")
say(describe(f))
publication_line()

labels = model(timescale_measures, f)
measure = st.selectbox("Measure", list(labels), format_func=lambda m: labels[m], key="measure")
view = model(timescales, f, measure)
if view is None:
    nothing_matches()
    st.stop()

st.markdown(f"**{plain(view.summary)}**")
notes(view.notes)
for chart in view.charts:
    chart_block(chart)

st.markdown("#### Misses and open clocks")
records_table(view.exceptions, "exceptions", "Misses and open clocks")
drill_down("Show the reviews behind a financial year", view.by_year, "year")
