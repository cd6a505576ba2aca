"""Suggested themes for text the vocabulary does not map, so a quality lead can confirm one
(a confirmed suggestion becomes that board's alias); and the themes a recommendation's wording
names, where it was given none.

Suggestions rank each theme by its best-scoring label or alias against the text, scored by
rapidfuzz's token sort ratio (0-100: edits between the two texts with their words in order, so
"abuse, domestic" is "domestic abuse" and "Relationship based practice" is near "relational
practice"). A theme the text names as whole words scores 100 and comes first. Below the floor
nothing is suggested, so text like nothing in the vocabulary gets no suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from data_models.theme_matching import AliasSet, theme_key
from data_models.theme_matching import load_aliases as load_aliases  # for the pages
from data_models.theme_matching import themes_in_text as themes_in_text

SCORE_FLOOR = 70.0          # out of 100: weaker likenesses are no suggestion
NAMED = 100.0               # the text names the theme as whole words


def suggest_themes(text: str, aliases: AliasSet, limit: int = 3) -> list[tuple[str, float]]:
    """The themes closest to the text, best first, each with its score (0-100), at most
    `limit`; none below SCORE_FLOOR. The choices are built once per alias set."""
    key = theme_key(text)
    if not key or limit < 1:
        return []
    best = dict.fromkeys(aliases.themes_of(key), NAMED)
    keys, themes = aliases.choices
    for _, score, index in process.extract(key, keys, scorer=fuzz.token_sort_ratio,
                                           processor=None, score_cutoff=SCORE_FLOOR,
                                           limit=None):
        theme = themes[index]
        if score > best.get(theme, -1.0):
            best[theme] = float(score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return [(theme, round(score, 1)) for theme, score in ranked[:limit]]


def suggestions_for(texts: Iterable[str], aliases: AliasSet,
                    limit: int = 3) -> dict[str, list[tuple[str, float]]]:
    """For each distinct text, its suggestions (for the unmapped text of an upload)."""
    return {text: suggest_themes(text, aliases, limit) for text in dict.fromkeys(texts)}
