"""The annual report as a PDF: the HTML report printed on A4 by the Chromium the project already
uses for chart images (Debian's `chromium`, or BROWSER_PATH), as a tagged PDF (headings and
tables carried for screen readers), with page numbers from the report's own print styles."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from publishing.images import DEBIAN_CHROMIUM

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--no-pdf-header-footer",
         "--export-tagged-pdf", "--generate-pdf-document-outline"]


class NoBrowser(RuntimeError):
    """No Chromium to print the PDF with; the message says what to install."""


def chromium() -> str:
    found = (os.environ.get("BROWSER_PATH") or shutil.which("chromium")
             or (str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None))
    if not found:
        raise NoBrowser("A PDF is printed by Chromium, and none was found: install Debian's "
                        "chromium package (or set BROWSER_PATH), or make the Word or HTML "
                        "report instead.")
    return found


def html_to_pdf(html: str, timeout: float = 120) -> bytes:
    """Print an HTML page (one that asks nothing of the network) to PDF with Chromium."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="assurance-pdf-") as folder:
        page, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        done = subprocess.run([browser, *FLAGS, f"--user-data-dir={folder}/profile",
                               f"--print-to-pdf={out}", page.as_uri()],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            raise NoBrowser(f"Chromium could not print the report ({done.returncode}: "
                            f"{(done.stderr or '').strip().splitlines()[-1:] or 'no output'}).")
        return out.read_bytes()
