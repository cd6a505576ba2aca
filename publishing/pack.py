"""The annual report pack: one self-contained HTML file for a board (or all) and a financial
year, with charts, tables, a sentence per figure, the previous year and the data-quality
caveats, all scoped to the export's filters. Every text in it is escaped."""

from __future__ import annotations

import datetime as dt
import html

import duckdb
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from data_models.filters import Filters, previous_financial_year
from publishing.suppression import SUPPRESSED
from publishing.tables import Table, freshness_note, summary_tables, unmapped_note

# -- the annual report pack -------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{margin-bottom:.2rem} .stamp{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.6rem 0 1.4rem;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right} th{background:#f2f2f2}
td:first-child,th:first-child{text-align:left} .summary{font-weight:600}
.caveat{background:#fff8e5;border-left:4px solid #E69F00;padding:.5rem .8rem}
"""


def _numbers(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows whose figure is shown (not suppressed), as numbers, for a chart."""
    shown = frame[frame[column] != SUPPRESSED].copy()
    shown[column] = pd.to_numeric(shown[column], errors="coerce")
    return shown.dropna(subset=[column])


def _bar(frame: pd.DataFrame, x: str, y: str, colour: str | None, title: str) -> go.Figure:
    data = frame.copy()
    for column in data.columns:
        if data[column].dtype == object:
            data[column] = data[column].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    figure = px.bar(data, x=x, y=y, color=colour, barmode="group", title=html.escape(title),
                    color_discrete_sequence=["#0072B2", "#E69F00", "#009E73", "#D55E00"])
    figure.update_layout(template="plotly_white", height=380, legend_title_text="")
    return figure


def _table_html(table: Table) -> str:
    frame = table.frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    return frame.to_html(index=False, escape=True, na_rep="–", border=0)


def _sentence(by_measure: Table, previous: Table) -> list[str]:
    before = previous.frame.set_index("measure")["compliance_pct"].to_dict()
    lines = []
    for row in by_measure.frame.itertuples():
        this = row.compliance_pct
        if this == SUPPRESSED or pd.isna(this):
            lines.append(f"{row.label}: too few clocks to report.")
            continue
        last = before.get(row.measure)
        change = (f" (previous year {last:.0f}%)" if isinstance(last, int | float)
                  and not pd.isna(last) else " (no comparable figure last year)")
        lines.append(f"{row.label}: {float(this):.0f}% within timescale{change}.")
    return lines


def annual_report_pack(con: duckdb.DuckDBPyConnection, f: Filters, threshold: int) -> str:
    """The pack for a board (or all) and a financial year, as one HTML file that opens
    offline: interactive charts, tables, a sentence per figure, the previous year, caveats."""
    if not f.period:
        raise ValueError("an annual report pack needs a financial year (--period 2023-24)")
    this = {t.name: t for t in summary_tables(con, f, threshold)}
    prev_period = previous_financial_year(f.period)
    last = {t.name: t for t in summary_tables(con, f.but(period=prev_period), threshold)}
    title = f"Annual report pack: {f.board or 'all boards'}, {f.period}"
    parts = [f"<h1>{html.escape(title)}</h1>",
             f"<p class='stamp'>{html.escape(f.describe())}. Produced "
             f"{dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC. Counts from 1 to {threshold - 1} "
             f"are shown as '{SUPPRESSED}'.</p>"]
    charts: list[go.Figure] = []

    def section(heading: str, sentences: list[str], figure: go.Figure | None,
                tables: list[Table]) -> None:
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.extend(f"<p class='summary'>{html.escape(s)}</p>" for s in sentences)
        if figure is not None:
            parts.append(f"<!--chart-{len(charts)}-->")
            charts.append(figure)
        for table in tables:
            parts.append(f"<h3>{html.escape(table.title)}</h3>{_table_html(table)}"
                         f"<p class='stamp'>{html.escape(table.note)}</p>")

    compare = pd.concat([
        _numbers(this["timescales"].frame, "compliance_pct").assign(year=f.period),
        _numbers(last["timescales"].frame, "compliance_pct").assign(year=prev_period)])
    section("Statutory timescales", _sentence(this["timescales"], last["timescales"]),
            _bar(compare, "measure", "compliance_pct", "year", "Within timescale (%)")
            if len(compare) else None,
            [this["timescales"], Table(last["timescales"].name, f"Timescales by measure, "
                                       f"{prev_period}", last["timescales"].frame,
                                       last["timescales"].note), this["timescales_by_board"]])
    themes = _numbers(this["themes"].frame, "share_pct")
    top = themes.sort_values("share_pct", ascending=False).head(1)
    section("Learning themes",
            [f"The most frequent theme in reviews was {r.theme} ({r.share_pct:.0f}% of "
             f"{r.board_type}'s reviews)." for r in top.itertuples()] or
            ["Too few reviews to report theme shares."],
            _bar(themes.sort_values("share_pct", ascending=False).head(20), "theme",
                 "share_pct", "board_type", "Share of reviews (%)") if len(themes) else None,
            [this["themes"], this["learning_loop"]])
    section("Recommendations", ["Delivery of review recommendations by owner agency."], None,
            [this["recommendations"]])
    audits = _numbers(this["audits_by_agency"].frame, "good_or_better_pct")
    section("Audits", ["Share of audits graded good or outstanding, by agency."],
            _bar(audits, "agency", "good_or_better_pct", None, "Good or better (%)")
            if len(audits) else None, [this["audits_by_agency"], last["audits_by_agency"]])
    training = _numbers(this["training_by_agency"].frame, "attendance_pct")
    section("Training", ["Attendance at multi-agency training, by agency."],
            _bar(training, "agency", "attendance_pct", None, "Attendance (%)")
            if len(training) else None,
            [this["training_by_agency"], this["training_by_workforce"]])
    section("Data quality caveats",
            ["How complete the dates behind the timescale figures are, for the reviews in this "
             "pack; a missing start date leaves a review out of its measure.",
             unmapped_note(con, f),
             *(f"{item.removeprefix('Freshness: ').capitalize()}: {detail}"
               for item, detail in freshness_note(con, f))],
            None, [this["completeness"]])
    body = "\n".join(parts)
    for number, figure in enumerate(charts):
        body = body.replace(f"<!--chart-{number}-->", figure.to_html(
            full_html=False, include_plotlyjs=(number == 0), config={"displaylogo": False}))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
            f"<body>{body}</body></html>")
