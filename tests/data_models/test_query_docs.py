"""The README's table of figures and their filters is the declarations' own."""

from __future__ import annotations

from pathlib import Path

from data_models.queries import declarations_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_says_which_filters_apply_to_each_figure_as_declared() -> None:
    text = README.read_text(encoding="utf-8")
    between = text.split("<!-- figures:start -->\n")[1].split("<!-- figures:end -->")[0]
    assert between == declarations_markdown()
