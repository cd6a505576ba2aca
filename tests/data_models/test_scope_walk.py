"""A person of one board never receives another board's name or records, by any path: every
registered query (each example, with and without each filter), every page model, the summary
and record exports and the annual report, the upload history, mappings and local rules, and
the command line's --as. Over a fixture of three boards, each with records and uploads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from access import EVERY_BOARD, Scope
from assurance.demo import generate, load_demo
from dashboard.screens.audits.model import audits
from dashboard.screens.data_quality.model import data_quality
from dashboard.screens.impact.model import impact
from dashboard.screens.overview.model import overview
from dashboard.screens.recommendations.model import chase, recommendations
from dashboard.screens.themes.model import theme_reviews, theme_trend, themes
from dashboard.screens.timescales.model import timescale_measures, timescales
from dashboard.screens.training.model import training
from data_models import queries
from data_models.filters import Filters
from data_models.local_rules import import_local_rules
from data_models.scope import Reader, RecordsRefused
from data_models.store.file import connect, init_schema
from ingest import Mapping, add_mappings, check_extract, mapping_list, remove_mapping, store
from publishing.pack import annual_report_pack
from publishing.tables import build_tables
from tests.conftest import csv_bytes, everyone

AS_OF = dt.date(2026, 11, 21)
MINE = "Kestrel Bay SCP"
OTHERS = ("Kestrel Bay SAB", "Millbrook SCP")
KEYS = {"reviews": "review_id", "recommendations": "recommendation_id",
        "audits": "audit_id", "training": "booking_id"}


@pytest.fixture(scope="module")
def three_boards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[duckdb.DuckDBPyConnection, set[str]]]:
    """The demo data of three boards, an upload and a mapping of each, and the ids of the
    other two boards' records that are not also ids of mine."""
    frames = {kind: frame[frame["board"].isin((MINE, *OTHERS))].reset_index(drop=True)
              for kind, frame in generate(2026).items()}
    path = tmp_path_factory.mktemp("three") / "three.duckdb"
    con = connect(path)
    init_schema(con)
    load_demo(con, 2026, frames)
    for board in (MINE, *OTHERS):
        rows = [{"review_id": f"UP-{board[:3]}-1", "board": board, "board_type":
                 "adults" if board.endswith("SAB") else "children", "review_type":
                 "sar" if board.endswith("SAB") else "rapid_review",
                 "aware_date": "01/04/2024", "themes": f"neglect; {board} own wording"}]
        checked = check_extract(con, "reviews", csv_bytes(rows), f"{board}.csv", AS_OF, scope=EVERY_BOARD)
        store(con, checked, f"lead of {board}")
        add_mappings(con, [Mapping("reviews", "themes", f"{board} own wording", "neglect",
                                   board)], created_by=f"lead of {board}")
    # another board's own timescale rule, its label naming that board (so a leak shows)
    rule = path.parent / "millbrook_rules.toml"
    rule.write_text('[[rule]]\nid = "millbrook_meeting_12wd"\n'
                    'label = "Millbrook SCP rapid review meeting within 12 working days"\n'
                    'board_type = "children"\nreview_types = ["rapid_review"]\n'
                    'start = "notification_date"\nend = ["rapid_review_date"]\nlimit = 12\n'
                    'unit = "working_days"\ncomparison = "at_most"\nforce = "local target"\n'
                    'source = "Millbrook SCP rapid review procedure"\n', encoding="utf-8")
    import_local_rules(con, rule, board="Millbrook SCP", imported_by="lead of Millbrook")
    ids = set()
    for kind, key in KEYS.items():
        frame = frames[kind]
        mine = set(frame.loc[frame["board"] == MINE, key].astype(str))
        ids |= set(frame.loc[frame["board"] != MINE, key].astype(str)) - mine
    yield con, ids
    con.close()


def _text(value: Any) -> Iterator[str]:
    """Every piece of text a result holds."""
    if isinstance(value, pd.DataFrame):
        yield " ".join(map(str, value.columns))
        yield from (str(v) for v in value.astype(str).to_numpy().ravel())
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _text(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _text(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _text(getattr(value, item.name))
    elif hasattr(value, "to_plotly_json"):
        yield json.dumps(value.to_plotly_json(), default=str)
    elif value is not None:
        yield str(value)


def _leaks(value: Any, ids: set[str]) -> list[str]:
    pieces = list(_text(value))
    joined = "\n".join(pieces)
    cells = {p.strip() for p in pieces}
    return [b for b in OTHERS if b in joined] + sorted(cells & ids)[:5]


SCOPE = Scope((MINE,), records=True, role="uploader")
CHOICES = [{}, {"period": "2024-25"}, {"board_type": "adults"}, {"theme": "neglect"},
           {"board": "Millbrook SCP"}]


@pytest.mark.parametrize("chosen", CHOICES, ids=lambda c: "-".join(c.values()) or "none")
def test_every_registered_query_keeps_to_the_persons_board(
        three_boards: tuple[duckdb.DuckDBPyConnection, set[str]],
        chosen: dict[str, str]) -> None:
    con, ids = three_boards
    mine = Reader(con, SCOPE)
    f = Filters(as_of=AS_OF, **chosen)      # a board outside the person's shows nothing
    for name, declaration in queries.REGISTRY.items():
        for example in declaration.examples:
            result = declaration.function(mine, f, **example)
            assert not _leaks(result, ids), (name, example, _leaks(result, ids))


def test_the_walk_would_see_another_boards_records() -> None:
    """The check has teeth: without a scope, the same walk finds the other boards."""
    assert _leaks(pd.DataFrame({"board": ["Millbrook SCP"]}), set()) == ["Millbrook SCP"]
    assert _leaks({"x": [pd.DataFrame({"id": ["MB-1"]})]}, {"MB-1"}) == ["MB-1"]


def test_comparisons_name_no_board(three_boards: tuple[duckdb.DuckDBPyConnection, set[str]]
                                   ) -> None:
    con, ids = three_boards
    result = queries.comparison_tiles(Reader(con, SCOPE), Filters(as_of=AS_OF, period="2024-25"))
    assert not _leaks(result, ids) and set(result.columns).isdisjoint({"board"})
    # two children's boards in this fixture: too few to compare, so nothing is shown
    children = result[result["board_type"] == "children"]
    assert len(children) and not children["shown"].any() and children["met"].isna().all()


@pytest.mark.parametrize("records", [True, False], ids=["uploader", "viewer"])
def test_every_page_model_keeps_to_the_persons_board(
        three_boards: tuple[duckdb.DuckDBPyConnection, set[str]], records: bool) -> None:
    con, ids = three_boards
    f = Filters(as_of=AS_OF)
    query = Reader(con, Scope((MINE,), records=records,
                              role="uploader" if records else "viewer"))
    built: list[Any] = [overview(query, f), themes(query, f),
                        recommendations(query, f), audits(query, f),
                        training(query, f), theme_trend(query, f, ("neglect",)),
                        theme_reviews(query, f, "neglect"), chase(query, f),
                        impact(query, f)]
    built += [timescales(query, f, m) for m in timescale_measures(query, f)]
    if records:      # the Data quality page is the uploader's: its model refuses a viewer
        built.append(data_quality(query, f))
        uploads = data_quality(query, f).uploads
        assert uploads["File"].tolist() == [f"{MINE}.csv"]
    else:
        with pytest.raises(RecordsRefused):
            data_quality(query, f)
    for view in built:
        assert not _leaks(view, ids), (type(view).__name__, _leaks(view, ids))
    reviews = theme_reviews(query, f, "neglect")
    assert reviews.total and reviews.hidden == (not records)


def test_exports_and_the_report_keep_to_the_persons_board(
        three_boards: tuple[duckdb.DuckDBPyConnection, set[str]]) -> None:
    con, ids = three_boards
    f = Filters(as_of=AS_OF, period="2024-25")
    mine = Reader(con, SCOPE)
    tables, notes = build_tables(mine, f, 5, records=True)
    assert not _leaks([t.frame for t in tables], ids) and not _leaks(notes, ids)
    assert not _leaks(annual_report_pack(mine, f, 5), ids)
    viewer = Reader(con, Scope((MINE,), records=False, role="viewer"))
    with pytest.raises(RecordsRefused):
        build_tables(viewer, f, 5, records=True)


def test_mappings_and_rules_of_other_boards_are_not_seen_or_removed(
        three_boards: tuple[duckdb.DuckDBPyConnection, set[str]]) -> None:
    from data_models.rules_admin import rules_and_aliases
    from ingest.mappings.rules import MappingError

    con, ids = three_boards
    kept = mapping_list(Reader(con, SCOPE))
    assert kept["board"].tolist() == [MINE] and not _leaks(kept, ids)
    theirs = int(mapping_list(everyone(con))
                 .loc[lambda m: m["board"] == "Millbrook SCP", "mapping"].iloc[0])
    with pytest.raises(MappingError):
        remove_mapping(con, theirs, SCOPE)
    assert not _leaks(rules_and_aliases(Reader(con, SCOPE)), ids)


def test_an_upload_naming_another_board_is_refused_naming_it_and_stores_nothing(
        three_boards: tuple[duckdb.DuckDBPyConnection, set[str]]) -> None:
    con, _ = three_boards
    before = con.execute("SELECT count(*) FROM reviews").fetchall()[0][0]
    rows = [{"review_id": "X-1", "board": MINE, "board_type": "children",
             "review_type": "rapid_review"},
            {"review_id": "X-2", "board": "Millbrook SCP", "board_type": "children",
             "review_type": "rapid_review"}]
    checked = check_extract(con, "reviews", csv_bytes(rows), "mixed.csv", AS_OF,
                            scope=SCOPE)
    assert [p.rule for p in checked.errors] == ["other_boards"]
    assert "Millbrook SCP" in checked.errors[0].message
    from ingest import NotStored

    with pytest.raises(NotStored):
        store(con, checked, "lead")
    assert con.execute("SELECT count(*) FROM reviews").fetchall()[0][0] == before
    mine_only = check_extract(con, "reviews", csv_bytes(rows[:1]), "mine.csv", AS_OF,
                              scope=SCOPE)
    assert mine_only.ok


def test_the_command_line_as_a_person(three_boards: tuple[duckdb.DuckDBPyConnection, set[str]],
                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assurance.cli import main

    con, ids = three_boards
    path = Path(con.execute("SELECT path FROM duckdb_databases() WHERE database_name = "
                            "current_database()").fetchall()[0][0])
    copy = tmp_path / "copy.duckdb"
    con.execute("CHECKPOINT")
    copy.write_bytes(path.read_bytes())
    roles = tmp_path / "roles.toml"
    roles.write_text(f'[people."chair@kb.example"]\nrole = "viewer"\nboards = ["{MINE}"]\n'
                     f'[people."lead@kb.example"]\nrole = "uploader"\nboards = ["{MINE}"]\n'
                     '[people."new@kb.example"]\nrole = "viewer"\nboards = []\n',
                     encoding="utf-8")
    base = ["--db", str(copy)]
    assert main([*base, "timescales", "--as", "lead@kb.example", "--roles", str(roles),
                 "--format", "csv", "--detail", "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    assert MINE in out and not [b for b in OTHERS if b in out]
    assert main([*base, "figure", "recommendation_records", "--as", "lead@kb.example",
                 "--roles", str(roles), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert not [b for b in OTHERS if b in out] and not set(out.split()) & ids
    # a viewer gets figures, not records, from the command line too
    for record_level in (["figure", "recommendation_records"], ["timescales", "--detail"]):
        assert main([*base, *record_level, "--as", "chair@kb.example", "--roles",
                     str(roles)]) == 2
        assert "may not see" in capsys.readouterr().err
    assert main([*base, "timescales", "--as", "chair@kb.example", "--roles", str(roles)]) == 0
    assert MINE in capsys.readouterr().out
    assert main([*base, "timescales", "--as", "new@kb.example", "--roles", str(roles)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no role or no board" in err[0]
    assert main([*base, "themes", "--as", "chair@kb.example", "--roles", str(roles),
                 "--board", "Millbrook SCP"]) == 2
    assert "not one of the boards" in capsys.readouterr().err
    out_dir = tmp_path / "out"
    assert main([*base, "export", "tables", "--period", "2024-25", "--format", "xlsx",
                 "--records", "--as", "chair@kb.example", "--roles", str(roles),
                 "--out", str(out_dir)]) == 2
    assert "may not see" in capsys.readouterr().err
    assert main([*base, "export", "tables", "--period", "2024-25", "--format", "csv",
                 "--as", "chair@kb.example", "--roles", str(roles), "--out", str(out_dir)]) == 0
    written = " ".join(p.read_text(encoding="utf-8") for p in out_dir.rglob("*.csv"))
    assert MINE in written and not [b for b in OTHERS if b in written]
    check = duckdb.connect(str(copy), read_only=True)
    scope, by = check.execute("SELECT scope, exported_by FROM exports ORDER BY export_id DESC "
                              "LIMIT 1").fetchall()[0]
    check.close()
    assert scope == [MINE] and by.endswith("as chair@kb.example")
