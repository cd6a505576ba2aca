"""The README is a front door, and the documentation holds together: the README is at most 250
lines; every relative link in it and in the pages under docs/ leads to a file that exists (and
a link to a heading, to a heading of that page); and the site builds from mkdocs.yml with
--strict, as `make docs` builds it (a warning, a page left out of the nav, a broken link or
anchor fails it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LONGEST_README = 250

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[(?:[^\]\n]|\n(?!\n))*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)


def pages() -> list[Path]:
    return [README, *sorted((ROOT / "docs").glob("**/*.md"))]


def prose(path: Path) -> str:
    """A page without its code: a link in a code block or in `code` is an example, not a link."""
    return CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))


def slug(heading: str) -> str:
    """A heading's anchor, as Python-Markdown's toc (MkDocs) and GitHub both make it for the
    plain headings these pages use."""
    text = re.sub(r"[*_`]", "", heading)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(path: Path) -> set[str]:
    return {slug(h) for h in HEADING.findall(prose(path))}


def links(path: Path) -> list[str]:
    return [target for target in LINK.findall(prose(path))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]    # http:, https:, mailto:


def test_the_readme_is_a_front_door_of_at_most_250_lines() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= LONGEST_README, (
        f"README.md has {len(lines)} lines; move what is for one reader to their page in docs/")


def test_there_are_links_to_check() -> None:
    """The checks below read something: the README leads to every reader's pages."""
    found = links(README)
    for folder in ("board-members", "quality-leads", "report-writers", "administrators",
                   "developers"):
        assert any(t.startswith(f"docs/{folder}/") for t in found), folder


def broken(page: Path) -> list[str]:
    """The page's relative links that lead nowhere: to no file, or to no heading of a page."""
    found = []
    for target in links(page):
        name, _, anchor = target.partition("#")
        goal = (page.parent / name).resolve() if name else page
        if not goal.exists():
            found.append(f"{target}: no such file")
        elif anchor and goal.suffix == ".md" and anchor not in anchors(goal):
            found.append(f"{target}: no such heading in {goal.name}")
    return found


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_a_heading_that_exist(page: Path) -> None:
    assert not broken(page), f"{page.relative_to(ROOT)}:\n" + "\n".join(broken(page))


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    """The check can fail: a link to a missing page and one to a missing heading are found;
    a link in code is an example, and a link to the page's own heading is checked there."""
    (tmp_path / "there.md").write_text("# There\n\n## A heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n[ok](there.md#a-heading) [gone](nowhere.md)\n"
                    "[lost](there.md#elsewhere) [here](#page) [not here](#nowhere)\n"
                    "`[code](not-a-link.md)` [out](https://example.org/x.md)\n",
                    encoding="utf-8")
    assert broken(page) == ["nowhere.md: no such file",
                            "there.md#elsewhere: no such heading in there.md",
                            "#nowhere: no such heading in page.md"]


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    """`make docs`: every page in the nav, every link and anchor leading somewhere, no warning."""
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stdout + built.stderr, built.stderr
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / "administrators" / "troubleshooting" / "index.html").is_file()
