"""Recommendations: are they delivered, and is there evidence practice changed?"""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.components import chart_block, drill_down, nothing_matches, readable, say
from dashboard.data import query
from data_models.figures import RECOMMENDATION_STATUSES, recommendation_status_by_owner

f = st.session_state["filters"]
st.title("Recommendations")
say(f.describe())

records = query("recommendation_records", f)
if records.empty:
    nothing_matches()
    st.stop()

open_count, overdue = int(records["is_open"].sum()), int(records["is_overdue"].sum())
assured = records[records["status"] == "assured"]
with_evidence = int(assured["evidence_of_impact"].notna().sum())
a, b, c = st.columns(3)
a.metric("Open", open_count, border=True)
b.metric("Overdue", overdue, border=True, help="Open and past the due date on the as-of date.")
c.metric("Assured with evidence of impact", f"{100 * with_evidence / len(records):.0f}%",
         border=True, help=f"{with_evidence} of {len(records)} recommendations")

by_owner = recommendation_status_by_owner(records)
colours = {"not_started": "#D55E00", "in_progress": "#E69F00", "completed": "#56B4E9",
           "assured": "#009E73", "not_implemented": "#999999"}
patterns = {"not_started": "x", "in_progress": "/", "completed": ".", "assured": "",
            "not_implemented": "-"}
chart_block("Status by owner agency",
            f"{len(records)} recommendations: {open_count} open, of which {overdue} overdue.",
            charts.stacked_counts(by_owner, "owner", list(RECOMMENDATION_STATUSES), colours,
                                  patterns, "recommendations"),
            by_owner, "by_owner")
drill_down("Show the recommendations of an owner", by_owner["owner"].tolist(),
           records.drop(columns=["is_open", "is_overdue"]), "owner", "owner")

st.markdown("#### Overdue")
late = records[records["is_overdue"]].sort_values("days_overdue", ascending=False)
st.caption(f"{len(late)} open recommendations are past their due date; the longest by "
           f"{int(late['days_overdue'].max()) if len(late) else 0} days.")
st.dataframe(readable(late[["board", "recommendation_id", "owner", "recommendation", "status",
                            "due_date", "days_overdue", "status_reason"]]),
             hide_index=True, key="overdue")

open_records = records[records["is_open"]]
chart_block("Age of open recommendations",
            f"Open recommendations were agreed a median of "
            f"{open_records['age_days'].median():.0f} days before the as-of date."
            if len(open_records) else "No open recommendations.",
            charts.histogram(open_records["age_days"], "Days since agreed"),
            open_records[["board", "recommendation_id", "owner", "age_days"]], "age")

st.markdown("#### Not implemented")
dropped = records[records["status"] == "not_implemented"]
st.caption(f"{len(dropped)} recommendations will not be implemented, with the reasons given.")
st.dataframe(readable(dropped[["board", "recommendation_id", "owner", "recommendation",
                               "status_reason"]]), hide_index=True, key="not_implemented")
