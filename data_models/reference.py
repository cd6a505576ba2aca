"""Reference data: the vocabularies, the national timescale rules, the theme vocabulary and the
working-day calendar, rewritten into their tables from their files on every build of the
schema (and only where they differ, so a build that changes nothing writes nothing). A board's
own rules and aliases, imported into the same tables, are left as they are. What stored theme
text maps to (mention_themes) is worked out again with the aliases as they now are."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data_models.files import rules_file, themes_file, vocabularies_file
from data_models.store.versions import changed


def reference_files() -> tuple[Path, ...]:
    """The files whose content is part of a build: a change to one needs `assurance init`."""
    return (rules_file(), themes_file(), vocabularies_file())


# The rows a build owns in each table it shares with a board's own imports.
NATIONAL_RULES = "origin = 'national'"
NATIONAL_RULE_PARTS = ("rule_id NOT IN (SELECT rule_id FROM timescale_rules "
                       "WHERE origin <> 'national')")
NATIONAL_ALIASES = "board IS NULL AND origin = 'national'"


def _replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
                  owned: str = "TRUE") -> bool:
    """Make the rows of a reference table that the build owns (all, unless `owned` says which)
    exactly these, writing only when they differ; whether they did."""
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    con.register("incoming_rows", frame)
    try:
        differs = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {columns} FROM {table} WHERE {owned} "  # noqa: S608
            f"EXCEPT ALL SELECT {columns} FROM incoming_rows)) + "
            f"(SELECT count(*) FROM (SELECT {columns} FROM incoming_rows "
            f"EXCEPT ALL SELECT {columns} FROM {table} WHERE {owned}))"
        ).fetchall()[0][0]
        if differs:
            con.execute(f"DELETE FROM {table} WHERE {owned}")  # noqa: S608
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming_rows")  # noqa: S608
            changed(con)                # rules, the calendar or a vocabulary: every page
    finally:
        con.unregister("incoming_rows")
    return bool(differs)


def _vocabulary_tables(con: duckdb.DuckDBPyConnection) -> bool:
    from data_models.vocabularies import terms

    tables = {"board_type": ("board_types", "board_type"),
              "review_type": ("review_types", "review_type"),
              "recommendation_status": ("recommendation_statuses", "status"),
              "recommendation_rating": ("recommendation_ratings", "rating"),
              "audit_grade": ("audit_grades", "grade"),
              "training_status": ("training_statuses", "status"),
              "review_date_column": ("review_date_columns", "column_name")}
    differ = [_replace_rows(con, table, pd.DataFrame(
                   [{key: t.code, "label": t.label, **dict(t.extra), "sort_order": i}
                    for i, t in enumerate(terms(name))]))
               for name, (table, key) in tables.items()]
    return any(differ)


def refresh_reference_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Rewrite the reference tables from their files where they differ; whether anything the
    timescale clocks are worked out from changed (the vocabularies, the calendar or the
    national rules), so that the build works the clocks kept out again."""
    # Reading the rule and vocabulary files needs pydantic; a board member's session, which
    # finds its schema current, never does.
    from data_models.calendar import calendar_frame
    from data_models.rules import load_rules, tile_label
    from data_models.theme_matching import refresh_mention_themes, refresh_theme_texts
    from data_models.themes import load_vocabulary

    rules = load_rules()
    vocabulary = load_vocabulary()
    clocks_changed = _vocabulary_tables(con)
    clocks_changed |= _replace_rows(con, "calendar_days", calendar_frame())
    clocks_changed |= _replace_rows(
        con,
        "timescale_rules",
        pd.DataFrame(
            [
                {
                    "rule_id": r.id, "sort_order": i, "label": r.label,
                    "short_label": tile_label(r), "board_type": r.board_type,
                    "start_column": r.start, "limit": r.limit, "unit": r.unit,
                    "comparison": r.comparison, "force": r.force, "source": r.source,
                    "origin": "national",
                }
                for i, r in enumerate(rules)
            ]
        ),
        NATIONAL_RULES,
    )
    clocks_changed |= _replace_rows(
        con,
        "timescale_rule_review_types",
        pd.DataFrame(
            [{"rule_id": r.id, "review_type": t} for r in rules for t in r.review_types]
        ),
        NATIONAL_RULE_PARTS,
    )
    clocks_changed |= _replace_rows(
        con,
        "timescale_rule_end_columns",
        pd.DataFrame(
            [
                {"rule_id": r.id, "priority": p, "column_name": c}
                for r in rules
                for p, c in enumerate(r.end)
            ]
        ),
        NATIONAL_RULE_PARTS,
    )
    _replace_rows(
        con,
        "themes",
        pd.DataFrame(
            [
                {"theme": t.label, "sort_order": i, "boards": t.boards}
                for i, t in enumerate(vocabulary.theme)
            ]
        ),
    )
    _replace_rows(
        con,
        "theme_aliases",
        pd.DataFrame(
            [{"theme_key": k, "theme": label} for k, label in vocabulary.alias_map().items()]
        ),
        NATIONAL_ALIASES,
    )
    # What stored theme text mentions and maps to, with the aliases as they now are (on an
    # upgrade, this splits the text stored before theme_texts existed and maps it).
    refresh_theme_texts(con)
    refresh_mention_themes(con)
    return clocks_changed
