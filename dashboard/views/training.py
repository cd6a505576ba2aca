"""Training: who took up multi-agency training, who did not come, and what it covered."""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.components import chart_block, nothing_matches, say
from dashboard.data import query
from data_models.figures import TRAINING_STATUSES, confidence_change, training_by

f = st.session_state["filters"]
st.title("Training")
say(f.describe())

uptake = query("training_uptake", f)
if uptake.empty:
    nothing_matches()
    st.stop()

totals = training_by(uptake.assign(all="all"), "all").iloc[0]
a, b, c = st.columns(3)
a.metric("Booked", f"{int(totals['booked']):,}", border=True)
b.metric("Attendance", f"{totals['attendance_pct']:.0f}%", border=True)
c.metric("No-show rate", f"{totals['no_show_pct']:.0f}%", border=True,
         help="Did not attend, as a share of those who attended or did not attend.")

by_agency = training_by(uptake, "agency")
chart_block("Bookings by agency",
            f"{int(totals['attended']):,} of {int(totals['booked']):,} bookings were attended; "
            f"{totals['no_show_pct']:.0f}% of expected attendees did not come.",
            charts.stacked_counts(by_agency, "agency", list(TRAINING_STATUSES),
                                  charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS, "bookings"),
            by_agency, "by_agency")
by_workforce = training_by(uptake, "workforce")
chart_block("Bookings by workforce", "Courses for children's, adults' or both workforces.",
            charts.stacked_counts(by_workforce, "workforce", list(TRAINING_STATUSES),
                                  charts.TRAINING_COLOURS, charts.TRAINING_PATTERNS, "bookings"),
            by_workforce, "by_workforce")
by_quarter = training_by(uptake, "quarter")
chart_block("Attendance and no-shows over time", "Each quarter's attendance and no-show rates.",
            charts.percent_line(by_quarter, "quarter", {"attendance_pct": "Attendance",
                                                        "no_show_pct": "No-show rate"}),
            by_quarter, "over_time")
confidence = confidence_change(uptake, "course")
chart_block("Confidence before and after",
            "Average confidence of attendees before and after each course (1 to 5).",
            charts.confidence_dumbbell(confidence, "course"), confidence, "confidence")
sessions = query("sessions_per_theme", f)
chart_block("Sessions per theme", "Training sessions covering each learning theme.",
            charts.horizontal_bars(sessions, "theme", "training_sessions", "Sessions"),
            sessions, "sessions")
