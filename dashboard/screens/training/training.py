"""Training: who took up multi-agency training, who did not come, and what it covered."""

from __future__ import annotations

import streamlit as st

from dashboard.components import as_published, chart_block, nothing_matches, publication_line, say, tiles
from dashboard.data import model
from dashboard.screens.shared import published
from dashboard.screens.training.model import training
from dashboard.session import describe

f = st.session_state["filters"]
st.title("Training")
say(describe(f))
if publication_line(can_show_published=True):
    as_published(model(published, f, "training_by_agency", "training_by_workforce"),
                 "The charts, confidence and sessions per theme are")

view = model(training, f)
if view is None:
    nothing_matches()
    st.stop()

tiles(view.tiles)
for chart in view.charts:
    chart_block(chart)
