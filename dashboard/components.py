"""Layout pieces every page shares: a chart with its table and plain-English summary, a
drill-down to the records, and the messages for empty or filtered-out data."""

from __future__ import annotations

import streamlit as st

from dashboard.access import can
from dashboard.models import Chart, DrillDown, Records, readable  # noqa: F401 (pages use it)

_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~$"})


def plain(text: str) -> str:
    """Text from the data, escaped so that Markdown shows it as written (never as a link,
    emphasis or HTML)."""
    return str(text).translate(_MARKDOWN_SPECIALS)


def say(text: str) -> None:
    """A caption whose words come partly from the data."""
    st.caption(plain(text))


def chart_block(chart: Chart) -> None:
    """A chart with a one-sentence summary and the same figures as a table."""
    st.markdown(f"#### {chart.title}")
    say(chart.sentence)
    notes(chart.notes)
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        st.plotly_chart(chart.figure, key=f"chart_{chart.key}", config={"displaylogo": False})
    with table_tab:
        st.dataframe(chart.table, hide_index=True, key=f"table_{chart.key}")


def notes(lines: tuple[str, ...] | list[str]) -> None:
    """What the filters chosen do not reach in this figure, said beside it."""
    for line in lines:
        st.caption(f":material/filter_alt_off: {plain(line)}")


def records_table(records: Records, key: str) -> None:
    """Records, the first MAX_SHOWN of them when there are more, saying so."""
    if records.cut:
        st.caption(f"The first {len(records.shown):,} of {records.total:,} are shown; the "
                   "Exports page has them all.")
    st.dataframe(records.shown, hide_index=True, key=key)


def drill_down(label: str, drill: DrillDown, key: str) -> None:
    """Choose a row of a summary; see the records behind it for the current filters. Record
    detail is for roles allowed record-level data; others see how many records there are."""
    if not drill.options:
        return
    choice = st.selectbox(label, ["—", *drill.options], key=f"drill_{key}")
    if choice and choice != "—":
        chosen = drill.records(choice)
        say(f"{chosen.total} record(s) for {choice}.")
        if can("record_level"):
            records_table(chosen, f"drill_table_{key}")
        else:
            st.info("Record-level detail is for quality leads (the uploader role).")


def nothing_matches() -> None:
    st.info("No records match these filters. Widen the board, year, agency or theme in the "
            "sidebar.")


