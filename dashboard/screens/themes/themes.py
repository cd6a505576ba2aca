"""Themes: what keeps recurring in adults' and children's cases, and the learning loop."""

from __future__ import annotations

import streamlit as st

from dashboard.components import (
    as_published,
    chart_block,
    notes,
    nothing_matches,
    publication_line,
    records_table,
    say,
    table,
)
from dashboard.data import model
from dashboard.screens.shared import published
from dashboard.screens.themes.model import theme_reviews, theme_trend, themes
from dashboard.session import describe
from data_models.labels import plural

f = st.session_state["filters"]
st.title("Themes")
say(describe(f))
if publication_line(can_show_published=True):
    as_published(model(published, f, "themes", "learning_loop"),
                 "The charts, the trend, the recurring themes and the reviews behind a theme are")

view = model(themes, f)
if view is None:
    nothing_matches()
    st.stop()
notes([line for chart in view.charts for line in chart.notes])
for chart in view.charts:
    chart_block(chart)

picked = st.multiselect("Themes to follow over time", view.trend_themes,
                        default=view.default_trend, key="trend")
chart_block(model(theme_trend, f, tuple(picked)))
st.markdown("#### Recurring themes")
st.caption(f"{plural(len(view.recurring), 'theme')} "
           f"{'was' if len(view.recurring) == 1 else 'were'} raised by reviews in each of the last three "
           "years with data, across both board types.")
notes(view.recurring_notes)
table(view.recurring, "recurring", "Recurring themes", shared=True)

st.markdown("#### The learning loop")
gaps = ", ".join(f"{n} with {gap}" for gap, n in view.gaps.items()) or "none"
st.caption("From reviews to recommendations, audits and training, for the filters above. "
           f"Themes raised by reviews with a missing link (marked ⚠): {gaps}.")
notes(view.loop_notes)
table(view.loop, "loop", "The learning loop", shared=True)
theme = st.selectbox("Show the reviews raising a theme", ["—", *view.loop_themes],
                     key="drill_theme")
if theme != "—":
    drilled = model(theme_reviews, f, theme)
    say(f"{plural(drilled.total, 'review')} {'raises' if drilled.total == 1 else 'raise'} "
        f"{theme}.")
    records_table(drilled, "theme_records", f"Reviews raising {theme}")
