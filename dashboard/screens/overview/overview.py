"""Overview: the headline, the trend and the exceptions, on one screen."""

from __future__ import annotations

import streamlit as st

from dashboard.components import notes, publication_line, records_table, say, tiles
from dashboard.data import model
from dashboard.screens.overview.model import overview
from dashboard.screens.shared import THRESHOLD
from dashboard.session import describe
from data_models.queries import MIN_COMPARED

f = st.session_state["filters"]
st.title("Safeguarding assurance")
say(describe(f))
publication_line()

view = model(overview, f)
say(f"Tiles: {view.period_note}. A rate on fewer than {THRESHOLD} is shown as counts."
    + (f" Beside each, the same figure over every board of its type, naming none, where "
       f"{MIN_COMPARED} or more other boards hold it." if view.compared else ""))
notes(view.tile_notes)
for board_type, row in view.tiles.items():
    st.subheader("Children's partnerships" if board_type == "children" else "Adults' boards")
    tiles(row)

st.subheader("Needs attention")
labels = {
    "overdue_clocks": "Overdue clocks",
    "due_soon": "Clocks due in the next five working days",
    "recommendations_past_due": "Recommendations past their due date, agreed in any year",
}
for key, records in view.attention.items():
    with st.expander(f"{labels[key]}: {records.total}", expanded=key == "overdue_clocks"):
        notes(view.attention_notes[key])
        if not records.total:
            st.write("None.")
        else:
            records_table(records, f"attention_{key}", labels[key])

st.subheader("Data freshness")
for kind, sentence in view.freshness:
    st.write(f"**{kind}**: {sentence}")
