"""Which data a figure was computed from, so that an export can be made again later.

On the shared store it is DuckLake's snapshot: every commit makes one, and the store can be
read as it stood at any of them (`open_lake(..., snapshot=N)`), so `--snapshot N` reproduces
an export exactly after later uploads. In the embedded file it is the last upload stored: the
file keeps only the latest records, so an export can be made again exactly only while no
later upload has been stored, and asking for an older one is refused (the README says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb

from data_models.config_errors import ConfigError
from data_models.lake import LAKE, is_lake

PINNED = "assurance_snapshot"        # the variable set on a connection opened at a snapshot


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
        return Marker("snapshot", int(con.execute(
            "SELECT max(snapshot_id) FROM ducklake_snapshots(?)", [LAKE]).fetchall()[0][0]))
    last = con.execute("SELECT coalesce(max(upload_id), 0) FROM uploads "
                       "WHERE outcome <> 'rejected'").fetchall()[0][0]
    return Marker("upload", int(last))


def check_file_marker(con: duckdb.DuckDBPyConnection, asked: int) -> None:
    """In the embedded file, the data of upload `asked` can be read only while it is the last
    stored."""
    last = marker(con).number
    if asked == last:
        return
    if asked > last:
        raise NotReproducible(f"--snapshot {asked}: the last upload stored is {last}.")
    raise NotReproducible(
        f"--snapshot {asked}: upload {last} has been stored since upload {asked}, and the "
        "embedded file keeps only the latest records, so the figures as they stood at upload "
        f"{asked} cannot be made again. The shared store keeps every snapshot (README: "
        "Hosting for several boards).")
