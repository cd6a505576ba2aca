"""Data quality: every upload and what the checks found, freshness and completeness."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import chart_block, say, table
from dashboard.data import cursor, data_version, model, query
from dashboard.screens.data_quality.model import data_quality, upload_problems
from dashboard.session import current_scope, everything, require
from data_models import queries
from data_models.labels import humane, plural
from data_models.scope import Scope
from ingest import act_on_stored, scan_stored

require("upload")
st.title("Data quality")
mine = everything()
view = model(data_quality, mine)

st.markdown("#### Uploads")
if view.uploads.empty:
    st.info("No uploads yet.")
else:
    say(f"{plural(len(view.uploads), 'upload')}; {view.rejected} rejected by the checks.")
    table(view.uploads, "uploads", "Uploads")
    picked = st.selectbox("Show the problems of an upload", ["—", *view.with_problems],
                          key="drill_upload")
    if picked != "—":
        table(upload_problems(
            query(queries.upload_problems, mine, view.with_problems[picked])),
              "upload_problems", f"Problems of upload {picked}")

st.markdown("#### Theme text that maps to no theme, by board")
if view.unmapped.empty:
    say("Every theme mention of every data set maps to a theme.")
else:
    st.caption(f"{view.unmapped_mentions:,} theme mentions match no theme. Map them on the "
               "Upload page, or with `assurance map KIND themes \"TEXT=THEME\" --board NAME`.")
    table(view.unmapped, "unmapped_by_board", "Theme text that maps to no theme")

st.markdown("#### Dates not recorded")
if view.not_recorded.empty:
    say("Every clock with a later step recorded has its own end date.")
else:
    say(f"{len(view.not_recorded):,} timescale clocks have no end date although a later step "
        "is recorded (the rapid review was sent, so the notification was made): the date is "
        "missing from the data, so these are left out of compliance and of every overdue "
        "list. Add the date to the extract and load it again.")
    table(view.not_recorded, "not_recorded", "Clocks whose end date is not recorded")

st.markdown("#### Agency names used once or twice")
if view.lone_agencies.empty:
    say("Every agency name is used on three records or more.")
else:
    say("Agency names a board's records use on one or two records only: most likely a "
        "misspelling or an abbreviation. Map each to the agency it means (on the Upload page, "
        "or with the command line's map for the owner or agency column): the board's stored "
        "records follow.")
    table(view.lone_agencies, "lone_agencies", "Agency names used once or twice")



@st.cache_data(max_entries=4, show_spinner="Looking for personal data in the stored records")
def _stored_personal_data(version: str, scope: Scope) -> pd.DataFrame:
    """The upload's guard over every stored record of the person's boards, once per version
    of the data."""
    del version  # part of the cache key only
    with cursor() as con:
        return scan_stored(con, scope)


AFTER_ACTION = "after an action"
st.markdown("#### Personal data in stored records")
say("The upload's personal-data guard, run over every record already stored: data loaded "
    "before the guard knew a kind of personal data may hold it. It reads every stored text, "
    "so it runs when asked (at national scale it takes about twenty seconds); the result is "
    "kept until the data changes.")
version = data_version()
if st.button("Check the stored records", key="privacy_check") or \
        st.session_state.get("privacy_checked") == AFTER_ACTION:
    st.session_state["privacy_checked"] = version
if st.session_state.get("privacy_checked") == version:
    found = _stored_personal_data(version, current_scope())
    if found.empty:
        say("No stored record holds anything that looks like personal data.")
    else:
        st.warning(f"{plural(len(found), 'stored cell')} "
                   f"{'looks' if len(found) == 1 else 'look'} like personal data (the values are not "
                   "shown). Redact the cells or delete the records; either is recorded with who "
                   "and when (`assurance privacy-scan` does the same).", icon=":material/warning:")
        table(humane(found.drop(columns="kind").rename(columns={"what": "looks_like"})),
              "stored_personal", "Stored cells that look like personal data")
        left, right = st.columns(2)
        for column, action, label in ((left, "redact", "Redact these cells"),
                                      (right, "delete", "Delete these records")):
            if column.button(label, key=f"privacy_{action}"):
                with cursor() as con:
                    act_on_stored(con, action, found, st.session_state.get("user_name"))
                # checked again on the next run, against the file as this run leaves it
                st.session_state["privacy_checked"] = AFTER_ACTION
                st.rerun()

st.markdown("#### Freshness")
for kind, sentence in view.freshness:
    say(f"{kind}: {sentence}")

chart_block(view.pass_rates)
chart_block(view.completeness)
