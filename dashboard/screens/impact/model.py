"""What the Impact page shows: every theme with recommendations and where its actions stand,
and, for one theme, what followed the board's actions. No Streamlit: the page (impact.py) draws
it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard import charts
from dashboard.screens.shared import Chart, readable
from data_models import impact as impact_words
from data_models import queries as q
from data_models.filters import Filters
from data_models.scope import Reads


@dataclass(frozen=True)
class Impact:
    """Every theme with recommendations, where its actions stand (assurance missing first)."""

    themes: pd.DataFrame
    missing: int                            # themes completed with no audit since
    choices: list[str]
    notes: tuple[str, ...]


def impact(db: Reads, f: Filters) -> Impact | None:
    frame = db(q.theme_impact, f.but(theme=None))
    if frame.empty:
        return None
    every = impact_words.overview(frame)
    missing = int((every["where_it_stands"] == impact_words.MISSING).sum())
    return Impact(readable(every), missing, every["theme"].tolist(),
                  tuple(q.notes(q.theme_impact, f)))


def _n(count: object, noun: str) -> str:
    """'1 audit', '3 audits'."""
    number = int(count)  # type: ignore[call-overload]
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class ThemeImpact:
    """What followed the board's actions on one theme."""

    sentences: list[str]
    rule_cut_over: dt.date | None          # the rule's date, offered as the default
    followed: Chart
    actions: Chart


def theme_impact(db: Reads, f: Filters, theme: str,
                 cut_over: dt.date | None) -> ThemeImpact:
    one = f.but(theme=theme)
    frame = db(q.theme_impact, one, cut_over)
    row = next(frame.itertuples())
    found = impact_words.findings(frame)
    actions = db(q.theme_actions, one)
    rule = row.most_completed_on
    notes = q.notes(q.theme_impact, one)
    return ThemeImpact(
        impact_words.sentences(row),
        None if pd.isna(rule) else pd.Timestamp(rule).date(),
        Chart.of("followed", f"What followed the actions on {theme}",
                 "Each share before and after the cut-over, with its 95% interval (the bar).",
                 charts.before_and_after(found),
                 impact_words.in_words(found).drop(columns=["theme"]), notes),
        Chart.of("actions", f"What the board did about {theme}, by financial year",
                 f"{_n(actions['recommendations_agreed'].sum(), 'recommendation')} agreed, "
                 f"{int(actions['recommendations_completed'].sum())} completed, "
                 f"{_n(actions['training_sessions'].sum(), 'training session')} delivered and "
                 f"{_n(actions['audits'].sum(), 'audit')} on {theme} in the data held.",
                 charts.actions_by_year(actions), actions.drop(columns=["theme"]),
                 q.notes(q.theme_actions, one)),
    )
