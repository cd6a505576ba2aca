"""The product's vocabularies (`vocabularies.toml`): board types, review types, statuses,
grades and review date columns, said once. Read with the standard library only, so a page
that needs a label pays nothing; checked strictly, since a board may edit the file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from data_models.config_errors import ConfigError, read_toml
from data_models.files import VOCABULARIES_FILE as VOCABULARIES_FILE
from data_models.files import vocabularies_file

# Each vocabulary: its keys beyond `code` and `label`, with their types.
_SHAPES: dict[str, dict[str, type]] = {
    "board_type": {},
    "review_type": {"board_type": str},
    "recommendation_status": {"is_open": bool},
    "recommendation_rating": {},
    "audit_grade": {"good_or_better": bool},
    "training_status": {},
    "training_workforce": {},
    "review_date_column": {},
}


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    extra: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str) -> Any:
        return dict(self.extra)[key]


def _check(path: Path, document: dict[str, Any]) -> dict[str, tuple[Term, ...]]:
    unknown = sorted(set(document) - set(_SHAPES))
    if unknown:
        raise ConfigError(f"{path.name}: unknown vocabulary '{unknown[0]}'; use one of "
                          f"{', '.join(_SHAPES)}.")
    out = {}
    for name, shape in _SHAPES.items():
        entries = document.get(name)
        if not entries:
            raise ConfigError(f"{path.name}: no [[{name}]] entries; at least one is needed.")
        terms = []
        for number, entry in enumerate(entries, start=1):
            where = f"{path.name}: {name} {number}" + (
                f" ({entry['code']})" if isinstance(entry.get("code"), str) else "")
            keys = {"code": str, "label": str, **shape}
            for key in entry:
                if key not in keys:
                    raise ConfigError(f"{where}: unknown key '{key}'.")
            for key, kind in keys.items():
                if key not in entry:
                    raise ConfigError(f"{where}: key '{key}' is missing.")
                if not isinstance(entry[key], kind) or (kind is str and not entry[key].strip()):
                    raise ConfigError(f"{where}: key '{key}' must be "
                                      f"{'true or false' if kind is bool else 'some text'}.")
            terms.append(Term(entry["code"], entry["label"],
                              tuple((k, entry[k]) for k in shape)))
        codes = [t.code for t in terms]
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ConfigError(f"{path.name}: {name} code '{repeated[0]}' is given twice.")
        out[name] = tuple(terms)
    return out


@cache
def _load(path: Path) -> dict[str, tuple[Term, ...]]:
    return _check(path, read_toml(path))


def terms(name: str) -> tuple[Term, ...]:
    return _load(vocabularies_file())[name]


def codes(name: str) -> tuple[str, ...]:
    return tuple(t.code for t in terms(name))


def labels(name: str) -> dict[str, str]:
    return {t.code: t.label for t in terms(name)}
