"""Timescales: compliance with each statutory and guidance timescale, and why."""

from __future__ import annotations

import streamlit as st

from dashboard.components import (
    as_published,
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
from dashboard.screens.shared import published
from dashboard.screens.timescales.model import timescale_measures, timescales
from dashboard.session import describe

f = st.session_state["filters"]
st.title("Timescales")
say(describe(f))
if publication_line(can_show_published=True):
    as_published(model(published, f, "timescales", "timescales_by_year", "timescales_by_board"),
                 "The charts, the misses and open clocks and the reviews behind a year are")

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
