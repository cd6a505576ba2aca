"""The sidebar filters: one set for every page, kept in the session and in the URL's query
string so that a link reproduces the view."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from data_models.filters import Filters

ALL = "All"
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
_KEYS = ("board", "board_type", "period", "quarter", "agency", "theme", "as_of")
PAGE_KEYS = ("snapshot", "threshold")     # the Exports page's link: kept when filters change
NOT_APPLIED = "_filters_not_applied"      # the link's filters that were not among the choices


def _from_url(choices: dict[str, list[str]]) -> None:
    """Seed the widgets from the query string once per session, ignoring values that are not
    among the choices."""
    if st.session_state.get("_filters_seeded"):
        return
    st.session_state["_filters_seeded"] = True
    allowed = {
        "board": choices["board"], "board_type": ["children", "adults"],
        "period": choices["period"], "quarter": list(QUARTERS), "agency": choices["agency"],
        "theme": choices["theme"],
    }
    params = st.query_params
    not_applied: dict[str, str] = {}      # for a page that must refuse rather than widen
    for key, values in allowed.items():
        if params.get(key) in values:
            st.session_state[f"filter_{key}"] = params[key]
        elif key in params:
            not_applied[key] = params[key]
    if "as_of" in params:
        try:                               # a mistyped date keeps today
            st.session_state["filter_as_of"] = dt.date.fromisoformat(params["as_of"])
        except ValueError:
            not_applied["as_of"] = params["as_of"]
    st.session_state[NOT_APPLIED] = not_applied


def _to_url(filters: Filters, quarter: str | None) -> None:
    wanted = {
        "board": filters.board, "board_type": filters.board_type, "period": filters.period,
        "quarter": quarter, "agency": filters.agency, "theme": filters.theme,
        "as_of": filters.as_of.isoformat() if filters.as_of != dt.date.today() else None,
    }
    current = {k: st.query_params.get(k) for k in _KEYS}
    wanted_text = {k: v for k, v in wanted.items() if v}
    if {k: v for k, v in current.items() if v} != wanted_text:
        kept = {k: st.query_params[k] for k in PAGE_KEYS if k in st.query_params}
        st.query_params.from_dict({**wanted_text, **kept})


def _choice(label: str, key: str, options: list[str], all_label: str,
            help_text: str | None = None) -> str | None:
    state_key = f"filter_{key}"
    if st.session_state.get(state_key) not in (None, ALL, *options):
        st.session_state[state_key] = ALL
    value = st.sidebar.selectbox(label, [ALL, *options], key=state_key, help=help_text,
                                 format_func=lambda v: all_label if v == ALL else v)
    return None if value == ALL else value


def sidebar_filters(choices: dict[str, list[str]]) -> Filters:
    """Draw the filters and return what they say."""
    _from_url(choices)
    st.sidebar.header("Filters")
    board = _choice("Board", "board", choices["board"], "All boards")
    board_type = _choice("Board type", "board_type", ["children", "adults"],
                         "Children's and adults'")
    period = _choice("Financial year", "period", choices["period"], "All years",
                     "1 April to 31 March. A timescale belongs to the year its clock started.")
    quarter = None
    if period:
        quarter = _choice("Quarter", "quarter", list(QUARTERS), "Whole year",
                          "Q1 is April to June.")
    agency = _choice("Agency", "agency", choices["agency"], "All agencies",
                     "Owner of a recommendation, audited agency, or attendee's agency.")
    theme = _choice("Theme", "theme", choices["theme"], "All themes")
    if "filter_as_of" not in st.session_state:
        st.session_state["filter_as_of"] = dt.date.today()
    as_of = st.sidebar.date_input(
        "As of", key="filter_as_of", format="DD/MM/YYYY",
        help="Figures as things stood on this date; dates after it count as not yet known.")
    filters = Filters(as_of=as_of, board=board, board_type=board_type, period=period,
                      quarter=f"{period} {quarter}" if period and quarter else None,
                      agency=agency, theme=theme)
    _to_url(filters, quarter)
    return filters
