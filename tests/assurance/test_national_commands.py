"""`assurance national` as a person runs it: a board's footprint set, listed, refused and
cleared; the national files loaded listed; and `assurance figure national_context` giving one
record per measure, year and area, the same as the figure itself. Reading files is
`loaders.national_files`' (its own tests); here the files are stored as read, and one test runs
`assurance national load` on a file written with the published header, as a person runs it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from access import EVERY_BOARD
from assurance.cli import main
from data_models.filters import Filters
from data_models.national_figures import national_context
from data_models.scope import Reader
from data_models.store.file import connect
from ingest import national
from tests.data_models.test_national_figures import BOARD, YEAR, sin_subnational
from tests.ingest.test_national_store import a_board, national_file

ROOT = Path(__file__).resolve().parents[2]
ASSURANCE = str(Path(sys.executable).with_name("assurance"))
AS_OF = "2026-11-21"


@pytest.fixture
def db(tmp_path: Path, schema_template: Path) -> Path:
    """A database holding a children's board and nothing national yet."""
    path = tmp_path / "national.duckdb"
    shutil.copyfile(schema_template, path)
    con = connect(path)
    try:
        a_board(con, reviews=[("2024-06-01", "neglect"), ("2024-09-01", "domestic abuse")])
    finally:
        con.close()
    return path


@pytest.fixture
def loaded(db: Path) -> Path:
    """The same, with the notifications file stored (as read): Eastmere 7, Westvale 5."""
    con = connect(db)
    try:
        national.store_release(con, national_file("sin_subnational", "2025",
                                                  sin_subnational(5)), "test")
    finally:
        con.close()
    return db


def said(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_footprint_before_any_national_file_is_refused(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = said(capsys, db, "national", "footprint", BOARD, "E06000901")
    assert (code, out) == (2, "")
    assert err == ("assurance: Load a national file first: a footprint's codes are checked "
                   "against the local authorities of the files loaded (assurance national load "
                   "FILE, or the Upload page).\n")
    code, out, _ = said(capsys, db, "national", "list")
    assert (code, out) == (0, "No national file is loaded yet: load one with assurance national "
                              "load FILE.\n")


def test_a_footprint_set_listed_and_cleared(loaded: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = said(capsys, loaded, "national", "footprint", BOARD, "901", "E06000902")
    assert (code, err) == (0, "")
    assert out == ("Ashbourne SCP's footprint is 2 local authorities: Eastmere (E06000901) and "
                   "Westvale (E06000902).\nIts figures beside England's: assurance figure "
                   "national_context --board 'Ashbourne SCP'\n")
    code, out, _ = said(capsys, loaded, "national", "footprint", "--list", "--format", "json")
    assert code == 0
    listed = json.loads(out)["records"]
    assert [(r["board"], r["la_code"], r["old_la_code"], r["la_name"]) for r in listed] == [
        (BOARD, "E06000901", "901", "Eastmere"), (BOARD, "E06000902", "902", "Westvale")]
    assert all(r["set_by"].endswith("(command line)") for r in listed)
    code, out, _ = said(capsys, loaded, "national", "footprint", BOARD, "--clear")
    assert (code, out) == (0, "Cleared Ashbourne SCP's footprint (2 local authorities).\n")
    code, out, _ = said(capsys, loaded, "national", "footprint", "--list")
    assert out.startswith("No board has a footprint yet")


@pytest.mark.parametrize(("args", "refused"), [
    ([BOARD, "E10000006"], "E10000006 is Cumbria, which no longer exists: from April 2023 it is "
                           "Cumberland (E06000063) and Westmorland and Furness (E06000064). Give "
                           "the code of each the board covers."),
    ([BOARD], "Name the local authorities Ashbourne SCP covers: assurance national footprint "
              "'Ashbourne SCP' CODE [CODE...], each by its ONS code (E06000063) or DfE's "
              "three-digit code (942)."),
    ([], "Name the board: assurance national footprint BOARD CODE [CODE...], --clear it with "
         "assurance national footprint BOARD --clear, or --list them all."),
    ([BOARD, "901", "--clear"], "--clear takes the board alone: give no codes with it."),
    (["--list", BOARD], "--list lists every board's footprint: give it alone."),
    (["Nowhere SCP", "901"], "'Nowhere SCP': the data holds no board of that name. Load its "
                             "records first, or check the name."),
    ([BOARD, "--clear"], "Ashbourne SCP has no footprint to clear."),
])
def test_a_footprint_in_doubt_is_refused_in_one_line(
        loaded: Path, capsys: pytest.CaptureFixture[str], args: list[str], refused: str) -> None:
    code, out, err = said(capsys, loaded, "national", "footprint", *args)
    assert (code, out, err) == (2, "", f"assurance: {refused}\n")


def test_the_figure_gives_one_record_per_measure_year_and_area_as_the_figure_does(
        loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert said(capsys, loaded, "national", "footprint", BOARD, "901", "902")[0] == 0
    code, out, err = said(capsys, loaded, "figure", "national_context", "--board", BOARD,
                          "--period", YEAR, "--as-of", AS_OF, "--format", "json")
    assert (code, err) == (0, "")
    printed = json.loads(out)
    records = printed["records"]
    assert {"measure", "year", "area", "count", "denominator", "rate", "state",
            "source"} <= set(records[0])
    board = [r for r in records if r["measure"] == "notifications_per_10000_children"
             and r["area_kind"] == "board"]
    assert [(r["area"], r["year"], r["count"], r["denominator"], r["rate"], r["state"],
             r["source"]) for r in board] == [
        (BOARD, YEAR, 12.0, 80_000.0, 1.5, "shown",
         "Test publisher, sin_subnational, 2025 release")]
    assert {r["area"] for r in records} >= {BOARD, "England", "North East"}
    notes = " ".join(printed["notes"])
    assert "not a measure of performance" in notes and "5 and 15 working-day" in notes
    con = duckdb.connect(str(loaded), read_only=True)
    try:
        same = national_context(Reader(con, EVERY_BOARD), Filters(
            as_of=dt.date.fromisoformat(AS_OF), board=BOARD, period=YEAR))
    finally:
        con.close()
    assert json.loads(same.to_json(orient="records")) == records


def test_the_files_loaded_are_listed(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = said(capsys, loaded, "national", "list", "--format", "json")
    assert code == 0
    [release] = json.loads(out)["records"]
    assert (release["kind"], release["release"], release["first_year"], release["last_year"],
            release["loaded_by"]) == ("sin_subnational", "2025", YEAR, YEAR, "test")


def test_a_file_that_is_not_there_stops_the_load_and_nothing_is_stored(
        loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    there = tmp_path / "there.csv"
    there.write_text("time_period\n2024\n", encoding="utf-8")
    code, out, err = said(capsys, loaded, "national", "load", str(there),
                          str(tmp_path / "missing.csv"))
    assert (code, out) == (2, "")
    assert err == (f"assurance: There is no file at {tmp_path / 'missing.csv'}. Check the path "
                   "and try again; nothing was stored.\n")


# -- a published file loaded, as a person runs it -------------------------------------------------

READER = ROOT / "loaders" / "national_files.py"
HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
          "region_name,old_la_code,new_la_code,la_name,number_notifications,cin_31march,"
          "idaci_avgscore_2019,ons_midyear_population\n")


@pytest.fixture
def files(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A notifications file in the 2025 release's layout (England, a region, two authorities,
    one suppressed), and a file no publisher writes."""
    published = tmp_path / "sin_subnational_2025.csv"
    published.write_text(
        HEADER
        + "2024,Reporting year,National,E92000001,England,,,,,,338,400000,0.2,12000000\n"
        + "2024,Reporting year,Regional,E92000001,England,E12000001,North East,,,,60,20000,"
          "0.25,500000\n"
        + "2024,Reporting year,Local authority,E92000001,England,E12000001,North East,901,"
          "E06000901,Eastmere,7,400,0.3,50000\n"
        + "2024,Reporting year,Local authority,E92000001,England,E12000001,North East,902,"
          "E06000902,Westvale,c,250,0.2,30000\n", encoding="utf-8")
    other = tmp_path / "minutes.csv"
    other.write_text("date,item,owner\n2024-06-01,Agenda,Chair\n", encoding="utf-8")
    yield published, other


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ASSURANCE, "--db", str(db), *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "ASSURANCE_DEBUG": ""})


@pytest.mark.skipif(not READER.exists(), reason="reading published files "
                                                "(loaders/national_files.py) is not here yet")
def test_national_load_reads_every_file_first_and_stores_them_or_none(
        db: Path, files: tuple[Path, Path]) -> None:
    published, other = files
    refused = _run(db, "national", "load", str(published), str(other), "--release", "2025")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert refused.stderr.startswith("assurance: minutes.csv") and \
        refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM national_releases").fetchall() == [(0,)]
    finally:
        con.close()
    done = _run(db, "national", "load", str(published), "--release", "2025")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Stored ")
    con = duckdb.connect(str(db), read_only=True)
    try:
        westvale = con.execute("SELECT year, value, state FROM national_figures WHERE measure = "
                               "'notifications' AND area_name = 'Westvale'").fetchall()
    finally:
        con.close()
    assert westvale == [("2023-24", None, "suppressed")]
    assert _run(db, "national", "footprint", BOARD, "901", "902").returncode == 0
