"""Charts as PNG images, for the Word report: plotly figures drawn by kaleido, which drives a
headless Chromium (Debian's `chromium` here). All of a report's figures are drawn in one
browser session (the first image takes about 3 s, each after it a fraction of that).

When no browser can be started the images are None and the report says "chart not available"
beside the table, which is still there: a report without pictures is better than no report.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
from pathlib import Path

import plotly.graph_objects as go

from publishing.figures import WIDTH

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
SCALE = 2                       # pixels per CSS pixel: sharp when printed

log = logging.getLogger(__name__)


def _point_kaleido_at_chromium() -> None:
    """kaleido finds Chrome through BROWSER_PATH; Debian's Chromium is not where it looks."""
    if "BROWSER_PATH" not in os.environ and DEBIAN_CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(DEBIAN_CHROMIUM)


async def _draw(figures: list[go.Figure], fmt: str) -> list[bytes]:
    import kaleido

    images = []
    # No MathJax: it would be fetched from the network, and no figure here uses it.
    async with kaleido.Kaleido(n=1, mathjax=False, timeout=60) as renderer:
        for figure in figures:
            size = {"width": figure.layout.width or WIDTH, "height": figure.layout.height or 400}
            images.append(await renderer.calc_fig(
                figure, opts={"format": fmt, "scale": SCALE if fmt == "png" else 1, **size}))
    return images


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
        from kaleido.errors import ChromeNotFoundError, KaleidoError
    except ImportError:
        log.warning("Charts were not drawn as pictures: kaleido is not installed. %s", _AFTER)
        return [None] * len(figures)
    # A thread of its own, so that this works whether or not the caller runs an event loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return list(pool.submit(asyncio.run, _draw(figures, fmt)).result(timeout=300))
        except ChromeNotFoundError:
            log.warning("Charts were not drawn as pictures: no Chromium was found%s. %s",
                        f" at BROWSER_PATH={os.environ['BROWSER_PATH']}"
                        if "BROWSER_PATH" in os.environ else "", _AFTER)
        except (KaleidoError, RuntimeError, OSError, TimeoutError) as error:
            # RuntimeError: the browser failed to start, or closed while drawing
            log.warning("Charts were not drawn as pictures: the browser that draws them "
                        "failed (%s). %s", error, _AFTER)
        return [None] * len(figures)


_AFTER = ("The report says 'chart not available' where each would be, beside its table. "
          "Install Debian's chromium package (or set BROWSER_PATH to a Chrome or Chromium) to "
          "draw them.")
