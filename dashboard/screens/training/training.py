"""Training: who took up multi-agency training, who did not come, and what it covered."""

from __future__ import annotations

import streamlit as st

from dashboard.components import chart_block, nothing_matches, publication_line, say, tiles
from dashboard.data import model
from dashboard.screens.training.model import training
from dashboard.session import describe

f = st.session_state["filters"]
st.title("Training")
say(describe(f))
publication_line()

view = model(training, f)
if view is None:
    nothing_matches()
    st.stop()

tiles(view.tiles)
for chart in view.charts:
    chart_block(chart)
