"""Recommendations: are they delivered, and is there evidence practice changed?"""

from __future__ import annotations

import streamlit as st

from dashboard import models
from dashboard.components import (
    chart_block,
    drill_down,
    nothing_matches,
    records_table,
    say,
    tiles,
)
from dashboard.data import model

f = st.session_state["filters"]
st.title("Recommendations")
say(f.describe())
say("Recommendations agreed in the period chosen, with their state on the as-of date.")

view = model(models.recommendations, f)
if view is None:
    nothing_matches()
    st.stop()

tiles(view.tiles)

chart_block(view.by_owner)
drill_down("Show the recommendations of an owner", view.owners, "owner")

st.markdown("#### Overdue")
late = view.late
st.caption(f"{late.total} open recommendations are past their due date; the longest by "
           f"{view.longest_late} days.")
records_table(late, "overdue", "Overdue recommendations")

chart_block(view.age)

st.markdown("#### Not implemented")
st.caption(f"{view.dropped.total} recommendations will not be implemented, with the reasons "
           "given.")
records_table(view.dropped, "not_implemented", "Recommendations not implemented")
