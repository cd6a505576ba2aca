"""A store killed part-way leaves the database exactly as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assurance.demo import load_demo
from data_models.store.file import connect, init_schema

ASSURANCE = str(Path(sys.executable).with_name("assurance"))
TABLES = ("reviews", "recommendations", "audits", "training_bookings", "theme_mentions",
          "uploads", "upload_problems")


def big_training_csv(path: Path, rows: int) -> None:
    rng = np.random.default_rng(7)
    pd.DataFrame({
        "booking_id": [f"KILL-{i}" for i in range(rows)],
        "board": "Ashbourne SCP",
        "board_type": rng.choice(["children", "both"], rows),
        "course": "Think family",
        "session_date": "11/06/2024",
        "agency": rng.choice(["Police", "Education"], rows),
        "status": rng.choice(["attended", "did_not_attend"], rows),
        "themes": "think family",
    }).to_csv(path, index=False)


def killed_while_storing(command: list[str], env: dict[str, str] | None = None) -> int:
    """Run an `assurance load` of a big extract and kill it (SIGKILL) once it is inside the
    store's transaction; its exit code."""
    loader = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert loader.stdout is not None
    line = loader.stdout.readline()
    assert line.startswith("Storing 1,200,000 records"), line
    time.sleep(0.2)                      # inside the store's transaction
    assert loader.poll() is None, "the store finished before it could be interrupted"
    loader.send_signal(signal.SIGKILL)
    return loader.wait(timeout=30)


def _snapshot(db: Path) -> dict[str, object]:
    con = connect(db, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM {t}").fetchall()  # noqa: S608
                for t in TABLES}
    finally:
        con.close()


@pytest.mark.slow
def test_killing_a_load_mid_store_leaves_the_database_as_before(tmp_path: Path) -> None:
    db = tmp_path / "kill.duckdb"
    con = connect(db)
    init_schema(con)
    load_demo(con, seed=11)
    con.close()
    before = _snapshot(db)
    extract = tmp_path / "training.csv"
    # large enough that storing it takes about a second even now that the store is fast
    big_training_csv(extract, 1_200_000)

    assert killed_while_storing([ASSURANCE, "--db", str(db), "load", "training", str(extract),
                                 "--as-of", "2026-11-21"]) == -signal.SIGKILL

    assert _snapshot(db) == before
    con = connect(db)                    # and it still takes a load
    assert con.execute("SELECT count(*) FROM training_bookings WHERE booking_id LIKE 'KILL-%'"
                       ).fetchall() == [(0,)]
    con.close()
