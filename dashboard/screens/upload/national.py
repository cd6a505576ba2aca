"""The Upload page's national statistics files, for an administrator with every board: a
published file is recognised by its header, shown as read (its kind, release and years, and
how many figures the publisher printed as a symbol), then stored as the command line's
national load stores it."""

from __future__ import annotations

import streamlit as st

from dashboard.components import plain, say
from dashboard.data import cursor
from data_models.labels import plural
from data_models.national import STATES, NationalFile, NationalFileError

NATIONAL = "National statistics file (administrators)"


def _read(name: str, data: bytes, year: str) -> NationalFile:
    """The file read as the command line reads it, its name saying its release (and, for the
    adults collection, its year); the year typed is for a file whose name does not say it."""
    from loaders.national_files import read_national_bytes

    try:
        return read_national_bytes(data, name)
    except NationalFileError:
        if not year:
            raise
        return read_national_bytes(data, name, year=year)


def _what(read: NationalFile) -> str:
    years = sorted(set(read.figures["year"])) if len(read.figures) else []
    states = read.figures["state"].value_counts() if len(read.figures) else {}
    symbols = [f"{plural(int(n), 'figure')} {STATES[state]}" for state, n in states.items()
               if state != "shown"]
    held = (f"{plural(len(read.figures), 'figure')} for {years[0]} to {years[-1]}"
            if years else f"{plural(len(read.neighbours), 'neighbour')}"
            if len(read.neighbours) else f"{plural(len(read.theme_shares), 'theme share')}")
    return (f"Recognised as {read.source}: {held}"
            + (f"; {', '.join(symbols)} (kept as such, never as 0)" if symbols else "") + ".")


def national_upload() -> None:
    """The national file's part of the page."""
    say("A national statistics file as its publisher gives it (the serious incident "
        "notifications, children in need, Safeguarding Adults Collection or statistical "
        "neighbours file, or the national review themes file): it is recognised by its header "
        "and kept with its release and source; a release loaded again replaces the one before. "
        "The documentation says where to download each.")
    uploaded = st.file_uploader("National file (.csv or .xlsx)", type=["csv", "xlsx"],
                                key="national_file")
    year = st.text_input("Financial year (the Safeguarding Adults Collection's files only, when "
                         "their name does not say it), e.g. 2024-25", key="national_year")
    if uploaded is None:
        return
    try:
        read = _read(uploaded.name, uploaded.getvalue(), year.strip())
    except NationalFileError as error:
        st.error(plain(f"Not loaded: {error}"))
        return
    say(_what(read))
    if st.button("Store", type="primary", key="national_store"):
        from ingest import national

        with cursor() as con:
            said = national.store_release(con, read, st.session_state.get("user_name"))
        st.success(plain(said))
