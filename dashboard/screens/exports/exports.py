"""Exports: the current view's tables for the annual report, safe to publish, and the annual
report itself in its two editions (publication first; the board edition for people allowed
records), as a Word document, one HTML file or a PDF."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from dashboard.components import plain, say
from dashboard.data import model, reading, written
from dashboard.reproduce import asked_snapshot, asked_threshold, made_from, state_version
from dashboard.screens.exports.model import (
    EDITION_BUTTONS,
    MIME,
    REPORT_FORMATS,
    report_maker,
    tables_file,
)
from dashboard.screens.recommendations.model import chase
from dashboard.session import can, current_scope, describe
from data_models.scope import Reader
from data_models.settings import CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS
from data_models.store.snapshots import NotReproducible
from publishing.chase import (
    chase_rows,
    escalation_docx,
    escalation_name,
    escalation_rows,
    letter_csv,
    letter_docx,
    letter_name,
)
from publishing.chase import owners as chase_owners
from publishing.failed import failed_file
from publishing.report import BOARD_ONLY
from publishing.tables import export_name, log_export

log = logging.getLogger("assurance.exports")
f = st.session_state["filters"]
user = st.session_state.get("user_name")
st.title("Exports")
say(describe(f))
pinned = asked_snapshot()
threshold = st.number_input("Suppression threshold", min_value=2, max_value=20,
                            value=asked_threshold(), key="threshold",
                            help="In figures about people's cases, counts from 1 up to one "
                                 "below this are shown as 'c', with "
                                 "further counts hidden so none can be worked out.")
stated = state_version(pinned, int(threshold))


def _logged(what: str, fmt: str, name: str,
            make: Callable[[Reader], bytes]) -> Callable[[], bytes]:
    """Build an export when it is downloaded, from the data version the page states, and record
    who made it."""
    kind = name.rsplit(".", 1)[-1]           # the file's own format: .zip for CSV tables
    scope = current_scope()                  # taken now: the download has no session

    def build() -> bytes:
        try:
            with made_from(stated, scope) as db:
                data = make(db)
        except NotReproducible as error:      # the data version cannot be read again
            return failed_file(kind, str(error))
        except Exception:  # a click never does nothing: the file says so, the log the detail
            log.exception("the export %s (%s) could not be made", what, fmt)
            return failed_file(kind)
        written(lambda con: log_export(con, what=what, fmt=fmt, f=f, scope=scope,
                                       threshold=int(threshold), destination=name,
                                       exported_by=user))
        return data
    return build


def chase_letters() -> None:
    """A letter to an owner agency of what it must update, and the escalation list."""
    st.markdown("#### Chase letters and escalation")
    if pinned is None:
        owners = model(chase, f).owners.options
    else:                                   # the owners as they stood at the link's version
        with reading(pinned) as db:
            owners = chase_owners(db, f, CHASE_NO_UPDATE_DAYS)
    say(f"Open recommendations on {f.as_of:%d/%m/%Y} overdue, rated off track or not updated "
        f"for {CHASE_NO_UPDATE_DAYS} days, whenever agreed: a letter to each owner agency (as "
        "the Recommendations page lists them) and the executive's escalation list. They name "
        "recommendations: for the board's business, not for publication.")
    if not owners:
        st.info("No owner has a recommendation to chase for these filters.")
        return
    owner = st.selectbox("Owner agency", owners, key="chase_owner")
    scope = current_scope()
    name = letter_name(f, scope, owner)
    word, sheet, escalate = st.columns(3)
    word.download_button(
        "Letter (Word)", _logged("chase", "docx", f"{name}.docx", lambda db: letter_docx(
            chase_rows(db, f, owner), owner, f, db.scope, CHASE_NO_UPDATE_DAYS)),
        file_name=f"{name}.docx", key="chase_docx", on_click="ignore", mime=MIME["docx"])
    sheet.download_button(
        "Letter (CSV)", _logged("chase", "csv", f"{name}.csv",
                                lambda db: letter_csv(chase_rows(db, f, owner))),
        file_name=f"{name}.csv", mime=MIME["csv"], key="chase_csv", on_click="ignore")
    escalation = escalation_name(f, scope)
    escalate.download_button(
        "Escalation list (Word)", _logged(
            "escalation", "docx", f"{escalation}.docx", lambda db: escalation_docx(
                escalation_rows(db, f), f, db.scope, ESCALATE_OVERDUE_DAYS)),
        file_name=f"{escalation}.docx", key="escalation_docx", on_click="ignore",
        mime=MIME["docx"])


st.markdown("#### Summary tables, safe to publish")
say("Every summary table the pages show for the current filters, with small numbers "
    "suppressed, and a notes sheet with the filters, the as-of date, the freshness of the data "
    "exported, the suppression applied, the filters a table does not honour and the timescale "
    "rules used.")
left, right = st.columns(2)
name = export_name(f, "tables")
left.download_button(
    "Summary tables (Excel)",
    _logged("tables", "xlsx", f"{name}.xlsx",
            lambda db: tables_file(db, f, int(threshold), records=False, fmt="xlsx")),
    file_name=f"{name}.xlsx", key="tables_xlsx", on_click="ignore", mime=MIME["xlsx"])
right.download_button(
    "Summary tables (CSV, zipped)",
    _logged("tables", "csv", f"{name}.zip",
            lambda db: tables_file(db, f, int(threshold), records=False, fmt="csv")),
    file_name=f"{name}.zip", mime=MIME["zip"], key="tables_csv", on_click="ignore")

st.markdown("#### Annual report")
if not f.period:
    st.info("Choose a financial year in the sidebar to make the annual report.")
else:
    say(f"The figures for {current_scope().whose(f.board)}'s annual report, {f.period}, beside the "
        "year before: a summary, a chart and tables for timescales, themes and the learning "
        "loop, recommendations, audits and training, and the data-quality caveats, small "
        "numbers suppressed. The publication edition is safe to publish and names no review "
        "or recommendation; the board edition adds the lists of the year's reviews and "
        "recommendations and is marked not for publication on every page.")
    fmt = st.radio("Format", list(REPORT_FORMATS), horizontal=True, key="report_format",
                   format_func=REPORT_FORMATS.get,
                   help="Word to write the report in, one HTML file that opens offline, or a "
                        "PDF on A4 with page numbers.")
    allowed = current_scope().records
    for place, (edition, label) in zip(st.columns(2), EDITION_BUTTONS.items(), strict=True):
        report = export_name(f, "annual-report" + ("-board-edition" if edition == "board"
                                                   else ""))
        place.download_button(
            f"{label} ({REPORT_FORMATS[fmt]})",
            _logged("report (board edition)" if edition == "board" else "report", fmt,
                    f"{report}.{fmt}", report_maker(f, int(threshold), edition, fmt)),
            file_name=f"{report}.{fmt}", key=f"report_{edition}", on_click="ignore",
            mime=MIME[fmt], disabled=edition == "board" and not allowed,
            help=None if allowed or edition == "publication" else BOARD_ONLY)
    template = st.file_uploader(
        "The board's own Word template (optional)", type=["docx"], key="report_template",
        help="Your styles, logo, headers, footers and narrative, with placeholders such as "
             "{{ year }}, {{p timescales_summary }} or {{p timescales_tables }} (the README "
             "lists them) where the figures go. It makes the publication edition.")
    if template is not None:
        from publishing.template import (  # noqa: E402 - only when a template is given
            TemplateError,
            annual_report_in_template,
            check_template,
        )

        layout_bytes = template.getvalue()
        report = export_name(f, "annual-report")
        try:
            check_template(layout_bytes)
            st.download_button(
                "Annual report in your template (Word)",
                _logged("report", "docx", f"{report}.docx",
                        lambda db: annual_report_in_template(db, f, int(threshold),
                                                              layout_bytes)),
                file_name=f"{report}.docx", key="report_template_docx", on_click="ignore",
                mime=MIME["docx"])
        except TemplateError as error:
            st.error(plain(f"{template.name}: {error}"))

st.markdown("#### Records")
if can("record_level"):
    records = export_name(f, "records") + ".xlsx"
    say("The filtered records of each data set. Not suppressed: not for publication.")
    st.download_button(
        "Records and tables (Excel)",
        _logged("records", "xlsx", records,
                lambda db: tables_file(db, f, int(threshold), records=True, fmt="xlsx")),
        file_name=records, key="records_xlsx", on_click="ignore", mime=MIME["xlsx"])
    chase_letters()
else:
    st.info("Record-level exports are for quality leads (the uploader role), as are chase "
            "letters and the escalation list.")
