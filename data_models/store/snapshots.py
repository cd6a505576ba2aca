"""Which data a figure was computed from, so that an export can be made again later.

On the shared store it is DuckLake's snapshot: every commit makes one, and the store can be
read as it stood at any of them (`open_lake(..., snapshot=N)`), so `--snapshot N` reproduces
an export exactly after later uploads. In the embedded file it is the last upload stored: the
file keeps only the latest records, so an export can be made again exactly only while no
later upload has been stored, and asking for an older one is refused (the README says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import duckdb

from data_models.config_errors import ConfigError
from data_models.store.lake import LAKE, PINNED, is_lake, newest_snapshot


class NotReproducible(ConfigError):
    """The data as it stood then cannot be read again; one line says why."""


@dataclass(frozen=True)
class Marker:
    kind: Literal["snapshot", "upload"]
    number: int

    def words(self) -> str:
        """The marker as an export states it (a reader needs no upload numbers: data version)."""
        if self.kind == "snapshot":
            return f"data version {self.number} (a snapshot of the shared store)"
        return f"data version {self.number} (the embedded file's last stored extract)"

    def again(self) -> str:
        """How to make the same export again from the same data."""
        return f"--snapshot {self.number}"


def marker(con: duckdb.DuckDBPyConnection) -> Marker:
    """The data this connection reads: the store's snapshot, or the file's last upload."""
    if is_lake(con):
        pinned = con.execute(f"SELECT getvariable('{PINNED}')").fetchall()[0][0]
        if pinned is not None:
            return Marker("snapshot", int(pinned))
        return Marker("snapshot", newest_snapshot(con))
    last = con.execute("SELECT coalesce(max(upload_id), 0) FROM uploads "
                       "WHERE outcome <> 'rejected'").fetchall()[0][0]
    return Marker("upload", int(last))


def stored_words(con: duckdb.DuckDBPyConnection, data: Marker) -> str:
    """The data version in a reader's words: "data as stored at 08:39 on 07/12/2026" (UTC),
    the time its snapshot was made or its last upload stored."""
    if data.kind == "snapshot":
        made = _snapshot_time(con, data.number)
    else:
        rows = con.execute("SELECT received_at FROM uploads WHERE upload_id = ?",
                           [data.number]).fetchall()
        made = _utc(rows[0][0]) if rows and rows[0][0] is not None else None
    if made is None:
        return "data as held, which no upload has changed"
    return f"data as stored at {made:%H:%M} on {made:%d/%m/%Y} (UTC)"


def _utc(made: dt.datetime) -> dt.datetime:
    return made.astimezone(dt.UTC) if made.tzinfo is not None else made


def _snapshot_time(con: duckdb.DuckDBPyConnection, snapshot: int) -> dt.datetime | None:
    """When the shared store's snapshot was made (UTC); None in the file, or no such one."""
    if not is_lake(con):
        return None
    rows = con.execute("SELECT snapshot_time FROM ducklake_snapshots(?) WHERE snapshot_id = ?",
                       [LAKE, snapshot]).fetchall()
    return _utc(rows[0][0]) if rows and rows[0][0] is not None else None


def check_file_marker(con: duckdb.DuckDBPyConnection, asked: int,
                      label: str | None = None) -> None:
    """In the embedded file, the data of upload `asked` can be read only while it is the last
    stored. `label` names what asked, in the refusal (the command line's flag by default)."""
    said = label or f"--snapshot {asked}"
    last = marker(con).number
    if asked == last:
        return
    if asked > last:
        raise NotReproducible(f"{said}: the last upload stored is {last}.")
    raise NotReproducible(
        f"{said}: upload {last} has been stored since upload {asked}, and the "
        "embedded file keeps only the latest records, so the figures as they stood at upload "
        f"{asked} cannot be made again. The shared store keeps every snapshot (README: "
        "Hosting for several boards).")


def check_snapshot(con: duckdb.DuckDBPyConnection, asked: int,
                   label: str | None = None) -> None:
    """Whether the data as it stood at `asked` can be read and give the figures it gave: a
    snapshot the shared store still keeps (removing personal data retires every earlier one),
    made under the schema and views this release reads; or the embedded file's last upload
    only."""
    said = label or f"--snapshot {asked}"
    if not is_lake(con):
        check_file_marker(con, asked, label)
        return
    kept = [row[0] for row in con.execute(
        "SELECT snapshot_id FROM ducklake_snapshots(?) WHERE snapshot_id > 0 "   # 0: no tables
        "ORDER BY snapshot_id", [LAKE]).fetchall()]
    if asked not in kept:
        if 0 < asked < kept[0]:
            raise NotReproducible(
                f"{said}: that version was retired when personal data was removed from the "
                f"shared store (privacy-scan), so it cannot be made again; the versions kept "
                f"run from {kept[0]} to {kept[-1]}.")
        raise NotReproducible(f"{said}: the shared store's snapshots run from {kept[0]} to "
                              f"{kept[-1]}.")
    if _schema_at(con, asked) != _schema_at(con, None):
        raise NotReproducible(
            f"{said}: that version was stored before the store's last upgrade (assurance init), "
            "and this release's figures are worked out differently, so it cannot be made again "
            "exactly.")


def _schema_at(con: duckdb.DuckDBPyConnection, snapshot: int | None) -> tuple[object, ...]:
    """The schema version and the views' build the store had at a snapshot (None: now)."""
    at = f" AT (VERSION => {int(snapshot)})" if snapshot is not None else ""
    try:
        version = con.execute(f"SELECT max(version) FROM schema_version{at}").fetchall()[0][0]  # noqa: S608 (a number)
        build = con.execute(f"SELECT max_by(fingerprint, built_at) FROM schema_builds{at}"  # noqa: S608 (a number)
                            ).fetchall()[0][0]
    except duckdb.Error:                # no schema yet at that snapshot
        return (None, None)
    return (version, build)


def taken_at(con: duckdb.DuckDBPyConnection, snapshot: int) -> str | None:
    """When the shared store's snapshot was made (dd/mm/yyyy hh:mm, UTC); None in the file."""
    made = _snapshot_time(con, snapshot)
    return f"{made:%d/%m/%Y %H:%M} UTC" if made is not None else None
