"""The database's schema: numbered migrations for tables, and views, macros and reference data
rebuilt from their files on every upgrade.

The SQL folder is layered, one folder a layer:

    sql/migrations/  NNNN_what.sql: table changes, each applied once, in number order, and
                     recorded as a row of schema_version. Never edit one that has shipped:
                     add the next number.
    sql/macros/      scalar macros (naming financial years, the theme filter)
    sql/core/        relations over the tables (review timescales, theme items, filtered_*)
    sql/marts/       what pages, exports and the command line read

Views and macros are applied in the order their references give (a file is applied after every
file whose relation it names), so no list is kept by hand. Every build of them is recorded by
its fingerprint; a build that finds the file was rebuilt by a later one after its own refuses
to write, so an older release never rolls a newer one's definitions back.

Only `assurance init` upgrades a file (after a backup copy); pages and other commands ask
`schema_state` and say what to run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from data_models.reference import reference_files, refresh_reference_tables
from data_models.store.kinds import kind_of
from data_models.store.versions import renewed
from data_models.stored_figures import rewrite_clocks

SQL_DIR = Path(__file__).with_name("sql")
MIGRATIONS_DIR = SQL_DIR / "migrations"
LAYERS = ("macros", "core", "marts")    # rebuilt on every upgrade, in reference order

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_DEFINES = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:VIEW|MACRO|TABLE)\s+(\w+)", re.IGNORECASE)
_COMMENT = re.compile(r"--[^\n]*")
_WORD = re.compile(r"\b[a-z_][a-z0-9_]*\b", re.IGNORECASE)


class SchemaError(Exception):
    """The file's schema cannot be used or upgraded by this release; the message says what to
    do."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class SqlFile:
    """A view or macro file: the relations it defines and those of other files it names."""

    path: Path
    layer: str
    defines: tuple[str, ...]
    text: str
    references: frozenset[str] = frozenset()


def migrations() -> list[Migration]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise SchemaError(f"{path.name}: a migration is named NNNN_what.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise SchemaError(f"two migrations share a number in {MIGRATIONS_DIR}")
    return found


LATEST = max(m.version for m in migrations())


def _read_layers() -> list[SqlFile]:
    files = []
    for layer in LAYERS:
        for path in sorted((SQL_DIR / layer).glob("*.sql")):
            text = path.read_text(encoding="utf-8")
            defines = tuple(dict.fromkeys(n.lower() for n in _DEFINES.findall(text)))
            if not defines:
                raise SchemaError(f"{layer}/{path.name} defines no view or macro")
            files.append(SqlFile(path, layer, defines, text))
    owner = {name: f for f in files for name in f.defines}
    out = []
    for f in files:
        words = {w.lower() for w in _WORD.findall(_COMMENT.sub("", f.text))}
        refs = frozenset(n for n in words if n in owner and owner[n] is not f)
        out.append(SqlFile(f.path, f.layer, f.defines, f.text, refs))
    return out


def build_order() -> list[SqlFile]:
    """Every view and macro file, each after the files whose relations it names (ties by layer,
    then name, so the order is the same on every machine)."""
    files = _read_layers()
    owner = {name: f.path for f in files for name in f.defines}
    by_path = {f.path: f for f in files}
    rank = {f.path: (LAYERS.index(f.layer), f.path.name) for f in files}
    done: list[SqlFile] = []
    placed: set[Path] = set()
    waiting = sorted(files, key=lambda f: rank[f.path])
    while waiting:
        ready = [f for f in waiting if {owner[r] for r in f.references} <= placed]
        if not ready:
            names = ", ".join(f"{f.layer}/{f.path.name}" for f in waiting)
            raise SchemaError(f"these SQL files name each other in a circle: {names}")
        first = ready[0]
        done.append(by_path[first.path])
        placed.add(first.path)
        waiting.remove(first)
    return done


def fingerprint(extra: tuple[Path, ...] = ()) -> str:
    """What the views, macros and reference files of this release hash to."""
    digest = hashlib.sha256()
    for f in sorted(_read_layers(), key=lambda f: (f.layer, f.path.name)):
        digest.update(f"{f.layer}/{f.path.name}\n".encode())
        digest.update(f.text.encode("utf-8"))
    for path in sorted(extra):
        digest.update(f"{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class SchemaState:
    """Where a database file's schema stands against this release."""

    applied: int | None            # newest migration recorded in the file; None: no schema
    latest: int                    # newest migration this release knows
    built: str | None              # fingerprint of the file's last build of views and macros
    fingerprint: str               # this release's
    superseded: bool = False       # this release built the file once, and a later one since

    @property
    def empty(self) -> bool:
        return self.applied is None

    @property
    def newer(self) -> bool:
        """Written by a later release than this one."""
        return (self.applied or 0) > self.latest or self.superseded

    @property
    def current(self) -> bool:
        return self.applied == self.latest and self.built == self.fingerprint

    def problem(self) -> str | None:
        """None when this release can read the file as it is; else what to do, in words."""
        if self.current:
            return None
        if self.empty:
            return "The database has no schema yet. Run 'assurance init' (make run does)."
        if self.newer:
            return (f"The database was written by a newer release of this product (schema "
                    f"{self.applied}); this release knows schema {self.latest} and will not change "
                    "it. Install the newer release, or restore the backup that its upgrade "
                    "wrote beside the file.")
        if self.applied == self.latest:
            return ("The database's views and macros were built by another build of this "
                    f"release (schema {self.latest}). Run 'assurance init' to rebuild them; it "
                    "changes no records (make run does this).")
        return (f"The database is at schema {self.applied}; this release needs schema "
                f"{self.latest}. Run 'assurance init' to upgrade it (it writes a backup copy "
                "first; make run does this).")


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main' "
        "AND database_name = current_database()",
        [name]).fetchall()[0][0])


def schema_state(con: duckdb.DuckDBPyConnection) -> SchemaState:
    """Read, never write."""
    ours = fingerprint(reference_files())
    if not _has_table(con, "schema_version"):
        return SchemaState(None, LATEST, None, ours)
    applied = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
    built, superseded = None, False
    if _has_table(con, "schema_builds"):
        history = [r[0] for r in con.execute(
            "SELECT fingerprint FROM schema_builds ORDER BY built_at, rowid").fetchall()]
        built = history[-1] if history else None
        superseded = ours in history and built != ours
    return SchemaState(applied, LATEST, built, ours, superseded)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _drop_stale(con: duckdb.DuckDBPyConnection, wanted: set[str]) -> None:
    """Views and macros a release no longer defines are dropped, so nothing reads an old one."""
    for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal "
                               "AND schema_name = 'main' "
                               "AND database_name = current_database()").fetchall():
        if name.lower() not in wanted:
            con.execute(f'DROP VIEW IF EXISTS "{name}"')
    for name, kind in con.execute(
            "SELECT DISTINCT function_name, function_type FROM duckdb_functions() "
            "WHERE NOT internal AND schema_name = 'main' AND function_type LIKE '%macro' "
            "AND database_name = current_database()"
            ).fetchall():
        if name.lower() not in wanted:
            con.execute(f'DROP {"MACRO TABLE" if kind == "table_macro" else "MACRO"} '
                        f'IF EXISTS "{name}"')


@dataclass
class Upgrade:
    applied: list[Migration] = field(default_factory=list)
    rebuilt: bool = False
    backup: Path | None = None
    before: int | None = None


def init_schema(con: duckdb.DuckDBPyConnection) -> Upgrade:
    """Create the schema, or bring it to this release's: pending migrations in number order,
    then reference data, views and macros, in one transaction. Running it again changes
    nothing. A file written by a newer release is refused untouched (SchemaError)."""
    state = schema_state(con)
    if state.newer:
        raise SchemaError(state.problem() or "")
    report = Upgrade(before=state.applied)
    kind = kind_of(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER"
                    + kind.key() + ", applied_at TIMESTAMP NOT NULL)")
        done = {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
        if any(m.version not in done for m in migrations()):
            _drop_stale(con, set())   # migrations see tables only; the views come back below
        for migration in migrations():
            if migration.version in done:
                continue
            con.execute(kind.migration(migration.sql()))
            report.applied.append(migration)
        kind.after_migrations(con)
        named = "name" in {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'schema_version'").fetchall()}
        for migration in report.applied:
            con.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                        [migration.version, _now()])
        if named:
            for migration in migrations():
                con.execute("UPDATE schema_version SET name = ? WHERE version = ? AND name IS NULL",
                            [migration.name, migration.version])
        clocks_changed = refresh_reference_tables(con)
        files = build_order()
        _drop_stale(con, {name for f in files for name in f.defines})
        for f in files:
            con.execute(f.text)
        if clocks_changed or report.applied or state.built != state.fingerprint:
            rewrite_clocks(con)      # what they are worked out from, or how, may have changed
        if state.built != state.fingerprint or report.applied:
            con.execute("INSERT INTO schema_builds VALUES (?, ?, ?)",
                        [state.fingerprint, LATEST, _now()])
            report.rebuilt = True
            renewed(con)                # the views and macros pages read were made again
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


def backup_path(path: Path, version: int) -> Path:
    """Beside the file, named for the schema it held and when: assurance.schema-12.2026-11-22T2340.duckdb."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%S")
    return path.with_name(f"{path.stem}.schema-{version}.{stamp}{path.suffix or '.duckdb'}")


def upgrade_file(path: Path, connect: Callable[[Path], duckdb.DuckDBPyConnection]) -> Upgrade:
    """`assurance init`: create the schema in a new file, or upgrade an existing one after
    copying it beside itself. A newer file is refused and left as it was."""
    con = connect(path)
    try:
        state = schema_state(con)
        if state.newer:
            raise SchemaError(state.problem() or "")
        backup = None
        if not state.empty and state.applied != state.latest:
            con.execute("CHECKPOINT")
            con.close()
            backup = backup_path(path, state.applied or 0)
            shutil.copyfile(path, backup)
            os.chmod(backup, 0o600)          # the records it holds: its owner's only
            con = connect(path)
        report = init_schema(con)
        report.backup = backup
        return report
    finally:
        con.close()
