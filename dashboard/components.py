"""Layout pieces every page shares: a chart with its table and plain-English summary, a
table that reads well, a drill-down to the records, and the messages for empty or
filtered-out data."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.charts import NoChart
from dashboard.screens.shared import (  # noqa: F401 (pages use readable)
    Chart,
    DrillDown,
    Published,
    Records,
    Tile,
    readable,
)
from data_models.labels import plural

# A column of words (text with spaces) whose longest is longer than this is wrapped, in a wide
# column with rows tall enough for three lines (Streamlit wraps only rows taller than 4rem).
LONG_TEXT = 40
WRAPPED_ROW_HEIGHT = 80
# What a table's columns take, in pixels, as Streamlit sizes them to their header or the longest
# of their first rows (SIZED_BY): a character's average width, a cell's padding, the narrowest
# and widest it makes a column, and a wrapped column's fixed width.
CHARACTER = 6.5
CELL_PADDING = 16
SIZED_BY = 10
NARROWEST, WIDEST, WRAPPED = 50, 500, 400
# The room a table has in the page at 1280 px with the sidebar open (818 px; 784 in an
# expander), against the estimate, which runs a little over what Streamlit draws.
ROOM = 800

_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~$"})
# Streamlit's Markdown also makes links of bare web addresses (http://..., www....), which
# escaping does not stop: an invisible word joiner after the scheme's colon and after "www"
# does, and changes nothing a reader sees. (An email address becomes a mailto link, which
# fetches nothing; it is left as it is, so a person's own address reads and matches as text.)
_AUTOLINK = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*:(?=//)|\bwww(?=\\?\.))")
JOINER = "\u2060"


def plain(text: str) -> str:
    """Text from the data, escaped so that Markdown shows it as written (never as a link, an
    image, emphasis or HTML)."""
    return _AUTOLINK.sub(lambda m: m.group(1) + JOINER, str(text).translate(_MARKDOWN_SPECIALS))


def say(text: str) -> None:
    """A caption whose words come partly from the data."""
    st.caption(plain(text))


# How many drawn parts of page models (a chart, a table) are kept to be sent again.
DRAWN_KEPT = 512


@st.cache_resource(max_entries=DRAWN_KEPT, show_spinner=False)
def _drawn(shown_id: int, how: tuple[Any, ...], _shown: object,
           _draw: Callable[[], object]) -> object:
    del shown_id, how  # the cache key only
    _draw()
    return _shown        # held by the cache, so that its id names it alone while it is kept


def once(shown: object, how: tuple[Any, ...], draw: Callable[[], object]) -> None:
    """Draw a part of a page model (a chart, a table: the models are built once per data
    version and shared, never changed) with `draw` on its first view, and on every later view
    send the elements drawn then: Streamlit keeps the elements a cached function draws and sends
    them again, so a figure is not turned into JSON, nor a frame into Arrow, on every view.
    `how`: whatever else the drawing depends on (its key, its name)."""
    _drawn(id(shown), how, shown, draw)


def chart_block(chart: Chart, *, keep_order: bool = False) -> None:
    """A chart with a one-sentence summary and the same figures as a table; where a chart
    would show nothing or mislead, a sentence saying so instead. `keep_order`: the table's
    columns as given (see `table`)."""
    st.markdown(f"#### {chart.title}")
    say(chart.sentence)
    notes(chart.notes)
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        if isinstance(chart.figure, NoChart):
            st.info(plain(chart.figure.reason))
        else:
            once(chart, ("chart",), lambda: st.plotly_chart(
                chart.figure, key=f"chart_{chart.key}", alt=chart.alt,
                config={"displaylogo": False}))
    with table_tab:
        table(chart.table, f"table_{chart.key}", chart.title, keep_order=keep_order,
              shared=True)


def tiles(row: list[Tile], per_row: int = 3) -> None:
    """Headline figures side by side, each with its base beneath it (a rate never stands
    alone) and, where there is one, the same figure over every board of its type."""
    columns = st.columns(per_row)
    for i, tile in enumerate(row):
        with columns[i % per_row]:
            st.metric(tile.title, tile.value, delta=tile.delta, border=True, help=tile.help)
            st.caption(tile.caption)
            if tile.compare:
                st.caption(f":material/groups: {plain(tile.compare)}")


def long_text(frame: pd.DataFrame) -> list[str]:
    """The columns of words (text with spaces) too long to read on one line."""
    return [c for c in frame.columns if len(frame) and frame[c].map(
        lambda v: len(v) if isinstance(v, str) and " " in v else 0).max() > LONG_TEXT]


def width(frame: pd.DataFrame) -> int:
    """About how wide the table is drawn, in pixels: each column as wide as its header or its
    longest value (the first rows), within Streamlit's limits; a wrapped column its fixed
    width."""
    long = set(long_text(frame))
    total = 0.0
    for column in frame.columns:
        if column in long:
            total += WRAPPED
            continue
        values = frame[column].head(SIZED_BY).map(lambda v: len(str(v)) if pd.notna(v) else 0)
        longest = max(len(str(column)), int(values.max()) if len(values) else 0)
        total += min(WIDEST, max(NARROWEST, longest * CHARACTER + CELL_PADDING))
    return round(total)


def table(frame: pd.DataFrame, key: str, name: str, *, keep_order: bool = False,
          shared: bool = False) -> None:
    """A table as a reader needs it: named for screen readers, missing values blank (never
    'None'), the short columns a reader scans first and long text after them, wrapped in a
    wide column; where the columns will not all fit at 1280 px, a line above saying that the
    table scrolls sideways. `keep_order`: long text wrapped where it is, for a table whose
    columns are figures side by side (a state in words in place of a figure stays in its
    area's column). `shared`: the frame is a page model's, drawn once (`once`)."""
    if shared:
        once(frame, (key, name, keep_order), lambda: table(frame, key, name,
                                                           keep_order=keep_order))
        return
    long = long_text(frame)
    if not keep_order:
        frame = frame[[*(c for c in frame.columns if c not in long), *long]]
    if width(frame) > ROOM:
        st.caption(f":material/swap_horiz: Scroll the table sideways to see all "
                   f"{len(frame.columns)} columns.")
    st.dataframe(frame, hide_index=True, key=key, placeholder="", alt=name,
                 row_height=WRAPPED_ROW_HEIGHT if long else None,
                 column_config={c: st.column_config.TextColumn(width="large") for c in long})


# The notes already said on the page being drawn (app.py empties it before each page runs).
NOTES_SAID = "notes_said"


def notes(lines: tuple[str, ...] | list[str]) -> None:
    """What the filters chosen do not reach in this figure, said above it: each once on a page
    (a later figure it also qualifies sits below the first saying of it)."""
    said = st.session_state.setdefault(NOTES_SAID, set())
    for line in dict.fromkeys(lines):
        if line not in said:
            said.add(line)
            st.caption(f":material/filter_alt_off: {plain(line)}")


# Set by the sidebar's "Show as published" switch (app.py), read by the pages that can apply
# the disclosure policy to their figures.
AS_PUBLISHED = "as_published"
NOT_SUPPRESSED = ("The counts on this page are not suppressed: a small number the published "
                  "report hides as 'c' is shown here as it is. To publish a figure, take it from "
                  "the report's publication edition (the Exports page), not from this page.")


def publication_line(can_show_published: bool = False) -> bool:
    """The line every board page carries about publishing its counts; True when the page is to
    show its figures as the report publishes them (the sidebar's switch is on, and the page
    can)."""
    published = can_show_published and bool(st.session_state.get(AS_PUBLISHED))
    if published:
        st.caption(":material/visibility_off: Shown as published: the disclosure policy is "
                   "applied to this page's tables, so a count it protects is shown as 'c', as "
                   "in the report's publication edition.")
    elif can_show_published:
        st.caption(f":material/info: {NOT_SUPPRESSED} Switch on \"Show as published\" in the "
                   "sidebar to see this page's tables as the report publishes them.")
    else:
        st.caption(f":material/info: {NOT_SUPPRESSED}")
    return published


RECORDS_ARE_FOR = "Record-level detail is for quality leads (the uploader role)."


def records_table(records: Records, key: str, name: str) -> None:
    """Records, the first MAX_SHOWN of them when there are more, saying so; for a person who
    may not see records, how many there are."""
    if records.hidden:
        st.info(f"{plural(records.total, 'record')}. {RECORDS_ARE_FOR}")
        return
    if records.cut:
        st.caption(f"The first {len(records.shown):,} of {records.total:,} are shown; the "
                   "Exports page has them all.")
    # a drill-down's choice with no records is an empty frame made afresh: not worth keeping
    table(records.shown, key, name, shared=records.total > 0)


def drill_down(label: str, drill: DrillDown, key: str) -> None:
    """Choose a row of a summary; see the records behind it for the current filters. Record
    detail is for roles allowed record-level data; others see how many records there are."""
    if not drill.options:
        return
    choice = st.selectbox(label, ["—", *drill.options], key=f"drill_{key}")
    if choice and choice != "—":
        chosen = drill.records(choice)
        say(f"{plural(chosen.total, 'record')} for {choice}.")
        records_table(chosen, f"drill_table_{key}", f"{label}: {choice}")


def nothing_matches() -> None:
    st.info("No records match these filters. Widen the board, year, agency or theme in the "
            "sidebar.")




def as_published(tables: list[Published], left_out: str) -> None:
    """The page's summary tables as the publication edition holds them, each with its note,
    and what of the page that edition leaves out; nothing else of the page is drawn."""
    for shown in tables:
        st.markdown(f"#### {shown.title}")
        say(shown.note)
        table(shown.table, f"published_{shown.title}", shown.title)
    st.info(f"{left_out} not shown while \"Show as published\" is on: this view holds the "
            "page's tables as the report's publication edition prints them (its charts are "
            "drawn from the same figures). Switch it off in the sidebar to see the rest.")
    st.stop()
