"""Overview: the headline, the trend and the exceptions, on one screen."""

from __future__ import annotations

import streamlit as st

from dashboard.components import percent, records_table, say
from dashboard.data import model

f = st.session_state["filters"]
st.title("Safeguarding assurance")
say(f.describe())

view = model("overview", f)
tiles, indicators = view["tiles"], view["indicators"]
for board_type in [bt for bt in ("children", "adults") if bt in set(tiles["board_type"])]:
    st.subheader("Children's partnerships" if board_type == "children" else "Adults' boards")
    rows = tiles[tiles["board_type"] == board_type]
    columns = st.columns(3)
    for i, tile in enumerate(rows.itertuples()):
        with columns[i % len(columns)]:
            delta = None if tile.change != tile.change else f"{tile.change:+.0f} pts on last year"
            st.metric(tile.short_label, percent(tile.compliance_pct), delta=delta, border=True,
                      help=f"{tile.label}. {tile.period}: {tile.met} met, {tile.missed} missed, "
                           f"{tile.overdue} overdue (counted as missed), {tile.pending} pending.")
            st.caption(f"{tile.period}: {tile.met} met · {tile.missed} missed · "
                       f"{tile.overdue} overdue · {tile.pending} pending")
    if board_type in indicators.index:
        row = indicators.loc[board_type]
        a, b, c = st.columns(3)
        a.metric("Recommendations overdue", f"{row['recommendations_overdue']}", border=True,
                 help=f"of {row['recommendations_open']} open on the as-of date")
        b.metric("Audits good or better", percent(row["good_or_better_pct"]), border=True,
                 help=f"{row['audits_good_or_better']} of {row['audits']} audits in {row['period']}")
        c.metric("Training attendance", percent(row["attendance_pct"]), border=True,
                 help=f"{row['attended']} of {row['bookings']} bookings in {row['period']}")

st.subheader("Needs attention")
labels = {
    "overdue_clocks": "Overdue clocks",
    "due_soon": "Clocks due in the next five working days",
    "recommendations_past_due": "Recommendations past their due date",
}
for key, records in view["attention"].items():
    with st.expander(f"{labels[key]}: {records.total}", expanded=key == "overdue_clocks"):
        if not records.total:
            st.write("None.")
        else:
            records_table(records, f"attention_{key}")

st.subheader("Data freshness")
for kind, sentence in view["freshness"]:
    st.write(f"**{kind}**: {sentence}")
