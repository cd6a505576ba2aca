"""The colours every chart and printed page uses, said once: the pages (dashboard/charts.py),
the reports (publishing/figures.py and the HTML report's styles) and Streamlit's own chart
theme (streamlit_config/config.toml, held to this by a test) all take them from here. No
Streamlit and no plotly here."""

from __future__ import annotations

# Okabe-Ito: told apart by people with any common colour-vision deficiency, in this order.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
             "#000000")
GREY = "#999999"          # what is set aside: cancelled bookings, recommendations dropped
TEXT = "#0B0C0C"          # near-black text (GOV.UK's): captions at 60% still reach 5.2:1
# Light to dark Okabe-Ito blue, for a continuous scale (a heatmap's shares).
BLUES = ("#f1f7fb", "#dcebf4", "#bfdaeb", "#9dc6e1", "#78b0d5", "#5399c8", "#2e84bc",
         "#0072b2", "#005d91", "#004266")
