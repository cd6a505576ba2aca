"""How many board members one served instance holds: light clients that speak the served
app's own websocket protocol (Streamlit's: a `rerun_script` message in, the page's deltas out
until `script_finished`), so the measure is the server's, not a browser's. Each simulated user
opens page after page (the board pages, one board each, in turn) for a set time; a level of
users is held when the 95th-percentile page time stays under one second. Bounded in users and
in time, on this machine only (localhost)."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2
from websockets.sync.client import connect

PAGES = ("", "timescales", "themes", "impact", "recommendations", "audits", "training")
HELD_P95_S = 1.0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(assurance: str, env: dict[str, str], args: list[str]) -> Iterator[str]:
    """`assurance [args] serve` on a free port, until the block ends; yields its address."""
    port = _free_port()
    process = subprocess.Popen([assurance, *args, "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **env})
    base = f"http://localhost:{port}"
    try:
        for _ in range(240):
            with contextlib.suppress(OSError), \
                    urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                break
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def view(base: str, page: str, query: str) -> float:
    """One page view, as a browser's first request of it: seconds until the script finished."""
    with connect(base.replace("http://", "ws://") + "/_stcore/stream",
                 subprotocols=["streamlit"], max_size=None, open_timeout=60) as socket:
        started = time.perf_counter()
        message = BackMsg_pb2.BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        socket.send(message.SerializeToString())
        while True:
            forward = ForwardMsg_pb2.ForwardMsg()
            forward.ParseFromString(socket.recv(timeout=120))
            if forward.WhichOneof("type") == "script_finished":
                if forward.script_finished != ForwardMsg_pb2.ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"page {page or 'overview'} did not finish")
                return time.perf_counter() - started


def _level(base: str, users: int, seconds: float, boards: list[str],
           as_of: str) -> dict[str, Any]:
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user(n: int) -> None:
        nonlocal errors
        turn = n
        while time.perf_counter() < deadline:
            page = PAGES[turn % len(PAGES)]
            board = boards[(turn // len(PAGES) + n) % len(boards)]
            turn += 1
            try:
                took = view(base, page, f"as_of={as_of}&board={board.replace(' ', '+')}")
            except Exception:           # a refused or failed view counts against the level
                with lock:
                    errors += 1
                continue
            with lock:
                times.append(took)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(times)
    p95 = ordered[max(0, int(0.95 * len(ordered)) - 1)] if ordered else float("inf")
    return {"users": users, "views": len(times), "errors": errors,
            "p50_s": round(statistics.median(ordered), 3) if ordered else None,
            "p95_s": round(p95, 3)}


def capacity(base: str, boards: list[str], as_of: str, levels: tuple[int, ...],
             seconds: float) -> dict[str, Any]:
    """Each level of users in turn (after one warm-up view of each page); the most held."""
    for page in PAGES:
        view(base, page, f"as_of={as_of}")
    runs = []
    for users in levels:
        run = _level(base, users, seconds, boards, as_of)
        runs.append(run)
        if run["p95_s"] >= HELD_P95_S or run["errors"]:
            break                        # the next level would only be slower
    held = max((r["users"] for r in runs if r["p95_s"] < HELD_P95_S and not r["errors"]),
               default=0)
    return {"levels": runs, "users_held": held, "seconds_per_level": seconds}


def hosted_python(root: Path) -> Path | None:
    """The hosted environment's assurance command, if `make hosted` has made it."""
    command = root / ".venv-hosted" / "bin" / "assurance"
    return command if command.exists() else None
