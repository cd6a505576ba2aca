"""The learning-theme vocabulary as data: `themes.toml`, parsed into strict models. How text is
matched to themes is `data_models.theme_matching`'s."""

from __future__ import annotations

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


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: tuple[Theme, ...] = Field(min_length=1)

    def _texts(self) -> list[tuple[str, str]]:
        return [(text, theme.label) for theme in self.theme for text in (theme.label, *theme.aliases)]

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
