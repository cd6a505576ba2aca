"""National files in, and the local authorities each board covers: a published file, read
(`loaders.national_files.read_national`), stored whole in one transaction, replacing the same
kind's release loaded before; and a board's footprint, set whole, each code checked against the
local authorities of the files loaded. The tables are migration 24's; what is worked out from
them is `data_models.national_figures`'.

Both work on the embedded file and on the shared store alike: numbers come from `next_id`, and
every change is one transaction, so a failure leaves what was there before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
from collections.abc import Iterable

import duckdb
import pandas as pd

from access import boards_held
from data_models.filters import is_financial_year
from data_models.labels import plural
from data_models.national import (
    FIGURE_COLUMNS,
    KINDS,
    LEVELS,
    NEIGHBOUR_COLUMNS,
    STATES,
    THEME_SHARE_COLUMNS,
    NationalFile,
    NationalFileError,
    boundary_change,
)
from data_models.scope import Reader
from data_models.store.ids import next_id
from data_models.store.versions import changed, one_change

# Each frame of a read file, its table and its columns as the table types them.
_TABLES = (
    ("figures", "national_figures", FIGURE_COLUMNS,
     {"value": "DOUBLE", "rounded_to": "INTEGER"}),
    ("neighbours", "statistical_neighbours", NEIGHBOUR_COLUMNS, {"rank": "INTEGER"}),
    ("theme_shares", "national_theme_shares", THEME_SHARE_COLUMNS,
     {"share": "DOUBLE", "base_count": "INTEGER"}),
)
# The errors a value that the table cannot take raises, inside the transaction.
_BAD_VALUE = (duckdb.ConversionException, duckdb.ConstraintException,
              duckdb.InvalidInputException)


class FootprintError(ValueError):
    """A footprint that cannot be set as asked; the message is one line, saying what to do."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the transaction; one that failed as it committed (another instance wrote to the
    shared store at the same moment) is already undone."""
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")


# -- a release --------------------------------------------------------------------------------

def check_release(national_file: NationalFile) -> None:
    """What the tables hold by rule, refused before anything is stored: a kind the product
    knows, a release, each frame's columns, and in the figures a financial year, a level and a
    state for each, with a value only where a figure is shown (a symbol is never 0)."""
    name = national_file.file_name
    if national_file.kind not in KINDS:
        raise NationalFileError(f"{name}: '{national_file.kind}' is not a kind of national file "
                                f"the product knows ({', '.join(KINDS)}); nothing was stored.")
    if not str(national_file.release).strip():
        raise NationalFileError(f"{name}: the file's release is not known: give it with "
                                "--release (for example 2025); nothing was stored.")
    for attribute, _table, columns, _types in _TABLES:
        frame = getattr(national_file, attribute)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise NationalFileError(f"{name}: its {attribute.replace('_', ' ')} lack "
                                    f"{', '.join(missing)}; nothing was stored.")
    figures = national_file.figures
    checks = (
        (~figures["year"].map(lambda y: isinstance(y, str) and is_financial_year(y)),
         "year", "is not a financial year such as 2023-24"),
        (~figures["level"].isin(LEVELS), "level", f"is not one of {', '.join(LEVELS)}"),
        (~figures["state"].isin(list(STATES)), "state", f"is not one of {', '.join(STATES)}"),
        ((figures["state"] != "shown") & figures["value"].notna(), "value",
         "is given for a figure the publisher did not show (a symbol is never a value)"),
        ((figures["state"] == "shown") & figures["value"].isna(), "value",
         "is missing for a figure shown"),
    )
    for bad, column, why in checks:
        if bool(bad.any()):
            first = figures[bad].iloc[0]
            raise NationalFileError(f"{name}: the {column} of {plural(int(bad.sum()), 'figure')} "
                                    f"{why} (the first: {first['measure']}, {first['year']!s}, "
                                    f"{first['area_name']}: {first[column]!r}); nothing was "
                                    "stored.")


def _insert(con: duckdb.DuckDBPyConnection, release_id: int, table: str,
            columns: Iterable[str], types: dict[str, str], frame: pd.DataFrame) -> None:
    """A frame's rows into its table, read in place and typed as the table types them."""
    if frame.empty:
        return
    listed = list(columns)
    view = f"incoming_{table}"
    rows = frame[listed].astype(object)
    con.register(view, rows.where(rows.notna(), None))     # a gap is NULL, never NaN
    try:
        cast = ", ".join(f'CAST("{c}" AS {types.get(c, "VARCHAR")})' for c in listed)
        names = ", ".join(f'"{c}"' for c in listed)
        con.execute(f"INSERT INTO {table} (release_id, {names}) "  # noqa: S608
                    f"SELECT ?, {cast} FROM {view}", [release_id])
    finally:
        with contextlib.suppress(duckdb.TransactionException):   # rolled back after
            con.unregister(view)


def store_release(con: duckdb.DuckDBPyConnection, national_file: NationalFile,
                  loaded_by: str | None) -> str:
    """Store a national file read, in one transaction: its release, figures, neighbours and
    theme shares. The same kind's release loaded before is replaced whole (nothing of it is
    kept). Returns what was stored, in one line."""
    check_release(national_file)
    kind, release = national_file.kind, str(national_file.release).strip()
    rows = sum(len(getattr(national_file, attribute)) for attribute, *_ in _TABLES)
    con.execute("BEGIN TRANSACTION")
    try:
        before = con.execute("SELECT release_id, loaded_at, loaded_by FROM national_releases "
                             "WHERE kind = ? AND release = ? ORDER BY loaded_at",
                             [kind, release]).fetchall()
        for release_id, *_ in before:
            for _attribute, table, *_rest in _TABLES:
                con.execute(f"DELETE FROM {table} WHERE release_id = ?",  # noqa: S608
                            [release_id])
            con.execute("DELETE FROM national_releases WHERE release_id = ?", [release_id])
        release_id = next_id(con, "national_release_id_seq")
        con.execute("INSERT INTO national_releases (release_id, kind, release, source, "
                    "file_name, synthetic, loaded_by, loaded_at, row_count) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [release_id, kind, release, national_file.source, national_file.file_name,
                     bool(national_file.synthetic), loaded_by, _now(), rows])
        for attribute, table, columns, types in _TABLES:
            _insert(con, release_id, table, columns, types, getattr(national_file, attribute))
        changed(con)
        con.execute("COMMIT")
    except _BAD_VALUE as error:
        _rollback(con)
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NationalFileError(f"{national_file.file_name}: a value could not be stored "
                                f"({first}); nothing was stored.") from None
    except BaseException:
        _rollback(con)
        raise
    return _stored_line(national_file, before)


def _stored_line(national_file: NationalFile, before: list[tuple[object, ...]]) -> str:
    """What was stored, in words: the file's source, what it held, and what it replaced."""
    held = []
    figures = national_file.figures
    if len(figures):
        years = sorted(figures["year"].unique())
        span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
        held.append(f"{plural(len(figures), 'figure')} for {span}")
    if len(national_file.neighbours):
        authorities = national_file.neighbours["old_la_code"].nunique()
        held.append("the statistical neighbours of "
                    + plural(authorities, "local authority", "local authorities"))
    if len(national_file.theme_shares):
        held.append(plural(len(national_file.theme_shares), "national theme share"))
    replaced = ""
    if before:
        _id, when, who = before[-1]
        replaced = (f" (replacing the release loaded on {when:%d/%m/%Y %H:%M}"
                    + (f" by {who}" if who else "") + ")")
    synthetic = " It is synthetic: invented for the demo, not a published figure." \
        if national_file.synthetic else ""
    return (f"Stored {national_file.source} ({national_file.file_name}): "
            f"{' and '.join(held) or 'nothing but its release'}{replaced}.{synthetic}")


def releases(db: Reader) -> pd.DataFrame:
    """The national releases loaded (public figures: the same for every person), by kind, with
    the years their figures cover."""
    return db.frame(
        "WITH spans AS (SELECT release_id, min(year) AS first_year, max(year) AS last_year "
        "FROM national_figures GROUP BY release_id) "
        "SELECT r.release_id, r.kind, r.release, r.source, r.file_name, r.synthetic, "
        "r.loaded_by, r.loaded_at, r.row_count, s.first_year, s.last_year "
        "FROM national_releases AS r LEFT JOIN spans AS s USING (release_id) "
        "ORDER BY list_position($kinds, r.kind), r.release, r.release_id", kinds=list(KINDS))


# -- a board's footprint ------------------------------------------------------------------------

def _authority(con: duckdb.DuckDBPyConnection, code: str) -> tuple[str, str | None, str]:
    """The local authority a code names (its ONS code, three-digit code and name, from the
    latest release that lists it), or a refusal in one line."""
    wanted = code.strip().upper()
    change = boundary_change(wanted)
    if change is not None:
        raise FootprintError(f"{code} is {change.name}, which no longer exists: from "
                             f"{change.when} it is {change.successors_in_words()}. Give the "
                             "code of each the board covers.")
    found = con.execute(
        "SELECT area_code, old_la_code, area_name FROM national_figures "
        "JOIN national_releases USING (release_id) WHERE level = 'local_authority' "
        "AND (upper(area_code) = $code OR upper(old_la_code) = $code) "
        "ORDER BY release DESC, loaded_at DESC, release_id DESC LIMIT 1",
        {"code": wanted}).fetchall()
    if found:
        new, old, name = found[0]
        return str(new), (str(old) if old else None), str(name)
    neighbour = con.execute(
        "SELECT la_name FROM statistical_neighbours WHERE upper(old_la_code) = $code "
        "UNION ALL SELECT neighbour_name FROM statistical_neighbours "
        "WHERE upper(neighbour_old_la_code) = $code LIMIT 1", {"code": wanted}).fetchall()
    if neighbour:
        raise FootprintError(f"{code} ({neighbour[0][0]}) is only in the statistical "
                             "neighbours file, which gives no ONS code: load a file of figures "
                             "that lists it (the serious incident notifications or children in "
                             "need file), then set the footprint.")
    known = sorted(str(r[0]) for r in con.execute(
        "SELECT DISTINCT area_code FROM national_figures WHERE level = 'local_authority' "
        "UNION SELECT DISTINCT old_la_code FROM national_figures "
        "WHERE level = 'local_authority' AND old_la_code IS NOT NULL").fetchall())
    near = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    hint = f" Did you mean {near[0]}?" if near else ""
    raise FootprintError(f"{code} is not a local authority in the national files loaded: give "
                         "its ONS code (E06000063) or DfE's three-digit code (942)." + hint)


def set_footprint(con: duckdb.DuckDBPyConnection, board: str, codes: Iterable[str],
                  set_by: str | None) -> str:
    """Set the local authorities a board covers, whole (what it covered before is replaced),
    by their ONS or three-digit codes, each checked against the local authorities of the
    files loaded. Returns the footprint set, in one line."""
    asked = [c for c in (str(c).strip() for c in codes) if c]
    if not asked:
        raise FootprintError(f"Name at least one local authority {board} covers, by its ONS "
                             "code (E06000063) or DfE's three-digit code (942); to clear the "
                             "footprint, clear it instead.")
    if board not in boards_held(con):
        raise FootprintError(f"'{board}': the data holds no board of that name. Load its "
                             "records first, or check the name.")
    if not con.execute("SELECT count(*) FROM national_figures").fetchall()[0][0]:
        raise FootprintError("Load a national file first: a footprint's codes are checked "
                             "against the local authorities of the files loaded (assurance "
                             "national load FILE, or the Upload page).")
    authorities: dict[str, tuple[str, str | None, str]] = {}
    for code in asked:
        new, old, name = _authority(con, code)
        authorities.setdefault(new, (new, old, name))
    when = _now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM board_footprints WHERE board = ?", [board])
        for new, old, name in authorities.values():
            con.execute("INSERT INTO board_footprints (board, la_code, old_la_code, la_name, "
                        "set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)",
                        [board, new, old, name, set_by, when])
        changed(con, [board])
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise
    named = [f"{name} ({new})" for new, _old, name in sorted(authorities.values(),
                                                             key=lambda a: a[2])]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return (f"{board}'s footprint is {plural(len(named), 'local authority', 'local authorities')}"
            f": {listed}.")


def clear_footprint(con: duckdb.DuckDBPyConnection, board: str) -> str:
    """Clear a board's footprint (its national figures are then England's alone)."""
    held = con.execute("SELECT count(*) FROM board_footprints WHERE board = ?",
                       [board]).fetchall()[0][0]
    if not held:
        raise FootprintError(f"{board} has no footprint to clear.")
    with one_change(con):
        con.execute("DELETE FROM board_footprints WHERE board = ?", [board])
        changed(con, [board])
    return (f"Cleared {board}'s footprint ("
            f"{plural(int(held), 'local authority', 'local authorities')}).")


def footprints(db: Reader) -> pd.DataFrame:
    """The footprints of the reader's boards: each board's local authorities, who set them and
    when."""
    return db.frame("SELECT board, la_code, old_la_code, la_name, set_by, set_at "
                    "FROM board_footprints WHERE in_scope($scope, board) "
                    "ORDER BY board, la_name")
