"""Training: who took up multi-agency training, who did not come, and what it covered."""

from __future__ import annotations

import streamlit as st

from dashboard.components import chart_block, nothing_matches, say
from dashboard.data import model

f = st.session_state["filters"]
st.title("Training")
say(f.describe())

view = model("training", f)
if view is None:
    nothing_matches()
    st.stop()

totals = view["totals"]
a, b, c = st.columns(3)
a.metric("Booked", f"{int(totals['booked']):,}", border=True)
b.metric("Attendance", f"{totals['attendance_pct']:.0f}%", border=True)
c.metric("No-show rate", f"{totals['no_show_pct']:.0f}%", border=True,
         help="Did not attend, as a share of those who attended or did not attend.")
for chart in view["charts"]:
    chart_block(chart)
