"""What one served instance holds, in terms a service plans with: light clients that speak the
served app's own websocket protocol (Streamlit's: a `rerun_script` message in, the page's
messages out until `script_finished`), so the measure is the server's, not a browser's. Each
view is a new session, as a board member opening a link, and each view's messages are counted
with their bytes, as the served app sends them.

First every board page is viewed once for each board, one after another (first views: the
instance computes each page's figures). Then, warm:

- views per second at saturation: several clients open page after page (the board pages, one
  board each, in turn) without pause for a set time; the views completed per second, with
  their p50 and p95;
- the same clients against a one-line Streamlit page served with the same settings
  (`bench/empty_page.py`): the platform's own limit on this machine, measured just before
  and just after each instance's own views per second;
- readers held: readers each opening a page every ten seconds (a board member reading, not
  clicking), stepped up by doubling and then bisecting, bounded in time; a number of readers is
  held when the 95th-percentile page time stays under one second and no view fails or shows an
  error.

Bounded in clients and in time, on this machine only (localhost)."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2
from websockets.sync.client import connect
from websockets.typing import Subprotocol

PAGES = ("", "timescales", "themes", "impact", "recommendations", "audits", "training")
HELD_P95_S = 1.0
# Clients for each instance at saturation: more than the instance's cores, so that a view is
# always waiting for it.
CLIENTS = 4
# A reader opens a page this often (a board member reading before a meeting).
READER_EVERY_S = 10.0
EMPTY_PAGE = Path(__file__).resolve().with_name("empty_page.py")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _serving(command: Callable[[int], list[str]], env: dict[str, str]) -> Iterator[str]:
    """The server `command(port)` starts, on a free port, until the block ends; yields its
    address once it answers."""
    port = _free_port()
    process = subprocess.Popen(command(port), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, **env})
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


def served(assurance: str, env: dict[str, str], args: list[str]) -> contextlib.AbstractContextManager[str]:
    """`assurance [args] serve` on a free port, until the block ends; yields its address."""
    return _serving(lambda port: [assurance, *args, "serve", "--port", str(port)], env)


def served_empty_page() -> contextlib.AbstractContextManager[str]:
    """The one-line page, served as `assurance serve` serves the dashboard: the launcher's own
    Streamlit command (its settings from streamlit_config/, the loopback address and names),
    with the page in the dashboard's place."""
    from assurance.serve import APP, command

    def empty(port: int) -> list[str]:
        args, _ = command(None, port=port, address="localhost")
        return [str(EMPTY_PAGE) if arg == str(APP) else arg for arg in args]

    return _serving(empty, {})


@dataclass(frozen=True)
class View:
    """One page view: seconds until its script finished, and the messages the server sent for
    it with their serialized bytes."""

    seconds: float
    messages: int
    bytes: int


def view(base: str, page: str, query: str) -> View:
    """One page view, as a browser's first request of it."""
    with connect(base.replace("http://", "ws://") + "/_stcore/stream",
                 subprotocols=[Subprotocol("streamlit")], max_size=None, open_timeout=60) as socket:
        started = time.perf_counter()
        message = BackMsg_pb2.BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        socket.send(message.SerializeToString())
        messages = size = 0
        while True:
            data = socket.recv(timeout=120)
            forward = ForwardMsg_pb2.ForwardMsg()
            forward.ParseFromString(data)
            messages += 1
            size += len(data)
            if _shows_error(forward):
                raise RuntimeError(f"page {page or 'overview'} showed an error")
            if forward.WhichOneof("type") == "script_finished":
                if forward.script_finished != ForwardMsg_pb2.ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"page {page or 'overview'} did not finish")
                return View(time.perf_counter() - started, messages, size)


def _shows_error(forward: ForwardMsg_pb2.ForwardMsg) -> bool:
    """Whether a message draws a traceback or an error box (a page that failed still finishes
    its script, so a view is counted only if it drew neither)."""
    if forward.WhichOneof("type") != "delta" or forward.delta.WhichOneof("type") != "new_element":
        return False
    element = forward.delta.new_element
    kind = element.WhichOneof("type")
    return kind == "exception" or (kind == "alert" and
                                   element.alert.format == element.alert.Format.ERROR)


def _query(board: str, as_of: str) -> str:
    return f"as_of={as_of}&board={board.replace(' ', '+')}"


def _p95(ordered: list[float]) -> float:
    return ordered[max(0, int(0.95 * len(ordered)) - 1)] if ordered else float("inf")


Target = Callable[[int, int], tuple[str, str, str]]


def _board_pages(bases: list[str], boards: list[str], as_of: str) -> Target:
    """What client `n` opens at its `turn`: the board pages in turn, one board each, on the
    instances shared out between the clients as a load balancer would."""
    def target(n: int, turn: int) -> tuple[str, str, str]:
        board = boards[(turn // len(PAGES) + n) % len(boards)]
        return bases[n % len(bases)], PAGES[turn % len(PAGES)], _query(board, as_of)

    return target


def _run(target: Target, clients: int, seconds: float, *, every: float = 0.0) -> dict[str, Any]:
    """`clients` clients for `seconds`, each opening `target(n, turn)` in turn: without pause
    (`every` 0), or one page every `every` seconds, their starts spread evenly over the first
    `every` seconds. A view under way at the end is waited for and counted."""
    views: list[View] = []
    errors = 0
    lock = threading.Lock()
    started = time.perf_counter()
    cpu = time.process_time()
    deadline = started + seconds

    def client(n: int) -> None:
        nonlocal errors
        turn = n
        due = started + (every * n / clients if every else 0.0)
        while due < deadline:
            if every:
                time.sleep(max(0.0, due - time.perf_counter()))
                due += every
            else:
                due = time.perf_counter()
            base, page, query = target(n, turn)
            turn += 1
            try:
                seen = view(base, page, query)
            except Exception:           # a refused or failed view counts against the run
                with lock:
                    errors += 1
                continue
            with lock:
                views.append(seen)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(v.seconds for v in views)
    return {"clients": clients, "seconds": round(elapsed, 1), "views": len(views),
            "errors": errors, "views_per_second": round(len(views) / elapsed, 2),
            "p50_s": round(statistics.median(ordered), 3) if ordered else None,
            "p95_s": round(_p95(ordered), 3),
            "messages_per_view": round(statistics.mean(v.messages for v in views), 1)
            if views else None,
            "kb_per_view": round(statistics.mean(v.bytes for v in views) / 1024, 1)
            if views else None,
            # the clients share this machine with the server: the share of one core they took
            "client_cpu_share": round((time.process_time() - cpu) / elapsed, 2)}


def _held(run: dict[str, Any]) -> bool:
    return bool(run["views"]) and run["p95_s"] < HELD_P95_S and not run["errors"]


def first_views(base: str, boards: list[str], as_of: str) -> dict[str, Any]:
    """Every page for every board once, one after another, on a freshly started instance: each
    is a first view (nothing cached for it yet), as for the first board member of the day."""
    times = sorted(view(base, page, _query(board, as_of)).seconds
                   for board in boards for page in PAGES)
    return {"views": len(times), "p50_s": round(statistics.median(times), 3),
            "p95_s": round(_p95(times), 3), "max_s": round(times[-1], 3)}


def views_per_second(bases: list[str], boards: list[str], as_of: str,
                     seconds: float) -> dict[str, Any]:
    """The instances at saturation: `CLIENTS` clients for each, opening pages without pause."""
    return _run(_board_pages(bases, boards, as_of), CLIENTS * len(bases), seconds)


def empty_page_views_per_second(base: str, seconds: float) -> dict[str, Any]:
    """The same clients as `views_per_second` against the one-line page (served by
    `served_empty_page` at `base`), on one instance."""
    for _ in range(3):                       # Streamlit's own first runs of the script
        view(base, "", "")
    return _run(lambda n, turn: (base, "", ""), CLIENTS, seconds)


def readers_held(bases: list[str], boards: list[str], as_of: str, start: int,
                 seconds: float, budget: float, most: int = 1024) -> dict[str, Any]:
    """The most readers held (each opening a page every `READER_EVERY_S`): from `start`,
    doubled while held, then bisected between the last held and the first not held, for as
    long as the levels tried fit in `budget` seconds; at most `most` readers."""
    target = _board_pages(bases, boards, as_of)
    began = time.perf_counter()
    runs: list[dict[str, Any]] = []
    held, failed = 0, 0
    readers = max(1, start)

    def time_left() -> bool:            # for another level and the views under way at its end
        return time.perf_counter() - began + seconds + 2 < budget

    while True:
        run = _run(target, readers, seconds, every=READER_EVERY_S)
        runs.append(run)
        if not _held(run):
            failed = readers
            break
        held = readers
        if readers >= most or not time_left():
            break
        readers = min(most, readers * 2)
    # bisect to within an eighth of the last level held
    while failed and failed - held > max(1, held // 8) and time_left():
        readers = (held + failed) // 2
        run = _run(target, readers, seconds, every=READER_EVERY_S)
        runs.append(run)
        if _held(run):
            held = readers
        else:
            failed = readers
    return {"readers_held": held, "first_not_held": failed or None,
            "every_s": READER_EVERY_S, "seconds_per_level": seconds,
            "levels": [{k: r[k] for k in ("clients", "views", "errors", "p50_s", "p95_s",
                                          "views_per_second")} for r in runs]}


def page_weight(base: str, page: str, query: str, runs: int = 3) -> dict[str, Any]:
    """A page's first view on the instance, then its warm view as the served app sends it
    (median of `runs`): seconds, messages and kilobytes."""
    first = view(base, page, query)
    warm = [view(base, page, query) for _ in range(runs)]
    return {"served_first_s": round(first.seconds, 3),
            "served_warm_s": round(statistics.median(v.seconds for v in warm), 3),
            "messages": int(statistics.median(v.messages for v in warm)),
            "kb": round(statistics.median(v.bytes for v in warm) / 1024, 1)}


def capacity(bases: list[str], boards: list[str], as_of: str, seconds: float,
             readers_seconds: float, readers_budget: float,
             empty_page: str | None = None) -> dict[str, Any]:
    """Every page and board viewed once on each instance (the first views, timed), then the
    instances at saturation and the readers they hold. With the address of the one-line page
    (`served_empty_page`), its views per second are measured just before and just after the
    instances' own, and their mean set beside them: the two figures of the ratio are taken
    minutes apart at most, on a machine whose speed drifts."""
    first = first_views(bases[0], boards, as_of)
    for base in bases[1:]:                  # each instance computes its own first views
        first_views(base, boards, as_of)
    before = empty_page_views_per_second(empty_page, seconds) if empty_page else None
    saturated = views_per_second(bases, boards, as_of, seconds)
    empty: dict[str, Any] = {}
    if empty_page and before:
        after = empty_page_views_per_second(empty_page, seconds)
        empty = {"empty_page": {"before": before, "after": after},
                 "empty_page_views_per_second": round(
                     (before["views_per_second"] + after["views_per_second"]) / 2, 2)}
    # readers at a tenth of the views per second each: 10 x views_per_second readers ask for
    # as many views as the instances finish at saturation; start at a quarter of that
    start = max(1, round(2.5 * saturated["views_per_second"]))
    readers = readers_held(bases, boards, as_of, start, readers_seconds, readers_budget)
    return {"instances": len(bases), "first_views": first, "saturated": saturated,
            "views_per_second": saturated["views_per_second"], **empty, **readers}


def hosted_python(root: Path) -> Path | None:
    """The hosted environment's assurance command, if `make hosted` has made it."""
    command = root / ".venv-hosted" / "bin" / "assurance"
    return command if command.exists() else None
