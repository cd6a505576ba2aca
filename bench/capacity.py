"""How many board members one served instance holds: light clients that speak the served
app's own websocket protocol (Streamlit's: a `rerun_script` message in, the page's deltas out
until `script_finished`), so the measure is the server's, not a browser's. Each view is a new
session, as a board member opening a link. First every board page is viewed once for each
board, one after another (first views: the instance computes each page's figures); then each
simulated user opens page after page (the board pages, one board each, in turn) for a set time;
a level of users is held when the 95th-percentile page time stays under one second and no view
fails or shows an error. Bounded in users and
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
from websockets.typing import Subprotocol

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
                 subprotocols=[Subprotocol("streamlit")], max_size=None, open_timeout=60) as socket:
        started = time.perf_counter()
        message = BackMsg_pb2.BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        socket.send(message.SerializeToString())
        while True:
            forward = ForwardMsg_pb2.ForwardMsg()
            forward.ParseFromString(socket.recv(timeout=120))
            if _shows_error(forward):
                raise RuntimeError(f"page {page or 'overview'} showed an error")
            if forward.WhichOneof("type") == "script_finished":
                if forward.script_finished != ForwardMsg_pb2.ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"page {page or 'overview'} did not finish")
                return time.perf_counter() - started


def _shows_error(forward: ForwardMsg_pb2.ForwardMsg) -> bool:
    """Whether a message draws a traceback or an error box (a page that failed still finishes
    its script, so a view is counted only if it drew neither)."""
    if forward.WhichOneof("type") != "delta" or forward.delta.WhichOneof("type") != "new_element":
        return False
    element = forward.delta.new_element
    kind = element.WhichOneof("type")
    return kind == "exception" or (kind == "alert" and
                                   element.alert.format == element.alert.Format.ERROR)


def _level(bases: list[str], users: int, seconds: float, boards: list[str],
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
                took = view(bases[n % len(bases)], page,          # users shared out in turn
                            f"as_of={as_of}&board={board.replace(' ', '+')}")
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


def first_views(base: str, boards: list[str], as_of: str) -> dict[str, Any]:
    """Every page for every board once, one after another, on a freshly started instance: each
    is a first view (nothing cached for it yet), as for the first board member of the day."""
    times = sorted(view(base, page, f"as_of={as_of}&board={board.replace(' ', '+')}")
                   for board in boards for page in PAGES)
    return {"views": len(times), "p50_s": round(statistics.median(times), 3),
            "p95_s": round(times[max(0, int(0.95 * len(times)) - 1)], 3),
            "max_s": round(times[-1], 3)}


def capacity(bases: list[str], boards: list[str], as_of: str, levels: tuple[int, ...],
             seconds: float) -> dict[str, Any]:
    """Every page and board viewed once on each instance (the first views, timed), then each
    level of users in turn, shared out between the instances as a load balancer would, with
    what the first views cached; the most users held."""
    first = first_views(bases[0], boards, as_of)
    for base in bases[1:]:                  # each instance computes its own first views
        first_views(base, boards, as_of)
    runs = []
    for users in levels:
        run = _level(bases, users, seconds, boards, as_of)
        runs.append(run)
        if run["p95_s"] >= HELD_P95_S or run["errors"]:
            break                        # the next level would only be slower
    held = max((r["users"] for r in runs if r["p95_s"] < HELD_P95_S and not r["errors"]),
               default=0)
    return {"instances": len(bases), "first_views": first, "levels": runs, "users_held": held,
            "seconds_per_level": seconds}


def hosted_python(root: Path) -> Path | None:
    """The hosted environment's assurance command, if `make hosted` has made it."""
    command = root / ".venv-hosted" / "bin" / "assurance"
    return command if command.exists() else None
