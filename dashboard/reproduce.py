"""The Exports page's data version: which data its exports are made from, a link that opens
the page at that version again (`?snapshot=N`, with the filters, as-of date and threshold),
and the refusal when a link asks for data that cannot be read again."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from dashboard.components import plain, say
from dashboard.data import cursor
from data_models.snapshots import Marker, NotReproducible, check_snapshot, marker, taken_at
from publishing.suppression import DEFAULT_THRESHOLD

SNAPSHOT = "snapshot"                 # the query-string keys the link adds to the filters'
THRESHOLD = "threshold"
PAGE = "exports"


def asked_snapshot() -> int | None:
    """The data version a link asks for, checked: None without one; a link asking for one that
    cannot be read again stops the page with one line (never the data now under its label)."""
    text = st.query_params.get(SNAPSHOT)
    if text is None:
        return None
    label = f"This link's data version {text[:20]}"
    if not text.isdigit():
        _refuse(f"{label} is not a number: open the Exports page from the menu for the data "
                "now.")
    asked = int(text)
    with cursor() as con:
        try:
            check_snapshot(con, asked, label)
        except NotReproducible as error:
            _refuse(f"{error} Open the Exports page from the menu for the data now.")
    return asked


def _refuse(line: str) -> None:
    st.error(plain(line))
    st.stop()


def asked_threshold() -> int:
    """The suppression threshold a link carries (the default otherwise, or if it is not one
    the page offers)."""
    text = st.query_params.get(THRESHOLD, "")
    return int(text) if text.isdigit() and 2 <= int(text) <= 20 else DEFAULT_THRESHOLD


def state_version(pinned: int | None, threshold: int) -> Marker:
    """Say which data the exports below are made from and how to make them again: this page's
    link and the command line's flag."""
    with cursor() as con:
        now = marker(con)
        made = taken_at(con, pinned if pinned is not None else now.number)
    data = Marker(now.kind, pinned) if pinned is not None else now
    when = f", made {made}" if made else ""
    if pinned is not None and pinned != now.number:
        st.info(f"These exports are made from {data.words()}{when}, as this page's link asks: "
                f"the figures as they stood then. The other pages show the data now ("
                f"{now.words()}).")
    else:
        say(f"Every export below is made from {data.words()}{when} and says so.")
    say("To make the same exports again later, open this link (it keeps the filters, the as-of "
        f"date and the threshold) or give the command line's export {data.again()}"
        + (", while no later extract is stored: the embedded file keeps only the latest "
           "records." if data.kind == "upload" else "."))
    st.code(link(data, threshold), language=None, wrap_lines=True)
    return data


def link(data: Marker, threshold: int) -> str:
    """This page at this data version: the filters as the address holds them (every key a
    filter writes), with the as-of date always, the threshold and the data version."""
    f = st.session_state["filters"]
    params = {k: v for k, v in st.query_params.to_dict().items()
              if k not in (SNAPSHOT, THRESHOLD, "as_of")}
    params["as_of"] = f.as_of.isoformat()
    if threshold != DEFAULT_THRESHOLD:
        params[THRESHOLD] = str(threshold)
    params[SNAPSHOT] = str(data.number)
    base = (st.context.url or "").rstrip("/")
    if base.endswith("/" + PAGE):
        base = base[:-len(PAGE) - 1]
    return f"{base}/{PAGE}?{urlencode(params)}" if base else f"{PAGE}?{urlencode(params)}"
