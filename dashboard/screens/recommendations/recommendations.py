"""Recommendations: are they delivered, and is there evidence practice changed?"""

from __future__ import annotations

import streamlit as st

from dashboard.components import (
    as_published,
    chart_block,
    drill_down,
    notes,
    nothing_matches,
    publication_line,
    records_table,
    say,
    table,
    tiles,
)
from dashboard.data import model
from dashboard.screens.recommendations.model import chase, recommendations
from dashboard.screens.shared import published
from dashboard.session import describe
from data_models.labels import plural

f = st.session_state["filters"]
st.title("Recommendations")
say(describe(f))
if publication_line(can_show_published=True):
    as_published(model(published, f, "recommendations"),
                 "The charts and the lists of recommendations are")
say("Recommendations agreed in the period chosen, with their state on the as-of date.")

view = model(recommendations, f)
if view is None:
    nothing_matches()
    st.stop()

tiles(view.tiles)

chart_block(view.by_owner)
drill_down("Show the recommendations of an owner", view.owners, "owner")

st.markdown("#### Rated off track or at risk")
if view.rated == 0:
    st.caption("No recommendation in this view has a RAG rating: load a tracker with its RAG "
               "column to see what the board rates off track.")
else:
    st.caption(f"{view.off_track.total} open recommendations the board's tracker rates off "
               "track or at some risk, off track first, then the longest overdue (of "
               f"{view.rated} with a rating).")
    records_table(view.off_track, "off_track", "Recommendations rated off track or at risk")

who = model(chase, f)
st.markdown("#### Chase lists by owner")
st.caption(f"{who.total} open recommendations to chase on the as-of date, whatever year they "
           f"were agreed: past their due date, rated off track, or without a progress update "
           f"for more than {who.no_update_days} days. Oldest due first; the Exports page makes "
           "each owner's letter.")
notes(who.notes)
table(who.by_owner, "chase_owners", "Recommendations to chase, by owner", shared=True)
drill_down("Show the chase list of an owner", who.owners, "chase_owner")
st.markdown("#### Escalation")
st.caption(f"{who.escalation.total} for the executive: overdue by more than "
           f"{who.overdue_days} days, or rated off track in two successive uploads of the "
           "board's tracker. Most overdue first.")
records_table(who.escalation, "escalation", "Recommendations to escalate")

st.markdown("#### Overdue")
late = view.late
st.caption(f"{late.total} open recommendations are past their due date; the longest by "
           f"{view.longest_late} days.")
records_table(late, "overdue", "Overdue recommendations")

chart_block(view.age)

st.markdown("#### Not implemented")
st.caption(f"{plural(view.dropped.total, 'recommendation')} will not be implemented, with the reasons "
           "given.")
records_table(view.dropped, "not_implemented", "Recommendations not implemented")
