"""Audits: what multi-agency and single-agency audits found."""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.components import chart_block, drill_down, nothing_matches, say
from dashboard.data import query
from data_models.figures import GRADES, grade_counts

f = st.session_state["filters"]
st.title("Audits")
say(f.describe())

records = query("audit_records", f)
if records.empty:
    nothing_matches()
    st.stop()

good = int(records["good_or_better"].sum())
by_agency = grade_counts(records, "agency")
chart_block("Grades by agency",
            f"{good} of {len(records)} audits ({100 * good / len(records):.0f}%) were graded good "
            "or outstanding.",
            charts.stacked_counts(by_agency, "agency", list(GRADES), charts.GRADE_COLOURS,
                                  charts.GRADE_PATTERNS, "audits"),
            by_agency, "by_agency")
drill_down("Show the audits of an agency", by_agency["agency"].tolist(), records, "agency",
           "agency")

by_period = grade_counts(records, "period")
latest = by_period.iloc[-1]
chart_block("Good or better over time",
            f"In {latest['period']}, {latest['good_or_better_pct']:.0f}% of audits were good or "
            "better.",
            charts.percent_line(by_period, "period", {"good_or_better_pct": "Good or better"}),
            by_period, "trend")

weak = query("themes_of_weak_audits", f)
chart_block("Themes of audits graded requires improvement or inadequate",
            f"The most frequent: {weak.iloc[0]['theme']} ({weak.iloc[0]['audits']} audits)."
            if len(weak) else "No audits below good.",
            charts.horizontal_bars(weak, "theme", "audits", "Audits"), weak, "weak_themes")

actions = records.groupby("agency")[["actions_raised", "actions_completed"]].sum().reset_index()
raised, done = int(actions["actions_raised"].sum()), int(actions["actions_completed"].sum())
chart_block("Actions completed against raised",
            f"{done} of {raised} actions raised by audits are completed"
            + (f" ({100 * done / raised:.0f}%)." if raised else "."),
            charts.stacked_counts(actions.assign(open=actions["actions_raised"]
                                                 - actions["actions_completed"]),
                                  "agency", ["actions_completed", "open"],
                                  {"actions_completed": "#009E73", "open": "#E69F00"},
                                  {"actions_completed": "", "open": "/"}, "actions"),
            actions, "actions")
