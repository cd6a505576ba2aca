"""Impact: did the board's actions on a theme make a difference?"""

from __future__ import annotations

import streamlit as st

from dashboard.components import chart_block, notes, nothing_matches, publication_line, say, table
from dashboard.data import model
from dashboard.screens.impact.model import impact, theme_impact
from dashboard.session import describe

f = st.session_state["filters"]
st.title("Impact")
say(describe(f))
publication_line()
say("For each learning theme, what the board did about it and what followed: whether fewer "
    "new reviews raise it, and whether audits and confidence after training improved, after "
    "most of its recommendations were completed. It shows change, not its cause.")

view = model(impact, f)
if view is None:
    nothing_matches()
    st.stop()

st.markdown("#### Every theme with recommendations")
st.caption(f"{view.missing} theme{' has had its' if view.missing == 1 else 's have had their'} "
           "actions completed with no audit on the theme since: that is where assurance is "
           "missing, so they are listed first." if view.missing else
           "Every theme whose actions were completed has had an audit on it since. The cut-over "
           "is when more than half of a theme's recommendations were completed.")
notes(view.notes)
table(view.themes, "impact_themes", "Every theme with recommendations", shared=True)

st.markdown("#### Before and after, for one theme")
chosen = f.theme if f.theme in view.choices else view.choices[0]
theme = st.selectbox("Theme", view.choices, index=view.choices.index(chosen),
                     key="impact_theme")
own_date = st.checkbox("Compare before and after a date I choose", key="impact_own_date")
cut_over = None
if own_date:
    rule = model(theme_impact, f, theme, None).rule_cut_over
    cut_over = st.date_input("Cut-over", value=rule or f.as_of, max_value=f.as_of,
                             format="DD/MM/YYYY", key="impact_cut_over")
one = model(theme_impact, f, theme, cut_over)
for sentence in one.sentences:
    say(sentence)
chart_block(one.followed)
chart_block(one.actions)
