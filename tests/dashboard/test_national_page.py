"""The National context page in AppTest on the demo data: with no footprint, or no national file
loaded, one clear sentence saying why and what to do (and no chart); the board chosen among
the person's boards that have a footprint; "Show as published" offered as on the other pages
whose tables the report publishes. With national figures stored (once the store and the
figures are part of the product), the page says what the report's section and the exported
tables say."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_models.filters import Filters
from data_models.store.file import connect
from tests.conftest import everyone
from tests.dashboard.conftest import APP, no_problems

AS_OF = "2026-11-21"
BOARD = "Millbrook SCP"
OTHER = "Northfold SAB"


@pytest.fixture
def copied(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the demo data with no footprint set and no national file loaded (the demo
    may load both), which the page is served from."""
    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, copy)
    con = connect(copy)
    for emptied in ("DELETE FROM board_footprints", "DELETE FROM national_figures",
                    "DELETE FROM statistical_neighbours", "DELETE FROM national_theme_shares",
                    "DELETE FROM national_releases"):
        con.execute(emptied)
    con.close()
    monkeypatch.setenv("ASSURANCE_DB", str(copy))
    yield copy


def _open(**params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"as_of": AS_OF, **params}.items():
        app.query_params[key] = value
    app.switch_page("screens/national/national.py")
    return app.run()


def _said(app: AppTest) -> str:
    """What the page's notices say, as a reader sees it (Markdown escapes removed)."""
    return " ".join(i.value.replace("\\", "") for i in app.info)


def _footprint(db: Path, board: str, *areas: tuple[str, str]) -> None:
    con = connect(db)
    con.executemany("INSERT INTO board_footprints VALUES (?, ?, NULL, ?, 'admin', now())",
                    [[board, code, name] for code, name in areas])
    con.close()


def test_with_no_footprint_the_page_says_who_sets_it(copied: Path) -> None:
    app = _open()
    no_problems(app)
    assert app.title[0].value == "National context"
    said = _said(app)
    assert said.startswith("No footprint is set for any board you can see")
    assert "Admin page" in said and "assurance national footprint BOARD CODE ..." in said
    assert not app.get("plotly_chart") and not app.dataframe


def test_a_board_chosen_in_the_sidebar_without_a_footprint_is_named(copied: Path) -> None:
    app = _open(board=BOARD)
    no_problems(app)
    said = _said(app)
    assert said.startswith(f"{BOARD}'s footprint, the local authorities it covers, is not set")
    assert "assurance national footprint 'Millbrook SCP' CODE ..." in said


def test_with_a_footprint_and_no_file_the_page_says_to_load_one(copied: Path) -> None:
    _footprint(copied, BOARD, ("E06000901", "Eastmere"), ("E06000902", "Westmere"))
    app = _open()                                    # the one board with a footprint
    no_problems(app)
    assert "national_board" not in [s.key for s in app.selectbox]
    assert _said(app).startswith("No national figures are loaded for this board's area: "
                                 f"{BOARD} covers Eastmere and Westmere, and ")
    assert "assurance national load FILE (one file or more)" in _said(app)


def test_the_board_is_chosen_among_those_with_a_footprint(copied: Path) -> None:
    _footprint(copied, BOARD, ("E06000901", "Eastmere"))
    _footprint(copied, OTHER, ("E06000903", "Northfold"))
    app = _open()
    no_problems(app)
    choice = app.selectbox(key="national_board")
    assert choice.options == [BOARD, OTHER]
    choice.set_value(OTHER).run()
    no_problems(app)
    assert f"{OTHER} covers Northfold" in _said(app)
    assert app.toggle(key="as_published") is not None     # "Show as published" is offered


# -- once the store and the figures are merged ---------------------------------------------------

def _stored(db: Path) -> None:
    """A notifications release for England, the North West and two local authorities (the
    same figures in two years), and Millbrook SCP's footprint over both, stored as `assurance
    national load` and `footprint` store them (runs once `ingest.national` is part of the
    product)."""
    from data_models.national import (
        FIGURE_COLUMNS,
        NEIGHBOUR_COLUMNS,
        THEME_SHARE_COLUMNS,
        NationalFile,
    )
    from ingest import national

    areas = [("national", "E92000001", None, "England", 338, 403_720, 12_170_000, None),
             ("regional", "E12000002", None, "North West", 40, None, None, 10),
             ("local_authority", "E06000901", "901", "Eastmere", 3, 1_210, 40_100, None),
             ("local_authority", "E06000902", "902", "Westmere", 2, 900, 31_150, None)]
    rows = []
    for year, (level, code, old, name, notified, need, children, rounded) in (
            (y, a) for y in ("2023-24", "2024-25") for a in areas):
        where = {"year": year, "level": level, "area_code": code, "old_la_code": old,
                 "area_name": name, "region_code": None if level == "national" else "E12000002",
                 "region_name": None if level == "national" else "North West",
                 "breakdown": None, "state": "shown"}
        rows.append({**where, "measure": "notifications", "value": notified,
                     "rounded_to": rounded})
        for measure, value in (("children_in_need_context", need),
                               ("population_0_17_context", children)):
            if value is not None:
                rows.append({**where, "measure": measure, "value": value, "rounded_to": None})
    figures = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    file = NationalFile("sin_subnational", "2025", "Department for Education, Serious incident "
                        "notifications 2025 (synthetic)", "synthetic_sin.csv", True, figures,
                        pd.DataFrame(columns=list(NEIGHBOUR_COLUMNS)),
                        pd.DataFrame(columns=list(THEME_SHARE_COLUMNS)))
    con = connect(db)
    try:
        national.store_release(con, file, "test")
        national.set_footprint(con, BOARD, ["E06000901", "E06000902"], "test")
    finally:
        con.close()


def test_the_page_says_what_the_report_and_the_export_say(copied: Path) -> None:
    _stored(copied)
    from publishing.report import NATIONAL, annual_report
    from publishing.tables import summary_tables

    app = _open(board=BOARD, period="2024-25")
    no_problems(app)
    f = Filters(as_of=dt.date.fromisoformat(AS_OF), board=BOARD, period="2024-25")
    con = connect(copied, read_only=True)
    try:
        section = next(s for s in annual_report(everyone(con), f, 5).sections
                       if s.heading == NATIONAL)
        exported = {t.name: t for t in summary_tables(everyone(con), f, 5)}
    finally:
        con.close()
    page = [m.value.replace("\\", "") for m in app.markdown]
    sentence = next(s for s in section.summary if s.startswith("In 2024-25 Millbrook SCP"))
    assert sentence in page
    assert sentence.startswith("In 2024-25 Millbrook SCP notified 0.7 serious incidents per "
                               "10,000 children; England 0.3;")
    table = exported["national_notifications_per_10000_children"]
    shown = next(d.value for d in app.dataframe if "Rate per 10,000 children" in d.value.columns)
    assert shown["Rate per 10,000 children"].tolist()[:2] == ["0.7", "0.3"]
    assert table.frame["Rate per 10,000 children"].tolist()[:2] == [0.7, 0.3]
    printed = next(t for t in section.tables if t.title.startswith("Serious incident "
                                                                   "notifications per 10,000"))
    assert printed.rows == shown.values.tolist()
    trend = next(d.value for d in app.dataframe if list(d.value.columns)[:1] == ["Year"])
    assert list(trend.columns)[:3] == ["Year", BOARD, "England"]


def _drawn(keep_order: bool) -> list[str]:
    """The columns of a trend table as the page draws it (a state in words in the board's
    column is long text, which a table otherwise moves to the end)."""
    def script(keep: bool) -> None:
        import pandas as pd

        from dashboard.components import table
        table(pd.DataFrame({"Year": ["2022-23"], "Millbrook SCP": [
            "suppressed by the publisher to protect people"], "England": ["0.3"]}),
            "trend", "Trend", keep_order=keep)

    app = AppTest.from_function(script, args=(keep_order,)).run()
    no_problems(app)
    return list(app.dataframe[0].value.columns)


def test_an_areas_state_in_words_stays_in_its_column() -> None:
    assert _drawn(True) == ["Year", "Millbrook SCP", "England"]
    assert _drawn(False) == ["Year", "England", "Millbrook SCP"]     # other pages' tables
