"""The command line speaks the dashboard's filters: the same names, the same figures, and a
value with no data refused with the values there are."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from assurance.cli import main
from data_models import queries
from data_models.filters import Filters
from data_models.store.file import connect
from tests.conftest import everyone

AS_OF = "2026-11-21"
FILTER_SETS = [
    {},
    {"board": "Kestrel Bay SCP", "period": "2024-25"},
    {"board_type": "adults", "quarter": "2025-26 Q2"},
    {"period": "2023-24", "agency": "Police", "theme": "domestic abuse"},
]


def _flags(chosen: dict[str, str]) -> list[str]:
    return [x for k, v in chosen.items() for x in (f"--{k.replace('_', '-')}", v)]


def _json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict[str, object]:
    assert main(["--db", str(db), *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("chosen", FILTER_SETS, ids=lambda c: ",".join(c) or "none")
def test_timescales_and_themes_equal_the_query_layer(demo_db: Path, chosen: dict[str, str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    f = Filters(as_of=dt.date.fromisoformat(AS_OF), **chosen)
    if f.quarter:
        f = f.but(period=f.quarter[:7])
    con = connect(demo_db, read_only=True)
    try:
        compliance = queries.timescale_compliance(everyone(con), f)
        shares = queries.theme_shares(everyone(con), f, "audits")
    finally:
        con.close()
    said = _json(capsys, demo_db, "timescales", "--as-of", AS_OF, *_flags(chosen),
                 "--format", "json")
    printed = pd.DataFrame(said["records"]).set_index("measure")
    for row in compliance.itertuples():
        assert printed.loc[row.measure, "met"] == row.met
        assert printed.loc[row.measure, "overdue"] == row.overdue
    assert said["filters"] == f.chosen()
    assert ("Not filtered by agency: reviews have no agency." in said["notes"]) == bool(f.agency)
    themes = _json(capsys, demo_db, "themes", "--source", "audits", "--as-of", AS_OF,
                   *_flags(chosen), "--format", "json")
    assert [r["items_with_theme"] for r in themes["records"]] == shares["items_with_theme"].tolist()
    assert themes["notes"] == []                         # audits have agencies


def test_a_misspelt_board_is_refused_with_the_nearest_and_the_rest(
        demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "timescales", "--board", "Ashborne SCP"]) == 2
    error = capsys.readouterr().err
    assert "Did you mean 'Ashbourne SCP'?" in error
    assert "Northfold SAB" in error and "Traceback" not in error


@pytest.mark.parametrize(("args", "says"), [
    (["--period", "2031-32"], "no data for that financial year"),
    (["--period", "2024-25", "--quarter", "2023-24 Q1"], "is not in --period 2024-25"),
    (["--quarter", "Q3"], "needs --period"),
    (["--agency", "Polce"], "Did you mean 'Police'?"),
    (["--theme", "neglekt"], "Did you mean 'neglect'?"),
    (["--period", "2024-25", "--as-of", "2023-01-01"], "after the as-of date's year"),
])
def test_filters_that_cannot_apply_exit_2_saying_why(demo_db: Path, args: list[str], says: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "themes", *args]) == 2
    assert says in capsys.readouterr().err


def test_a_quarter_may_be_given_short_with_its_year(demo_db: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    short = _json(capsys, demo_db, "timescales", "--as-of", AS_OF, "--period", "2024-25",
                  "--quarter", "Q3", "--format", "json")
    whole = _json(capsys, demo_db, "timescales", "--as-of", AS_OF, "--quarter", "2024-25 Q3",
                  "--format", "json")
    assert short["records"] == whole["records"]
    assert short["filters"] == {"period": "2024-25", "quarter": "2024-25 Q3"}


def test_every_figure_is_on_the_command_line(demo_db: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figure", "--list"]) == 0
    listed = capsys.readouterr().out
    assert listed == queries.declarations_markdown()
    said = _json(capsys, demo_db, "figure", "audit_grades", "--by", "period", "--agency", "Police",
                 "--as-of", AS_OF, "--format", "json")
    con = connect(demo_db, read_only=True)
    try:
        expected = queries.audit_grades(everyone(con), Filters(as_of=dt.date.fromisoformat(AS_OF),
                                                     agency="Police"), "period")
    finally:
        con.close()
    assert [r["total"] for r in said["records"]] == expected["total"].tolist()
    assert main(["--db", str(demo_db), "figure", "audit_grades", "--by", "owner"]) == 2
    assert "not one of its groupings" in capsys.readouterr().err
