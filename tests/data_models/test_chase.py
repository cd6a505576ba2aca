"""Who must act next: each owner's chase list and the escalation list, on a store whose
answers are known (tests/fixtures/chase.py), and the letters made from them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from docx import Document

from access import EVERY_BOARD
from assurance.cli import main
from data_models import queries as q
from data_models.filters import Filters
from data_models.records import Upload, store_extract
from data_models.scope import Reader, RecordsRefused, Scope
from publishing import chase
from tests.conftest import everyone
from tests.fixtures.chase import AS_OF, BOARD, OTHER, build, tracker


@pytest.fixture
def store(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    build(con)
    return con


def test_each_owner_is_chased_for_what_is_overdue_off_track_or_not_updated(
        store: duckdb.DuckDBPyConnection) -> None:
    rows = q.chase_list(everyone(store), Filters(as_of=AS_OF, board=BOARD))
    assert rows[["owner", "recommendation_id", "why"]].values.tolist() == [
        ["Health", "M3", "rated off track"],
        ["Health", "M4", "no update for 181 days"],
        ["Police", "M1", "overdue by 120 days"],
        ["Police", "M2", "rated off track"]]
    assert rows.set_index("recommendation_id").loc["M1", "review_id"] == "M1-REVIEW"


def test_escalated_when_long_overdue_or_off_track_in_two_successive_uploads(
        store: duckdb.DuckDBPyConnection) -> None:
    rows = q.escalation_list(everyone(store), Filters(as_of=AS_OF, board=BOARD))
    assert rows[["recommendation_id", "why"]].values.tolist() == [
        ["M1", "overdue by 120 days"], ["M2", "rated off track in two successive uploads"]]
    assert q.escalation_list(everyone(store), Filters(as_of=AS_OF, board=BOARD),
                             overdue_days=200)["recommendation_id"].tolist() == ["M2"]


def test_the_same_tracker_stored_again_is_not_a_second_upload(
        con: duckdb.DuckDBPyConnection) -> None:
    frame = tracker(2)
    for _ in range(2):
        store_extract(con, Upload("recommendations", "tracker.csv", "same-sha", len(frame),
                                  AS_OF, "fixture", (BOARD,)), frame)
    assert q.escalation_list(everyone(con), Filters(as_of=AS_OF, board=BOARD))[
        "recommendation_id"].tolist() == ["M1"]


def test_a_letter_holds_the_owners_rows_as_the_page_lists_them(
        store: duckdb.DuckDBPyConnection) -> None:
    f = Filters(as_of=AS_OF, board=BOARD)
    rows = chase.chase_rows(everyone(store), f, "Police")
    document = Document(io.BytesIO(chase.letter_docx(rows, "Police", f, EVERY_BOARD, 90)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2 recommendations owned by Police" in text
    assert "Please send an update on each by 16/04/2026" in text   # 10 working days, Easter between
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["Board", "Review", "Recommendation"]
    assert [r.cells[2].text for r in table.rows[1:]] == ["M1", "M2"]
    assert [r.cells[5].text for r in table.rows[1:]] == ["120", ""]
    csv = pd.read_csv(io.BytesIO(chase.letter_csv(rows)), encoding="utf-8-sig")
    assert csv["Recommendation"].tolist() == ["M1", "M2"]
    assert csv["Why listed"].tolist() == ["overdue by 120 days", "rated off track"]
    viewer = Reader(store, Scope((BOARD,), False, "viewer"))
    with pytest.raises(RecordsRefused):
        chase.chase_rows(viewer, f, "Police")


def test_made_for_every_board_a_letter_per_board_each_on_its_own_page(
        store: duckdb.DuckDBPyConnection) -> None:
    """With no board chosen (the Exports page's letter for all of a person's boards), one
    letter per board, each from its own board's business unit, never from "all boards"."""
    f = Filters(as_of=AS_OF)
    rows = chase.chase_rows(everyone(store), f, "Police")
    assert sorted(rows["board"].unique()) == [BOARD, OTHER]
    document = Document(io.BytesIO(chase.letter_docx(rows, "Police", f, EVERY_BOARD, 90)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "all boards" not in text
    assert [p.text for p in document.paragraphs if p.text.startswith("From:")] == [
        f"From: the business unit of {BOARD}", f"From: the business unit of {OTHER}"]
    assert "2 recommendations owned by Police" in text and "1 recommendation owned by " \
        "Police that is past its due date" in text
    assert [[r.cells[2].text for r in t.rows[1:]] for t in document.tables] == [
        ["M1", "M2"], ["O1"]]
    assert len(document.element.body.xpath('.//w:br[@w:type="page"]')) == 1
    assert chase.letter_name(f, EVERY_BOARD, "Police") == "chase-Police_2026-03-31"
    assert chase.letter_name(f.but(board=OTHER), EVERY_BOARD, "Police") == \
        "Other-SAB_chase-Police_2026-03-31"


def test_the_command_writes_a_letter_per_owner_and_the_escalation_list(
        store: duckdb.DuckDBPyConnection, db_path: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    store.close()
    out = tmp_path / "letters"
    assert main(["--db", str(db_path), "export", "chase", "--as-of", AS_OF.isoformat(),
                 "--format", "csv", "--out", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    # a letter is one board's, to one owner: never one from all boards
    assert written == ["Chase-Test-SCP_chase-Health_2026-03-31.csv",
                       "Chase-Test-SCP_chase-Police_2026-03-31.csv",
                       "Other-SAB_chase-Police_2026-03-31.csv"]
    police = pd.read_csv(out / written[1], encoding="utf-8-sig")
    assert police["Recommendation"].tolist() == ["M1", "M2"]      # oldest due first
    assert pd.read_csv(out / written[2], encoding="utf-8-sig")[
        "Recommendation"].tolist() == ["O1"]
    assert main(["--db", str(db_path), "export", "chase", "--as-of", AS_OF.isoformat(),
                 "--out", str(tmp_path / "word")]) == 0
    for path in sorted((tmp_path / "word").iterdir()):
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        board = "Other SAB" if path.name.startswith("Other") else BOARD
        assert f"From: the business unit of {board}\n" in text, path.name
    assert "Wrote 3 files to" in capsys.readouterr().out
    assert main(["--db", str(db_path), "export", "chase", "--escalation", "--board", BOARD,
                 "--as-of", AS_OF.isoformat(), "--format", "csv",
                 "--out", str(tmp_path / "up.csv")]) == 0
    escalated = pd.read_csv(tmp_path / "up.csv", encoding="utf-8-sig")
    assert escalated["Recommendation"].tolist() == ["M1", "M2"]
    assert main(["--db", str(db_path), "export", "chase", "--owner", "Nobody",
                 "--as-of", AS_OF.isoformat()]) == 2
    assert "The owners with something to chase: Health; Police." in capsys.readouterr().err
    assert main(["--db", str(db_path), "export", "chase", "--board", OTHER, "--owner", "Police",
                 "--as-of", AS_OF.isoformat(), "--format", "csv",
                 "--out", str(tmp_path / "other.csv")]) == 0
    assert pd.read_csv(tmp_path / "other.csv", encoding="utf-8-sig")[
        "Recommendation"].tolist() == ["O1"]


def test_an_upload_with_no_rating_breaks_the_run_and_a_later_one_is_not_yet_known(
        store: duckdb.DuckDBPyConnection) -> None:
    later = AS_OF.replace(day=30, month=4)
    unrated = tracker(2).assign(rating=None)
    store_extract(store, Upload("recommendations", "tracker-3.csv", "sha-3", len(unrated),
                                later, "fixture", (BOARD,)), unrated)
    rated = tracker(2)
    store_extract(store, Upload("recommendations", "tracker-4.csv", "sha-4", len(rated),
                                later, "fixture", (BOARD,)), rated)
    # as of the end of April: off track, none, off track - not two in a row
    assert q.escalation_list(everyone(store), Filters(as_of=later, board=BOARD))[
        "recommendation_id"].tolist() == ["M1"]
    # as of the end of March the April uploads were not yet made: off track twice then
    assert q.escalation_list(everyone(store), Filters(as_of=AS_OF, board=BOARD))[
        "recommendation_id"].tolist() == ["M1", "M2"]


def test_on_a_past_date_the_ratings_are_those_the_uploads_had_given_by_then(
        store: duckdb.DuckDBPyConnection) -> None:
    """M2 was rated off track by both uploads of 31/03/2026; an upload of 15/05/2026 rates it on
    track, updated 10/05/2026. As of 31/03/2026 the rating is the one the uploads had given by
    then (off track twice: chased and escalated), not the later one, which was not yet known;
    as of 20/05/2026 it is on track and listed for neither."""
    later = tracker(2)
    later.loc[later["recommendation_id"] == "M2", ["rating", "last_updated"]] = [
        "on_track", pd.Timestamp("2026-05-10")]
    store_extract(store, Upload("recommendations", "tracker-3.csv", "sha-3", len(later),
                                dt.date(2026, 5, 15), "fixture", (BOARD,)), later)
    then = Filters(as_of=AS_OF, board=BOARD)
    chased = q.chase_list(everyone(store), then).set_index("recommendation_id")
    assert chased.at["M2", "rating"] == "off_track"
    assert chased.at["M2", "why"].startswith("rated off track")
    escalated = q.escalation_list(everyone(store), then).set_index("recommendation_id")
    assert escalated.at["M2", "why"] == "rated off track in two successive uploads"
    assert q.recommendation_records(everyone(store), then).set_index("recommendation_id").at[
        "M2", "rating"] == "off_track"
    now = Filters(as_of=dt.date(2026, 5, 20), board=BOARD)
    assert "M2" not in set(q.chase_list(everyone(store), now)["recommendation_id"])
    assert "M2" not in set(q.escalation_list(everyone(store), now)["recommendation_id"])


def test_a_rating_on_a_past_date_is_known_only_from_an_upload_made_by_then(
        store: duckdb.DuckDBPyConnection) -> None:
    """Updated after the as-of date, M6 keeps the rating the uploads of 31/03/2026 gave it (on
    track), where it had none before; M7, first uploaded on 15/05/2026, has none then."""
    later = tracker(2)
    later.loc[later["recommendation_id"] == "M6", "last_updated"] = pd.Timestamp("2026-05-10")
    later = pd.concat([later, pd.DataFrame([{**later.iloc[0].to_dict(),
                                             "recommendation_id": "M7", "rating": "off_track",
                                             "last_updated": pd.Timestamp("2026-05-10")}])])
    store_extract(store, Upload("recommendations", "tracker-3.csv", "sha-3", len(later),
                                dt.date(2026, 5, 15), "fixture", (BOARD,)), later)
    records = q.recommendation_records(everyone(store), Filters(as_of=AS_OF, board=BOARD)).set_index(
        "recommendation_id")
    assert records.at["M6", "rating"] == "on_track"          # as uploads 1 and 2 gave it
    assert pd.isna(records.at["M7", "rating"])               # first rated on 15/05/2026
