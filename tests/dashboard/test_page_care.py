"""The pages read as a new board member reads them: a year still running says so beside whole
years, an axis names what it counts, a rate shows its base, a theme no review names shows
'0% (0)', quarters and course names stay legible, a view of one kind of board shows no block of
dashes for the other, and the Admin page speaks in words."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from access import EVERY_BOARD
from dashboard import charts
from dashboard.screens import shared
from dashboard.screens.audits import model as audits_model
from dashboard.screens.data_quality import model as data_quality_model
from dashboard.screens.overview import model as overview_model
from dashboard.screens.recommendations import model as recommendations_model
from dashboard.screens.themes import model as themes_model
from dashboard.screens.timescales import model as timescales_model
from dashboard.screens.training import model as training_model
from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import percent
from data_models.scope import Reader, Scope
from data_models.store.file import connect
from tests.conftest import everyone
from tests.dashboard.conftest import captions, no_problems

AS_OF = dt.date(2026, 11, 21)          # in 2026-27 Q3, as every page test's as-of date
EVERYONE = Filters(as_of=AS_OF)


class _Opening:
    """How a page model reads (`data_models.scope.Reads`), straight from the demo database for
    one person; the file open only while a query runs, as the app holds it (AppTest opens it
    too)."""

    def __init__(self, path: Path, scope: Scope, counting: bool = False) -> None:
        self.path, self.scope, self.counting = path, scope, counting

    def __call__(self, function: Callable[..., Any], *args: Any) -> Any:
        con = connect(self.path, read_only=True)
        try:
            reader = Reader(con, self.scope)
            return function(reader.aggregating() if self.counting else reader, *args)
        finally:
            con.close()

    def aggregating(self) -> _Opening:
        return _Opening(self.path, self.scope, True)


@pytest.fixture
def read(demo_db: Path) -> _Opening:
    return _Opening(demo_db, EVERY_BOARD)


def _chart(charts_: list[shared.Chart], key: str) -> shared.Chart:
    return next(c for c in charts_ if c.key == key)


def _names(values: Any) -> list[str]:
    """Category names as a chart holds them, with their line breaks undone."""
    return [str(v).replace("<br>", " ") for v in values]


# -- 1. a year still running is 'to date' ------------------------------------------------------

def test_a_year_or_quarter_is_to_date_only_while_it_runs_on_the_as_of_date() -> None:
    assert shared.to_date("2026-27", AS_OF) == "2026-27 (to date)"
    assert shared.to_date("2025-26", AS_OF) == "2025-26"
    assert shared.to_date("2026-27", dt.date(2027, 3, 31)) == "2026-27"   # its last day: whole
    assert shared.to_date("2026-27", dt.date(2026, 4, 1)) == "2026-27 (to date)"
    assert shared.to_date("2026-27 Q3", AS_OF) == "2026-27 Q3 (to date)"
    assert shared.to_date("2026-27 Q2", AS_OF) == "2026-27 Q2"
    assert shared.to_date("2026-27 Q4", dt.date(2027, 2, 1)) == "2026-27 Q4 (to date)"
    assert shared.to_date("2026-27 Q4", dt.date(2027, 3, 31)) == "2026-27 Q4"
    assert shared.to_date("not a year", AS_OF) == "not a year"


def test_the_timescales_year_chart_its_table_and_drill_down_mark_the_year_to_date(
        read: Callable[..., Any]) -> None:
    view = timescales_model.timescales(read, EVERYONE, "notification_5wd")
    assert view is not None
    by_year = _chart(view.charts, "by_year")
    years = by_year.table["Financial year"].tolist()
    assert years[-1] == "2026-27 (to date)"
    assert "2025-26" in years                             # whole years as they are
    assert list(by_year.figure.data[0].y)[-1] == "2026-27 (to date)"
    assert view.by_year.options[-1] == "2026-27 (to date)"
    assert view.by_year.records("2026-27 (to date)").total > 0
    by_quarter = _chart(view.charts, "by_quarter")
    assert by_quarter.table["Quarter"].tolist()[-1] == "2026-27 Q3 (to date)"


def test_the_filters_as_of_date_decides_what_is_to_date_not_today(
        read: Callable[..., Any]) -> None:
    """As of 10 April 2027, 2026-27 is a whole year, whatever today's date is."""
    view = timescales_model.timescales(read, Filters(as_of=dt.date(2027, 4, 10)), "notification_5wd")
    assert view is not None
    years = _chart(view.charts, "by_year").table["Financial year"].tolist()
    assert "2026-27" in years and "2026-27 (to date)" not in years


def test_every_page_names_the_year_to_date_beside_whole_years(read: Callable[..., Any]) -> None:
    overview = overview_model.overview(read, EVERYONE)
    assert all(t.title.endswith(" 2026-27 (to date)")
               for tiles in overview.tiles.values() for t in tiles)
    audits = audits_model.audits(read, EVERYONE)
    assert audits is not None
    trend = _chart(audits.charts, "trend")
    assert trend.sentence.startswith("In 2026-27 (to date), ")
    assert trend.table["Financial year"].tolist()[-2:] == ["2025-26", "2026-27 (to date)"]
    training = training_model.training(read, EVERYONE)
    assert training is not None
    quarters = _chart(training.charts, "over_time").table["Quarter"].tolist()
    assert quarters[-2:] == ["2026-27 Q2", "2026-27 Q3 (to date)"]
    themes = themes_model.theme_trend(read, EVERYONE, ("neglect",))
    assert "2026-27 (to date)" in set(themes.table["Financial year"])
    assert "2026-27" not in set(themes.table["Financial year"])


# -- 2. axes name what they count ---------------------------------------------------------------

def _axis_titles(figure: Any) -> list[str]:
    if not isinstance(figure, go.Figure):
        return []
    return [t for t in (figure.layout.xaxis.title.text, figure.layout.yaxis.title.text) if t]


def test_the_timescales_axes_count_clocks_not_reviews(read: Callable[..., Any]) -> None:
    view = timescales_model.timescales(read, EVERYONE, "notification_5wd")
    assert view is not None
    titles = {c.key: _axis_titles(c.figure) for c in view.charts}
    assert titles["by_quarter"] == ["Clocks", "Quarter"]
    assert titles["elapsed"] == ["Time taken (working days)", "Clocks"]
    assert titles["by_year"] == ["Clocks within timescale (%)", "Financial year"]
    assert not any("Review" in t for ts in titles.values() for t in ts)
    assert "Clocks" in _chart(view.charts, "elapsed").table.columns


def test_no_axis_is_a_bare_percent_sign_or_a_bare_word(read: Callable[..., Any]) -> None:
    audits, training, quality = (audits_model.audits(read, EVERYONE), training_model.training(read, EVERYONE),
                                 data_quality_model.data_quality(read, EVERYONE))
    recommendations = recommendations_model.recommendations(read, EVERYONE)
    assert audits is not None and training is not None and recommendations is not None
    every = [*audits.charts, audits.by_agency, *training.charts, quality.completeness,
             recommendations.by_owner, recommendations.age]
    titles = [t for c in every for t in _axis_titles(c.figure)]
    assert "%" not in titles and "Agreed" not in titles
    assert _axis_titles(recommendations.age.figure) == ["Time since agreed", "Open recommendations"]
    assert _axis_titles(_chart(audits.charts, "trend").figure)[1] == "Audits good or better (%)"
    assert _axis_titles(_chart(training.charts, "over_time").figure)[1] == "Rate (%)"
    assert _axis_titles(quality.completeness.figure)[0] == "Reviews with the date (%)"


# -- 3. every rate has its base -----------------------------------------------------------------

def test_the_themes_of_weak_audits_give_the_number_of_weak_audits_and_each_share(
        read: Callable[..., Any]) -> None:
    overall = read(q.audit_grades, EVERYONE, "all").iloc[0]
    below_good = int(overall["requires_improvement"] + overall["inadequate"])
    audits = audits_model.audits(read, EVERYONE)
    assert audits is not None
    weak = _chart(audits.charts, "weak_themes")
    assert set(weak.table["Audits below good"]) == {below_good}
    first = weak.table.iloc[0]
    assert first["Share (%)"] == round(100 * first["Audits naming it"] / below_good, 1)
    assert (f"named by {first['Audits naming it']} of the {below_good} audits graded below good "
            f"({percent(first['Share (%)'])})") in weak.sentence
    assert weak.figure.data[0].text[-1] == (f"{first['Audits naming it']} "
                                            f"({percent(first['Share (%)'])})")


def test_the_overview_timescale_tiles_say_met_of_how_many(read: Callable[..., Any]) -> None:
    tiles = overview_model.overview(read, EVERYONE.but(period="2024-25"))
    rows = read(q.timescale_tiles, EVERYONE.but(period="2024-25"))
    row = rows[(rows["board_type"] == "children") & (rows["measure"] == "rapid_review_15wd")]
    met, counted = int(row["met"].iloc[0]), int(row["counted"].iloc[0])
    tile = next(t for t in tiles.tiles["children"] if t.title.startswith("Rapid review"))
    assert tile.caption.startswith(f"{met} of {counted} met · ")


def test_the_recommendations_rate_tile_shows_its_base(open_page: Callable[..., AppTest],
                                                     demo_db: Path) -> None:
    app = open_page("recommendations", as_of=AS_OF.isoformat(), period="2024-25")
    no_problems(app)
    con = connect(demo_db, read_only=True)
    records = q.recommendation_records(everyone(con), EVERYONE.but(period="2024-25"))
    con.close()
    total = len(records)
    assured = int(((records["status"] == "assured") & records["evidence_of_impact"].notna()).sum())
    shown = next(m.value for m in app.metric if m.label == "Assured with evidence of impact")
    assert shown == percent(100 * assured / total)
    assert f"{assured:,} of {total:,} agreed in this view" in captions(app)


def test_the_training_rate_tiles_show_their_bases(open_page: Callable[..., AppTest],
                                                 demo_db: Path) -> None:
    app = open_page("training", as_of=AS_OF.isoformat(), period="2023-24")
    no_problems(app)
    con = connect(demo_db, read_only=True)
    counts = dict(con.execute(
        "SELECT status, count(*) FROM training_bookings "
        "WHERE financial_year(session_date) = '2023-24' GROUP BY status").fetchall())
    con.close()
    attended, absent = counts.get("attended", 0), counts.get("did_not_attend", 0)
    booked = sum(counts.values())
    said = captions(app)
    assert f"{attended:,} of {booked:,} bookings" in said
    assert f"{absent:,} of {attended + absent:,} expected (attended or did not attend)" in said


# -- 4. a theme no review names shows '0% (0)' ------------------------------------------------

def test_every_theme_has_a_bar_and_a_label_for_each_board_type(read: Callable[..., Any]) -> None:
    shares = read(q.theme_shares, EVERYONE)
    types = shares.groupby("theme")["board_type"].nunique()
    one_sided = set(types[types < 2].index)
    assert one_sided, "the demo data should hold a theme raised for one board type only"
    view = themes_model.themes(read, EVERYONE)
    assert view is not None
    prevalence = _chart(view.charts, "prevalence").figure
    for trace in prevalence.data:
        labels = dict(zip(_names(trace.y), trace.text, strict=True))
        assert set(labels) == set(shares["theme"]), trace.name
        for theme in one_sided:
            named = shares[(shares["theme"] == theme) & (shares["board_type"] ==
                           {"Children's": "children", "Adults'": "adults"}[trace.name])]
            if named.empty:
                assert labels[theme] == "0% (0)"
    cells = _chart(view.charts, "heatmap").figure.data[0].z
    assert not any(math.isnan(v) for row in cells for v in row)


def test_a_theme_trend_is_at_zero_in_a_year_no_review_names_it(read: Callable[..., Any]) -> None:
    trend = read(q.theme_trend, EVERYONE)
    years = trend.groupby("board_type")["period"].apply(set)
    gaps = [(theme, board_type, year)
            for (theme, board_type), rows in trend.groupby(["theme", "board_type"])
            for year in years[board_type] - set(rows["period"])]
    assert gaps, "the demo data should hold a year in which no review names some theme"
    theme, board_type, year = gaps[0]
    figure = themes_model.theme_trend(read, EVERYONE, (theme,)).figure
    word = {"children": "children's", "adults": "adults'"}[board_type]
    line = next(t for t in figure.data if t.name == f"{theme} ({word})")
    points = dict(zip(line.x, line.y, strict=True))
    assert points[f"{year} (to date)" if year == "2026-27" else year] == 0


# -- 5. training: quarters and course names ----------------------------------------------------

def test_quarter_ticks_are_short_and_at_most_one_a_year_when_there_are_many() -> None:
    quarters = [f"{y}-{(y + 1) % 100:02d} Q{n}" for y in (2023, 2024, 2025) for n in (1, 2, 3, 4)]
    table = pd.DataFrame({"quarter": [*quarters, "2026-27 Q1 (to date)"],
                          "attendance_pct": [75.0] * 13})
    figure = charts.percent_line(table, "quarter", {"attendance_pct": "Attendance"}, "quarter",
                                 y_label="Rate (%)")
    assert isinstance(figure, go.Figure)
    assert list(figure.layout.xaxis.ticktext) == ["Q1 23-24", "Q1 24-25", "Q1 25-26",
                                                  "Q1 26-27 (to date)"]
    few = charts.percent_line(table.head(4), "quarter", {"attendance_pct": "Attendance"},
                              "quarter", y_label="Rate (%)")
    assert isinstance(few, go.Figure)
    assert list(few.layout.xaxis.ticktext) == ["Q1 23-24", "Q2 23-24", "Q3 23-24", "Q4 23-24"]


def test_the_training_charts_name_quarters_short_and_wrap_long_course_names(
        read: Callable[..., Any]) -> None:
    training = training_model.training(read, EVERYONE)
    assert training is not None
    axis = _chart(training.charts, "over_time").figure.layout.xaxis
    assert 0 < len(axis.tickvals) <= charts.MOST_QUARTER_TICKS
    assert all(re.fullmatch(r"Q[1-4] \d{2}-\d{2}( \(to date\))?", t) for t in axis.ticktext)
    confidence = _chart(training.charts, "confidence").figure
    courses = list(confidence.data[-1].y)
    assert any("<br>" in c for c in courses)
    assert all(len(line) <= charts.WRAP_AT for c in courses for line in c.split("<br>"))
    assert confidence.layout.yaxis.automargin


# -- 6. a view of one kind of board shows no block of dashes for the other ---------------------

@pytest.mark.parametrize(("board", "sections"), [
    ("Ashbourne SCP", ["Children's partnerships"]),
    ("Northfold SAB", ["Adults' boards"]),
    ("Harwick Safeguarding Partnership", ["Children's partnerships", "Adults' boards"]),
])
def test_the_overview_shows_only_the_board_types_the_view_holds(
        open_page: Callable[..., AppTest], board: str, sections: list[str]) -> None:
    app = open_page("overview", as_of=AS_OF.isoformat(), board=board)
    no_problems(app)
    shown = [h.value for h in app.subheader]
    assert [s for s in shown if s in ("Children's partnerships", "Adults' boards")] == sections


def test_a_person_with_only_childrens_boards_sees_no_adults_tiles(read: _Opening) -> None:
    mine = _Opening(read.path, Scope(("Ashbourne SCP", "Kestrel Bay SCP"), records=True,
                                     role="viewer"))
    assert list(overview_model.overview(mine, EVERYONE).tiles) == ["children"]


# -- 7. the Admin page speaks in words --------------------------------------------------------

def test_the_admin_page_shows_no_backticks_and_no_raw_settings(
        open_page: Callable[..., AppTest]) -> None:
    app = open_page("admin")
    no_problems(app)
    texts = [str(getattr(e, "value", "")).replace("\\", "")
             for kind in ("markdown", "caption", "info", "warning", "success")
             for e in app.get(kind)]
    assert not [t for t in texts if "`" in t]
    assert not [t for t in texts if re.search(r"\b(server|browser|theme|client)\.[a-z]", t)]
    assert not [d for d in app.dataframe if "Setting" in d.value.columns]
    assert any(t.startswith("Uploads: an extract of up to ") for t in texts)
