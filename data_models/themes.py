"""The learning-theme vocabulary as data: `themes.toml`, parsed into strict models. How text is
matched to themes is `data_models.theme_matching`'s."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from data_models.config_errors import from_validation, read_toml
from data_models.files import THEMES_FILE as THEMES_FILE
from data_models.files import themes_file
from data_models.theme_matching import mentions_of as mentions_of
from data_models.theme_matching import refresh_mention_themes as refresh_mention_themes
from data_models.theme_matching import theme_key as theme_key
from data_models.theme_matching import theme_keys as theme_keys
from data_models.theme_matching import unmapped_per_item as unmapped_per_item


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    boards: Literal["children", "adults", "both"]
    aliases: tuple[str, ...] = ()
    # the theme in a board type's own words, where they differ from the label ("voice of the
    # child" on a children's board); a text that matches the theme, as an alias does
    label_children: str | None = Field(default=None, min_length=1)
    label_adults: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _own_words_only_for_its_boards(self) -> Theme:
        for board_type in ("children", "adults"):
            if self.own_words(board_type) != self.label and self.boards not in (board_type,
                                                                                  "both"):
                raise ValueError(f"label_{board_type} is given for a theme of {self.boards}'s "
                                 "boards only")
        return self

    def own_words(self, board_type: str | None) -> str:
        """The theme as a board of this type names it: its label unless the type has its own."""
        own = {"children": self.label_children, "adults": self.label_adults}.get(
            board_type or "")
        return own or self.label

    def texts(self) -> tuple[str, ...]:
        """Every text that names the theme: its label, its aliases, its board types' words."""
        own = tuple(t for t in (self.label_children, self.label_adults) if t)
        return (self.label, *self.aliases, *own)


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: tuple[Theme, ...] = Field(min_length=1)

    def _texts(self) -> list[tuple[str, str]]:
        return [(text, theme.label) for theme in self.theme for text in theme.texts()]

    @model_validator(mode="after")
    def _aliases_point_one_way(self) -> Vocabulary:
        texts = self._texts()
        keys = theme_keys(pd.Series([text for text, _ in texts], dtype="str"))
        owner: dict[str, str] = {}
        for (text, label), key in zip(texts, keys, strict=True):
            if owner.get(key, label) != label:
                raise ValueError(f"alias {text!r} belongs to both {owner[key]!r} and {label!r}")
            owner[key] = label
        return self

    def alias_map(self) -> dict[str, str]:
        """Matching key -> canonical label, labels included."""
        texts = self._texts()
        keys = theme_keys(pd.Series([text for text, _ in texts], dtype="str"))
        return {key: label for (_, label), key in zip(texts, keys, strict=True)}


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The themes of a file, checked; a ConfigError names the file, the theme and the key."""
    path = path or themes_file()
    document = read_toml(path)
    try:
        return Vocabulary.model_validate(document)
    except ValidationError as error:
        raise from_validation(path, document, error, "theme", "label") from None


@cache
def _own_words(path: Path, modified: int, size: int) -> dict[tuple[str, str], str]:
    return {(theme.label, board_type): theme.own_words(board_type)
            for theme in load_vocabulary(path).theme for board_type in ("children", "adults")}


def theme_words(theme: str, board_type: str | None) -> str:
    """A theme as a board of `board_type` names it ("voice of the child" on a children's board
    for the stored theme "voice of the person"); the stored label itself for both types (a
    joint partnership, or boards of both kinds together) and for text that is no theme. Only
    for what is shown: stored data keeps the one label."""
    if board_type not in ("children", "adults"):
        return theme
    path = themes_file()
    stat = path.stat()                       # read again when the file is edited
    return _own_words(path, stat.st_mtime_ns, stat.st_size).get((theme, board_type), theme)
