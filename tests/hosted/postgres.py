"""A real PostgreSQL server for the shared store's tests: Debian's PostgreSQL, started in a
temporary folder on a free port (as the `postgres` user when run as root), stopped after."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

BIN = next((p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
            if (p / "initdb").exists()), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@contextlib.contextmanager
def postgres(database: str = "assurance") -> Iterator[str]:
    """A server holding an empty `database`; yields the shared store's setting for it."""
    if BIN is None:
        raise RuntimeError("PostgreSQL is not installed (Debian's postgresql package; .ci/run "
                           "installs it)")
    # a folder of its own the postgres user can reach (pytest's are its owner's only)
    data = Path(tempfile.mkdtemp(prefix="assurance-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(_as_postgres([str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U",
                                 "assurance", "--no-sync"]),
                   check=True, capture_output=True)
    subprocess.run(_as_postgres([str(BIN / "pg_ctl"), "-D", str(data), "-w", "-l",
                                 str(data / "log"), "-o",
                                 f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off",
                                 "start"]), check=True, capture_output=True)
    try:
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "assurance", "-d",
                        "postgres", "-c", f"CREATE DATABASE {database}"],
                       check=True, capture_output=True)
        yield f"ducklake:postgres:dbname={database} host=127.0.0.1 port={port} user=assurance"
    finally:
        subprocess.run(_as_postgres([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                     "stop"]), capture_output=True)
        shutil.rmtree(data, ignore_errors=True)
