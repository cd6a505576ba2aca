"""The learning-theme vocabulary as data: `themes.toml`, parsed into strict models."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from data_models.config_errors import from_validation, read_toml
from data_models.files import THEMES_FILE as THEMES_FILE
from data_models.files import themes_file

_APOSTROPHES = r"['\u2019]"
_NOT_ALPHANUMERIC = r"[^0-9a-z]+"


def theme_keys(texts: pd.Series) -> pd.Series:
    """The form theme text is matched in: case, apostrophes, punctuation and spacing ignored,
    so "Voice of the Child", "voice-of-the-child" and "child's voice" match their aliases."""
    return (
        texts.astype("str")
        .str.casefold()
        .str.replace(_APOSTROPHES, "", regex=True)
        .str.replace(_NOT_ALPHANUMERIC, " ", regex=True)
        .str.strip()
    )


def theme_key(text: str) -> str:
    return str(theme_keys(pd.Series([text])).iloc[0])


def mentions_of(texts: pd.Series) -> pd.DataFrame:
    """For each distinct themes text: one row per theme it names (themes, mention, theme_key),
    so that a million items with a few hundred distinct texts split a few hundred strings."""
    distinct = pd.Series(texts.dropna().unique(), dtype="str")
    if distinct.empty:
        return pd.DataFrame({"themes": [], "mention": [], "theme_key": []}, dtype="str")
    mentions = pd.DataFrame({"themes": distinct, "mention": distinct.str.split(";")})
    mentions = mentions.explode("mention", ignore_index=True)
    mentions["mention"] = mentions["mention"].str.strip()
    mentions = mentions[mentions["mention"].fillna("") != ""]
    mentions["theme_key"] = theme_keys(mentions["mention"])
    return mentions.drop_duplicates(["themes", "theme_key"]).reset_index(drop=True)


def unmapped_per_item(frame: pd.DataFrame, alias_map: dict[str, str]) -> pd.Series:
    """For each row, its theme mentions that match no alias ('; '-joined), else missing."""
    if "themes" not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="str")
    codes, uniques = pd.factorize(frame["themes"])
    flagged = []
    for text in uniques:
        parts = [p.strip() for p in str(text).split(";") if p.strip()]
        keys = theme_keys(pd.Series(parts, dtype="str")) if parts else pd.Series([], dtype="str")
        unknown = [p for p, k in zip(parts, keys, strict=True) if k not in alias_map]
        flagged.append("; ".join(unknown) if unknown else None)
    values = pd.Series(flagged + [None], dtype="str")
    return pd.Series(values.take(codes).to_numpy(), index=frame.index, dtype="str")


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
