"""The dashboard's entry point (a first page; the full set of pages comes with issue 2)."""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from data_models.database import connect, database_path
from data_models.measures import SUMMARY_COLUMNS, timescale_summary

st.set_page_config(page_title="Safeguarding assurance", layout="wide")
st.title("Safeguarding assurance")

path = database_path(os.environ.get("ASSURANCE_DB"))
if not path.exists():
    st.info("No data yet. Run `assurance demo` for demo data, or load an extract with "
            "`assurance load KIND FILE`.")
    st.stop()

as_of = st.date_input("As of", value=dt.date.today(), format="DD/MM/YYYY")
con = connect(path, read_only=True)
try:
    summary = timescale_summary(con, as_of)[SUMMARY_COLUMNS]
finally:
    con.close()
st.subheader("Statutory timescales")
st.dataframe(summary, hide_index=True)
