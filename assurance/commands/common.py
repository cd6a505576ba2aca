"""What the commands share: the error a command stops with, the day and the person it runs
for, and how it writes to the terminal (tables, JSON, CSV, text from an extract) and names the
files it writes."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import re
import sys
from pathlib import Path
from typing import TypeAlias

import pandas as pd

from data_models.filters import Filters
from data_models.labels import humane
from data_models.scope import Scope

# What `add_subparsers()` returns: each command module adds its own parser to it.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CommandError(Exception):
    """A command that cannot run; the message says why and what to do."""


# -- the day and the person --------------------------------------------------------------------

def today() -> dt.date:
    """The day a command runs for when it is given no --as-of."""
    return dt.date.today()


def operator() -> str:
    """Who ran a command that changes something: the operating-system user."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):        # no name for this user id
        return f"user {os.getuid()} (command line)"


def exported_by(args: argparse.Namespace) -> str:
    """Who an export is logged as made by: the operator, and whose view it was (--as)."""
    return f"{operator()}" + (f" as {args.as_person}" if args.as_person else "")


# -- the terminal ------------------------------------------------------------------------------

def print_frame(frame: pd.DataFrame, fmt: str, *, extra: dict[str, object]) -> None:
    """A frame as a table, as JSON (with `extra` beside its records) or as CSV (with `extra`'s
    single values as columns)."""
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        for record in records:
            for key, value in record.items():
                if isinstance(value, str) and value.endswith("T00:00:00.000"):
                    record[key] = value[:10]
        print(json.dumps({**extra, "records": records}, indent=2, default=str))
    elif fmt == "csv":
        out = frame.copy()
        for key, value in extra.items():
            if not isinstance(value, dict | list):
                out[key] = value
        out.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
    else:
        print(terminal_table(frame))


def terminal_table(frame: pd.DataFrame, width: int = 64) -> str:
    """A table laid out for a terminal: headers and values in words, numbers right-aligned
    under their header, text left-aligned and cut at `width` characters with '…'."""
    if frame.empty:
        return "(no records)"
    shown = humane(frame)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]

    def cell(value: object) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:,.1f}"
        if isinstance(value, int):
            return f"{value:,}"
        text = " ".join(str(value).split())
        return text if len(text) <= width else text[:width - 1] + "…"

    rows = [[cell(v) for v in record] for record in shown.itertuples(index=False)]
    headers = [str(c) for c in shown.columns]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if right else v.ljust(w)
                         for v, w, right in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def heading(title: str, f: Filters, scope: Scope, notes: list[str]) -> None:
    """For a table in the terminal: what it is, for which filters, and what they leave out."""
    print(f"{title}: {scope.describe(f)}")
    for note in notes:
        print(f"  {note}")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(line: str) -> str:
    """A line holding text from an extract, safe for a terminal: a control character (an
    escape sequence could rewrite the screen) is shown as its code."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


# -- files written -----------------------------------------------------------------------------

def destination(out: Path | None, name: str, suffix: str) -> Path:
    """--out as given (with the right suffix); a folder, or no --out, gets the file named for
    board and year."""
    if out is None:
        return Path(name + suffix)
    if out.is_dir() or not out.suffix:
        return out / (name + suffix)
    return out.with_suffix(suffix)
