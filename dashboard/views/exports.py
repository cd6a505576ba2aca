"""Exports: the current view's tables for the annual report, safe to publish, and the pack."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import streamlit as st

from assurance.exports import annual_report_pack, build_tables, workbook_bytes
from dashboard.access import can
from dashboard.components import say
from dashboard.data import cursor
from data_models.exports import log_export
from data_models.publication import DEFAULT_THRESHOLD, neutralised

f = st.session_state["filters"]
user = st.session_state.get("user_name")
st.title("Exports")
say(f.describe())
threshold = st.number_input("Suppression threshold", min_value=2, max_value=20,
                            value=DEFAULT_THRESHOLD, key="threshold",
                            help="Counts from 1 up to one below this are shown as 'c', with "
                                 "further counts hidden so none can be worked out.")
stamp = dt.date.today().isoformat()


def _logged(what: str, fmt: str, name: str, make):  # type: ignore[no-untyped-def]
    """Build an export when it is downloaded, and record who made it."""
    def build() -> bytes:
        with cursor() as con:
            data = make(con)
            log_export(con, what=what, fmt=fmt, f=f, threshold=int(threshold), destination=name,
                       exported_by=user)
        return data
    return build


def _tables_zip(con, records: bool) -> bytes:  # type: ignore[no-untyped-def]
    tables, notes = build_tables(con, f, int(threshold), records=records)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, frame in [("notes", notes), *((t.name, t.frame) for t in tables)]:
            archive.writestr(f"{name}.csv", neutralised(frame).to_csv(index=False)
                             .encode("utf-8-sig"))
    return buffer.getvalue()


st.markdown("#### Summary tables, safe to publish")
say("Every summary table the pages show for the current filters, with small numbers "
    "suppressed, and a notes sheet with the filters, the as-of date, the data's freshness, "
    "the suppression applied and the timescale rules used.")
left, right = st.columns(2)
left.download_button(
    "Summary tables (Excel)",
    _logged("tables", "xlsx", f"assurance_tables_{stamp}.xlsx",
            lambda con: workbook_bytes(*build_tables(con, f, int(threshold), records=False))),
    file_name=f"assurance_tables_{stamp}.xlsx", key="tables_xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
right.download_button(
    "Summary tables (CSV, zipped)",
    _logged("tables", "csv", f"assurance_tables_{stamp}.zip",
            lambda con: _tables_zip(con, records=False)),
    file_name=f"assurance_tables_{stamp}.zip", mime="application/zip", key="tables_csv")

st.markdown("#### Annual report pack")
if not f.period:
    st.info("Choose a financial year in the sidebar to make the annual report pack.")
else:
    say(f"One HTML file for {f.board or 'all boards'}, {f.period}: charts, tables, a summary "
        "sentence per figure, the previous year and the data-quality caveats. It opens "
        "offline.")
    st.download_button(
        "Annual report pack (HTML)",
        _logged("pack", "html", f"annual_report_{f.period}.html",
                lambda con: annual_report_pack(con, f, int(threshold)).encode("utf-8")),
        file_name=f"annual_report_{f.period}.html", mime="text/html", key="pack")

st.markdown("#### Records")
if can("record_level"):
    say("The filtered records of each data set. Not suppressed: not for publication.")
    st.download_button(
        "Records and tables (Excel)",
        _logged("records", "xlsx", f"assurance_records_{stamp}.xlsx",
                lambda con: workbook_bytes(*build_tables(con, f, int(threshold), records=True))),
        file_name=f"assurance_records_{stamp}.xlsx", key="records_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
else:
    st.info("Record-level exports are for quality leads (the uploader role).")
