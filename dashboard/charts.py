"""Every chart the dashboard draws, built in one place with plotly, and the plain-English
sentence that says what each shows.

Colours are the Okabe-Ito palette, which colour-blind readers can tell apart, and status or
grade is always also carried by a pattern, a symbol or a text label.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
             "#000000"]
STATUS_COLOURS = {"met": "#009E73", "missed": "#D55E00", "overdue": "#E69F00",
                  "pending": "#56B4E9"}
STATUS_PATTERNS = {"met": "", "missed": "x", "overdue": "/", "pending": "."}
GRADE_COLOURS = {"outstanding": "#0072B2", "good": "#56B4E9",
                 "requires_improvement": "#E69F00", "inadequate": "#D55E00"}
GRADE_PATTERNS = {"outstanding": "", "good": ".", "requires_improvement": "/",
                  "inadequate": "x"}
BOARD_TYPE_COLOURS = {"children": "#0072B2", "adults": "#E69F00", "both": "#009E73"}
TRAINING_COLOURS = {"attended": "#009E73", "did_not_attend": "#D55E00", "cancelled": "#999999"}
TRAINING_PATTERNS = {"attended": "", "did_not_attend": "x", "cancelled": "/"}


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text from the data with HTML escaped, so that a chart shows '<b>' as written: plotly
    would otherwise draw some tags in labels (bold, links)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    return out


def _tidy(figure: go.Figure, height: int = 380) -> go.Figure:
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         legend_title_text="", font={"size": 13},
                         colorway=OKABE_ITO, template="plotly_white")
    return figure


def _label(text: str) -> str:
    return str(text).replace("_", " ")


def empty_figure(message: str = "No data for these filters") -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, font={"size": 16})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _tidy(figure, 200)


# -- timescales -------------------------------------------------------------------------------

def compliance_bars(table: pd.DataFrame, x: str, threshold: int) -> go.Figure:
    """Compliance % for each period (or board), labelled with the percentage and counts; a
    group with fewer clocks counted than the threshold shows its counts and no bar."""
    table = as_text(table)
    if table.empty:
        return empty_figure()
    data = table.copy()
    small = data["counted"] < threshold
    data["text"] = [f"{m} of {c}: too few to compare" if few and c else
                    f"{p:.0f}% ({m}/{c})" if pd.notna(p) else "no clocks stopped"
                    for p, m, c, few in zip(data["compliance_pct"], data["met"], data["counted"],
                                            small, strict=True)]
    data["compliance_pct"] = data["compliance_pct"].where(~small, 0)
    horizontal = x == "board"
    figure = px.bar(data, x="compliance_pct" if horizontal else x,
                    y=x if horizontal else "compliance_pct", text="text",
                    orientation="h" if horizontal else "v",
                    labels={"compliance_pct": "Within timescale (%)", x: _label(x).capitalize()},
                    color_discrete_sequence=[OKABE_ITO[0]])
    figure.update_traces(textposition="outside", cliponaxis=False)
    if horizontal:
        figure.update_xaxes(range=[0, 115])
    else:
        figure.update_yaxes(range=[0, 115])
    return _tidy(figure)


def status_stack(table: pd.DataFrame, x: str) -> go.Figure:
    """Met, missed, overdue and pending counts for each x, stacked, each with its pattern."""
    table = as_text(table)
    statuses = [s for s in ("met", "missed", "overdue", "pending") if s in table]
    if table.empty:
        return empty_figure()
    long = table.melt(id_vars=[x], value_vars=statuses, var_name="status", value_name="reviews")
    figure = px.bar(long, x=x, y="reviews", color="status", pattern_shape="status",
                    color_discrete_map=STATUS_COLOURS, pattern_shape_map=STATUS_PATTERNS,
                    category_orders={"status": statuses}, text="reviews",
                    labels={x: _label(x).capitalize(), "reviews": "Reviews"})
    figure.update_traces(texttemplate="%{text:.0f}", textposition="inside")
    return _tidy(figure)


def elapsed_histogram(records: pd.DataFrame, limit: int, unit: str, comparison: str) -> go.Figure:
    """How long the clocks took, with the limit marked."""
    stopped = records[records["status"].isin(["met", "missed"])]
    if stopped.empty:
        return empty_figure("No stopped clocks for these filters")
    unit_words = "working days" if unit == "working_days" else "calendar days"
    figure = px.histogram(stopped, x="elapsed", color="status", pattern_shape="status",
                          color_discrete_map=STATUS_COLOURS, pattern_shape_map=STATUS_PATTERNS,
                          category_orders={"status": ["met", "missed"]},
                          labels={"elapsed": f"Elapsed ({unit_words})", "count": "Reviews"})
    line_at = limit if unit == "working_days" else None
    if unit == "months":
        line_at = round(limit * 30.44)
    if line_at is not None:
        word = "at least" if comparison == "at_least" else "limit"
        figure.add_vline(x=line_at, line_dash="dash", line_color="#000000",
                         annotation_text=f"{word} {limit} {unit.replace('_', ' ')}",
                         annotation_position="top")
    figure.update_layout(bargap=0.05, yaxis_title="Reviews")
    return _tidy(figure)


def best_and_worst_sentence(table: pd.DataFrame, by: str, threshold: int) -> str:
    """Which group did best and worst on compliance, among groups with enough clocks."""
    scored = table[table["counted"] >= threshold].dropna(subset=["compliance_pct"])
    if scored.empty:
        return f"Too few clocks in any one group to compare (fewer than {threshold})."
    best = scored.loc[scored["compliance_pct"].idxmax()]
    worst = scored.loc[scored["compliance_pct"].idxmin()]
    if best[by] == worst[by]:
        return f"{best[by]}: {best['compliance_pct']:.0f}% within timescale."
    return (f"Highest in {best[by]} ({best['compliance_pct']:.0f}%), lowest in {worst[by]} "
            f"({worst['compliance_pct']:.0f}%).")


def compliance_sentence(met: int, counted: int, pct: float | None, label: str, where: str,
                        threshold: int) -> str:
    if counted == 0:
        return f"No clocks for '{label}' have stopped or passed their due date {where}."
    if counted < threshold:
        return (f"{met} of {counted} met '{label}' {where}: too few to compare (fewer than "
                f"{threshold}); overdue clocks count as missed.")
    return f"{met} of {counted} ({pct:.0f}%) met '{label}' {where}; overdue clocks count as missed."


# -- themes -----------------------------------------------------------------------------------

def theme_side_by_side(shares: pd.DataFrame) -> go.Figure:
    """Share of reviews raising each theme, children's and adults' boards side by side."""
    shares = as_text(shares)
    if shares.empty:
        return empty_figure()
    data = shares.copy()
    data["text"] = [f"{s:.0f}% ({n})" for s, n in zip(data["share_pct"], data["items_with_theme"],
                                                      strict=True)]
    order = (data.groupby("theme")["share_pct"].max().sort_values().index.tolist())
    figure = px.bar(data, y="theme", x="share_pct", color="board_type", barmode="group",
                    orientation="h", text="text", pattern_shape="board_type",
                    color_discrete_map=BOARD_TYPE_COLOURS,
                    pattern_shape_map={"children": "", "adults": "/", "both": "."},
                    category_orders={"theme": order[::-1]},
                    labels={"share_pct": "Share of reviews (%)", "theme": "",
                            "board_type": "Board type"})
    figure.update_traces(textposition="outside", cliponaxis=False)
    figure.update_xaxes(range=[0, max(10.0, float(data["share_pct"].max())) * 1.25])
    return _tidy(figure, max(400, 28 * data["theme"].nunique() * 2))


def theme_heatmap(shares: pd.DataFrame) -> go.Figure:
    shares = as_text(shares)
    if shares.empty:
        return empty_figure()
    grid = shares.pivot_table(index="theme", columns="board_type", values="share_pct",
                              aggfunc="first")
    figure = px.imshow(grid, text_auto=".0f", aspect="auto", color_continuous_scale="Blues",
                       labels={"color": "% of reviews", "x": "Board type", "y": ""})
    return _tidy(figure, max(400, 24 * len(grid)))


def theme_trend(trend: pd.DataFrame, themes: list[str]) -> go.Figure:
    data = as_text(trend[trend["theme"].isin(themes)])
    if data.empty:
        return empty_figure("Choose themes to see their trend")
    data = data.assign(series=data["theme"] + " (" + data["board_type"] + ")")
    figure = px.line(data.sort_values("period"), x="period", y="share_pct", color="series",
                     symbol="series", markers=True,
                     labels={"period": "Financial year", "share_pct": "Share of reviews (%)",
                             "series": ""})
    return _tidy(figure)


# -- recommendations, audits and training -------------------------------------------------------

def stacked_counts(table: pd.DataFrame, x: str, columns: list[str], colours: dict[str, str],
                   patterns: dict[str, str], value_name: str, horizontal: bool = True) -> go.Figure:
    table = as_text(table)
    if table.empty:
        return empty_figure()
    long = table.melt(id_vars=[x], value_vars=columns, var_name="kind", value_name=value_name)
    long["kind"] = long["kind"].map(_label)
    figure = px.bar(long, x=value_name if horizontal else x, y=x if horizontal else value_name,
                    color="kind", pattern_shape="kind", orientation="h" if horizontal else "v",
                    color_discrete_map={_label(k): v for k, v in colours.items()},
                    pattern_shape_map={_label(k): v for k, v in patterns.items()},
                    category_orders={"kind": [_label(c) for c in columns]},
                    labels={x: "", value_name: value_name.capitalize(), "kind": ""})
    return _tidy(figure, max(380, 30 * len(table)) if horizontal else 380)


def percent_line(table: pd.DataFrame, x: str, columns: dict[str, str]) -> go.Figure:
    table = as_text(table)
    if table.empty:
        return empty_figure()
    long = table.melt(id_vars=[x], value_vars=list(columns), var_name="measure",
                      value_name="percent")
    long["measure"] = long["measure"].map(columns)
    figure = px.line(long.sort_values(x), x=x, y="percent", color="measure", symbol="measure",
                     markers=True, labels={x: "", "percent": "%", "measure": ""})
    figure.update_yaxes(range=[0, 105])
    return _tidy(figure)


def horizontal_bars(table: pd.DataFrame, y: str, x: str, x_label: str) -> go.Figure:
    table = as_text(table)
    if table.empty:
        return empty_figure()
    figure = px.bar(table.sort_values(x), x=x, y=y, orientation="h", text=x,
                    color_discrete_sequence=[OKABE_ITO[0]], labels={y: "", x: x_label})
    figure.update_traces(textposition="outside", cliponaxis=False)
    return _tidy(figure, max(380, 26 * len(table)))


def histogram(values: pd.Series, x_label: str) -> go.Figure:
    if values.dropna().empty:
        return empty_figure()
    figure = px.histogram(values.dropna().to_frame("value"), x="value",
                          color_discrete_sequence=[OKABE_ITO[0]],
                          labels={"value": x_label, "count": "Recommendations"})
    figure.update_layout(bargap=0.05, yaxis_title="Recommendations")
    return _tidy(figure)


def confidence_dumbbell(table: pd.DataFrame, y: str) -> go.Figure:
    """Average confidence before and after, one line per group, markers shaped differently."""
    table = as_text(table)
    if table.empty:
        return empty_figure()
    figure = go.Figure()
    for _, row in table.iterrows():
        figure.add_trace(go.Scatter(x=[row["before"], row["after"]], y=[row[y], row[y]],
                                    mode="lines", line={"color": "#999999"}, showlegend=False))
    figure.add_trace(go.Scatter(x=table["before"], y=table[y], mode="markers", name="Before",
                                marker={"symbol": "circle-open", "size": 12,
                                        "color": OKABE_ITO[1]}))
    figure.add_trace(go.Scatter(x=table["after"], y=table[y], mode="markers", name="After",
                                marker={"symbol": "diamond", "size": 12, "color": OKABE_ITO[0]}))
    figure.update_xaxes(range=[1, 5], title="Average confidence (1 to 5)")
    return _tidy(figure, max(300, 40 * len(table)))
