"""Upload: check an extract, say once what its values and headers mean, correct cells, see
what storing would do, then store it."""

from __future__ import annotations

import datetime as dt

import duckdb
import streamlit as st

from dashboard.access import current_scope, require
from dashboard.components import readable, say, table
from dashboard.data import cursor, known_boards
from dashboard.screens.upload import parts
from data_models.lake import is_conflict
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

choice = st.selectbox("Data set", [RECOGNISE, *KINDS], key="upload_kind")
uploaded = st.file_uploader("Extract (.csv or .xlsx)", type=["csv", "xlsx"],
                            key=f"upload_file_{st.session_state.get('upload_round', 0)}")
if uploaded is None:
    st.stop()

from data_models.theme_matching import load_aliases  # noqa: E402
from data_models.theme_suggestions import suggest_themes  # noqa: E402
from ingest import check_extract, offers, preview, reject, store  # noqa: E402  (checking imports GE)

data = uploaded.getvalue()
today = dt.date.today()
file_key = (uploaded.name, len(data), hash(data))
corrections = st.session_state.setdefault("corrections", {}).setdefault(file_key, [])
# for a file with no board column: the board it is for, and its type for a new board
for_board = st.session_state.setdefault("board_of_file", {}).get(file_key, (None, None))
# the person's boards are part of what was checked: a change to them checks the file again
key = (*file_key, choice, today, tuple(corrections), current_scope(), for_board)
if st.session_state.get("checked_key") != key:
    bar = st.progress(0.0, text="Checking")
    # the database is opened only for the moments a step reads it: a large file's check holds
    # no lock on it, and stops at the next step (the progress bar) if the person has gone
    checked = check_extract(cursor, None if choice == RECOGNISE else choice, data, uploaded.name,
                            today, corrections=corrections,
                            progress=lambda f, step: bar.progress(f, text=step),
                            scope=current_scope(), board=for_board[0],
                            board_type=for_board[1])
    if checked.errors:
        with cursor() as con:
            reject(con, checked, st.session_state.get("user_name"))
    bar.empty()
    st.session_state.update(checked_key=key, checked=checked)
checked = st.session_state["checked"]

say(f"{uploaded.name}: {checked.kind}, {checked.rows:,} rows"
    + (f" ({checked.description})" if checked.description else "") + f". "
    f"{len(checked.errors)} error(s), {len(checked.warnings)} warning(s)"
    + (f", {len(checked.notes)} mapping(s) applied" if checked.notes else "") + ".")
if parts.root_cause(checked):
    chosen = parts.board_form(checked, known_boards(), for_board)
    if chosen is not None:
        st.session_state["board_of_file"][file_key] = chosen
        st.session_state.pop("checked_key", None)
        st.rerun()
    st.stop()
parts.problems_table(checked, uploaded.name)

boards = (checked.frame["board"].dropna().unique() if checked.frame is not None
          and "board" in checked.frame.columns else [])
with cursor() as con:
    aliases = load_aliases(con, str(boards[0]) if len(boards) == 1 else None)
offered = offers(checked, lambda text: suggest_themes(text, aliases))
if (parts.mapping_form(checked, offered) or parts.correction_grid(checked, corrections)
        or parts.suggested_themes(checked, corrections)):
    st.session_state.pop("checked_key", None)
    st.rerun()

if checked.frame is not None and len(checked.frame):
    with st.expander("The first rows as read", expanded=not checked.problems):
        table(readable(checked.frame.head(20)), "preview", "The first rows as read")

stored = st.session_state.get("stored")
if stored and stored["key"] == key:
    parts.stored_panel(stored["message"], stored["upload_id"])
    st.stop()
if checked.errors:
    st.warning("This extract was not stored: map or correct what the checks found above, or "
               "fix the spreadsheet and upload it again. Nothing has been changed.")
    st.stop()

with cursor() as con:
    changes = preview(con, checked)
say(f"Storing it would add {changes.added:,} new records, replace {changes.replaced:,} and "
    f"leave {changes.unchanged:,} unchanged.")
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
    c = done.changes
    message = (f"Stored {uploaded.name} as upload {done.upload_id}: {c.added:,} added, "
               f"{c.replaced:,} replaced, {c.unchanged:,} unchanged"
               + (f", read with {len(checked.notes)} mapping(s)" if checked.notes else "")
               + (f" and {len(checked.corrections)} corrected cell(s)" if checked.corrections
                  else "") + ".")
    if done.first_stored:
        message += f" This file was first stored on {done.first_stored[1]:%d/%m/%Y %H:%M} UTC."
    st.session_state["stored"] = {"key": key, "message": message, "upload_id": done.upload_id}
    st.rerun()
