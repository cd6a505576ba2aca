"""Upload: check an extract, say once what its values and headers mean, correct cells, see
what storing would do, then store it."""

from __future__ import annotations

import datetime as dt

import duckdb
import streamlit as st

from dashboard.components import readable, say, table
from dashboard.data import cursor, known_boards
from dashboard.screens.upload import parts
from dashboard.screens.upload.model import KEY, UploadFlow, file_key, stored_message, summary, would_do
from dashboard.screens.upload.national import NATIONAL, national_upload
from dashboard.session import can, current_scope, require
from data_models.store.lake import is_conflict
from loaders.contract_docs import template_csv
from loaders.contracts import CONTRACTS, KINDS

RECOGNISE = "Recognise from the headers"
require("upload")

st.title("Upload an extract")
st.caption("Nothing is stored until you press Store, and only if the checks find no errors.")

with st.expander("Blank templates: the headers and an example row for each data set"):
    for column, kind in zip(st.columns(len(KINDS)), KINDS, strict=True):
        column.download_button(f"{kind.capitalize()} template", template_csv(kind),
                               file_name=f"{kind}_template.csv", mime="text/csv",
                               key=f"template_{kind}", help=CONTRACTS[kind].description)

flow: UploadFlow = st.session_state.setdefault(KEY, UploadFlow())
# National statistics are public figures every board's context is read from: an administrator
# with every board (the person who runs the service) loads them, as the command line does.
national_allowed = can("admin") and current_scope().every_board
choice = st.selectbox("Data set", [RECOGNISE, *KINDS, *([NATIONAL] if national_allowed else [])],
                      key="upload_kind")
if choice == NATIONAL:
    national_upload()
    st.stop()
uploaded = st.file_uploader("Extract (.csv or .xlsx)", type=["csv", "xlsx"],
                            key=f"upload_file_{flow.round}")
if uploaded is None:
    st.stop()

from ingest import check_upload, preview, store  # noqa: E402  (checking imports GE)

data = uploaded.getvalue()
file = file_key(uploaded.name, data)
corrections = flow.corrections_of(file)
for_board = flow.board_of(file)       # for a file with no board column: its board and type
today = dt.date.today()
wanted = flow.checked_as(file, choice, today, current_scope())
check = flow.check_of(wanted)
if check is None:
    bar = st.progress(0.0, text="Checking")
    # the database is opened only for the moments a step reads it: a large file's check holds
    # no lock on it, and stops at the next step (the progress bar) if the person has gone
    check = flow.checked(wanted, check_upload(
        cursor, None if choice == RECOGNISE else choice, data, uploaded.name, today,
        corrections=corrections, progress=lambda f, step: bar.progress(f, text=step),
        scope=current_scope(), board=for_board[0], board_type=for_board[1],
        uploaded_by=st.session_state.get("user_name")))
    bar.empty()
checked = check.checked

say(summary(uploaded.name, checked))
if parts.root_cause(checked, flow):
    chosen = parts.board_form(checked, known_boards(), for_board)
    if chosen is not None:
        flow.for_board(file, chosen)
        st.rerun()
    st.stop()
parts.problems_table(checked, uploaded.name)

if (parts.mapping_form(checked, check.offers) or parts.correction_grid(checked, corrections)
        or parts.suggested_themes(checked, corrections)):
    flow.check_again()
    st.rerun()

if checked.frame is not None and len(checked.frame):
    with st.expander("The first rows as read", expanded=not checked.problems):
        table(readable(checked.frame.head(20)), "preview", "The first rows as read")

stored = flow.stored_from(wanted)
if stored is not None:
    parts.stored_panel(stored.message, stored.upload_id, flow)
    st.stop()
if checked.errors:
    st.warning("This extract was not stored: map or correct what the checks found above, or "
               "fix the spreadsheet and upload it again. Nothing has been changed.")
    st.stop()

with cursor() as con:
    say(would_do(preview(con, checked)))
if st.button("Store", type="primary", key="store"):
    with st.status("Storing the extract", expanded=False) as status:
        try:
            with cursor() as con:
                done = store(con, checked, st.session_state.get("user_name"))
        except duckdb.Error as error:
            if not is_conflict(error):
                raise
            status.update(label="Not stored", state="error")
            st.warning("Someone else stored to the same data at the same moment (another "
                       "person, or another instance of the dashboard), so nothing of this "
                       "extract was kept. Press Store again.")
            st.stop()
        status.update(label="Stored", state="complete")
    flow.stored_now(wanted, stored_message(uploaded.name, checked, done), done.upload_id)
    st.rerun()
