"""Layout pieces every page shares: a chart with its table and plain-English summary, a
table that reads well, a drill-down to the records, and the messages for empty or
filtered-out data."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dashboard.charts import NoChart
from dashboard.screens.shared import Chart, DrillDown, Records, Tile, readable  # noqa: F401 (pages use it)

# A column of words (text with spaces) whose longest is longer than this is wrapped, in a wide
# column with rows tall enough for three lines (Streamlit wraps only rows taller than 4rem).
LONG_TEXT = 40
WRAPPED_ROW_HEIGHT = 80

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


def chart_block(chart: Chart) -> None:
    """A chart with a one-sentence summary and the same figures as a table; where a chart
    would show nothing or mislead, a sentence saying so instead."""
    st.markdown(f"#### {chart.title}")
    say(chart.sentence)
    notes(chart.notes)
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        if isinstance(chart.figure, NoChart):
            st.info(plain(chart.figure.reason))
        else:
            st.plotly_chart(chart.figure, key=f"chart_{chart.key}", alt=chart.alt,
                            config={"displaylogo": False})
    with table_tab:
        table(chart.table, f"table_{chart.key}", chart.title)


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


def table(frame: pd.DataFrame, key: str, name: str) -> None:
    """A table as a reader needs it: named for screen readers, missing values blank (never
    'None'), long text wrapped in a wide column."""
    long = [c for c in frame.columns if frame[c].map(
        lambda v: len(v) if isinstance(v, str) and " " in v else 0).max() > LONG_TEXT]
    st.dataframe(frame, hide_index=True, key=key, placeholder="", alt=name,
                 row_height=WRAPPED_ROW_HEIGHT if long else None,
                 column_config={c: st.column_config.TextColumn(width="large") for c in long})


def notes(lines: tuple[str, ...] | list[str]) -> None:
    """What the filters chosen do not reach in this figure, said beside it."""
    for line in lines:
        st.caption(f":material/filter_alt_off: {plain(line)}")


RECORDS_ARE_FOR = "Record-level detail is for quality leads (the uploader role)."


def records_table(records: Records, key: str, name: str) -> None:
    """Records, the first MAX_SHOWN of them when there are more, saying so; for a person who
    may not see records, how many there are."""
    if records.hidden:
        st.info(f"{records.total:,} record(s). {RECORDS_ARE_FOR}")
        return
    if records.cut:
        st.caption(f"The first {len(records.shown):,} of {records.total:,} are shown; the "
                   "Exports page has them all.")
    table(records.shown, key, name)


def drill_down(label: str, drill: DrillDown, key: str) -> None:
    """Choose a row of a summary; see the records behind it for the current filters. Record
    detail is for roles allowed record-level data; others see how many records there are."""
    if not drill.options:
        return
    choice = st.selectbox(label, ["—", *drill.options], key=f"drill_{key}")
    if choice and choice != "—":
        chosen = drill.records(choice)
        say(f"{chosen.total} record(s) for {choice}.")
        records_table(chosen, f"drill_table_{key}", f"{label}: {choice}")


def nothing_matches() -> None:
    st.info("No records match these filters. Widen the board, year, agency or theme in the "
            "sidebar.")


