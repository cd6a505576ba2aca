"""The Impact page: the same findings as `assurance impact`, for the demo data and for a store
built so that the answer is known."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assurance.cli import main
from data_models.labels import percent
from data_models.store.file import connect
from tests.dashboard.conftest import APP, captions, no_problems
from tests.fixtures.impact import AS_OF, build

DEMO_AS_OF = "2026-11-21"


def _cli(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["--db", str(db), "impact", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _said(app: AppTest) -> str:
    return " ".join(captions(app))


def test_the_demo_domestic_abuse_page_agrees_with_the_command_line(
        open_page: Callable[..., AppTest], demo_db: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    app = open_page("impact", as_of=DEMO_AS_OF, theme="domestic abuse")
    no_problems(app)
    assert app.selectbox(key="impact_theme").value == "domestic abuse"
    cli = _cli(demo_db, capsys, "--theme", "domestic abuse", "--as-of", DEMO_AS_OF)
    said = _said(app)
    for sentence in cli["sentences"]:                      # type: ignore[attr-defined]
        assert sentence in said
    shown = app.dataframe[1].value                         # the before-and-after table
    records = cli["records"]
    assert len(shown) == len(records) == 3                 # type: ignore[arg-type]
    for cell_before, cell_after, r in zip(shown["Before"], shown["After"], records,
                                          strict=True):   # type: ignore[call-overload]
        assert cell_before.startswith(percent(100 * r["before_part"] / r["before_whole"]))
        assert cell_before.endswith(f"; {r['before_part']} of {r['before_whole']})")
        assert cell_after.endswith(f"; {r['after_part']} of {r['after_whole']})")
        # the command line gives the bound to one decimal (58.5), the page to a whole number
        # from the exact bound (58.46: 58%): they agree to within the rounding
        low = re.search(r"interval (\d+)% to", cell_after)
        assert low and abs(int(low.group(1)) - r["after_low"]) <= 0.55, (cell_after, r)
    assert shown["Change seen"].tolist() == [r["change"] for r in records]  # type: ignore[union-attr]
    every = _cli(demo_db, capsys, "--as-of", DEMO_AS_OF)
    assert app.dataframe[0].value["Theme"].tolist() == [
        r["theme"] for r in every["records"]]              # type: ignore[union-attr]


def test_a_chosen_cut_over_moves_before_and_after(
        tmp_path: Path, schema_template: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "impact.duckdb"
    shutil.copyfile(schema_template, db)
    con = connect(db)
    build(con)
    con.close()
    monkeypatch.setenv("ASSURANCE_DB", str(db))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["as_of"] = AS_OF.isoformat()
    app.switch_page("screens/impact/impact.py")
    app.run()
    no_problems(app)
    assert app.dataframe[0].value["Theme"].tolist() == [
        "think family", "neglect", "mental health", "self-neglect"]
    assert "1 theme has had its actions completed with no audit" in _said(app)
    app.selectbox(key="impact_theme").set_value("neglect").run()
    assert "fewer new reviews raise it" in _said(app)
    app.checkbox(key="impact_own_date").check().run()
    assert app.date_input(key="impact_cut_over").value == AS_OF.replace(2024, 4, 1)
    app.date_input(key="impact_cut_over").set_value(AS_OF.replace(2025, 4, 1)).run()
    no_problems(app)
    said = _said(app)
    cli = _cli(db, capsys, "--theme", "neglect", "--cut-over", "2025-04-01",
               "--as-of", AS_OF.isoformat())
    assert "the cut-over is 01/04/2025 (the date chosen)" in said
    for sentence in cli["sentences"]:                      # type: ignore[attr-defined]
        assert sentence in said
