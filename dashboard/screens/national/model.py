"""What the National context page shows: a board's own figures beside England's, its region's
and its statistical neighbours' median for a year, a chart and table a measure with its
sources, the trend since 2019-20, and, where there is nothing to show, why and what to do. The
tables and sentences are the report's and the exports' (`publishing.national`). No Streamlit:
the page (national.py) draws it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.screens.shared import Chart
from data_models.filters import Filters, is_financial_year
from data_models.scope import Reads
from publishing.national import (
    FIRST_YEAR,
    NationalTable,
    caveats,
    context_frame,
    context_notes,
    footing,
    measure,
    missing,
    national_tables,
    nothing_to_show,
    sentences,
    trend_tables,
    year_shown,
)


@dataclass(frozen=True)
class Block:
    """A measure's chart and table, with the sources beneath them and what of the board's own
    counts is hidden (and why), if anything is."""

    chart: Chart
    sources: tuple[str, ...]
    hidden: str = ""


@dataclass(frozen=True)
class Years:
    """The years a board has national figures for (the latest first), the one to open on (the
    sidebar's year, else the latest before it), and what to say when it is not the sidebar's."""

    years: tuple[str, ...]
    default: str | None
    said: str


@dataclass(frozen=True)
class National:
    missing: str                # what keeps the board's figures from being shown, what to do
    caveats: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()
    comparisons: tuple[Block, ...] = ()
    trends: tuple[Block, ...] = ()


def boards(db: Reads, f: Filters) -> tuple[str, ...]:
    """The person's boards the filters reach that have a footprint, to choose from."""
    return tuple(sorted(db(footing, f).footprints))


def _figures(db: Reads, f: Filters, board: str | None) -> pd.DataFrame:
    """The board's national figures, every year."""
    return context_frame(db, f.but(board=board, period=None, quarter=None))


def years(db: Reads, f: Filters, board: str | None) -> Years:
    """The financial years with national figures (a national analysis over years of its own
    is shown beside every one)."""
    frame = _figures(db, f, board) if board else None
    if frame is None or frame.empty:
        return Years((), None, "")
    default, said = year_shown(frame, f.period)
    held = {y for y in frame["year"].astype(str) if is_financial_year(y)}
    return Years(tuple(sorted(held, reverse=True)), default, said)


def _rate(table: NationalTable) -> str:
    """What a table's rate is per, as its axis names it."""
    return measure(table.measure).rate or "Rate"


RATES_SAID = ("The board's rate beside England's, its region's and its statistical neighbours' "
              "median, where each has one; the Table tab has every figure, and what stands in "
              "place of one a publisher did not give.")
SHARES_SAID = ("Each part's share for each area that has one, side by side; the Table tab has "
               "the counts and what stands in place of a figure not given.")


def _block(table: NationalTable, year: str) -> Block:
    """A year's table as a chart (a rate for each area, or a split's shares side by side) and
    the same figures as the table writes them (the sentences above the charts say them)."""
    title = f"{table.title}, {year}"
    if any(h.startswith("Rate per") for h in table.header):
        figure: charts.Figure = charts.national_rates(table.chart, _rate(table))
        said = RATES_SAID
    elif "Share" in table.header:
        part = table.header[table.header.index("Year") + 1]
        figure, said = charts.national_split(table.chart, part, "Share (%)"), SHARES_SAID
    else:
        said = "A count for each area, in the Table tab."
        figure = charts.nothing("Counts for areas of different sizes are not drawn side by "
                                "side: the Table tab has each.")
    return Block(Chart(table.measure, title, said, figure, table.text()),
                 tuple(table.sources), table.hidden)


def national(db: Reads, f: Filters, board: str | None, year: str | None,
             threshold: int | None) -> National:
    """The national context of `board` in `year`; the board's own theme counts hidden as
    published where `threshold` is given (the sidebar's "Show as published")."""
    ground = db(footing, f.but(board=board) if board else f)
    frame = _figures(db, f, board) if board else None
    if frame is None or frame.empty or year is None:
        return National(nothing_to_show(board, ground))
    tables = national_tables(frame, year=year, threshold=threshold)
    trends = trend_tables(frame)
    return National(
        missing(board, ground, frame), tuple(caveats(tables)), tuple(context_notes(f)),
        tuple(sentences(frame, tables, year)),
        tuple(_block(t, year) for t in tables),
        tuple(Block(Chart(f"trend_{t.measure}", t.title,
                          f"Each financial year since {FIRST_YEAR} with a figure: the board "
                          "beside England and its statistical neighbours' median (a year with "
                          "no figure is a gap in the line; the table says why).",
                          charts.national_trend(t.chart, _rate(t)), t.text()), tuple(t.sources))
              for t in trends))
