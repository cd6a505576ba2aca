"""Every chart the dashboard draws, built in one place with plotly, and the plain-English
sentence that says what each shows.

One palette for every chart: Okabe-Ito, which colour-blind readers can tell apart, pinned in
the template every figure is built with (and in streamlit_config/config.toml for Streamlit's
own theme). Status or grade is always also carried by a pattern, a symbol or a text label.
Counts get whole-number ticks; legends and axes say words, never codes, and an axis names what
it counts (clocks, not reviews, where one review has a clock for each timescale); a chart that
would mislead (a line through one point) or show nothing is a sentence instead (`NoChart`).

Every figure is drawn at whatever width the page has, down to a phone's 320 px (WCAG 2.2
reflow), so text never shrinks below `MIN_TEXT` pixels and no bar label is left out: bars
labelled after their end run across the chart (a year's or a board's row is as tall as its
label, however narrow the screen), a label with too little room inside its bar is drawn at
that size all the same, long names wrap, legends sit above the plot rather than beside it,
and axes make room for their titles.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from typing import TypeAlias

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio

from data_models.impact import MIN_BASE
from data_models.labels import column_label, percent_of, value_labels
from publishing.palette import BLUES, GREY, OKABE_ITO, TEXT  # noqa: F401 (pages use them)

# A heatmap's cells carry their figure in near-black: its scale stops where that still reads
# at 4.5:1 or better (4.8:1 on its darkest blue).
HEAT = list(BLUES[:7])

STATUS_WORDS = {"met": "Met", "missed": "Missed", "overdue": "Overdue", "pending": "Pending"}
STATUS_COLOURS = {"met": "#009E73", "missed": "#D55E00", "overdue": "#E69F00",
                  "pending": "#56B4E9"}
STATUS_PATTERNS = {"met": "", "missed": "x", "overdue": "/", "pending": "."}
GRADE_COLOURS = {"outstanding": "#0072B2", "good": "#56B4E9",
                 "requires_improvement": "#E69F00", "inadequate": "#D55E00"}
GRADE_PATTERNS = {"outstanding": "", "good": ".", "requires_improvement": "/",
                  "inadequate": "x"}
BOARD_TYPE_COLOURS = {"children": "#0072B2", "adults": "#E69F00", "both": "#009E73"}
BOARD_TYPE_PATTERNS = {"children": "", "adults": "/", "both": "."}
TRAINING_COLOURS = {"attended": "#009E73", "did_not_attend": "#D55E00", "cancelled": GREY}
TRAINING_PATTERNS = {"attended": "", "did_not_attend": "x", "cancelled": "/"}

# Built on plotly_white: the palette, the pages' text colour, whole numbers with thousands
# separators on hover. Every figure below is made with it, so the colours do not depend on
# which template plotly or Streamlit has made the default.
TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(colorway=OKABE_ITO, font={"size": 13, "color": TEXT},
                       colorscale={"sequential": list(BLUES)}, separators=".,")

# The smallest text a chart draws, in pixels: plotly shrinks a bar's label to fit the bar, which
# on a phone leaves it unreadable (4 or 5 px).
MIN_TEXT = 10
# A name on a category axis longer than this wraps onto a second line (or a third), so that on a
# narrow screen the names do not take the whole width or run off the chart.
WRAP_AT = 22
# Room, in pixels, to the right of a chart whose bars run across with their labels after them:
# the range is in the data's units, so on a phone the longest bar's label would run off the
# chart without it.
LABEL_ROOM = 70
# A quarter axis with more quarters than this is ticked at each year's first quarter only.
MOST_QUARTER_TICKS = 8
# After a financial year or quarter still running on the as-of date, wherever it stands beside
# whole ones (its figures are not yet complete).
TO_DATE = " (to date)"


@dataclass(frozen=True)
class NoChart:
    """What the page says instead of a chart that would show nothing, or mislead."""

    reason: str


Figure: TypeAlias = go.Figure | NoChart


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text from the data with HTML escaped, so that a chart shows '<b>' as written: plotly
    would otherwise draw some tags in labels (bold, links). Quotes stay as they are (plotly
    draws them as written; "Children's social care" must not read `&#x27;`)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: html.escape(v, quote=False) if isinstance(v, str) else v)
    return out


def _words(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Codes in the columns named (board type, workforce, status) as the words a reader
    knows."""
    out = frame.copy()
    for column in columns:
        words = value_labels(column)
        if column in out and words:
            out[column] = out[column].map(lambda v, w=words: w.get(v, v))
    return out


def wrapped(text: str, width: int = WRAP_AT) -> str:
    """A long name on a category axis broken onto lines of about `width` characters (plotly
    breaks a label only at <br>); text from the data is escaped first (`as_text`)."""
    if len(text) <= width:
        return text
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False))


def _wrap_names(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.assign(**{column: frame[column].map(
        lambda v: wrapped(v) if isinstance(v, str) else v)})


def _rows_height(names: pd.Series, per_row: int, least: int) -> int:
    """A height giving each name of a category axis its row: `per_row` pixels, or more where
    a wrapped name has two or three lines (they would otherwise run into each other)."""
    names = names.drop_duplicates()
    breaks = names.dropna().astype(str).str.count("<br>").dropna()   # a missing name: no row
    lines = int(breaks.max()) + 1 if len(breaks) else 1
    return max(least, len(names) * max(per_row, 18 * lines + 12))


def _tidy(figure: go.Figure, height: int = 380) -> go.Figure:
    """Size and margins (every figure is made with the template); and every text in the
    pages' text colour, set on the figure itself, since Streamlit's chart theme would otherwise
    draw ticks, axis titles and bar labels in a grey that reaches only 3.7:1 on white (WCAG AA
    asks 4.5:1).

    For narrow screens: no bar label below MIN_TEXT pixels and none left out (one with too
    little room is drawn at that size all the same, the rest at one size), the legend in a row
    above the plot (beside it, it takes half a phone's width), and axes that grow the margins
    to fit their labels and titles."""
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         legend_title_text="", font_color=TEXT,
                         legend_font_color=TEXT,
                         legend={"orientation": "h", "yanchor": "bottom", "y": 1.02,
                                 "xanchor": "left", "x": 0},
                         uniformtext={"minsize": MIN_TEXT, "mode": "show"})
    for update in (figure.update_xaxes, figure.update_yaxes):
        update(tickfont_color=TEXT, title_font_color=TEXT, automargin=True)
    figure.update_traces(outsidetextfont_color=TEXT, selector={"type": "bar"})
    for trace in figure.data:
        if trace.type == "bar" and isinstance(trace.marker.color, str):
            trace.insidetextfont.color = text_on(trace.marker.color)
    figure.update_annotations(font_color=TEXT)
    return _lean(figure)


# The parts of a template for a kind of subplot (a map, a polar or 3D plot): they apply to a
# figure only where it has one. A figure whose traces are all of the kinds drawn on x and y axes
# (CARTESIAN), with none of these in its layout, has none.
SUBPLOT_KINDS = ("geo", "map", "mapbox", "polar", "scene", "smith", "ternary")
CARTESIAN = {"bar", "scatter", "heatmap"}


def _lean(figure: go.Figure) -> go.Figure:
    """The figure's template cut to what the figure draws with: its defaults for the kinds of
    trace it holds, and for subplots only where it has one. plotly applies a kind's defaults
    only to a trace or subplot of that kind, so nothing drawn changes; what is left out is two
    thirds of a chart as sent to the page (about 5 KB of every chart on every view)."""
    traces = {trace.type for trace in figure.data}
    layout = figure.layout.to_plotly_json()
    flat = traces <= CARTESIAN and not any(
        key.rstrip("0123456789") in SUBPLOT_KINDS for key in layout)
    template = figure.layout.template.to_plotly_json()
    figure.layout.template = {
        "data": {kind: kinds for kind, kinds in template.get("data", {}).items()
                 if kind in traces},
        "layout": {key: value for key, value in template.get("layout", {}).items()
                   if not (flat and key in SUBPLOT_KINDS)}}
    return figure


def _labels_beside(figure: go.Figure) -> go.Figure:
    """Room for the labels after horizontal bars (LABEL_ROOM)."""
    figure.update_layout(margin_r=LABEL_ROOM)
    return figure


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """The text colour, near-black or white, that reads best on a bar of this colour: plotly's
    own choice puts white on Okabe-Ito green and vermilion (3.4:1 and 3.9:1)."""
    return TEXT if contrast(TEXT, fill) >= contrast("#FFFFFF", fill) else "#FFFFFF"


def _counts(figure: go.Figure, axis: str, top: float) -> None:
    """Whole numbers on an axis of counts: a tick for every one up to ten (plotly would put
    one at each half), plotly's own whole steps above."""
    update = figure.update_xaxes if axis == "x" else figure.update_yaxes
    update(rangemode="tozero", tickformat=",d", **({"dtick": 1} if top <= 10 else {}))


def _categories(figure: go.Figure, axis: str) -> None:
    """Financial years and quarters as names, in their order: plotly would read '2011-12' as
    December 2011."""
    (figure.update_xaxes if axis == "x" else figure.update_yaxes)(type="category")


def short_quarter(quarter: str) -> str:
    """'2024-25 Q1' as a tick says it, 'Q1 24-25' (and anything after it, such as '(to date)',
    kept)."""
    match = re.match(r"^\d{2}(\d{2})-(\d{2}) (Q[1-4])(.*)$", quarter)
    return f"{match[3]} {match[1]}-{match[2]}{match[4]}" if match else quarter


def _quarters(figure: go.Figure, quarters: list[str]) -> None:
    """Quarters in their order, named short ('Q1 24-25'); with more than MOST_QUARTER_TICKS of
    them, a tick at each year's first quarter only (and at a quarter still running), so that
    the names never run into each other. Hover and the table name every quarter (a clock
    with no date to place it in one has none, and no tick)."""
    quarters = [q for q in quarters if isinstance(q, str)]
    ticked = quarters if len(quarters) <= MOST_QUARTER_TICKS else [
        q for q in quarters if " Q1" in q or q.endswith(TO_DATE)]
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=quarters,
                        tickmode="array", tickvals=ticked,
                        ticktext=[short_quarter(q) for q in ticked])


def nothing(message: str = "No data for these filters.") -> NoChart:
    return NoChart(message)


def _too_few_points(data: pd.DataFrame, x: str, what: str) -> NoChart | None:
    """A line needs two points: with fewer, say so (the table has the figure)."""
    points = data[x].dropna().unique()
    if len(points) >= 2:
        return None
    if len(points) == 0:
        return nothing()
    return NoChart(f"Only one {what} ({points[0]}) in this view, and a trend needs two or "
                   "more: the Table tab has its figures.")


# -- timescales -------------------------------------------------------------------------------

def compliance_bars(table: pd.DataFrame, x: str, threshold: int) -> Figure:
    """Compliance % for each period (or board), labelled with the percentage and counts; a
    group with fewer clocks counted than the threshold shows its counts and no bar."""
    table = as_text(table)
    if table.empty:
        return nothing()
    data = table.copy()
    small = data["counted"] < threshold
    data["text"] = [f"{m} of {c}: too few to compare" if few and c else
                    f"{percent_of(m, c)} ({m}/{c})" if pd.notna(p) else "no clocks stopped"
                    for p, m, c, few in zip(data["compliance_pct"], data["met"], data["counted"],
                                            small, strict=True)]
    data["compliance_pct"] = data["compliance_pct"].where(~small, 0)
    # across, a row each, so that each label ("82% (32/39)") has the room after its bar at any
    # width; standing up, six years' labels do not fit side by side on a phone
    data = _wrap_names(data, x)
    figure = px.bar(data, x="compliance_pct", y=x, text="text", orientation="h",
                    template=TEMPLATE,
                    labels={"compliance_pct": "Clocks within timescale (%)",
                            x: column_label(x)},
                    color_discrete_sequence=[OKABE_ITO[0]])
    figure.update_traces(textposition="outside", cliponaxis=False)
    figure.update_xaxes(range=[0, 115])
    _categories(figure, "y")
    figure.update_yaxes(autorange="reversed")        # the first year (or board) at the top
    return _labels_beside(_tidy(figure, _rows_height(data[x], 40, 380)))


def status_stack(table: pd.DataFrame, x: str) -> Figure:
    """Met, missed, overdue and pending counts for each x, stacked across in a row of its own,
    each with its pattern: a row is tall enough for its counts at any width, where a column
    on a phone is too thin for two digits."""
    table = as_text(table)
    statuses = [s for s in ("met", "missed", "overdue", "pending") if s in table]
    if table.empty:
        return nothing()
    long = table.melt(id_vars=[x], value_vars=statuses, var_name="status", value_name="clocks")
    long["status"] = long["status"].map(STATUS_WORDS)
    figure = px.bar(long, x="clocks", y=x, color="status", pattern_shape="status",
                    orientation="h",
                    color_discrete_map={STATUS_WORDS[s]: c for s, c in STATUS_COLOURS.items()},
                    pattern_shape_map={STATUS_WORDS[s]: p for s, p in STATUS_PATTERNS.items()},
                    category_orders={"status": [STATUS_WORDS[s] for s in statuses]},
                    text="clocks", template=TEMPLATE,
                    labels={x: column_label(x), "clocks": "Clocks"})
    # level: a count turned on its side in a thin segment reads badly; one with no room at
    # MIN_TEXT is left out
    figure.update_traces(texttemplate="%{text:.0f}", textposition="inside", textangle=0,
                         insidetextanchor="middle")
    _counts(figure, "x", float(table[statuses].sum(axis=1).max()))
    names = [q for q in table[x].tolist() if isinstance(q, str)]
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=names,
                        autorange="reversed", tickmode="array", tickvals=names,
                        ticktext=[short_quarter(q) for q in names] if x == "quarter" else names)
    return _tidy(figure, _rows_height(pd.Series(names), 24, 380))


def elapsed_bars(counts: pd.DataFrame, limit: int, unit: str, comparison: str) -> Figure:
    """How long the stopped clocks took (clocks for each elapsed time, met and missed
    stacked), with the limit marked."""
    if counts.empty:
        return nothing("No stopped clocks for these filters.")
    unit_words = "working days" if unit == "working_days" else "calendar days"
    data = counts.assign(status=counts["status"].map(STATUS_WORDS))
    figure = px.bar(data, x="elapsed", y="clocks", color="status", pattern_shape="status",
                    color_discrete_map={STATUS_WORDS[s]: STATUS_COLOURS[s]
                                        for s in ("met", "missed")},
                    pattern_shape_map={STATUS_WORDS[s]: STATUS_PATTERNS[s]
                                       for s in ("met", "missed")},
                    category_orders={"status": ["Met", "Missed"]}, template=TEMPLATE,
                    labels={"elapsed": f"Time taken ({unit_words})", "clocks": "Clocks"})
    line_at = limit if unit == "working_days" else None
    if unit == "months":
        line_at = round(limit * 30.44)
    if line_at is not None:
        word = "at least" if comparison == "at_least" else "limit"
        figure.add_vline(x=line_at, line_dash="dash", line_color="#000000",
                         annotation_text=f"{word} {limit} {unit.replace('_', ' ')}",
                         # inside the plot, on white: above it is the legend's row
                         annotation_position="top right", annotation_bgcolor="#FFFFFF")
    figure.update_layout(bargap=0.05)
    _counts(figure, "y", float(data.groupby("elapsed")["clocks"].sum().max()))
    figure.update_xaxes(tickformat=",d")
    return _tidy(figure)


def best_and_worst_sentence(table: pd.DataFrame, by: str, threshold: int) -> str:
    """Which group did best and worst on compliance, among groups with enough clocks."""
    scored = table[table["counted"] >= threshold].dropna(subset=["compliance_pct"])
    if scored.empty:
        return f"Too few clocks in any one group to compare (fewer than {threshold})."
    best = scored.loc[scored["compliance_pct"].idxmax()]
    worst = scored.loc[scored["compliance_pct"].idxmin()]
    def written(row: pd.Series) -> str:
        return percent_of(int(row["met"]), int(row["counted"]))

    if best[by] == worst[by]:
        return f"{best[by]}: {written(best)} within timescale."
    return (f"Highest in {best[by]} ({written(best)}), lowest in {worst[by]} "
            f"({written(worst)}).")


def compliance_sentence(met: int, counted: int, pct: float | None, label: str, where: str,
                        threshold: int) -> str:
    if counted == 0:
        return f"No clocks for '{label}' have stopped or passed their due date {where}."
    if counted < threshold:
        return (f"{met} of {counted} met '{label}' {where}: too few to compare (fewer than "
                f"{threshold}); overdue clocks count as missed.")
    return (f"{met} of {counted} ({percent_of(met, counted)}) met '{label}' {where}; "
            "overdue clocks count as missed.")


# -- themes -----------------------------------------------------------------------------------

def every_theme(shares: pd.DataFrame, by: tuple[str, ...] = ("board_type",)) -> pd.DataFrame:
    """Each theme for every board type (or board type and year) the shares hold, at 0 items of
    that base where none names it: the query lists a theme that does not apply to a board type
    only where items name it, which left such a theme with no bar and no label beside the other
    type's, while a theme that applies showed '0% (0)'."""
    if shares.empty:
        return shares
    base = [c for c in ("items_total",) if c in shares]
    bases = shares[[*by, *base]].drop_duplicates(list(by))
    grid = shares[["theme"]].drop_duplicates().merge(bases, how="cross")
    out = grid.merge(shares.drop(columns=base), on=["theme", *by], how="left")
    return out.assign(items_with_theme=out["items_with_theme"].fillna(0).astype(int),
                      share_pct=out["share_pct"].fillna(0.0))


def theme_side_by_side(shares: pd.DataFrame) -> Figure:
    """Share of reviews raising each theme, children's and adults' boards side by side; every
    theme with a bar and its label for each board type, '0% (0)' where no review names it."""
    shares = as_text(shares)
    if shares.empty:
        return nothing()
    data = _wrap_names(_words(every_theme(shares), "board_type"), "theme")
    data["text"] = [f"{percent_of(n, total) if total else '0%'} ({n})" for n, total in zip(
        data["items_with_theme"], data["items_total"], strict=True)]
    order = (data.groupby("theme")["share_pct"].max().sort_values().index.tolist())
    kinds = value_labels("board_type")
    figure = px.bar(data, y="theme", x="share_pct", color="board_type", barmode="group",
                    orientation="h", text="text", pattern_shape="board_type",
                    color_discrete_map={kinds.get(k, k): c for k, c in BOARD_TYPE_COLOURS.items()},
                    pattern_shape_map={kinds.get(k, k): p
                                       for k, p in BOARD_TYPE_PATTERNS.items()},
                    category_orders={"theme": order[::-1]}, template=TEMPLATE,
                    labels={"share_pct": "Share of reviews (%)", "theme": "",
                            "board_type": "Board type"})
    figure.update_traces(textposition="outside", cliponaxis=False)
    figure.update_xaxes(range=[0, max(10.0, float(data["share_pct"].max())) * 1.25])
    return _labels_beside(_tidy(figure, _rows_height(data["theme"], 56, 400)))


def theme_heatmap(shares: pd.DataFrame) -> Figure:
    """Share of reviews raising each theme, a cell for each theme and board type, each saying
    its percentage (so no colour scale is needed beside it, which a phone has no room for)."""
    shares = as_text(shares)
    if shares.empty:
        return nothing()
    data = _wrap_names(_words(every_theme(shares), "board_type"), "theme")
    data["text"] = [percent_of(n, total) if total else "0%" for n, total in zip(
        data["items_with_theme"], data["items_total"], strict=True)]
    grid = data.pivot_table(index="theme", columns="board_type", values="share_pct",
                            aggfunc="first")
    text = data.pivot_table(index="theme", columns="board_type", values="text",
                            aggfunc="first").reindex(index=grid.index, columns=grid.columns)
    figure = px.imshow(grid, aspect="auto", color_continuous_scale=HEAT, template=TEMPLATE,
                       labels={"color": "% of reviews", "x": "Board type", "y": ""})
    # each cell's percentage written from its counts, not its one-decimal share rounded again
    figure.update_traces(text=text.fillna("").to_numpy(), texttemplate="%{text}",
                         textfont_color=TEXT)
    figure.update_coloraxes(showscale=False)
    return _tidy(figure, _rows_height(data["theme"], 30, 400))


def theme_trend(trend: pd.DataFrame, themes: list[str]) -> Figure:
    """Share of each year's reviews raising the themes chosen, a line for each theme and board
    type, at 0 in a year none of that type's reviews named it (not a line across the gap)."""
    series = trend[["theme", "board_type"]].drop_duplicates()
    filled = every_theme(trend, ("period", "board_type"))
    if not filled.empty:
        filled = filled.merge(series, on=["theme", "board_type"])
    data = as_text(filled[filled["theme"].isin(themes)])
    if data.empty:
        return nothing("Choose themes to see their trend.")
    too_few = _too_few_points(data, "period", "financial year")
    if too_few:
        return too_few
    data = _words(data, "board_type")
    data = data.assign(series=data["theme"] + " (" + data["board_type"].str.lower() + ")")
    figure = px.line(data.sort_values("period"), x="period", y="share_pct", color="series",
                     symbol="series", markers=True, template=TEMPLATE,
                     labels={"period": "Financial year", "share_pct": "Share of reviews (%)",
                             "series": ""})
    _categories(figure, "x")
    return _tidy(figure)


# -- recommendations, audits and training -------------------------------------------------------

def stacked_counts(table: pd.DataFrame, x: str, columns: list[str], colours: dict[str, str],
                   patterns: dict[str, str], value_name: str, horizontal: bool = True) -> Figure:
    table = as_text(table)
    if table.empty:
        return nothing()
    data = _words(table, x)
    if horizontal:
        data = _wrap_names(data, x)
    long = data.melt(id_vars=[x], value_vars=columns, var_name="kind", value_name=value_name)
    long["kind"] = long["kind"].map(column_label)
    figure = px.bar(long, x=value_name if horizontal else x, y=x if horizontal else value_name,
                    color="kind", pattern_shape="kind", orientation="h" if horizontal else "v",
                    color_discrete_map={column_label(k): v for k, v in colours.items()},
                    pattern_shape_map={column_label(k): v for k, v in patterns.items()},
                    category_orders={"kind": [column_label(c) for c in columns]},
                    template=TEMPLATE,
                    labels={x: "", value_name: value_name.capitalize(), "kind": ""})
    _counts(figure, "x" if horizontal else "y", float(table[columns].sum(axis=1).max()))
    return _tidy(figure, _rows_height(data[x], 30, 380) if horizontal else 380)


def percent_line(table: pd.DataFrame, x: str, columns: dict[str, str], what: str, *,
                 y_label: str) -> Figure:
    """Percentages over periods, a line and a marker shape for each; `what` names one period
    ("quarter") for the sentence shown when there is only one, `y_label` what the percentages
    are of."""
    table = as_text(table)
    if table.empty:
        return nothing()
    too_few = _too_few_points(table, x, what)
    if too_few:
        return too_few
    long = table.melt(id_vars=[x], value_vars=list(columns), var_name="measure",
                      value_name="percent")
    long["measure"] = long["measure"].map(columns)
    figure = px.line(long.sort_values(x), x=x, y="percent", color="measure", symbol="measure",
                     markers=True, template=TEMPLATE,
                     labels={x: column_label(x), "percent": y_label, "measure": ""})
    figure.update_yaxes(range=[0, 105])
    if x == "quarter":
        _quarters(figure, sorted(table[x].dropna().unique()))
    else:
        _categories(figure, "x")
    return _tidy(figure)


def monthly_percent(table: pd.DataFrame, month: str, series: str, value: str,
                    y_label: str) -> Figure:
    """A percentage for each month (a date, the first of the month) and series, on an axis
    marked by month; with fewer than two months, a sentence instead."""
    if table.empty:
        return nothing()
    months = table[month].dropna().unique()
    if len(months) < 2:
        when = pd.Timestamp(months[0]).strftime("%B %Y") if len(months) else "one month"
        return NoChart(f"All of it is from one month ({when}): a trend needs two or more "
                       "months. The Table tab has the figures.")
    data = as_text(table).sort_values(month)
    figure = px.line(data, x=month, y=value, color=series, symbol=series, markers=True,
                     template=TEMPLATE, labels={month: "Month", value: y_label, series: ""})
    figure.update_xaxes(type="date", dtick="M1", tickformat="%b %Y")
    figure.update_yaxes(range=[0, 105])
    return _tidy(figure)


def horizontal_bars(table: pd.DataFrame, y: str, x: str, x_label: str,
                    counts: bool = True, text: str | None = None) -> Figure:
    """A bar for each row, longest at the top, labelled with its value (or with the column
    `text`, such as a count with its share, which hovering does not repeat); `counts` puts
    whole numbers on the axis."""
    table = as_text(table)
    if table.empty:
        return nothing()
    table = _wrap_names(table, y)
    figure = px.bar(table.sort_values(x), x=x, y=y, orientation="h", text=text or x,
                    template=TEMPLATE, color_discrete_sequence=[OKABE_ITO[0]],
                    labels={y: "", x: x_label}, hover_data={text: False} if text else None)
    figure.update_traces(textposition="outside", cliponaxis=False)
    if counts:
        _counts(figure, "x", float(table[x].max()))
    return _labels_beside(_tidy(figure, _rows_height(table[y], 26, 380)))


def count_bars(table: pd.DataFrame, x: str, y: str, x_label: str, y_label: str) -> Figure:
    """A count for each category, in the table's order, labelled with its count."""
    table = as_text(table)
    if table.empty or not table[y].sum():
        return nothing()
    figure = px.bar(table, x=x, y=y, text=y, template=TEMPLATE,
                    color_discrete_sequence=[OKABE_ITO[0]], labels={x: x_label, y: y_label})
    figure.update_traces(textposition="outside", cliponaxis=False)
    _counts(figure, "y", float(table[y].max()))
    _categories(figure, "x")
    return _tidy(figure)


def confidence_dumbbell(table: pd.DataFrame, y: str) -> Figure:
    """Average confidence before and after, one line per group, markers shaped differently."""
    table = _wrap_names(as_text(table), y)
    if table.empty:
        return nothing()
    figure = go.Figure(layout={"template": TEMPLATE})
    for _, row in table.iterrows():
        figure.add_trace(go.Scatter(x=[row["before"], row["after"]], y=[row[y], row[y]],
                                    mode="lines", line={"color": GREY}, showlegend=False,
                                    hoverinfo="skip"))
    figure.add_trace(go.Scatter(x=table["before"], y=table[y], mode="markers", name="Before",
                                marker={"symbol": "circle-open", "size": 12,
                                        "color": OKABE_ITO[1]}))
    figure.add_trace(go.Scatter(x=table["after"], y=table[y], mode="markers", name="After",
                                marker={"symbol": "diamond", "size": 12, "color": OKABE_ITO[0]}))
    figure.update_xaxes(range=[1, 5], dtick=1, title="Average confidence (1 to 5)")
    return _tidy(figure, _rows_height(table[y], 40, 300))


def before_and_after(found: pd.DataFrame) -> Figure:
    """Each thing that followed a theme's actions, its share before and after the cut-over as
    a marker (circle before, diamond after) with its 95% interval as a bar; a measure on fewer
    than MIN_BASE items either side is left out (its sentence says too few to tell)."""
    shown = found[(found["before_whole"] >= MIN_BASE) & (found["after_whole"] >= MIN_BASE)]
    if shown.empty:
        return nothing(f"Too few items before or after the cut-over to chart (at least "
                       f"{MIN_BASE} on each side); the sentences above say what there is.")
    shown = _wrap_names(as_text(shown), "what_followed")
    figure = go.Figure(layout={"template": TEMPLATE})
    for side, name, symbol, colour, nudge in (("before", "Before", "circle-open", OKABE_ITO[1],
                                               -0.15),
                                              ("after", "After", "diamond", OKABE_ITO[0], 0.15)):
        pct = shown[f"{side}_pct"].astype(float)
        figure.add_trace(go.Scatter(
            x=pct, y=[i + nudge for i in range(len(shown))], mode="markers", name=name,
            marker={"symbol": symbol, "size": 12, "color": colour},
            error_x={"type": "data", "symmetric": False,
                     "array": shown[f"{side}_high"].astype(float) - pct,
                     "arrayminus": pct - shown[f"{side}_low"].astype(float),
                     "color": colour, "thickness": 2, "width": 6},
            customdata=[(part, whole, percent_of(int(part), int(whole)))
                        for part, whole in zip(shown[f"{side}_part"], shown[f"{side}_whole"],
                                               strict=True)],
            hovertemplate="%{customdata[2]} (%{customdata[0]} of %{customdata[1]})<extra>"
                          + name + "</extra>"))
    figure.update_yaxes(tickvals=list(range(len(shown))), ticktext=shown["what_followed"].tolist(),
                        autorange="reversed")
    figure.update_xaxes(range=[0, 100], title="Share (%), with its 95% interval")
    return _tidy(figure, _rows_height(shown["what_followed"], 80, 260))


def actions_by_year(actions: pd.DataFrame) -> Figure:
    """What the board did about a theme each financial year: recommendations agreed and
    completed, training sessions and audits, side by side, each bar labelled with its count."""
    columns = {"recommendations_agreed": "Recommendations agreed",
               "recommendations_completed": "Recommendations completed",
               "training_sessions": "Training sessions", "audits": "Audits"}
    if actions.empty:
        return nothing("The board has taken no action on this theme in the data held.")
    long = actions.melt(id_vars=["period"], value_vars=list(columns), var_name="action",
                        value_name="count")
    long["action"] = long["action"].map(columns)
    # across, a row of four bars for each year, each label after its bar: standing up, a
    # year's four labels do not fit side by side on a phone
    figure = px.bar(long, x="count", y="period", color="action", barmode="group", text="count",
                    orientation="h", template=TEMPLATE, pattern_shape="action",
                    pattern_shape_sequence=["", "/", ".", "x"],
                    labels={"period": column_label("period"), "count": "Actions", "action": ""})
    figure.update_traces(textposition="outside", cliponaxis=False)
    _counts(figure, "x", float(long["count"].max()))
    _categories(figure, "y")
    figure.update_yaxes(autorange="reversed")        # the first year at the top
    return _labels_beside(_tidy(figure, _rows_height(long["period"], 4 * 22, 380)))


# -- national context ---------------------------------------------------------------------------

# Each kind of area its own colour and pattern, in every national chart: the board, England, its
# region and its statistical neighbours' median.
AREA_COLOURS = {"board": OKABE_ITO[0], "england": OKABE_ITO[1], "region": OKABE_ITO[2],
                "neighbours": OKABE_ITO[5]}
AREA_PATTERNS = {"board": "", "england": "/", "region": ".", "neighbours": "x"}
AREA_SYMBOLS = {"board": "circle", "england": "diamond", "region": "square",
                "neighbours": "triangle-up"}


def _by_area(data: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Each area's colour, pattern and marker, by its name as the chart shows it."""
    kinds = dict(zip(data["area"], data["area_kind"], strict=True))
    return {"colour": {a: AREA_COLOURS.get(k, GREY) for a, k in kinds.items()},
            "pattern": {a: AREA_PATTERNS.get(k, "") for a, k in kinds.items()},
            "symbol": {a: AREA_SYMBOLS.get(k, "circle") for a, k in kinds.items()}}


def _numbers(drawn: pd.DataFrame) -> pd.DataFrame:
    """The rows with a figure to draw, as numbers, their text escaped."""
    data = as_text(drawn).assign(value=pd.to_numeric(drawn["value"], errors="coerce"))
    return data[data["value"].notna()]


def national_rates(drawn: pd.DataFrame, axis: str) -> Figure:
    """One year's rate for each area with one (publishing.national's chart rows: area,
    area_kind, value, text), a bar each, labelled with the figure as the table writes it; an
    area with no rate (a region's rounded count, a state in its place) is not drawn, and the
    sentence and the table say why."""
    data = _numbers(drawn)
    if len(data) < 2:
        return nothing("Too few areas have this figure to set side by side: the Table tab has "
                       "each, with what stands in place of a figure that is not given.")
    data = _wrap_names(data, "area")
    style = _by_area(data)
    figure = px.bar(data, x="value", y="area", color="area", pattern_shape="area",
                    orientation="h", text="text", template=TEMPLATE,
                    color_discrete_map=style["colour"], pattern_shape_map=style["pattern"],
                    category_orders={"area": data["area"].tolist()},
                    labels={"value": axis, "area": ""})
    figure.update_traces(textposition="outside", cliponaxis=False,
                         hovertemplate="%{y}: %{text}<extra></extra>")
    # few ticks: on a phone the bars have a third of the width, and crowded ticks turn on end
    figure.update_xaxes(range=[0, float(data["value"].max()) * 1.35], nticks=4)
    figure.update_layout(showlegend=False)       # each bar is named on its axis
    return _labels_beside(_tidy(figure, _rows_height(data["area"], 48, 240)))


def national_split(drawn: pd.DataFrame, part: str, axis: str) -> Figure:
    """Shares of a split (the nature of notifications, types of risk, themes) for each area
    that has them, side by side for each part, each area its colour and pattern and each bar
    labelled with its share as the table writes it."""
    data = _numbers(drawn[drawn["breakdown"] != "All"])
    if data.empty:
        return nothing("No share to draw: the Table tab says what stands in place of each.")
    data = _wrap_names(_wrap_names(data, "breakdown"), "area")
    style = _by_area(data)
    order = (data.groupby("breakdown", sort=False)["value"].max()
             .sort_values(ascending=False, kind="stable").index.tolist())
    # across, the first trace of a group is drawn lowest: the areas go in backwards so that
    # the board's bar is the top of each group, and the legend reads them forwards
    figure = px.bar(data, x="value", y="breakdown", color="area", pattern_shape="area",
                    barmode="group", orientation="h", text="text", template=TEMPLATE,
                    color_discrete_map=style["colour"], pattern_shape_map=style["pattern"],
                    category_orders={"breakdown": order,
                                     "area": list(dict.fromkeys(data["area"]))[::-1]},
                    labels={"value": axis, "breakdown": part, "area": ""})
    figure.update_traces(textposition="outside", cliponaxis=False,
                         hovertemplate="%{y}: %{text}<extra></extra>")
    figure.update_layout(legend_traceorder="reversed")
    figure.update_xaxes(range=[0, max(10.0, float(data["value"].max())) * 1.3], nticks=6)
    per_row = 28 * data["area"].nunique() + 20
    return _labels_beside(_tidy(figure, _rows_height(data["breakdown"], per_row, 260)))


def national_trend(drawn: pd.DataFrame, axis: str) -> Figure:
    """A rate over the financial years, a line and a marker shape for each area (the board,
    England, its region where it has a rate, its neighbours' median); a year an area has no
    figure is a gap in its line, never a 0."""
    data = as_text(drawn).assign(value=pd.to_numeric(drawn["value"], errors="coerce"))
    too_few = _too_few_points(data[data["value"].notna()], "year", "financial year")
    if too_few:
        return too_few
    data = data[data["area"].isin(data.loc[data["value"].notna(), "area"])]   # a line each
    style = _by_area(data)
    figure = px.line(data.sort_values("year"), x="year", y="value", color="area",
                     symbol="area", markers=True, template=TEMPLATE,
                     color_discrete_map=style["colour"], symbol_map=style["symbol"],
                     category_orders={"area": list(dict.fromkeys(data["area"])),
                                      "year": sorted(set(data["year"]))},
                     custom_data=["text"], labels={"year": "Financial year", "value": axis,
                                                   "area": ""})
    figure.update_traces(hovertemplate="%{x}: %{customdata[0]}<extra></extra>")
    figure.update_yaxes(rangemode="tozero")
    _categories(figure, "x")
    return _tidy(figure)
