"""A configuration file that cannot be used, said in one line: the file, the entry and the key,
and what is wrong. The command line turns it into exit code 2."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A rules, vocabulary or settings file that cannot be used; the message is one line."""


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: there is no such file.") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path.name}: not valid TOML ({error}).") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name}: not UTF-8 text, which TOML files must be; save it as "
                          "UTF-8 and try again.") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error}).") from None


def from_validation(path: Path, document: dict[str, Any], error: Any, table: str,
                    id_key: str) -> ConfigError:
    """One line for the first thing pydantic refused: file, entry (number and id), key."""
    # an unknown key first: it is usually a misspelling of the key reported missing
    first = sorted(error.errors(), key=lambda e: e.get("type") != "extra_forbidden")[0]
    where = list(first.get("loc", ()))
    entry = ""
    if len(where) >= 2 and where[0] == table and isinstance(where[1], int):
        number = where[1]
        items = document.get(table, [])
        name = items[number].get(id_key) if number < len(items) and isinstance(
            items[number], dict) else None
        entry = f"{table} {number + 1}" + (f" ({name})" if name else "") + ": "
        where = where[2:]
    key = ".".join(str(part) for part in where if not isinstance(part, int))
    message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    if first.get("type") == "extra_forbidden":
        return ConfigError(f"{path.name}: {entry}unknown key '{key}'.")
    if first.get("type") == "missing":
        return ConfigError(f"{path.name}: {entry}key '{key}' is missing.")
    value = first.get("input")
    shown = f" {value!r}" if isinstance(value, str | int | float) else ""
    said = f"key '{key}'{shown}: {message}" if key and key != table else message
    return ConfigError(f"{path.name}: {entry}{said}.".replace("..", ".").replace("\n", " "))
