"""For the same filters, each page shows the number the command line prints and the export
holds: one test per page, across several filter sets."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assurance.cli import main
from data_models.filters import Filters
from data_models.store.file import connect
from publishing.tables import summary_tables
from tests.conftest import everyone
from tests.dashboard.conftest import no_problems

AS_OF = "2026-11-21"
FILTER_SETS = [
    {"period": "2024-25"},
    {"board": "Kestrel Bay SCP", "period": "2023-24"},
    {"agency": "Police", "period": "2025-26", "board_type": "children"},
]
IDS = ["year", "board-and-year", "agency-type-and-year"]


def _flags(chosen: dict[str, str]) -> list[str]:
    return [x for k, v in chosen.items() for x in (f"--{k.replace('_', '-')}", v)]


def _cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str,
         chosen: dict[str, str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["--db", str(db), *args, "--as-of", AS_OF, *_flags(chosen), "--format",
                 "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _export(db: Path, chosen: dict[str, str], name: str) -> list[dict[str, object]]:
    con = connect(db, read_only=True)
    try:
        tables = summary_tables(everyone(con), Filters(as_of=dt.date.fromisoformat(AS_OF), **chosen), 5)
    finally:
        con.close()
    return next(t for t in tables if t.name == name).frame.to_dict("records")


def _metric(app: AppTest, label: str) -> str:
    return next(str(m.value) for m in app.metric if m.label.startswith(label))


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=IDS)
def test_overview_tiles(open_page: Callable[..., AppTest], demo_db: Path,
                        capsys: pytest.CaptureFixture[str], chosen: dict[str, str]) -> None:
    app = open_page("overview", as_of=AS_OF, **chosen)
    no_problems(app)
    said = _cli(capsys, demo_db, "timescales", "--board-type", "children",
                chosen={k: v for k, v in chosen.items() if k != "board_type"})
    record = next(r for r in said["records"] if r["measure"] == "rapid_review_15wd")
    counted = record["met"] + record["missed"] + record["overdue"]
    shown = _metric(app, f"Rapid review in 15 working days · {chosen['period']}")
    assert shown == (f"{record['compliance_pct']:.0f}%" if counted >= 5
                     else f"{record['met']} of {counted}")
    exported = next(r for r in _export(demo_db, {**chosen, "board_type": "children"},
                                       "timescales") if r["measure"] == "rapid_review_15wd")
    assert exported["met"] in (record["met"], "c")
    grades = _cli(capsys, demo_db, "figure", "audit_grades", "--by", "all", "--board-type",
                  "children", chosen={k: v for k, v in chosen.items() if k != "board_type"})
    row = grades["records"][0]
    good = row["outstanding"] + row["good"]
    assert next(m for m in app.caption if m.value.endswith(" audits") and
                m.value.startswith(f"{good} of ")).value == f"{good} of {row['total']} audits"


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=IDS)
def test_timescales_page(open_page: Callable[..., AppTest], demo_db: Path,
                         capsys: pytest.CaptureFixture[str], chosen: dict[str, str]) -> None:
    app = open_page("timescales", as_of=AS_OF, **chosen)
    no_problems(app)
    measure = app.selectbox(key="measure").value
    record = next(r for r in _cli(capsys, demo_db, "timescales", chosen=chosen)["records"]
                  if r["measure"] == measure)
    counted = record["met"] + record["missed"] + record["overdue"]
    headline = next(m.value.replace("\\", "") for m in app.markdown if m.value.startswith("**"))
    assert headline.startswith(f"**{record['met']} of {counted}")
    exported = next(r for r in _export(demo_db, chosen, "timescales") if r["measure"] == measure)
    assert exported["met"] in (record["met"], "c")
    assert exported["missed"] in (record["missed"], "c")


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=IDS)
def test_themes_page(open_page: Callable[..., AppTest], demo_db: Path,
                     capsys: pytest.CaptureFixture[str], chosen: dict[str, str]) -> None:
    app = open_page("themes", as_of=AS_OF, **chosen)
    no_problems(app)
    records = _cli(capsys, demo_db, "themes", chosen=chosen)["records"]
    table = next(d.value for d in app.dataframe if "Items with the theme" in d.value.columns)
    assert table["Items with the theme"].tolist() == [r["items_with_theme"] for r in records]
    exported = _export(demo_db, chosen, "themes")
    assert all(e["items_with_theme"] in (r["items_with_theme"], "c")
               for r, e in zip(records, exported, strict=True))


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=IDS)
def test_recommendations_page(open_page: Callable[..., AppTest], demo_db: Path,
                              capsys: pytest.CaptureFixture[str], chosen: dict[str, str]) -> None:
    app = open_page("recommendations", as_of=AS_OF, **chosen)
    no_problems(app)
    owners = _cli(capsys, demo_db, "figure", "recommendation_status", chosen=chosen)["records"]
    assert _metric(app, "Overdue") == str(sum(int(r["overdue"]) for r in owners))
    exported = {e["owner"]: e for e in _export(demo_db, chosen, "recommendations")}
    for owner in owners:
        assert exported[owner["owner"]]["total"] in (owner["total"], "c")


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=IDS)
def test_audits_page(open_page: Callable[..., AppTest], demo_db: Path,
                     capsys: pytest.CaptureFixture[str], chosen: dict[str, str]) -> None:
    app = open_page("audits", as_of=AS_OF, **chosen)
    no_problems(app)
    row = _cli(capsys, demo_db, "figure", "audit_grades", "--by", "all",
               chosen=chosen)["records"][0]
    good = row["outstanding"] + row["good"]
    assert any(c.value.startswith(f"{good} of {row['total']} audits") for c in app.caption)
    exported = _export(demo_db, chosen, "audits_by_agency")
    shown = [e["total"] for e in exported if e["total"] != "c"]
    assert sum(int(t) for t in shown) <= row["total"]
    by_agency = _cli(capsys, demo_db, "figure", "audit_grades", "--by", "agency",
                     chosen=chosen)["records"]
    assert [e["total"] for e in exported] == [
        r["total"] if e["total"] != "c" else "c" for r, e in zip(by_agency, exported, strict=True)]


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=IDS)
def test_training_page(open_page: Callable[..., AppTest], demo_db: Path,
                       capsys: pytest.CaptureFixture[str], chosen: dict[str, str]) -> None:
    app = open_page("training", as_of=AS_OF, **chosen)
    no_problems(app)
    uptake = _cli(capsys, demo_db, "figure", "training_uptake", chosen=chosen)["records"]
    booked = sum(int(r["bookings"]) for r in uptake if r["grouped_by"] == "all")
    assert _metric(app, "Booked") == f"{booked:,}"
    exported = _export(demo_db, chosen, "training_by_agency")
    assert sum(int(e["booked"]) for e in exported if e["booked"] != "c") <= booked
    sessions = _cli(capsys, demo_db, "figure", "theme_training", chosen=chosen)["records"]
    table = next(d.value for d in app.dataframe if "Training sessions" in d.value.columns)
    assert table["Training sessions"].tolist() == [r["training_sessions"] for r in sessions]
