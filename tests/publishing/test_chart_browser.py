"""The browser that draws the report's charts, failing as the probe saw it fail under load: a
message from Chromium that ends part-way (choreographer cannot read it: a JSONError) as the
browser goes. The drawing is tried once more on a new browser; if that fails too, the report
says so in one line and is made without pictures, never with a traceback."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest

from publishing import images

pytestmark = pytest.mark.slow
AS_OF = "2026-11-21"
CHROMIUM = Path("/usr/bin/chromium")
ASSURANCE = str(Path(sys.executable).with_name("assurance"))

# A browser for kaleido (BROWSER_PATH) that is Debian's Chromium with its DevTools pipe passed
# through, except that it breaks off the first message carrying a drawn chart (a PNG) half-way,
# then stops Chromium: a browser that goes in the middle of a message. FLAKY_BROWSER says how
# often: "once" (the first browser only, noted in FLAKY_BROWSER_NOTE) or "always".
BREAKING_BROWSER = f"""#!{sys.executable}
import os, subprocess, sys
mode, note = os.environ["FLAKY_BROWSER"], os.environ["FLAKY_BROWSER_NOTE"]
breaking = mode == "always" or not os.path.exists(note)
read, write = os.pipe()
to_client = os.dup(4)
os.dup2(write, 4)
chromium = subprocess.Popen(["{CHROMIUM}", *sys.argv[1:]], pass_fds=(3, 4))
os.dup2(to_client, 4)
os.close(write)
pending = b""
while True:
    chunk = os.read(read, 65536)
    if not chunk:
        break
    pending += chunk
    *messages, pending = pending.split(b"\\0")
    for message in messages:
        if breaking and b"iVBORw0KGgo" in message:
            os.write(4, message[: len(message) // 2] + b"\\0")
            with open(note, "a") as said:
                said.write("broke off a chart's message\\n")
            chromium.kill()
            chromium.wait()
            sys.exit(0)
        os.write(4, message + b"\\0")
chromium.wait()
"""


@pytest.fixture
def breaking_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """BROWSER_PATH set to the breaking browser, the process's chart browser closed before and
    after (so the next drawing starts this one, and the tests after it a real one)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    browser = tmp_path / "breaking-chromium"
    browser.write_text(BREAKING_BROWSER, encoding="utf-8")
    browser.chmod(0o755)
    note = tmp_path / "broken.txt"
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    monkeypatch.setenv("FLAKY_BROWSER_NOTE", str(note))
    images._BROWSER.close()
    yield note
    images._BROWSER.close()


def ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What the product logs (pytest also collects kaleido's and choreographer's own records
    straight from their loggers; the command-line test shows what reaches a person)."""
    return [r for r in caplog.records if r.name == "publishing.images"]


def _figures() -> list[go.Figure]:
    return [go.Figure(go.Bar(x=["met", "missed"], y=[8, 1]), layout={"title": f"Chart {n}"})
            for n in range(3)]


def test_a_browser_that_goes_mid_message_is_replaced_and_the_charts_drawn(
        breaking_browser: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FLAKY_BROWSER", "once")
    with caplog.at_level(logging.DEBUG, logger="publishing.images"):
        drawn = images.png_images(_figures())
    assert breaking_browser.read_text() == "broke off a chart's message\n"
    assert [image[:8] if image else None for image in drawn] == [b"\x89PNG\r\n\x1a\n"] * 3
    said = [r.getMessage() for r in ours(caplog)]
    assert any("JSONError" in line for line in said), said      # choreographer's, as one line
    assert any("drawing them again on a new browser" in line for line in said), said
    assert not [r for r in ours(caplog) if r.levelno >= logging.WARNING]
    assert "Traceback" not in capfd.readouterr().err


def test_a_browser_that_goes_twice_leaves_the_charts_out_in_one_line(
        breaking_browser: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FLAKY_BROWSER", "always")
    with caplog.at_level(logging.DEBUG, logger="publishing.images"):
        drawn = images.png_images(_figures())
    assert drawn == [None, None, None]
    assert breaking_browser.read_text().count("broke off") == 2      # tried, and once more
    warned = [r for r in ours(caplog) if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "\n" not in warned[0].getMessage()
    assert "Charts were not drawn as pictures" in warned[0].getMessage()
    assert warned[0].exc_info is None
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("mode", ["once", "always"])
def test_the_report_command_with_a_browser_that_goes(
        breaking_browser: Path, demo_db: Path, tmp_path: Path, mode: str) -> None:
    """As a person runs it: the probe's one report in 72 that failed with choreographer's
    JSONError. Made either way; at most one line about the charts; no traceback."""
    out = tmp_path / "report.docx"
    db = tmp_path / "assurance.duckdb"           # the export is logged: never in the shared file
    shutil.copyfile(demo_db, db)
    done = subprocess.run(
        [ASSURANCE, "--db", str(db), "export", "report", "--period", "2024-25",
         "--board", "Kestrel Bay SCP", "--format", "docx", "--out", str(out), "--as-of", AS_OF],
        env={**os.environ, "FLAKY_BROWSER": mode}, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "JSONError" not in done.stderr, done.stderr
    assert breaking_browser.exists()
    with zipfile.ZipFile(out) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
    if mode == "once":
        assert pictures and not done.stderr.strip(), done.stderr
    else:
        said = done.stderr.strip().splitlines()
        assert not pictures and len(said) == 1, said
        assert said[0].startswith("Charts were not drawn as pictures: the browser that draws "
                                  "them failed twice"), said
