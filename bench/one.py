"""One measured run in a fresh process, so that its time and peak memory are its own:
`python -m bench.one MODE CSV DB` prints {"seconds": ..., "imports_s": ..., "work_s": ...,
"peak_mb": ...}. `imports_s` is the time to import the libraries the mode imports before it
starts (`assurance load` imports Great Expectations itself, on a thread while it reads the
file, so its share of that import that is not hidden counts as work), `work_s` the rest;
`seconds` is both."""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from pathlib import Path


def assurance_load(csv: Path, db: Path) -> None:
    from assurance.cli import main

    code = main(["--db", str(db), "load", "training", str(csv), "--as-of", "2026-11-21"])
    if code != 0:
        raise SystemExit(f"assurance load failed with {code}")


AS_OF = "2026-11-21"


def warm_up(csv: Path, db: Path) -> None:
    """What the served app has done before a quality lead's upload: imported everything and
    checked one extract (Great Expectations' context and suites made)."""
    import datetime as dt

    from access import EVERY_BOARD
    from data_models.store.file import connect
    from ingest import check_extract, start_importing_checks

    start_importing_checks().join()
    with csv.open("rb") as handle:
        head = b"".join(line for _, line in zip(range(50), handle, strict=False))
    con = connect(db)
    check_extract(con, "training", head, "warm-up.csv", dt.date.fromisoformat(AS_OF), scope=EVERY_BOARD)
    con.close()


def assurance_warm(csv: Path, db: Path) -> None:
    """The Upload page's case at scale: check and store in a process already warm."""
    import datetime as dt

    from access import EVERY_BOARD
    from data_models.store.file import connect
    from ingest import check_extract, store

    con = connect(db)
    checked = check_extract(con, "training", csv.read_bytes(), csv.name,
                            dt.date.fromisoformat(AS_OF), scope=EVERY_BOARD)
    if not checked.ok:
        raise SystemExit("the warm load found errors")
    store(con, checked)
    con.close()


def duckdb_alone(csv: Path, db: Path) -> None:
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("CREATE OR REPLACE TABLE bookings AS SELECT * FROM read_csv(?)", [str(csv)])
    con.close()


def plain(csv: Path, db: Path) -> None:
    """The plain approach: pandas read_csv, Great Expectations on the whole frame, insert."""
    import duckdb
    import great_expectations as gx
    import great_expectations.expectations as gxe
    import pandas as pd
    from great_expectations.data_context.types.base import ProgressBarsConfig

    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    frame["session_date"] = pd.to_datetime(frame["session_date"], format="%d/%m/%Y",
                                           errors="coerce")
    for column in ("pre_confidence", "post_confidence"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (context.data_sources.add_pandas("plain").add_dataframe_asset("bookings")
             .add_batch_definition_whole_dataframe("all")
             .get_batch(batch_parameters={"dataframe": frame}))
    suite = gx.ExpectationSuite(name="plain")
    for column in ("booking_id", "board", "board_type", "course", "session_date", "agency",
                   "status"):
        suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(
        column="board_type", value_set=["children", "adults", "both"]))
    suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(
        column="status", value_set=["attended", "did_not_attend", "cancelled"]))
    for column in ("pre_confidence", "post_confidence"):
        suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=1,
                                                                 max_value=5))
    suite.add_expectation(gxe.ExpectCompoundColumnsToBeUnique(column_list=["board",
                                                                          "booking_id"]))
    result = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    if not result.success:
        raise SystemExit("the plain approach's checks failed")
    con = duckdb.connect(str(db))
    con.register("frame", frame)
    con.execute("CREATE OR REPLACE TABLE bookings AS SELECT * FROM frame")
    con.close()


MODES = {"assurance_load": assurance_load, "assurance_warm": assurance_warm,
         "duckdb_alone": duckdb_alone, "plain": plain}
IMPORTS = {
    "assurance_load": ("assurance.cli",),   # it imports its checks itself, on a thread
    "assurance_warm": ("ingest", "expectations"),   # and warms up before the clock starts
    "duckdb_alone": ("duckdb",),
    "plain": ("duckdb", "pandas", "great_expectations", "great_expectations.expectations"),
}

if __name__ == "__main__":
    mode, csv, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    started = time.perf_counter()
    for module in IMPORTS[mode]:
        importlib.import_module(module)
    if mode == "assurance_warm":
        warm_up(csv, db)
    imported = time.perf_counter()
    MODES[mode](csv, db)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(done - started, 3), "imports_s": round(imported - started, 3),
                      "work_s": round(done - imported, 3), "peak_mb": round(peak, 1)}))
