"""Layout pieces every page shares: a chart with its table and plain-English summary, a
drill-down to the records, and the messages for empty or filtered-out data."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.access import can

STATUS_LABELS = {
    "met": "✓ met", "missed": "✗ missed", "overdue": "! overdue", "pending": "… pending",
    "not_applicable": "– not applicable",
}


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~$"})


def plain(text: str) -> str:
    """Text from the data, escaped so that Markdown shows it as written (never as a link,
    emphasis or HTML)."""
    return str(text).translate(_MARKDOWN_SPECIALS)


def say(text: str) -> None:
    """A caption whose words come partly from the data."""
    st.caption(plain(text))


def with_status_labels(frame: pd.DataFrame, column: str = "status") -> pd.DataFrame:
    """Status as words and a symbol, never by colour alone."""
    out = frame.copy()
    if column in out:
        out[column] = out[column].map(lambda s: STATUS_LABELS.get(s, s))
    return out


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Column names in words and dates as day/month/year, for tables a board member reads."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%d/%m/%Y")
    out.columns = [str(c).replace("_pct", " %").replace("_", " ").capitalize()
                   for c in out.columns]
    return out


def chart_block(title: str, sentence: str, figure: Any, table: pd.DataFrame, key: str) -> None:
    """A chart with a one-sentence summary and the same figures as a table."""
    st.markdown(f"#### {title}")
    say(sentence)
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    with chart_tab:
        st.plotly_chart(figure, key=f"chart_{key}", config={"displaylogo": False})
    with table_tab:
        st.dataframe(readable(table), hide_index=True, key=f"table_{key}")


def drill_down(label: str, options: list[str], records: pd.DataFrame, column: str,
               key: str) -> None:
    """Choose a row of a summary; see the records behind it for the current filters. Record
    detail is for roles allowed record-level data; others see how many records there are."""
    if not options:
        return
    choice = st.selectbox(label, ["—", *options], key=f"drill_{key}")
    if choice and choice != "—":
        chosen = records[records[column].astype(str) == choice]
        say(f"{len(chosen)} record(s) for {choice}.")
        if can("record_level"):
            st.dataframe(readable(chosen), hide_index=True, key=f"drill_table_{key}")
        else:
            st.info("Record-level detail is for quality leads (the uploader role).")


def nothing_matches() -> None:
    st.info("No records match these filters. Widen the board, year, agency or theme in the "
            "sidebar.")


def percent(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.0f}%"
