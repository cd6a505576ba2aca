"""Figures kept at store time: the clocks of every review and timescale rule are written when
the records, rules or calendar they come from change, and every registered query gives exactly
the frame it gives with none kept (worked out live, as before they were kept). Each writer
leaves the kept clocks equal to a rebuild from scratch, and a writer that forgets costs time,
never a figure: a kept clock no longer true of its review or rule is not read."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from assurance.demo import clear_data
from bench.frames import differences, filter_sets
from data_models import queries
from data_models.local_rules import import_local_rules
from data_models.records import Upload, store_extract
from data_models.store.file import connect, init_schema
from ingest.guard.stored import COLUMNS, act_on_stored
from tests.conftest import everyone

AS_OF = dt.date(2026, 11, 21)          # after every date of the demo's reviews
MID = dt.date(2023, 6, 30)             # in the middle: many reviews have dates after it

FILTER_SETS = filter_sets(AS_OF, "Ashbourne SCP", "2024-25", "2024-25 Q3", MID)

RELEASE_12 = Path(__file__).resolve().parents[1] / "fixtures" / "release_v12"

LOCAL_RULE = """
[[rule]]
id = "local_meeting_12wd"
label = "Rapid review meeting convened within 12 working days"
board_type = "children"
review_types = ["rapid_review", "lcspr"]
start = "notification_date"
end = ["rapid_review_date"]
limit = 12
unit = "working_days"
comparison = "at_most"
force = "local target"
source = "Board's own procedures"
"""


@pytest.fixture(scope="module")
def kept_and_emptied(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]]:
    """The demo as stored (its clocks kept), and a copy of it with no clock kept."""
    folder = tmp_path_factory.mktemp("kept")
    kept, emptied = folder / "kept.duckdb", folder / "emptied.duckdb"
    shutil.copyfile(demo_db, kept)
    shutil.copyfile(demo_db, emptied)
    con = connect(emptied)
    con.execute("DELETE FROM review_clocks")
    con.close()
    pair = connect(kept, read_only=True), connect(emptied, read_only=True)
    for con in pair:
        # One thread, so that a query whose rows or words come in no set order gives them in
        # the same order from both copies (the national context names a board's authorities
        # in the order its rows come: on several threads, not the same from call to call).
        con.execute("SET threads = 1")
    yield pair
    for con in pair:
        con.close()


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    con = connect(path)
    yield con
    con.close()


def _clocks(con: duckdb.DuckDBPyConnection, relation: str) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM {relation} ORDER BY board, review_id, measure").df()  # noqa: S608


def _as_rebuilt(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The clocks kept, held equal to the clocks worked out again from scratch."""
    kept = _clocks(con, "review_clocks")
    assert_frame_equal(kept, _clocks(con, "review_clocks_rebuilt"), check_exact=True)
    return kept


CASES = [(name, example, filters)
         for name, declaration in queries.REGISTRY.items()
         for example in declaration.examples
         for filters in FILTER_SETS]


@pytest.mark.parametrize(("name", "example", "filters"), CASES,
                         ids=[f"{n}-{'-'.join(map(str, e.values()))}-{f}" for n, e, f in CASES])
def test_every_query_gives_the_same_frame_with_the_clocks_kept_or_none(
        kept_and_emptied: tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection],
        name: str, example: dict[str, object], filters: str) -> None:
    kept, emptied = kept_and_emptied
    function = queries.REGISTRY[name].function
    f = FILTER_SETS[filters]
    assert not differences(function(everyone(kept), f, **example),
                           function(everyone(emptied), f, **example), f"{name}{example} ({filters})")


def test_the_demo_keeps_every_clock_and_reads_them_where_no_date_is_after_the_as_of_date(
        kept_and_emptied: tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]) -> None:
    kept, emptied = kept_and_emptied
    clocks = _as_rebuilt(kept)
    assert len(clocks) > 300
    assert _clocks(emptied, "review_clocks").empty

    def parts(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[int, int, int]:
        """The clocks read as kept, those worked out, and every clock."""
        return con.execute(
            "SELECT count(*) FILTER (WHERE kept), count(*) FILTER (WHERE NOT kept), "
            "(SELECT count(*) FROM review_timescales($d)) FROM review_clocks_on($d, true)",
            {"d": as_of}).fetchall()[0]

    # after every date: every clock read as kept, none worked out
    assert parts(kept, AS_OF) == (len(clocks), 0, len(clocks))
    # in the middle: the reviews with a later date worked out, the others read as kept
    stored, live, total = parts(kept, MID)
    assert stored > 50 and live > 50 and stored + live == total
    # none kept: every one worked out
    assert parts(emptied, AS_OF) == (0, len(clocks), len(clocks))


def _reviews(con: duckdb.DuckDBPyConnection, board: str) -> pd.DataFrame:
    return con.execute("SELECT * EXCLUDE (upload_id) FROM reviews WHERE board = ? "
                       "ORDER BY review_id", [board]).df()


def _upload(frame: pd.DataFrame) -> Upload:
    return Upload("reviews", "reviews.csv", f"sha-{len(frame)}-{frame.iloc[0, 1]}", len(frame),
                  AS_OF, boards=tuple(sorted(set(frame["board"]))))


def _clock(con: duckdb.DuckDBPyConnection, review_id: str, measure: str) -> tuple[object, ...]:
    rows = con.execute("SELECT end_date, status FROM review_timescales(?) WHERE review_id = ? "
                       "AND measure = ?", [AS_OF, review_id, measure]).fetchall()
    assert len(rows) == 1
    return tuple(rows[0])


def test_storing_reviews_rewrites_their_boards_clocks(demo_copy: duckdb.DuckDBPyConnection) -> None:
    con = demo_copy
    frame = _reviews(con, "Ashbourne SCP")
    pending = con.execute("SELECT review_id FROM review_timescales(?) WHERE board = 'Ashbourne SCP' "
                          "AND measure = 'rapid_review_15wd' AND status IN ('overdue', 'pending') "
                          "ORDER BY review_id LIMIT 1", [AS_OF]).fetchall()
    sent = frame["notification_date"].notna() & frame["rapid_review_date"].isna()
    review = pending[0][0] if pending else frame.loc[sent, "review_id"].iloc[0]
    row = frame["review_id"] == review
    frame.loc[row, "rapid_review_date"] = frame.loc[row, "notification_date"] + pd.Timedelta(days=1)
    added = frame.loc[row].assign(review_id="AS-C-RAP-NEW-001", publication_date=pd.NaT)
    frame = pd.concat([frame, added], ignore_index=True)
    stored = store_extract(con, _upload(frame), frame)
    assert (stored.changes.added, stored.changes.replaced) == (1, 1)
    _as_rebuilt(con)
    for reference in (review, "AS-C-RAP-NEW-001"):
        assert _clock(con, reference, "rapid_review_15wd")[1] == "met"
    assert con.execute("SELECT count(*) FROM review_clocks WHERE review_id = 'AS-C-RAP-NEW-001'"
                       ).fetchall()[0][0] > 0


def test_importing_a_boards_own_rule_keeps_its_clocks(demo_copy: duckdb.DuckDBPyConnection,
                                                      tmp_path: Path) -> None:
    con = demo_copy
    rules = tmp_path / "local_rules.toml"
    rules.write_text(LOCAL_RULE)
    import_local_rules(con, rules, board="Ashbourne SCP")
    clocks = _as_rebuilt(con)
    local = clocks[clocks["measure"] == "local_meeting_12wd"]
    assert len(local) > 5 and set(local["board"]) == {"Ashbourne SCP"}
    # changed and imported again: the rule's clocks are its new ones
    rules.write_text(LOCAL_RULE.replace("limit = 12", "limit = 2"))
    import_local_rules(con, rules, board="Ashbourne SCP")
    again = _as_rebuilt(con)
    changed = again[again["measure"] == "local_meeting_12wd"]
    assert len(changed) == len(local) and not changed["due_date"].equals(local["due_date"])


def test_deleting_a_review_for_personal_data_takes_its_clocks(
        demo_copy: duckdb.DuckDBPyConnection) -> None:
    con = demo_copy
    board, review = con.execute("SELECT board, review_id FROM review_clocks ORDER BY ALL LIMIT 1"
                                ).fetchall()[0]
    found = pd.DataFrame([("reviews", board, review, "review_id", "name", "a name")],
                         columns=COLUMNS)
    act_on_stored(con, "delete", found, "quality lead")
    _as_rebuilt(con)
    assert con.execute("SELECT count(*) FROM review_clocks WHERE board = ? AND review_id = ?",
                       [board, review]).fetchall()[0][0] == 0


def test_clearing_the_data_clears_the_clocks(demo_copy: duckdb.DuckDBPyConnection) -> None:
    clear_data(demo_copy)
    assert _as_rebuilt(demo_copy).empty


def test_a_build_that_changes_the_calendar_rewrites_the_clocks(
        demo_copy: duckdb.DuckDBPyConnection) -> None:
    """The calendar is reference data, rewritten by a build when its holidays change: a clock
    kept by a build with other holidays is worked out again."""
    con = demo_copy
    con.execute("UPDATE calendar_days SET working_day_index = working_day_index + 1 "
                "WHERE day >= DATE '2023-01-01'")
    con.execute("UPDATE review_clocks AS c SET start_index = d.working_day_index "
                "FROM calendar_days AS d WHERE d.day = c.start_date")
    init_schema(con)
    _as_rebuilt(con)


def test_a_clock_no_longer_true_of_its_review_or_rule_is_never_read(
        demo_copy: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    """A writer that changed reviews or rules without rewriting the clocks (none in the product
    does) leaves figures as they would be with none kept: only slower."""
    con = demo_copy
    con.execute("UPDATE reviews SET rapid_review_date = notification_date + 30 "
                "WHERE rapid_review_date IS NOT NULL AND board = 'Millbrook SCP'")
    con.execute("UPDATE reviews SET review_type = 'lcspr' WHERE review_type = 'rapid_review' "
                "AND board = 'Kestrel Bay SCP'")
    con.execute("UPDATE timescale_rules SET \"limit\" = 3 WHERE rule_id = 'notification_5wd'")
    con.execute("DELETE FROM timescale_rule_review_types WHERE rule_id = 'sar_completion_6m'")
    kept = _clocks(con, "review_timescales(DATE '2026-11-21')")
    emptied = tmp_path / "emptied.duckdb"
    con.execute("CHECKPOINT")
    shutil.copyfile(Path(con.execute("SELECT path FROM duckdb_databases() "
                                     "WHERE database_name = current_database()"
                                     ).fetchall()[0][0]), emptied)
    other = connect(emptied)
    try:
        other.execute("DELETE FROM review_clocks")
        assert_frame_equal(kept, _clocks(other, "review_timescales(DATE '2026-11-21')"),
                           check_exact=True)
    finally:
        other.close()
    assert not kept.query("measure == 'sar_completion_6m'").size


def test_an_upgraded_file_keeps_its_clocks(tmp_path: Path) -> None:
    path = tmp_path / "assurance.duckdb"
    shutil.copyfile(RELEASE_12 / "assurance.duckdb", path)
    con = connect(path)
    try:
        init_schema(con)
        assert len(_as_rebuilt(con)) > 300
    finally:
        con.close()
