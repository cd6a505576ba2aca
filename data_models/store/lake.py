"""The shared store: DuckLake, with its catalog in PostgreSQL and its data files in a shared
folder, so that several instances read and write the same data with snapshot isolation.
Unset, the product uses the embedded DuckDB file as before.

One setting selects it: `--store` / ASSURANCE_STORE holds DuckLake's own connection string
(`ducklake:postgres:dbname=assurance host=127.0.0.1 port=5432 user=assurance`), and
`--data-path` / ASSURANCE_DATA_PATH the folder of its data files. The PostgreSQL password
comes from the environment (PGPASSWORD) or libpq's password file, never from the setting
(which messages repeat). Anything in doubt is refused in one line.

DuckDB 2.x cannot load the DuckLake extension (its wheels stop at 1.5.5, and loading them
into 2.0.1 kills the process), so the shared store runs in an environment with DuckDB 1.5.5
and the extension wheels (`pip install -e '.[hosted]'`, `make hosted`); the README records
that decision and its cost.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from data_models.config_errors import ConfigError

LAKE = "lake"                                  # the name the catalog is attached as
PINNED = "assurance_snapshot"                  # the variable naming a connection's snapshot
PREFIX = "ducklake:postgres:"
KEYS = ("dbname", "host", "port", "user", "sslmode")
LAKE_DUCKDB = "1.5."                           # the releases whose DuckLake wheels exist
_PAIR = re.compile(r"^([a-z_]+)=(\S+)$")


class StoreError(ConfigError):
    """The shared store's setting is in doubt, or it cannot be opened; one line."""


@dataclass(frozen=True)
class LakeSetting:
    catalog: str                               # ducklake:postgres:dbname=... host=...
    data_path: str

    @property
    def where(self) -> str:
        """The store in words, for messages (it holds no password)."""
        return f"the shared store {self.catalog}"


def lake_setting(store: str | None = None, data_path: str | None = None) -> LakeSetting | None:
    """The shared store the arguments or environment name, checked; None for the embedded
    file."""
    text = (store or os.environ.get("ASSURANCE_STORE") or "").strip()
    path = (data_path or os.environ.get("ASSURANCE_DATA_PATH") or "").strip()
    if not text:
        if path:
            raise StoreError("ASSURANCE_DATA_PATH (--data-path) is set but ASSURANCE_STORE "
                             "(--store) is not: set both for the shared store, or neither for "
                             "the embedded file.")
        return None
    if not text.startswith(PREFIX):
        raise StoreError(f"ASSURANCE_STORE (--store) must be DuckLake's connection string for a "
                         f"PostgreSQL catalog, starting {PREFIX} (for example "
                         f"{PREFIX}dbname=assurance host=127.0.0.1 port=5432 user=assurance).")
    given: dict[str, str] = {}
    for part in text[len(PREFIX):].split():
        match = _PAIR.match(part)
        if not match:
            raise StoreError(f"ASSURANCE_STORE (--store): '{part[:40]}' is not name=value.")
        name, value = match.groups()
        if name == "password":
            raise StoreError("ASSURANCE_STORE (--store) holds a password: take it out and give "
                             "it in PGPASSWORD (or a .pgpass file), so that it is never shown.")
        if name not in KEYS:
            raise StoreError(f"ASSURANCE_STORE (--store): '{name}' is not a setting this product "
                             f"uses; use {', '.join(KEYS)}.")
        given[name] = value
    if "dbname" not in given:
        raise StoreError("ASSURANCE_STORE (--store) names no database: add dbname=NAME.")
    if "port" in given and not (given["port"].isdigit() and 0 < int(given["port"]) < 65536):
        raise StoreError(f"ASSURANCE_STORE (--store): port={given['port'][:20]} is not a port.")
    if not path:
        raise StoreError("ASSURANCE_STORE (--store) is set but ASSURANCE_DATA_PATH (--data-path) "
                         "is not: name the folder every instance keeps the data files in.")
    if "'" in text or "'" in path:
        raise StoreError("ASSURANCE_STORE and ASSURANCE_DATA_PATH may not hold a quote.")
    return LakeSetting(PREFIX + " ".join(f"{k}={v}" for k, v in given.items()),
                       str(Path(path).absolute()) + os.sep)


def open_lake(setting: LakeSetting, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection with the shared store attached and in use (read-only as it stood at
    `snapshot`, when one is given); a StoreError in one line when this environment cannot
    load DuckLake, the catalog cannot be reached or there is no such snapshot."""
    if not duckdb.__version__.startswith(LAKE_DUCKDB):
        raise StoreError(f"The shared store needs DuckDB 1.5.5 with its DuckLake extension; this "
                         f"environment has DuckDB {duckdb.__version__}, which cannot load it. "
                         "Use the hosted environment: make hosted (see the README, Hosting for "
                         "several boards).")
    try:
        import duckdb_extensions
    except ImportError:
        raise StoreError("The shared store needs the DuckLake extension wheels: pip install "
                         "-e '.[hosted]' (make hosted does).") from None
    Path(setting.data_path).mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        for extension in ("postgres_scanner", "ducklake"):
            duckdb_extensions.import_extension(extension, con=con)
        at = f", SNAPSHOT_VERSION {int(snapshot)}" if snapshot is not None else ""
        con.execute(f"ATTACH '{setting.catalog}' AS {LAKE} (DATA_PATH '{setting.data_path}'{at})")
        use(con, snapshot)
    except duckdb.Error as error:
        con.close()
        raise StoreError(f"{setting.where} cannot be opened: {_reason(str(error))}") from None
    return con


def use(con: duckdb.DuckDBPyConnection, snapshot: int | None = None) -> None:
    """Work in the store on this connection or cursor (each starts in the in-memory catalog),
    noting the snapshot it was attached at, if any, for the data version exports state."""
    con.execute(f"USE {LAKE}")
    if snapshot is not None:
        con.execute(f"SET VARIABLE {PINNED} = {int(snapshot)}")


def newest_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """The store's newest snapshot: every commit, by any instance, makes one."""
    return int(con.execute("SELECT max(snapshot_id) FROM ducklake_snapshots(?)",
                           [LAKE]).fetchall()[0][0])


def _reason(text: str) -> str:
    """DuckDB's error, as one line: PostgreSQL's own words where it did not answer."""
    if "Unable to connect to Postgres" in text and " failed: " in text:
        said = text.split(" failed: ", 1)[1].split("\n")[0].strip()
        return (f"could not connect to PostgreSQL ({said[:200]}). Is it running, and are host, "
                "port and user right? (make hosted-store starts the local one.)")
    return text.splitlines()[0][:300]


MIN_ORPHAN_HOURS = 1.0         # younger files may be a store another instance is writing


def orphaned_files(con: duckdb.DuckDBPyConnection, setting: LakeSetting,
                   older_than_hours: float, *, delete: bool) -> list[tuple[str, int]]:
    """The data files (Parquet) in the store's folder that no snapshot names (a store killed
    half-way leaves the files it had begun), last written more than `older_than_hours` ago
    (at least an hour, so that a store another instance is writing now is never touched);
    with `delete`, exactly those removed. Each with its size in bytes. Nothing else in the
    folder is touched."""
    if older_than_hours < MIN_ORPHAN_HOURS:
        raise StoreError(f"Only files older than {MIN_ORPHAN_HOURS:g} "
                         f"{'hour' if MIN_ORPHAN_HOURS == 1 else 'hours'} may be deleted: a "
                         "younger one may be a store another instance is writing now.")
    root = os.path.realpath(setting.data_path)
    found = con.execute(
        f"SELECT path FROM ducklake_delete_orphaned_files('{LAKE}', dry_run => true, "  # noqa: S608 (a constant)
        "older_than => now() - to_microseconds(CAST(? * 3600e6 AS BIGINT)))",
        [older_than_hours]).fetchall()
    listed = [os.path.realpath(path) for (path,) in found]
    files = [(path, os.path.getsize(path)) for path in listed
             if path.endswith(".parquet") and path.startswith(root + os.sep)
             and os.path.isfile(path)]
    if delete:
        for path, _ in files:
            os.remove(path)
    return files


def forget_earlier_snapshots(con: duckdb.DuckDBPyConnection) -> int:
    """After personal data is removed from the store: rewrite every data file that still holds
    a removed or replaced row (DuckLake marks rows deleted beside the file), expire every
    snapshot before the newest and delete the files only they named, so that the removed values
    can be read back neither at an earlier version nor from the files. How many snapshots were
    expired."""
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = ? "
                                "AND schema_name = 'main'", [LAKE]).fetchall():
        con.execute(f"CALL ducklake_rewrite_data_files('{LAKE}', ?, delete_threshold => 0)",
                    [table])
    newest = con.execute(f"SELECT snapshot_time FROM ducklake_snapshots('{LAKE}') "  # noqa: S608 (a constant)
                         "ORDER BY snapshot_id DESC LIMIT 1").fetchall()[0][0]
    expired = con.execute(f"SELECT count(*) FROM ducklake_expire_snapshots('{LAKE}', "  # noqa: S608 (a constant)
                          "older_than => ?)", [newest]).fetchall()[0][0]
    con.execute(f"CALL ducklake_cleanup_old_files('{LAKE}', cleanup_all => true)")
    return int(expired)


def is_conflict(error: BaseException) -> bool:
    """Whether an error is the shared store refusing a commit because another instance wrote
    the same table at the same moment (nothing of the transaction was kept)."""
    return isinstance(error, duckdb.TransactionException) and "conflict" in str(error).lower()


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the connection works on the shared store (and so has no sequences, keys or
    RETURNING)."""
    return bool(con.execute("SELECT current_database()").fetchall()[0][0] == LAKE)


_COMMENT = re.compile(r"--[^\n]*")
_SEQUENCE = re.compile(r"CREATE\s+SEQUENCE[^;]*;", re.IGNORECASE)
_NEXTVAL = re.compile(r"DEFAULT\s+nextval\('[a-z_]+'\)", re.IGNORECASE)
_KEY = re.compile(r"\s+PRIMARY\s+KEY(?!\s*\()", re.IGNORECASE)
_TABLE_KEY = re.compile(r",\s*(?:PRIMARY\s+KEY|UNIQUE)\s*\([^)]*\)", re.IGNORECASE)


def for_lake(sql: str) -> str:
    """A migration as the shared store takes it: DuckLake keeps no sequences, primary keys or
    unique constraints, so they are left out (ids come from `next_id`, and the store refuses
    repeated keys itself)."""
    bare = _COMMENT.sub("", sql)        # (no migration writes '--' inside a string)
    return _TABLE_KEY.sub("", _KEY.sub("", _NEXTVAL.sub("", _SEQUENCE.sub("", bare))))
