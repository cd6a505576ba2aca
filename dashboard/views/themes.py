"""Themes: what keeps recurring in adults' and children's cases, and the learning loop."""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.components import chart_block, nothing_matches, readable, say
from dashboard.data import query
from data_models.figures import recurring_themes

f = st.session_state["filters"]
st.title("Themes")
say(f.describe())

shares = query("review_theme_shares", f)
if shares.empty:
    nothing_matches()
    st.stop()
top = shares.sort_values("share_pct", ascending=False).iloc[0]
chart_block("Prevalence in reviews",
            f"The most common theme is {top['theme']}: {top['items_with_theme']} of "
            f"{top['items_total']} {top['board_type']}'s reviews ({top['share_pct']:.0f}%).",
            charts.theme_side_by_side(shares), shares.drop(columns="sort_order"), "prevalence")
chart_block("Theme by board type", "Share of reviews raising each theme (%).",
            charts.theme_heatmap(shares), shares.drop(columns="sort_order"), "heatmap")

trend = query("review_theme_trend", f)
recurring = query("review_theme_trend", f.but(board_type=None))
recurrent = recurring_themes(recurring)
default = recurrent["theme"].head(3).tolist()
picked = st.multiselect("Themes to follow over time", sorted(trend["theme"].unique()),
                        default=[t for t in default if t in set(trend["theme"])], key="trend")
chart_block("Trend over years", "Share of each year's reviews raising the chosen themes.",
            charts.theme_trend(trend, picked), trend[trend["theme"].isin(picked)], "trend")
st.markdown("#### Recurring themes")
st.caption(f"{len(recurrent)} themes were raised by reviews in each of the last three years.")
st.dataframe(readable(recurrent), hide_index=True, key="recurring")

st.markdown("#### The learning loop")
loop = query("learning_loop", f)
gaps = loop[loop["not_audited"] | loop["not_trained"]]
st.caption(f"From reviews to recommendations, audits and training. {len(gaps)} theme(s) raised "
           "by reviews have no audit or no training in this view (marked ⚠).")
shown = loop.drop(columns="sort_order").copy()
shown.insert(1, "gap", ["⚠ no audit or training" if a or t else "" for a, t in
                        zip(shown.pop("not_audited"), shown.pop("not_trained"), strict=True)])
st.dataframe(readable(shown), hide_index=True, key="loop")
theme = st.selectbox("Show the reviews raising a theme", ["—", *loop["theme"]], key="drill_theme")
if theme != "—":
    drilled = query("theme_records", f, theme)
    st.caption(f"{len(drilled)} review(s) raise {theme}.")
    st.dataframe(readable(drilled), hide_index=True, key="theme_records")
