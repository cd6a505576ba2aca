"""Upload: check an extract, see what is wrong or what storing would do, then store it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.access import require
from dashboard.components import readable, say
from dashboard.data import cursor
from loaders.contract_docs import template_csv
from loaders.contracts import CONTRACTS, KINDS
from publishing.safe import safe_csv

RECOGNISE = "Recognise from the headers"
require("upload")

st.title("Upload an extract")
st.caption("Nothing is stored until you press Store, and only if the checks find no errors.")

with st.expander("Blank templates: the headers and an example row for each data set"):
    for column, kind in zip(st.columns(len(KINDS)), KINDS, strict=True):
        column.download_button(f"{kind.capitalize()} template", template_csv(kind),
                               file_name=f"{kind}_template.csv", mime="text/csv",
                               key=f"template_{kind}", help=CONTRACTS[kind].description)

choice = st.selectbox("Data set", [RECOGNISE, *KINDS], key="upload_kind")
uploaded = st.file_uploader("Extract (.csv or .xlsx)", type=["csv", "xlsx"], key="upload_file")
if uploaded is None:
    if "stored_message" in st.session_state:
        st.success(st.session_state.pop("stored_message"))
    st.stop()

from ingest import check_extract, preview, reject, store  # noqa: E402  (checking imports GE)

data = uploaded.getvalue()
today = dt.date.today()
key = (uploaded.name, len(data), hash(data), choice, today)
if st.session_state.get("checked_key") != key:
    bar = st.progress(0.0, text="Checking")
    with cursor() as con:
        checked = check_extract(con, None if choice == RECOGNISE else choice, data, uploaded.name,
                                today, progress=lambda f, step: bar.progress(f, text=step))
        if checked.errors:
            reject(con, checked, st.session_state.get("user_name"))
    bar.empty()
    st.session_state.update(checked_key=key, checked=checked)
checked = st.session_state["checked"]

say(f"{uploaded.name}: {checked.kind}, {checked.rows:,} rows"
    + (f" ({checked.description})" if checked.description else "") + f". "
    f"{len(checked.errors)} error(s), {len(checked.warnings)} warning(s).")
if checked.frame is not None and len(checked.frame):
    st.markdown("#### The first rows as read")
    st.dataframe(readable(checked.frame.head(20)), hide_index=True, key="preview")

if checked.problems:
    st.markdown("#### What the checks found")
    problems = pd.DataFrame([p.as_dict() for p in checked.problems])
    st.dataframe(problems, hide_index=True, key="problems",
                 column_config={"message": st.column_config.TextColumn(width="large")})
    st.download_button("Download the problems (CSV)", safe_csv(problems),
                       file_name=f"{uploaded.name}.problems.csv", mime="text/csv",
                       key="problems_csv")

if checked.errors:
    st.warning("This extract was not stored: fix the errors above in the spreadsheet and "
               "upload it again. Nothing has been changed.")
    st.stop()

with cursor() as con:
    changes = preview(con, checked)
say(f"Storing it would add {changes.added:,} new records, replace {changes.replaced:,} and "
    f"leave {changes.unchanged:,} unchanged.")
if st.button("Store", type="primary", key="store"):
    with st.status("Storing the extract", expanded=False) as status:
        with cursor() as con:
            stored = store(con, checked, st.session_state.get("user_name"))
        status.update(label="Stored", state="complete")
    c = stored.changes
    message = (f"Stored {uploaded.name} as upload {stored.upload_id}: {c.added:,} added, "
               f"{c.replaced:,} replaced, {c.unchanged:,} unchanged.")
    if stored.first_stored:
        message += f" This file was first stored on {stored.first_stored[1]:%d/%m/%Y %H:%M} UTC."
    st.session_state.pop("checked_key", None)
    st.session_state["stored_message"] = message
    st.success(message)
