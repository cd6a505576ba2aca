"""Charts as PNG images, for the Word report: plotly figures drawn by kaleido, which drives a
headless Chromium (Debian's `chromium` here). One browser is kept for the life of the process
(starting one takes 1.5 to 3 s; each figure after that about 0.2 s), and a report starts it
(`warm_up`) before its queries run, so the two overlap.

When no browser can be started the images are None and the report says "chart not available"
beside the table, which is still there: a report without pictures is better than no report. A
browser that fails while drawing (under load, one went part-way through a message, which
choreographer could not read) is closed and the drawing tried once more on a new one; a second
failure is said in one line. What kaleido and choreographer log is passed on as one line at
debug level, never as their tracebacks.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from publishing.figures import WIDTH

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
SCALE = 2                       # pixels per CSS pixel: sharp when printed

log = logging.getLogger(__name__)


def _point_kaleido_at_chromium() -> None:
    """kaleido finds Chrome through BROWSER_PATH; Debian's Chromium is not where it looks."""
    if "BROWSER_PATH" not in os.environ and DEBIAN_CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(DEBIAN_CHROMIUM)


class _Browser:
    """One headless Chromium, started when first needed (or early, by `warm_up`) and kept for
    the life of the process, so that a report made in the served app does not wait for a
    browser to start. Its event loop runs on a thread of its own; drawings are taken one at a
    time. A browser that fails is closed, and the next drawing starts another."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._renderer: Any = None
        self._starting: concurrent.futures.Future[Any] | None = None

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            _browser_logs_in_one_line()
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="chart-browser", daemon=True).start()
            self._loop = loop
            atexit.register(self.close)
        return self._loop

    async def _open(self) -> Any:
        import kaleido

        # No MathJax: it would be fetched from the network, and no figure here uses it.
        renderer = kaleido.Kaleido(n=1, mathjax=False, timeout=60)
        await renderer.open()
        return renderer

    def start(self) -> concurrent.futures.Future[Any]:
        """Start the browser if none is running or starting (returns at once)."""
        with self._lock:
            if self._starting is None:
                self._starting = asyncio.run_coroutine_threadsafe(self._open(),
                                                                  self._ensure_loop())
            return self._starting

    async def _draw_all(self, renderer: Any, figures: list[go.Figure], fmt: str) -> list[bytes]:
        images = []
        for figure in figures:
            size = {"width": figure.layout.width or WIDTH, "height": figure.layout.height or 400}
            images.append(await renderer.calc_fig(
                figure, opts={"format": fmt, "scale": SCALE if fmt == "png" else 1, **size}))
        return images

    def draw(self, figures: list[go.Figure], fmt: str, timeout: float = 300) -> list[bytes]:
        starting = self.start()
        try:
            renderer = starting.result(timeout=timeout)
            with self._lock:
                assert self._loop is not None
                return asyncio.run_coroutine_threadsafe(
                    self._draw_all(renderer, figures, fmt), self._loop).result(timeout=timeout)
        except BaseException:
            self._forget(starting)
            raise

    def _forget(self, starting: concurrent.futures.Future[Any]) -> None:
        """After a failure: close that browser (if it started) so the next drawing starts
        another."""
        with self._lock:
            if self._starting is starting:
                self._starting = None
        if starting.done() and not starting.exception() and self._loop is not None:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(starting.result().close(),
                                                 self._loop).result(timeout=10)

    def close(self) -> None:
        starting, self._starting = self._starting, None
        if starting is not None and self._loop is not None:
            with contextlib.suppress(Exception):
                renderer = starting.result(timeout=30)
                asyncio.run_coroutine_threadsafe(renderer.close(), self._loop).result(timeout=10)


_BROWSER = _Browser()


def warm_up() -> None:
    """Start the browser that draws charts now, while the caller does other work (a report's
    queries), so that the drawing need not wait for it. Does nothing without kaleido."""
    _point_kaleido_at_chromium()
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return
    _BROWSER.start()


def svg_images(figures: list[go.Figure]) -> list[bytes | None]:
    """Each figure as SVG (for the HTML and PDF reports: sharp at any size, and a few tens of
    kilobytes where plotly's script is four megabytes), or None when no browser could."""
    return _images(figures, "svg")


def png_images(figures: list[go.Figure]) -> list[bytes | None]:
    """Each figure as PNG bytes, or None for all of them when no browser could draw them."""
    return _images(figures, "png")


def _images(figures: list[go.Figure], fmt: str) -> list[bytes | None]:
    if not figures:
        return []
    _point_kaleido_at_chromium()
    try:
        from choreographer.errors import DevtoolsProtocolError
        from kaleido.errors import ChromeNotFoundError, KaleidoError
    except ImportError:
        log.warning("Charts were not drawn as pictures: kaleido is not installed. %s", _AFTER)
        return [None] * len(figures)
    # How the browser fails while drawing: its own errors, one it sent that could not be read
    # (choreographer's JSONError, a RuntimeError), a pipe closed (OSError), a drawing that did
    # not finish in time, an answer not understood (ValueError), a drawing cut off.
    failed = (KaleidoError, DevtoolsProtocolError, RuntimeError, OSError, TimeoutError,
              ValueError, concurrent.futures.CancelledError)
    for attempt in (1, 2):
        try:
            return list(_BROWSER.draw(figures, fmt))
        except ChromeNotFoundError:
            log.warning("Charts were not drawn as pictures: no Chromium was found%s. %s",
                        f" at BROWSER_PATH={os.environ['BROWSER_PATH']}"
                        if "BROWSER_PATH" in os.environ else "", _AFTER)
            break
        except failed as error:
            if attempt == 1:
                log.info("The browser that draws the charts failed (%s); drawing them again on "
                         "a new browser.", _in_one_line(error))
            else:
                log.warning("Charts were not drawn as pictures: the browser that draws them "
                            "failed twice (%s). %s", _in_one_line(error), _WITHOUT)
    return [None] * len(figures)


def _in_one_line(error: BaseException) -> str:
    said = " ".join(str(error).split())
    return f"{type(error).__name__}: {said}" if said else type(error).__name__


_WITHOUT = "The report says 'chart not available' where each would be, beside its table."
_AFTER = (f"{_WITHOUT} Install Debian's chromium package (or set BROWSER_PATH to a Chrome or "
          "Chromium) to draw them.")


class _OneLine(logging.Handler):
    """What kaleido and choreographer log (a message they could not read, a browser closed by
    their watchdog), passed on to this module's log as one line at debug level: their
    tracebacks would otherwise reach a person's terminal."""

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        log.debug("chart browser (%s): %s%s", record.name, " ".join(record.getMessage().split()),
                  f" ({_in_one_line(error)})" if error is not None else "")


def _browser_logs_in_one_line() -> None:
    for name in ("choreographer", "kaleido"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, _OneLine) for h in logger.handlers):
            logger.addHandler(_OneLine())
        logger.propagate = False


def drawing(figures: list[go.Figure], fmt: str) -> Callable[[], list[bytes | None]]:
    """Start drawing the figures now, on the browser's thread; call the result for them (the
    caller writes the rest of its document meanwhile)."""
    if not figures:
        return list
    result: concurrent.futures.Future[list[bytes | None]] = concurrent.futures.Future()

    def draw() -> None:
        try:
            result.set_result(_images(figures, fmt))
        except BaseException as error:          # the caller sees it, rather than waiting
            result.set_exception(error)

    threading.Thread(target=draw, name="chart-drawing", daemon=True).start()
    return lambda: result.result()
