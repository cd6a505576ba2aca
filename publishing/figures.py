"""The annual report's charts: one figure builder for every section, comparing the financial
year with the one before, from the published (already suppressed) figures only.

A figure shown as 'c' is never drawn: a category whose figure for the year is hidden is left
out of the chart and named in a sentence ("Not shown: fewer than 5 ..."), and a hidden
figure for last year is labelled "not shown" where its bar would be, so what is left can never
read as the year it is not. Colours are the Okabe-Ito palette; the year is also carried by a
pattern and by the text on each bar, never by colour alone. Counts get whole-number ticks.

No Streamlit and no dashboard import: the report's figures are built here, beside the files
they go into. The same figure is drawn interactively in the HTML report and as an image in
the Word report.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from data_models.labels import percent as as_percent
from publishing.palette import OKABE_ITO, TEXT
from publishing.suppression import SUPPRESSED
from publishing.tables import RATES, written

THIS_YEAR = {"colour": OKABE_ITO[0], "pattern": ""}
LAST_YEAR = {"colour": OKABE_ITO[1], "pattern": "/"}
WIDTH = 680                     # px: the text width of an A4 page with 15 mm margins


@dataclass
class Bar:
    """One category of a two-year chart: its name and its figure for each year, as published
    (a number, SUPPRESSED, or None when there is no figure)."""

    name: str
    this_year: object
    last_year: object
    why: str | None = None        # why this year's figure is hidden, in a reader's words
    # a percentage as written from its counts (tables.written), for each year: the figure
    # drawn is only the bar's length, never rounded again for its label
    this_text: str | None = None
    last_text: str | None = None


@dataclass
class Chart:
    """A chart as the report shows it: the figure (None when every figure is hidden or there
    are none), the alternative text that says what it shows, and the sentence that says
    which figures are not shown."""

    figure: go.Figure | None
    alt: str
    not_shown: str | None = None


def _number(value: object) -> float | None:
    if value is None or isinstance(value, str):
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _shown(value: object, percent: bool, text: str | None = None) -> str:
    number = _number(value)
    if number is None:
        return "not shown" if value == SUPPRESSED else "none"
    if text is not None:
        return text
    return as_percent(number) if percent else f"{number:,.0f}"


def _this(bar: Bar, percent: bool) -> str:
    return _shown(bar.this_year, percent, bar.this_text)


def _last(bar: Bar, percent: bool) -> str:
    return _shown(bar.last_year, percent, bar.last_text)


def _wrap(text: str, width: int = 28) -> str:
    """A category name broken over lines for the chart's axis (escaped: plotly would draw
    some tags in labels)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(html.escape(line) for line in lines)


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _integer_step(largest: float) -> int:
    """A whole-number tick step that gives at most about eight ticks."""
    if largest <= 8:
        return 1
    raw = largest / 8
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= raw))


def two_year_bars(bars: list[Bar], *, this_year: str, last_year: str, measure: str,
                  noun: str, threshold: int, percent: bool = True,
                  axis: str | None = None) -> Chart:
    """Horizontal bars of a figure for each category, this year beside last year.

    `measure` says what the figure is ("compliance with the timescale"), `noun` what is
    counted behind it ("clocks"). A category whose figure this year is hidden is not drawn;
    one with no figure either year is left out.
    """
    hidden = [b for b in bars if b.this_year == SUPPRESSED]
    drawn = [b for b in bars if _number(b.this_year) is not None]
    not_shown = None
    default = "hidden under the disclosure policy"    # a bar that does not say why
    if hidden:
        by_reason: dict[str, list[str]] = {}
        for b in hidden:
            by_reason.setdefault(b.why or default, []).append(b.name)
        not_shown = "Not shown for " + this_year + ": " + "; ".join(
            f"{_listed(names) if len(names) <= 6 else f'{len(names)} categories, listed in the table'}"
            f" ({why})" for why, names in by_reason.items()) + "."
    if not drawn:
        if not hidden:
            return Chart(None, f"No chart of {measure}: there are no {noun} in {this_year}.")
        not_shown = f"{not_shown} So there is no chart of {measure}."
        return Chart(None, not_shown, not_shown)

    if len(drawn) == 1:                   # one bar is no chart: a sentence says it
        only = drawn[0]
        said = (f"{only.name}: {_this(only, percent)} in {this_year} "
                f"({last_year}: {_last(only, percent)}); the table below gives "
                "the counts." + (f" {not_shown}" if not_shown else ""))
        return Chart(None, said, said)

    names = [_wrap(b.name) for b in drawn]
    this_values = [_number(b.this_year) for b in drawn]
    last_values = [_number(b.last_year) or 0.0 for b in drawn]
    figure = go.Figure()
    figure.add_bar(
        name=this_year, y=names, x=this_values, orientation="h",
        marker={"color": THIS_YEAR["colour"], "pattern": {"shape": THIS_YEAR["pattern"]}},
        text=[f"{this_year}: {_this(b, percent)}" for b in drawn],
        textposition="outside", cliponaxis=False,
        hovertext=[f"{this_year}: {_this(b, percent)}" for b in drawn],
        hovertemplate="%{y}<br>%{hovertext}<extra></extra>")
    figure.add_bar(
        name=last_year, y=names, x=last_values, orientation="h",
        marker={"color": LAST_YEAR["colour"],
                "pattern": {"shape": LAST_YEAR["pattern"], "fgcolor": OKABE_ITO[7],
                            "fgopacity": 0.55}},
        text=[f"{last_year}: {_last(b, percent)}" for b in drawn],
        textposition="outside", cliponaxis=False,
        hovertext=[f"{last_year}: {_last(b, percent)}" for b in drawn],
        hovertemplate="%{y}<br>%{hovertext}<extra></extra>")
    largest = max([v for v in (*this_values, *last_values) if v is not None] or [1.0])
    axis = axis or measure[:1].upper() + measure[1:]
    if percent:
        figure.update_xaxes(range=[0, 150], tickvals=[0, 25, 50, 75, 100],
                            ticksuffix="%", title_text=axis)
    else:
        step = _integer_step(largest)
        figure.update_xaxes(range=[0, largest * 1.5], dtick=step, tickformat=",d",
                            title_text=axis)
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_layout(
        barmode="group", template="plotly_white", width=WIDTH,
        height=110 + 58 * len(drawn), margin={"l": 10, "r": 10, "t": 40, "b": 50},
        font={"size": 12, "color": TEXT}, bargap=0.25,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title_text": ""})

    ranked = sorted((b for b in drawn), key=lambda b: _number(b.this_year) or 0.0)
    described = (f"Bar chart of {measure} for each of {len(drawn)} categories, {this_year} "
                 f"beside {last_year}.")
    high, low = ranked[-1], ranked[0]
    described += (f" Highest in {this_year}: {high.name}, {_this(high, percent)} "
                  f"({last_year}: {_last(high, percent)}). Lowest: {low.name}, "
                  f"{_this(low, percent)} ({last_year}: {_last(low, percent)}).")
    described += " The table below gives every figure."
    if not_shown:
        described += " " + not_shown
    return Chart(figure, described, not_shown)


def bars_from(frame: pd.DataFrame, name: str, this_column: str,
              last: pd.DataFrame | None = None, last_column: str | None = None,
              key: str | None = None, why: list[str | None] | None = None) -> list[Bar]:
    """Bars from a year's published table (and last year's, matched on `key`); `why` gives,
    row by row, why a hidden figure is hidden. A percentage's label is written from the counts
    in its row."""
    key = key or name
    last_column = last_column or this_column
    before: dict[object, pd.Series] = {}
    if last is not None and not last.empty:
        before = {row[key]: row for _, row in last.iterrows()}
    reasons = why or [None] * len(frame)

    def text(row: pd.Series | None, column: str) -> str | None:
        return written(row, column) if row is not None and column in RATES else None

    bars = []
    for (_, row), reason in zip(frame.iterrows(), reasons, strict=True):
        old = before.get(row[key])
        bars.append(Bar(str(row[name]), row[this_column],
                        old[last_column] if old is not None else None, reason,
                        text(row, this_column), text(old, last_column)))
    return bars
