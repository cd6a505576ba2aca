"""Timescale rules as data: the national `timescale_rules.toml`, and a board's own rules
imported with `assurance rules import`, parsed into strict models."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from data_models.config_errors import from_validation, read_toml
from data_models.files import RULES_FILE as RULES_FILE
from data_models.files import rules_file
from data_models.vocabularies import codes

# Date columns of the reviews extract a rule may start or stop its clock on, and review types.
REVIEW_DATE_COLUMNS = codes("review_date_column")
REVIEW_TYPES = codes("review_type")


class TimescaleRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    short_label: str | None = None
    board_type: Literal["children", "adults", "any"]
    review_types: tuple[str, ...] = Field(min_length=1)
    start: str
    end: tuple[str, ...] = Field(min_length=1)
    limit: int = Field(gt=0)
    unit: Literal["working_days", "months"]
    comparison: Literal["at_most", "at_least"]
    force: str
    source: str

    @field_validator("review_types")
    @classmethod
    def _known_review_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(REVIEW_TYPES))
        if unknown:
            raise ValueError(f"unknown review types {unknown}; use {list(REVIEW_TYPES)}")
        return value

    @field_validator("start")
    @classmethod
    def _known_start(cls, value: str) -> str:
        if value not in REVIEW_DATE_COLUMNS:
            raise ValueError(f"{value!r} is not a reviews date column; use {list(REVIEW_DATE_COLUMNS)}")
        return value

    @field_validator("end")
    @classmethod
    def _known_end(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in value if c not in REVIEW_DATE_COLUMNS]
        if unknown:
            raise ValueError(f"{unknown} are not reviews date columns; use {list(REVIEW_DATE_COLUMNS)}")
        return value


class RuleBook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: tuple[TimescaleRule, ...] = Field(min_length=1)

    @field_validator("rule")
    @classmethod
    def _unique_ids(cls, value: tuple[TimescaleRule, ...]) -> tuple[TimescaleRule, ...]:
        ids = [r.id for r in value]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"rule ids must be unique; repeated: {duplicated}")
        return value


def tile_label(rule: TimescaleRule) -> str:
    return rule.short_label or rule.label


def load_rules(path: Path | None = None) -> tuple[TimescaleRule, ...]:
    """The rules of a file, checked; a ConfigError names the file, the rule and the key."""
    path = path or rules_file()
    document = read_toml(path)
    try:
        return RuleBook.model_validate(document).rule
    except ValidationError as error:
        raise from_validation(path, document, error, "rule", "id") from None
