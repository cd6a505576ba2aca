"""The Exports page's data version: which data its exports are made from, a link that opens
the page at that version again (`?snapshot=N`, with the filters, as-of date and threshold),
and the refusal when a link asks for data that cannot be read again."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from urllib.parse import urlencode

import streamlit as st

from dashboard.components import plain, say
from dashboard.data import cursor, reading
from dashboard.filters import NOT_APPLIED
from data_models.scope import Reader, Scope
from data_models.store.snapshots import (
    Marker,
    NotReproducible,
    check_snapshot,
    marker,
    stored_words,
    taken_at,
)
from publishing.suppression import DEFAULT_THRESHOLD

SNAPSHOT = "snapshot"                 # the query-string keys the link adds to the filters'
THRESHOLD = "threshold"
PAGE = "exports"


FILTER_WORDS = {"board": "board", "board_type": "board type", "period": "financial year",
                "quarter": "quarter", "agency": "agency", "theme": "theme",
                "as_of": "as-of date"}


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def asked_snapshot() -> int | None:
    """The data version a link asks for, checked: None without one. A link that cannot be
    followed exactly (a version that cannot be read again, a filter that is not among the
    person's choices now) stops the page with one line: never other data under its label."""
    text = st.query_params.get(SNAPSHOT)
    if text is None:
        return None
    label = f"This link's data version {text[:20]}"
    asked = _number(text)
    if asked is None:
        _refuse(f"{label} is not a number: open the Exports page from the menu for the data "
                "now.")
        return None
    not_applied = st.session_state.get(NOT_APPLIED) or {}
    if not_applied:
        named = "; ".join(f"{FILTER_WORDS[k]} '{v[:40]}'" for k, v in not_applied.items())
        _refuse(f"This link's {named}: not among the filters you may choose now, so its exports "
                "cannot be made as it asks. Open the Exports page from the menu and choose the "
                "filters.")
    with cursor() as con:
        try:
            check_snapshot(con, asked, label)
        except NotReproducible as error:
            _refuse(f"{error} Open the Exports page from the menu for the data now.")
    return asked


@contextlib.contextmanager
def made_from(stated: Marker, scope: Scope) -> Iterator[Reader]:
    """A cursor on exactly the data version the page stated, when an export is downloaded
    (later than the page was drawn): the shared store read at that snapshot, even if another
    instance, or this export's own log entry, has written since; the embedded file only while
    that version is still its last upload, else refused in one line. `scope` is the person's,
    taken while the page ran (the download is made on a thread with no session)."""
    if stated.kind == "snapshot":
        with reading(stated.number, scope=scope) as db:
            yield db
        return
    with reading(check=lambda con: check_snapshot(
            con, stated.number, f"This page's data version {stated.number}"),
            scope=scope) as db:
        yield db


def _refuse(line: str) -> None:
    st.error(plain(line))
    st.stop()


def asked_threshold() -> int:
    """The suppression threshold a link carries (the default without one); one the page does
    not offer stops the page with one line."""
    text = st.query_params.get(THRESHOLD)
    if text is None:
        return DEFAULT_THRESHOLD
    threshold = _number(text)
    if threshold is None or not 2 <= threshold <= 20:
        _refuse(f"This link's threshold '{text[:20]}' is not one the page offers (2 to 20): open "
                "the Exports page from the menu.")
        return DEFAULT_THRESHOLD
    return threshold


def state_version(pinned: int | None, threshold: int) -> Marker:
    """Say which data the exports below are made from, in words; the technical line (the data
    version, this page's link and the command line's flag) behind a "?"."""
    with cursor() as con:
        now = marker(con)
        made = taken_at(con, pinned if pinned is not None else now.number)
        data = Marker(now.kind, pinned) if pinned is not None else now
        words, now_words = stored_words(con, data), stored_words(con, now)
    when = f", made {made}" if made else ""
    if pinned is not None and pinned != now.number:
        st.info(f"These exports are made from the {words}, as this page's link asks: the "
                f"figures as they stood then. The other pages show the {now_words}.")
    else:
        say(f"Every export below is made from the {words}, and its last page says how to "
            "make it again.")
    with st.popover("? Making the same exports again later"):
        say(f"Made from {data.words()}{when}. To make the same exports again later, open this "
            "link (it keeps the filters, the as-of date and the threshold) or give the command "
            f"line's export {data.again()}"
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
