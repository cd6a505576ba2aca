"""Audits: what multi-agency and single-agency audits found."""

from __future__ import annotations

import streamlit as st

from dashboard.components import as_published, chart_block, drill_down, nothing_matches, publication_line, say
from dashboard.data import model
from dashboard.screens.audits.model import audits
from dashboard.screens.shared import published
from dashboard.session import describe

f = st.session_state["filters"]
st.title("Audits")
say(describe(f))
if publication_line(can_show_published=True):
    as_published(model(published, f, "audits_by_agency", "audits_by_year"),
                 "The charts, the themes of audits below good and the records behind an agency are")

view = model(audits, f)
if view is None:
    nothing_matches()
    st.stop()

chart_block(view.by_agency)
drill_down("Show the audits of an agency", view.agencies, "agency")
for chart in view.charts:
    chart_block(chart)
