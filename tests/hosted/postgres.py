"""A real PostgreSQL server for the shared store's tests and the benchmark: Debian's
PostgreSQL, started by the product's own local set-up (`assurance.local_store`, which `make
hosted-store` runs) in a temporary folder on a free port, stopped and removed after."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

from assurance.local_store import BIN, start, stop

__all__ = ["BIN", "free_port", "postgres"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def postgres(database: str = "assurance") -> Iterator[str]:
    """A server holding an empty `database`; yields the shared store's setting for it."""
    if BIN is None:
        raise RuntimeError("PostgreSQL is not installed (Debian's postgresql package; .ci/run "
                           "installs it)")
    # a folder the postgres user can reach when this is root (pytest's are their owner's only)
    folder = Path(tempfile.mkdtemp(prefix="assurance-pg-"))
    if os.geteuid() == 0:
        folder.chmod(0o755)
    try:
        yield start(folder, free_port(), database=database, durable=False)
    finally:
        stop(folder, remove=True)
        shutil.rmtree(folder, ignore_errors=True)
