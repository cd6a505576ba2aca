"""Training: who took up multi-agency training, who did not come, and what it covered."""

from __future__ import annotations

import streamlit as st

from dashboard import models
from dashboard.components import chart_block, nothing_matches, say
from dashboard.data import model

f = st.session_state["filters"]
st.title("Training")
say(f.describe())

view = model(models.training, f)
if view is None:
    nothing_matches()
    st.stop()

a, b, c = st.columns(3)
a.metric("Booked", f"{view.booked:,}", border=True)
b.metric("Attendance", view.attendance, border=True)
c.metric("No-show rate", view.no_show, border=True,
         help="Did not attend, as a share of those who attended or did not attend.")
for chart in view.charts:
    chart_block(chart)
