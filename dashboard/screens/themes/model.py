"""What the Themes page shows: how often reviews raise each theme, by board type and over the
years, the themes raised in both children's and adults' reviews, the recurring ones, the
learning loop, and the reviews raising a theme. No Streamlit: the page (themes.py) draws it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.screens.shared import THRESHOLD, Chart, Records, first, periods_to_date, readable
from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import percent_of, plural
from data_models.queries import recurring_themes
from data_models.scope import Reads
from data_models.vocabularies import labels


@dataclass(frozen=True)
class Themes:
    charts: list[Chart]
    trend_themes: list[str]
    default_trend: list[str]
    recurring: pd.DataFrame
    recurring_notes: tuple[str, ...]
    loop: pd.DataFrame
    loop_notes: tuple[str, ...]
    gaps: dict[str, int]
    loop_themes: list[str]


def themes(db: Reads, f: Filters) -> Themes | None:
    shares = db(q.theme_shares, f)
    if shares.empty:
        return None
    notes = q.notes(q.theme_shares, f)
    trend = db(q.theme_trend, f)
    recurrent = recurring_themes(db(q.theme_trend, f.but(board_type=None)))
    loop = db(q.learning_loop, f)
    gaps = loop["gap"].value_counts().to_dict()
    shown = loop.drop(columns=["sort_order", "not_audited", "not_trained"]).rename(
        columns={"gap": "missing_link"})
    shown["missing_link"] = shown["missing_link"].map(
        lambda g: f"⚠ {g}" if isinstance(g, str) else "")
    shown = first(shown, ["missing_link", "theme"])
    table = shares.drop(columns="sort_order")
    counted = shares[shares["items_total"] >= THRESHOLD]
    if counted.empty:
        sentence = f"Too few reviews in this view to compare themes (fewer than {THRESHOLD})."
    else:
        top = counted.sort_values("share_pct", ascending=False).iloc[0]
        whose = labels("board_type").get(top["board_type"], top["board_type"]).lower()
        sentence = (f"The most common theme is {top['theme']}: {top['items_with_theme']} of "
                    f"{top['items_total']} {whose} reviews "
                    f"({percent_of(top['items_with_theme'], top['items_total'])}).")
    return Themes(
        [
            Chart.of("prevalence", "Prevalence in reviews", sentence,
                     charts.theme_side_by_side(shares), table, notes),
            Chart.of("heatmap", "Theme by board type", "Share of reviews raising each theme (%).",
                     charts.theme_heatmap(shares), table, notes),
            *think_family(shares, notes),
        ],
        sorted(set(trend["theme"])),
        [t for t in recurrent["theme"].head(3) if t in set(trend["theme"])],
        readable(recurrent),
        tuple(q.notes(q.theme_trend, f)),
        readable(shown),
        tuple(q.notes(q.learning_loop, f)),
        {str(k): int(v) for k, v in gaps.items()},
        loop["theme"].tolist(),
    )


def think_family(shares: pd.DataFrame, notes: list[str]) -> list[Chart]:
    """Where the view holds children's and adults' reviews (a joint partnership, an area, every
    board): the themes raised on both sides, side by side (seed 003's "Think Family")."""
    raised = shares[shares["items_with_theme"] > 0]
    both = raised.groupby("theme")["board_type"].nunique()
    common = both[both == 2].index
    if raised["board_type"].nunique() < 2 or common.empty:
        return []
    table = shares[shares["theme"].isin(common)].drop(columns="sort_order")
    return [Chart.of("think_family", "Think Family: themes raised in both children's and "
                     "adults' reviews",
                     f"{plural(len(common), 'theme')} {'was' if len(common) == 1 else 'were'} "
                     "raised in both children's and adults' reviews "
                     "in this view; each side's share of its own reviews.",
                     charts.theme_side_by_side(shares[shares["theme"].isin(common)]), table,
                     notes)]


def theme_trend(db: Reads, f: Filters, picked: tuple[str, ...]) -> Chart:
    trend = periods_to_date(db(q.theme_trend, f), "period", f.as_of)
    return Chart.of("trend", "Trend over years",
                    "Share of each year's reviews raising the chosen themes.",
                    charts.theme_trend(trend, list(picked)), trend[trend["theme"].isin(picked)],
                    q.notes(q.theme_trend, f))


def theme_reviews(db: Reads, f: Filters, theme: str) -> Records:
    """The reviews raising one theme, for the Themes page's drill-down."""
    return Records.of(db.aggregating()(q.theme_records, f, theme), db)

