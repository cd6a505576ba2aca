"""The dashboard's entry point: page settings, the shared filters, navigation, and the one
place an error becomes a message a person can act on (never a traceback)."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.data import DatabaseBusy, DatabaseMissing, db_path, query
from dashboard.filters import sidebar_filters

log = logging.getLogger("assurance.dashboard")

BOARD_PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:",
            url_path="overview", default=True),
    st.Page("views/timescales.py", title="Timescales", icon=":material/timer:",
            url_path="timescales"),
    st.Page("views/themes.py", title="Themes", icon=":material/hub:", url_path="themes"),
    st.Page("views/recommendations.py", title="Recommendations", icon=":material/task_alt:",
            url_path="recommendations"),
    st.Page("views/audits.py", title="Audits", icon=":material/fact_check:", url_path="audits"),
    st.Page("views/training.py", title="Training", icon=":material/school:", url_path="training"),
]
DATA_PAGES = [
    st.Page("views/upload.py", title="Upload", icon=":material/upload_file:", url_path="upload"),
    st.Page("views/data_quality.py", title="Data quality", icon=":material/rule:",
            url_path="data_quality"),
]

NO_DATA = (
    "There is no data yet. To see the dashboard with demo data, run `make run` (it loads the "
    "demo into an empty database) or `assurance demo`. To load your own extracts, use the "
    "Upload page, or run `assurance load KIND FILE`; the README lists the columns each "
    "extract needs."
)


def main() -> None:
    st.set_page_config(page_title="Safeguarding assurance", page_icon=":material/shield:",
                       layout="wide")
    page = st.navigation({"Board": BOARD_PAGES, "Data": DATA_PAGES})
    try:
        if page.url_path in {p.url_path for p in DATA_PAGES}:   # data arrives through these
            page.run()
            return
        if not db_path().exists() or not query("has_any_data"):
            st.title("Safeguarding assurance")
            st.info(NO_DATA)
            return
        st.session_state["filters"] = sidebar_filters(query("filter_choices"))
        page.run()
    except DatabaseMissing:
        st.title("Safeguarding assurance")
        st.info(NO_DATA)
    except DatabaseBusy:
        st.warning("The database is being updated by another program (an extract being "
                   "stored). Refresh this page in a moment.")
    except Exception:  # the one handler: log the detail, show a message
        log.exception("page failed")
        st.error("Something went wrong drawing this page. Try another filter, or refresh. "
                 "If it keeps happening, tell the person who runs the dashboard; the details "
                 "are in its log.")


main()
