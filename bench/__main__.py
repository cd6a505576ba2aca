"""`make bench`: ingest, pages, start-up and measures at national scale.

Every figure is the median of several runs on this machine in this run; comparisons are
ratios, because absolute times drift on shared machines. Prints one JSON document, then a
readable table, then the issue's targets, each a ratio within this run, met or not, also
written as Markdown to bench/out/targets.md for the performance page. Data goes to bench/out/
(not committed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import duckdb

ROOT = Path(__file__).resolve().parent.parent
# BENCH_SHORT=1 (`make bench-short`, run by .ci/run): the same steps on the eight demo boards,
# a few thousand rows and one run, so that the bench cannot break unseen; its figures are no
# measure of speed.
SHORT = os.environ.get("BENCH_SHORT") == "1"
OUT = ROOT / "bench" / "out" / ("short" if SHORT else "")
PYTHON = sys.executable
ASSURANCE = str(Path(sys.executable).with_name("assurance"))
AS_OF = "2026-11-21"
RUNS = 1 if SHORT else int(os.environ.get("BENCH_RUNS", "3"))
SCALE = "boards" if SHORT else "national"
MANY_ROWS = 5_000 if SHORT else 1_000_000
SMALL_ROWS = 1_000 if SHORT else 5_000


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def national_db() -> Path:
    """The national-scale database (the demo boards' when short), made once and kept in
    bench/out/, with its data set as CSV extracts."""
    db = OUT / f"{SCALE}.duckdb"
    if not db.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([ASSURANCE, "--db", str(db), "demo", "--scale", SCALE,
                        "--csv", str(OUT / "national_csv")], check=True)
    # a database kept from an earlier run gets this version's schema (the pages open it
    # read-only and would refuse an old one)
    subprocess.run([ASSURANCE, "--db", str(db), "init"], check=True, stdout=subprocess.DEVNULL)
    return db


def training_extract(rows: int) -> Path:
    """The first `rows` training bookings of the data set, as a CSV extract (made once)."""
    path = OUT / f"training_{rows}.csv"
    if not path.exists():
        import pandas as pd

        national_db()                       # the data set's CSV extracts come with it
        source = OUT / "national_csv" / "training.csv"
        pd.read_csv(source, dtype=str, nrows=rows, keep_default_na=False).to_csv(
            path, index=False)
    return path


def million_row_extract() -> Path:
    return training_extract(MANY_ROWS)


def _one(mode: str, csv: Path) -> dict[str, float]:
    db = OUT / f"ingest_{mode}.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    if mode in ("assurance_load", "assurance_warm"):
        subprocess.run([ASSURANCE, "--db", str(db), "init"], check=True, capture_output=True)
    done = subprocess.run([PYTHON, "-m", "bench.one", mode, str(csv), str(db)], cwd=ROOT,
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest() -> dict[str, Any]:
    csv = million_row_extract()
    rows = sum(1 for _ in csv.open(encoding="utf-8")) - 1
    result: dict[str, Any] = {"rows": rows}
    for mode in ("duckdb_alone", "assurance_load", "assurance_warm", "plain"):
        runs = [_one(mode, csv) for _ in range(RUNS if mode != "plain" else max(1, RUNS - 1))]
        seconds = _median([r["seconds"] for r in runs])
        work = _median([r["work_s"] for r in runs])
        result[mode] = {"seconds": seconds, "imports_s": _median([r["imports_s"] for r in runs]),
                        "work_s": work, "rows_per_second": round(rows / seconds),
                        "rows_per_second_of_work": round(rows / work),
                        "peak_mb": max(r["peak_mb"] for r in runs)}
    ours, ours_work = result["assurance_load"]["seconds"], result["assurance_load"]["work_s"]
    result["ratio_to_duckdb"] = round(ours / result["duckdb_alone"]["seconds"], 2)
    result["speedup_over_plain"] = round(result["plain"]["seconds"] / ours, 2)
    result["work_ratio_to_duckdb"] = round(ours_work / result["duckdb_alone"]["work_s"], 2)
    result["work_speedup_over_plain"] = round(result["plain"]["work_s"] / ours_work, 2)
    warm = result["assurance_warm"]["work_s"]       # the clock starts after the warm-up
    result["warm_ratio_to_duckdb"] = round(warm / result["duckdb_alone"]["seconds"], 2)
    result["warm_speedup_over_plain"] = round(result["plain"]["work_s"] / warm, 2)
    # the cold command's own target: twice DuckDB's read plus importing Great Expectations
    result["great_expectations_import_s"] = _ge_import()
    result["cold_target_s"] = round(2 * result["duckdb_alone"]["seconds"]
                                    + result["great_expectations_import_s"], 2)
    result["small_load"] = _small_load(result["great_expectations_import_s"])
    return result


def _ge_import() -> float:
    probe = ("import time; t = time.perf_counter(); import great_expectations; "
             "print(time.perf_counter() - t)")
    return _median([float(subprocess.run([PYTHON, "-c", probe], cwd=ROOT, check=True,
                                         capture_output=True, text=True).stdout)
                    for _ in range(RUNS)])


def _small_load(ge_import_s: float) -> dict[str, Any]:
    """`assurance load` of a 10-row extract, the whole command: target the import of Great
    Expectations plus 1 s."""
    csv = OUT / "training_10.csv"
    with training_extract(SMALL_ROWS).open(encoding="utf-8") as source:
        csv.write_text("".join(line for _, line in zip(range(11), source, strict=False)),
                       encoding="utf-8")
    runs = []
    for _ in range(RUNS):
        db = OUT / "ingest_small.duckdb"
        for suffix in ("", ".wal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        subprocess.run([ASSURANCE, "--db", str(db), "init"], check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([ASSURANCE, "--db", str(db), "load", "training", str(csv), "--as-of", AS_OF],
                       check=True, capture_output=True)
        runs.append(time.perf_counter() - started)
    return {"rows": 10, "seconds": _median(runs), "target_s": round(ge_import_s + 1, 2)}


def _page_queries() -> tuple[list[tuple[Callable[..., Any], dict[str, Any]]],
                             dict[str, list[tuple[Callable[..., Any], dict[str, Any]]]]]:
    """The queries every page runs (the sidebar's choices), and each page's own: the functions
    themselves, so the bench times the SQL the pages call."""
    from data_models import queries as q

    every_page: list[tuple[Callable[..., Any], dict[str, Any]]] = [
        (q.has_any_data, {}), (q.filter_choices, {})]
    by_page: dict[str, list[tuple[Callable[..., Any], dict[str, Any]]]] = {
        "overview": [(q.timescale_tiles, {}), (q.headline_indicators, {}),
                     (q.clocks_needing_attention, {}), (q.recommendations_past_due, {}),
                     (q.data_freshness, {})],
        "timescales": [(q.timescale_compliance, {}), (q.timescale_records, {}),
                       (q.timescale_compliance, {"by": "period"}),
                       (q.timescale_compliance, {"by": "quarter"}),
                       (q.timescale_compliance, {"by": "board"})],
        "themes": [(q.theme_shares, {}), (q.theme_trend, {}), (q.learning_loop, {})],
        "impact": [(q.theme_impact, {}), (q.theme_actions, {})],
        "recommendations": [(q.recommendation_records, {}), (q.recommendation_status, {}),
                            (q.chase_list, {}), (q.escalation_list, {})],
        "audits": [(q.audit_records, {}), (q.audit_grades, {"by": "all"}),
                   (q.audit_grades, {"by": "agency"}), (q.audit_grades, {"by": "period"}),
                   (q.themes_of_weak_audits, {})],
        "training": [(q.training_uptake, {}), (q.theme_training, {})],
    }
    return every_page, by_page


def pages(db: Path) -> dict[str, Any]:
    """Each page's cold render (the first view of the data: every cache empty, in a process
    that has imported the dashboard, as a served app has at start-up), warm rerun and its own
    SQL, with default and narrow filters."""
    import datetime as dt

    os.environ["ASSURANCE_DB"] = str(db)
    import streamlit as st
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from access import EVERY_BOARD
    from data_models.filters import Filters
    from data_models.scope import Reader
    from data_models.store.file import connect

    # as `assurance serve` runs it: on a loopback address, where local mode may serve
    config.set_option("server.address", "localhost")
    app_path = str(ROOT / "dashboard" / "app.py")
    filters = {"default": {"as_of": AS_OF},
               "narrow": {"as_of": AS_OF, "board": "Area 007 SCP", "period": "2024-25"}}
    result: dict[str, Any] = {}
    AppTest.from_file(app_path, default_timeout=600).run()   # imports, as at start-up
    every_page, by_page = _page_queries()
    for page, queries in by_page.items():
        result[page] = {}
        for name, params in filters.items():
            st.cache_data.clear()
            st.cache_resource.clear()        # the page models too: a first view builds them
            app = AppTest.from_file(app_path, default_timeout=600)
            for key, value in params.items():
                app.query_params[key] = value
            if page != "overview":
                app.switch_page(f"screens/{page}/{page}.py")
            started = time.perf_counter()
            app.run()
            cold = time.perf_counter() - started
            if app.exception or app.error:
                raise SystemExit(f"{page} failed: {[e.value for e in (*app.exception, *app.error)]}")
            warm = []
            for _ in range(5):
                started = time.perf_counter()
                app.run()
                warm.append(time.perf_counter() - started)
            f = Filters(as_of=dt.date.fromisoformat(AS_OF), board=params.get("board"),
                                period=params.get("period"))
            sql = []
            for _ in range(3):
                con = connect(db, read_only=True)
                reader = Reader(con, EVERY_BOARD)        # local mode: every board
                started = time.perf_counter()
                for query, arguments in [*every_page, *queries]:
                    query(reader, f, **arguments)
                sql.append(time.perf_counter() - started)
                con.close()
            result[page][name] = {"cold_s": round(cold, 3), "warm_s": _median(warm),
                                  "sql_s": _median(sql),
                                  "warm_to_sql": round(_median(warm) / _median(sql), 2)}
    _weights(db, filters, result)
    return result


def _weights(db: Path, filters: dict[str, dict[str, str]], result: dict[str, Any]) -> None:
    """Each page's warm view as the served app sends it: the messages and kilobytes a view
    costs the instance beside its seconds, with the same filters as the rendered pages."""
    from urllib.parse import urlencode

    from bench.capacity import page_weight, served

    with served(ASSURANCE, {}, ["--db", str(db)]) as base:
        for page in result:
            for name, params in filters.items():
                result[page][name].update(page_weight(
                    base, "" if page == "overview" else page, urlencode(params)))


def startup(db: Path) -> dict[str, Any]:
    probe = ("import time, sys; t = time.perf_counter(); import streamlit; "
             "s = time.perf_counter(); "
             "import dashboard.data, dashboard.charts, dashboard.components, dashboard.filters, "
             "dashboard.session, dashboard.screens.overview.model, data_models.queries; "
             "print(time.perf_counter() - t, s - t, 'great_expectations' in sys.modules)")
    imports, streamlit_alone, loaded_ge = [], [], []
    for _ in range(RUNS):
        done = subprocess.run([PYTHON, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                              check=True)
        seconds, streamlit_s, ge = done.stdout.split()
        imports.append(float(seconds))
        streamlit_alone.append(float(streamlit_s))
        loaded_ge.append(ge == "True")
    first_page = []
    for _ in range(RUNS):
        port = 8610
        started = time.perf_counter()
        server = subprocess.Popen([ASSURANCE, "--db", str(db), "serve", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://localhost:{port}/", timeout=2):
                        break
                except OSError:
                    time.sleep(0.1)
            first_page.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=20)
    return {"dashboard_import_s": _median(imports),
            "of_which_streamlit_s": _median(streamlit_alone),
            "board_member_imports_great_expectations": any(loaded_ge),
            "first_served_page_s": _median(first_page)}


def upload_check(db: Path) -> dict[str, Any]:
    """The Upload page's case: a warm process (Great Expectations already imported, as the
    server has it) checks a 5,000-row training extract against the national database.
    Target under 1 s."""
    import datetime as dt
    import shutil

    from access import EVERY_BOARD
    from data_models.store.file import connect
    from ingest import check_extract, start_importing_checks

    start_importing_checks().join()
    csv = training_extract(SMALL_ROWS)
    data = csv.read_bytes()
    copy = OUT / "upload_check.duckdb"
    shutil.copyfile(db, copy)
    con = connect(copy)
    try:
        check_extract(con, "training", data, csv.name, dt.date.fromisoformat(AS_OF),  # warm-up
                      scope=EVERY_BOARD)
        runs = []
        for _ in range(max(RUNS, 5)):
            started = time.perf_counter()
            checked = check_extract(con, "training", data, csv.name,
                                    dt.date.fromisoformat(AS_OF), scope=EVERY_BOARD)
            runs.append(time.perf_counter() - started)
    finally:
        con.close()
        copy.unlink(missing_ok=True)
    return {"rows": SMALL_ROWS, "warm_check_s": _median(runs), "errors": len(checked.errors)}


def privacy() -> dict[str, Any]:
    """The personal-data guard: recall and precision per kind on the labelled corpus
    (tests/fixtures/make_privacy_corpus.py), and what the guard costs on a million rows."""
    from collections import Counter

    from ingest.guard import scan as guard
    from ingest.guard.personal_data import kind_of
    from ingest.read import read_extract
    from tests.fixtures.make_privacy_corpus import PERSONAL, corpus

    cells = corpus()
    total: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    said: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for text, kind in cells:
        guess = kind_of(text)
        total[kind] += 1
        if guess:
            said[guess] += 1
            caught[kind] += kind != "none"
            right[guess] += guess == kind
    per_kind = {k: {"cells": total[k], "recall": round(caught[k] / total[k], 3),
                    "precision": round(right[k] / said[k], 3) if said[k] else None}
                for k in PERSONAL}
    false_flags = sum(1 for text, kind in cells if kind == "none" and kind_of(text))
    raw = read_extract(million_row_extract().read_bytes(), kind="training")
    runs = []
    for _ in range(RUNS):
        raw._distinct.clear()
        started = time.perf_counter()
        guard.scan(raw, "training")
        runs.append(time.perf_counter() - started)
    return {"corpus_cells": len(cells), "safe_cells_flagged": false_flags, "per_kind": per_kind,
            "scan_1m_rows_s": _median(runs)}


class _TimedConnection:
    """A connection that adds up the time its queries take, fetching included: what the Word
    report spends in its own queries, from inside the same warm run (the reader runs every
    query through `sql(...).to_arrow_table()` or `execute(...).fetchall()`)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self.seconds = 0.0

    def _timed(self, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        try:
            return call()
        finally:
            self.seconds += time.perf_counter() - started

    def sql(self, query: str, **kwargs: Any) -> Any:
        relation = self._timed(lambda: self._con.sql(query, **kwargs))
        return _Timed(self, relation, "to_arrow_table")

    def execute(self, query: str, *args: Any) -> Any:
        self._timed(lambda: self._con.execute(query, *args))
        return _Timed(self, self._con, "fetchall")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class _Timed:
    """A relation or result whose fetching (`method`) is timed, and all else passed on."""

    def __init__(self, timer: _TimedConnection, inner: Any, method: str) -> None:
        self._timer, self._inner, self._method = timer, inner, method

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._inner, name)
        if name != self._method:
            return found
        return lambda *args, **kwargs: self._timer._timed(lambda: found(*args, **kwargs))


def reports(db: Path) -> dict[str, Any]:
    """The annual report for one board and year: the Word report made in a warm process (the
    Exports page's case), with the time its own queries took inside it (fetching included) and
    the time of its model alone (queries, tables, sentences and figures, without drawing the
    pictures or writing the document); the whole command cold; and the size of the HTML report
    (target < 1 MB) and the PDF."""
    import datetime as dt

    from access import EVERY_BOARD
    from data_models.filters import Filters
    from data_models.scope import Reader
    from data_models.store.file import connect
    from publishing.report import annual_report
    from publishing.report_docx import annual_report_docx

    con = connect(db, read_only=True)
    timed = _TimedConnection(con)
    reader = Reader(cast(duckdb.DuckDBPyConnection, timed), EVERY_BOARD)
    try:
        board = con.execute("SELECT board FROM reviews GROUP BY board ORDER BY count(*) DESC "
                            "LIMIT 1").fetchall()[0][0]
        f = Filters(as_of=dt.date.fromisoformat(AS_OF), board=board, period="2024-25")
        annual_report_docx(reader, f, 5)                     # warm-up: imports and the browser
        warm, queries, model = [], [], []
        for _ in range(RUNS):
            timed.seconds = 0.0
            started = time.perf_counter()
            annual_report_docx(reader, f, 5)
            warm.append(time.perf_counter() - started)
            queries.append(timed.seconds)
            started = time.perf_counter()
            annual_report(reader, f, 5)                      # the model alone: no pictures
            model.append(time.perf_counter() - started)
    finally:
        con.close()
    out: dict[str, Any] = {"board": board, "period": "2024-25",
                           "docx_warm_s": _median(warm), "docx_queries_s": _median(queries),
                           "report_model_s": _median(model)}
    for fmt in ("docx", "html", "pdf"):
        path = OUT / f"report.{fmt}"
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            subprocess.run([ASSURANCE, "--db", str(db), "export", "report", "--period",
                            "2024-25", "--board", board, "--format", fmt, "--out", str(path),
                            "--as-of", AS_OF], check=True, capture_output=True)
            runs.append(time.perf_counter() - started)
        out[f"{fmt}_command_s"] = _median(runs)
        out[f"{fmt}_kb"] = round(path.stat().st_size / 1024)
    return out


def measures(db: Path) -> dict[str, Any]:
    out = {}
    for name, args in (("timescales", ["timescales", "--as-of", AS_OF, "--format", "json"]),
                       ("themes", ["themes", "--format", "json"]),
                       ("impact", ["impact", "--as-of", AS_OF, "--format", "json"])):
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            subprocess.run([ASSURANCE, "--db", str(db), *args], check=True, capture_output=True)
            runs.append(time.perf_counter() - started)
        out[f"{name}_s"] = _median(runs)
    # a digest for every board (the widest one there is), worked out in a warm process
    import datetime as dt

    from access import EVERY_BOARD
    from data_models.scope import Reader
    from data_models.store.file import connect
    from publishing.digest import build_digest

    con = connect(db, read_only=True)
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        build_digest(Reader(con, EVERY_BOARD), "bench@example.org",
                     dt.date.fromisoformat(AS_OF))
        runs.append(time.perf_counter() - started)
    con.close()
    out["digest_s"] = _median(runs)
    return out


def frames(db: Path) -> dict[str, Any]:
    """Frame equality of every registered query with the figures kept at store time and with
    none, under five filter sets (`bench/frames.py`); the bench stops at a difference."""
    from access import boards_held
    from bench.frames import filter_sets, frame_equality
    from data_models.store.file import connect

    con = connect(db, read_only=True)
    board = boards_held(con)[0]
    con.close()
    sets = filter_sets(dt.date.fromisoformat(AS_OF), board, "2024-25", "2024-25 Q3",
                       dt.date(2023, 6, 30))
    return frame_equality(db, OUT, sets)


def capacity_figures(db: Path) -> dict[str, Any]:
    """What one instance holds, warm, in a service's terms: views per second at saturation
    against the same clients' on a one-line Streamlit page served the same way (the platform's
    limit), and readers held (each opening a page every 10 s, p95 under 1 s); on the embedded
    file and, where the hosted environment and PostgreSQL are here, on the shared store with
    the same data, with one instance and two."""
    from access import boards_held
    from bench.capacity import capacity, hosted_python, served, served_empty_page
    from data_models.store.file import connect

    # seconds at saturation; seconds a level of readers and the most seconds for all levels
    seconds, readers_s, readers_budget = (4.0, 10.0, 25.0) if SHORT else (20.0, 30.0, 300.0)
    con = connect(db, read_only=True)
    boards = boards_held(con)[:3 if SHORT else 10]       # each viewed once on every page first
    con.close()
    out: dict[str, Any] = {}
    with served_empty_page() as empty:
        with served(ASSURANCE, {}, ["--db", str(db)]) as base:
            out["file"] = capacity([base], boards, AS_OF, seconds, readers_s, readers_budget,
                                   empty)
        hosted = hosted_python(ROOT)
        if hosted is None:
            out["store"] = {"skipped": "no hosted environment (make hosted)"}
            return out
        out.update(_store_capacity(hosted, boards, seconds, readers_s, readers_budget, empty))
    return out


def _store_capacity(hosted: Path, boards: list[str], seconds: float, readers_s: float,
                    readers_budget: float, empty: str) -> dict[str, Any]:
    """The shared store's figures, one instance and two, with the same data as the file."""
    from bench.capacity import capacity, served
    from tests.hosted.postgres import BIN, postgres

    out: dict[str, Any] = {}
    if BIN is None:
        out["store"] = {"skipped": "no PostgreSQL (Debian's postgresql package)"}
        return out
    shutil.rmtree(OUT / "lake", ignore_errors=True)      # the files of an earlier run's store
    with postgres() as store:
        env = {"ASSURANCE_STORE": store, "ASSURANCE_DATA_PATH": str(OUT / "lake")}
        started = time.perf_counter()
        subprocess.run([str(hosted), "demo", "--scale", SCALE], check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, **env})
        loaded = round(time.perf_counter() - started, 1)
        with served(str(hosted), env, []) as base:
            out["store"] = {**capacity([base], boards, AS_OF, seconds, readers_s,
                                       readers_budget, empty), "demo_load_s": loaded}
        # what the shared store is for: more instances on one store (a process draws one page
        # at a time in Python, so a second instance uses the second core)
        with served(str(hosted), env, []) as first, served(str(hosted), env, []) as second:
            out["store_two_instances"] = capacity([first, second], boards, AS_OF, seconds,
                                                  readers_s, readers_budget)
    return out


def table(report: dict[str, Any]) -> str:
    i = report["ingest"]
    lines = [
        f"Ingest of {i['rows']:,} training bookings (median of runs):",
        *(f"  {mode:<15} {i[mode]['seconds']:>8.2f} s (imports {i[mode]['imports_s']:5.2f} s, "
          f"work {i[mode]['work_s']:5.2f} s)  {i[mode]['rows_per_second']:>10,} rows/s"
          f"  peak {i[mode]['peak_mb']:>7.0f} MB" for mode in ("duckdb_alone", "assurance_load",
                                                               "assurance_warm", "plain")),
        f"  warm (a process that has imported everything, as the served app): "
        f"{i['assurance_warm']['work_s']:.2f} s, {i['warm_ratio_to_duckdb']}x DuckDB alone "
        f"(target <= 2x), {i['warm_speedup_over_plain']}x faster than the plain approach's work "
        f"(target >= 2.5x)",
        f"  cold assurance load {i['assurance_load']['seconds']:.2f} s (target: 2x DuckDB alone "
        f"plus importing Great Expectations, {i['great_expectations_import_s']:.2f} s, in all "
        f"{i['cold_target_s']:.2f} s); peak {i['assurance_load']['peak_mb']:.0f} MB cold, "
        f"{i['assurance_warm']['peak_mb']:.0f} MB warm (target < 1,000 MB)",
        f"  cold assurance load of {i['small_load']['rows']} rows: "
        f"{i['small_load']['seconds']:.2f} s (target: the import plus 1 s, "
        f"{i['small_load']['target_s']:.2f} s)",
        f"Pages at {'the demo boards' if SHORT else 'national scale'} (seconds; a first view "
        "(cold) against the warm view: see the targets below):",
        "  (cold, warm: the page run in the app; served: its warm view as the served app sends "
        "it, with its messages and KB)",
        f"  {'page':<16}{'filters':<9}{'cold':>8}{'warm':>8}{'sql':>8}{'warm/sql':>10}"
        f"{'served':>8}{'msgs':>6}{'KB':>7}",
    ]
    for page, runs in report["pages"].items():
        for name, r in runs.items():
            lines.append(f"  {page:<16}{name:<9}{r['cold_s']:>8.2f}{r['warm_s']:>8.3f}"
                         f"{r['sql_s']:>8.3f}{r['warm_to_sql']:>10.2f}"
                         f"{r['served_warm_s']:>8.3f}{r['messages']:>6}{r['kb']:>7.1f}")
    s = report["startup"]
    lines += [f"Start-up: dashboard imports {s['dashboard_import_s']:.2f} s (target < 1.5; "
              f"Streamlit itself {s['of_which_streamlit_s']:.2f} s), "
              f"Great Expectations imported: {s['board_member_imports_great_expectations']}, "
              f"first served page {s['first_served_page_s']:.2f} s (target < 2 s)",
              f"Measures: assurance timescales {report['measures']['timescales_s']:.2f} s, "
              f"assurance themes {report['measures']['themes_s']:.2f} s, "
              f"assurance impact {report['measures']['impact_s']:.2f} s; a digest for every "
              f"board worked out in {report['measures']['digest_s']:.2f} s",
              f"Upload page: checking {report['upload_check']['rows']:,} rows in a warm process "
              f"{report['upload_check']['warm_check_s']:.2f} s (target < 1 s)",
              f"Personal-data guard on {report['privacy']['corpus_cells']} labelled cells "
              f"({report['privacy']['safe_cells_flagged']} safe cells flagged); scanning "
              f"{report['ingest']['rows']:,} rows {report['privacy']['scan_1m_rows_s']:.2f} s:",
              *(f"  {kind:<14} recall {r['recall']:.3f}  precision "
                f"{r['precision'] if r['precision'] is not None else '-'}"
                for kind, r in report["privacy"]["per_kind"].items())]
    r = report["reports"]
    lines += [f"Annual report, {r['board']} {r['period']}: Word in a warm process "
              f"{r['docx_warm_s']:.2f} s, of which its own queries {r['docx_queries_s']:.2f} s "
              f"(the model with its queries {r['report_model_s']:.2f} s); the whole command: "
              f"Word {r['docx_command_s']:.2f} s, HTML {r['html_command_s']:.2f} s, "
              f"PDF {r['pdf_command_s']:.2f} s; sizes: Word {r['docx_kb']:,} KB, HTML "
              f"{r['html_kb']:,} KB (target < 1,024 KB), PDF {r['pdf_kb']:,} KB"]
    e = report["frames"]
    lines.append(f"Frame equality: {e['cases']} cases (every registered query and example under "
                 f"{len(e['filter_sets'])} filter sets) the same with the figures kept at store "
                 f"time and with none; their SQL on one thread {e['kept_s']:.2f} s kept, "
                 f"{e['live_s']:.2f} s live ({e['live_to_kept']}x)")
    c = report["capacity"]
    lines.append("Capacity, warm (views_per_second: clients without pause; against it a one-line "
                 "Streamlit page served the same way, just before and just after):")
    for where in ("file", "store", "store_two_instances"):
        if where not in c:
            continue
        named = {"file": "the embedded file, one instance", "store": "the shared store, one "
                 "instance", "store_two_instances": "the shared store, two instances"}[where]
        if "skipped" in c[where]:
            lines.append(f"  {named}: not measured ({c[where]['skipped']})")
            continue
        w, first, sat = c[where], c[where]["first_views"], c[where]["saturated"]
        steps = ", ".join(f"{r['clients']} p95 {r['p95_s']:.2f} s"
                          f"{' (' + str(r['errors']) + ' failed)' if r['errors'] else ''}"
                          for r in w["levels"])
        if "empty_page" in w:
            b, a = w["empty_page"]["before"], w["empty_page"]["after"]
            lines.append(f"  {named}: the one-line page {b['views_per_second']:.2f} and "
                         f"{a['views_per_second']:.2f} views a second (p50 {b['p50_s']:.3f} and "
                         f"{a['p50_s']:.3f} s, {b['messages_per_view']} messages and "
                         f"{b['kb_per_view']} KB a view)")
        lines.append(f"  {named}: first views ({first['views']}) p50 {first['p50_s']:.2f} s, "
                     f"p95 {first['p95_s']:.2f} s; views_per_second {sat['views_per_second']:.2f}"
                     f" ({sat['clients']} clients, p50 {sat['p50_s']:.3f} s, p95 "
                     f"{sat['p95_s']:.3f} s, {sat['messages_per_view']} messages and "
                     f"{sat['kb_per_view']} KB a view); readers_held {w['readers_held']} (a "
                     f"page every {w['every_s']:.0f} s each, {w['seconds_per_level']:.0f} s a "
                     f"level: {steps})")
    return "\n".join(lines)


def main() -> None:
    from bench.targets import lines, markdown, targets

    when = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("ingest", ingest), ("pages", lambda: pages(db)), ("startup", lambda: startup(db)),
        ("frames", lambda: frames(db)), ("measures", lambda: measures(db)),
        ("upload_check", lambda: upload_check(db)), ("privacy", privacy),
        ("reports", lambda: reports(db)), ("capacity", lambda: capacity_figures(db))]
    # BENCH_STEPS=pages,frames: those steps alone, and their figures as JSON (no table, no
    # targets, nothing written): a developer's check of one change
    chosen = [name for name in os.environ.get("BENCH_STEPS", "").split(",") if name]
    unknown = sorted(set(chosen) - {name for name, _ in steps})
    if unknown:
        raise SystemExit(f"BENCH_STEPS names no step {', '.join(unknown)}; the steps: "
                         + ", ".join(name for name, _ in steps))
    db = national_db()
    report: dict[str, Any] = {"runs": RUNS}
    took = {}
    for name, step in steps:
        if chosen and name not in chosen:
            continue
        begun = time.perf_counter()
        report[name] = step()
        took[name] = round(time.perf_counter() - begun, 1)
    report["bench_seconds"] = round(time.perf_counter() - started, 1)
    report["step_seconds"] = took       # what keeps the short bench short enough for CI
    if chosen:
        print(json.dumps(report, indent=2))
        return
    found = targets(report)
    report["targets"] = [asdict(t) for t in found]
    print(json.dumps(report, indent=2))
    print()
    print(table(report))
    print()
    print("\n".join(lines(found)))
    print(f"The bench took {report['bench_seconds']:.0f} s: "
          + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in took.items()))
    written = OUT / "targets.md"
    written.write_text(markdown(found, when=when, scale=SCALE, runs=RUNS, short=SHORT),
                       encoding="utf-8")
    print(f"Written to {written.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
