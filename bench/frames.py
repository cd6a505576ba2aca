"""Frame equality at the bench's scale: every registered query, with each of its examples and
each filter set, gives exactly the same result from the database as stored (its figures kept at
store time) and from a copy with none kept (every figure worked out live, as before they were
kept). The bench stops at the first difference; it also times both sides, which is what the
kept figures buy a page's SQL.

`tests/data_models/test_stored_figures.py` holds the same at the demo's scale in `make test`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

import pandas as pd
from pandas.testing import assert_frame_equal

# The tables of figures kept at store time: emptied, a page works each figure out live.
KEPT_TABLES = ("review_clocks",)


def filter_sets(as_of: dt.date, board: str, period: str, quarter: str,
                mid: dt.date) -> dict[str, Any]:
    """The filter sets both sides are compared under: the default, one board and year, a
    quarter, an as-of date in the middle of the data (many reviews have dates after it) and one
    board type."""
    from data_models.filters import Filters

    return {"default": Filters(as_of=as_of),
            "one board and year": Filters(as_of=as_of, board=board, period=period),
            "a quarter": Filters(as_of=as_of, period=period, quarter=quarter),
            "as of mid-data": Filters(as_of=mid),
            "board type": Filters(as_of=as_of, board_type="adults")}


def differences(kept: object, live: object, where: str) -> list[str]:
    """Where two results of a query differ (none: the same frames, values and order)."""
    if isinstance(live, pd.DataFrame):
        if not isinstance(kept, pd.DataFrame):
            return [f"{where}: not a frame"]
        try:
            assert_frame_equal(kept, live, check_exact=True, obj=where)
        except AssertionError as error:
            return [str(error)]
        return []
    if isinstance(live, dict):
        if not isinstance(kept, dict) or kept.keys() != live.keys():
            return [f"{where}: other keys"]
        return [d for key in live for d in differences(kept[key], live[key], f"{where}[{key!r}]")]
    if isinstance(live, list | tuple):
        if not isinstance(kept, type(live)) or len(kept) != len(live):
            return [f"{where}: another length"]
        return [d for i, (a, b) in enumerate(zip(kept, live, strict=True))
                for d in differences(a, b, f"{where}[{i}]")]
    return [] if kept == live else [f"{where}: {kept!r} against {live!r}"]


def frame_equality(db: Path, out: Path, sets: dict[str, Any]) -> dict[str, Any]:
    """Every registered query under every filter set, on `db` and on a copy of it in `out`
    with no figure kept; the cases compared and the seconds of each side (one thread each, so
    that rows in no set order come in the same order from both)."""
    from access import EVERY_BOARD
    from data_models import queries
    from data_models.scope import Reader
    from data_models.store.file import connect

    emptied = out / "frames_live.duckdb"
    shutil.copyfile(db, emptied)
    con = connect(emptied)
    for table in KEPT_TABLES:
        con.execute(f"DELETE FROM {table}")  # noqa: S608 (a constant)
    con.close()
    kept_con, live_con = connect(db, read_only=True), connect(emptied, read_only=True)
    seconds = {"kept": 0.0, "live": 0.0}
    cases = 0
    try:
        for con in (kept_con, live_con):
            con.execute("SET threads = 1")
        kept, live = Reader(kept_con, EVERY_BOARD), Reader(live_con, EVERY_BOARD)
        for name, declaration in queries.REGISTRY.items():
            for example in declaration.examples:
                for set_name, f in sets.items():
                    results = {}
                    for side, reader in (("kept", kept), ("live", live)):
                        started = time.perf_counter()
                        results[side] = declaration.function(reader, f, **example)
                        seconds[side] += time.perf_counter() - started
                    found = differences(results["kept"], results["live"],
                                        f"{name}{example} ({set_name})")
                    if found:
                        raise SystemExit("Frame equality failed with the figures kept at "
                                         f"store time: {found[0]}")
                    cases += 1
    finally:
        kept_con.close()
        live_con.close()
        emptied.unlink(missing_ok=True)
    return {"cases": cases, "filter_sets": list(sets), "kept_s": round(seconds["kept"], 2),
            "live_s": round(seconds["live"], 2),
            "live_to_kept": round(seconds["live"] / seconds["kept"], 2) if seconds["kept"] else None}
