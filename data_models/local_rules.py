"""A board's own timescale rules and theme aliases, kept in the database beside the national
ones (`assurance rules import FILE.toml`), measured with them and listed with their origin.

A file holds `[[rule]]` tables with the same fields as the national rules, and `[[alias]]`
tables (`theme`, `text`): text a board's extracts use for a theme. Everything is checked
before anything is stored; storing replaces what the same file stored before, in one
transaction, with the themes of the stored text mapped again. A rule or alias imported for one
board applies to that board's records only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from data_models.config_errors import ConfigError, from_validation, read_toml
from data_models.rules import TimescaleRule, tile_label
from data_models.rules_admin import rules_and_aliases as rules_and_aliases  # for `rules list`
from data_models.store.versions import changed
from data_models.stored_figures import rewrite_clocks
from data_models.theme_matching import refresh_mention_themes
from data_models.themes import theme_key

LOCAL_SORT_FROM = 1000          # local rules are listed after the national ones


class LocalAlias(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str = Field(min_length=1)
    text: str = Field(min_length=1)


class LocalRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: tuple[TimescaleRule, ...] = ()
    alias: tuple[LocalAlias, ...] = ()


@dataclass(frozen=True)
class Imported:
    origin: str
    rules: list[str]
    aliases: list[tuple[str, str]]
    board: str | None


def read_local_rules(path: Path) -> LocalRules:
    document = read_toml(path)
    try:
        local = LocalRules.model_validate(document)
    except ValidationError as error:
        table = "alias" if any(e.get("loc", ("",))[0] == "alias" for e in error.errors()) \
            else "rule"
        raise from_validation(path, document, error, table,
                              "id" if table == "rule" else "text") from None
    if not local.rule and not local.alias:
        raise ConfigError(f"{path.name}: no [[rule]] or [[alias]] entries: nothing to import.")
    return local


def _check_against_database(con: duckdb.DuckDBPyConnection, path: Path, local: LocalRules,
                            board: str | None) -> None:
    taken = dict(con.execute("SELECT rule_id, origin FROM timescale_rules "
                             "WHERE origin <> ?", [path.name]).fetchall())
    for number, rule in enumerate(local.rule, start=1):
        if rule.id in taken:
            whose = "a national rule" if taken[rule.id] == "national" else \
                f"a rule imported from {taken[rule.id]}"
            raise ConfigError(f"{path.name}: rule {number} ({rule.id}): key 'id': {rule.id!r} is "
                              f"already {whose}; give the local rule an id of its own.")
    themes = {t for (t,) in con.execute("SELECT theme FROM themes").fetchall()}
    for number, alias in enumerate(local.alias, start=1):
        if alias.theme not in themes:
            raise ConfigError(f"{path.name}: alias {number} ({alias.text}): key 'theme': "
                              f"{alias.theme!r} is not a theme of the vocabulary.")
    held = con.execute("SELECT theme_key, board, origin, theme FROM theme_aliases WHERE origin <> ?",
                       [path.name]).fetchall()
    for number, alias in enumerate(local.alias, start=1):
        key = theme_key(alias.text)
        for other_key, other_board, other_origin, other_theme in held:
            if other_key == key and other_board == board:
                whose = ("the national vocabulary" if other_origin == "national"
                         else other_origin)
                raise ConfigError(f"{path.name}: alias {number} ({alias.text}): key 'text': "
                                  f"{whose} already maps it to {other_theme!r}"
                                  f"{' for ' + board if board else ''}.")
    if board is not None:
        boards = {b for (b,) in con.execute("SELECT DISTINCT board FROM source_items").fetchall()}
        if boards and board not in boards:
            raise ConfigError(f"--board {board!r}: there is no board of that name in the data; "
                              f"boards: {', '.join(sorted(boards))}.")


def import_local_rules(con: duckdb.DuckDBPyConnection, path: Path, *, board: str | None = None,
                       imported_by: str | None = None) -> Imported:
    """Check a file of local rules and aliases and store it, replacing what the same file
    stored before; nothing is stored if anything in it is wrong."""
    local = read_local_rules(path)
    _check_against_database(con, path, local, board)
    origin, now = path.name, dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rules = pd.DataFrame([{
        "rule_id": r.id, "sort_order": LOCAL_SORT_FROM + i, "label": r.label,
        "short_label": tile_label(r), "board_type": r.board_type, "start_column": r.start,
        "limit": r.limit, "unit": r.unit, "comparison": r.comparison, "force": r.force,
        "source": r.source, "origin": origin, "imported_at": now, "imported_by": imported_by,
        "board": board} for i, r in enumerate(local.rule)],
        columns=["rule_id", "sort_order", "label", "short_label", "board_type", "start_column",
                 "limit", "unit", "comparison", "force", "source", "origin", "imported_at",
                 "imported_by", "board"])
    review_types = pd.DataFrame([{"rule_id": r.id, "review_type": t}
                                 for r in local.rule for t in r.review_types],
                                columns=["rule_id", "review_type"])
    end_columns = pd.DataFrame([{"rule_id": r.id, "priority": p, "column_name": c}
                                for r in local.rule for p, c in enumerate(r.end)],
                               columns=["rule_id", "priority", "column_name"])
    aliases = pd.DataFrame([{"theme_key": theme_key(a.text), "theme": a.theme, "board": board,
                             "origin": origin, "imported_at": now, "imported_by": imported_by}
                            for a in local.alias],
                           columns=["theme_key", "theme", "board", "origin", "imported_at",
                                    "imported_by"])
    con.execute("BEGIN TRANSACTION")
    try:
        # The boards whose text the file's aliases mapped before (None: every board's).
        remapped = {b for (b,) in con.execute(
            "SELECT DISTINCT board FROM theme_aliases WHERE origin = ?", [origin]).fetchall()}
        if local.alias:
            remapped.add(board)
        earlier = "SELECT rule_id FROM timescale_rules WHERE origin = ?"
        con.execute(f"DELETE FROM timescale_rule_review_types WHERE rule_id IN ({earlier})",  # noqa: S608
                    [origin])
        con.execute(f"DELETE FROM timescale_rule_end_columns WHERE rule_id IN ({earlier})",  # noqa: S608
                    [origin])
        con.execute("DELETE FROM timescale_rules WHERE origin = ?", [origin])
        con.execute("DELETE FROM theme_aliases WHERE origin = ?", [origin])
        for table, frame in (("timescale_rules", rules), ("timescale_rule_review_types",
                                                          review_types),
                             ("timescale_rule_end_columns", end_columns),
                             ("theme_aliases", aliases)):
            if len(frame):
                con.register("incoming_rows", frame)
                columns = ", ".join(f'"{c}"' for c in frame.columns)
                con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608
                            "FROM incoming_rows")
                con.unregister("incoming_rows")
        for remap in [None] if None in remapped else sorted(remapped):
            refresh_mention_themes(con, remap)
        changed(con)
        rewrite_clocks(con)          # the file's rules, old and new, may reach any board
        con.execute("COMMIT")
    except duckdb.ConstraintException as error:
        con.execute("ROLLBACK")
        raise ConfigError(f"{path.name}: an alias repeats one already set for "
                          f"{board or 'every board'} ({error}).") from None
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Imported(origin, [r.id for r in local.rule], [(a.text, a.theme) for a in local.alias],
                    board)
