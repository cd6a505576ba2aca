"""The table of figures and their filters (the board members' page on what each figure means)
is the declarations' own."""

from __future__ import annotations

from pathlib import Path

from data_models.queries import declarations_markdown

FIGURES_PAGE = Path(__file__).resolve().parents[2] / "docs" / "board-members" / "figures.md"


def test_the_figures_page_says_which_filters_apply_to_each_figure_as_declared() -> None:
    text = FIGURES_PAGE.read_text(encoding="utf-8")
    between = text.split("<!-- figures:start -->\n")[1].split("<!-- figures:end -->")[0]
    assert between == declarations_markdown()
