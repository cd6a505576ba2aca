"""A PostgreSQL server on this machine for the shared store's catalog, in a folder of its own:
the local hosted set-up the README gives (`make hosted-store`, then `make hosted-run`), and the
server the hosted tests and the benchmark start.

It is Debian's PostgreSQL (the `postgresql` package), listening on 127.0.0.1 only, with one
role, `assurance`, that needs no password from this machine (trust on 127.0.0.1 and the
folder's own socket, nowhere else). PostgreSQL will not run as root: run as root, it runs as
the `postgres` user, which then owns its folder and must pass through the folders above it.
The folder is made readable by its owner only, as the product keeps data/ (the database of
every board is there); run as root, a private folder of this checkout on the way (data/,
data/hosted) is given to the postgres user's group with permission to pass through only, so
postgres reaches its own folder and can neither list the others nor open the files in them
(each is its owner's only); users outside that group gain nothing. Any other folder in
the way that postgres cannot pass is refused, never changed.

    python -m assurance.local_store start FOLDER PORT     # started (or left running)
    python -m assurance.local_store stop FOLDER
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

BIN = next((p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
            if (p / "initdb").exists()), None)
ROLE = "assurance"
DATABASE = "assurance"


class LocalStoreError(Exception):
    """The local PostgreSQL cannot be made or started; one line says why and what to do."""


def _as_postgres(args: list[str]) -> list[str]:
    """A command as the `postgres` user when this is root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


def _run(args: list[str], what: str) -> None:
    done = subprocess.run(_as_postgres(args), capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()
        raise LocalStoreError(f"{what} failed: {last[-1] if last else 'no message'}")


def _down_to(folder: Path) -> list[Path]:
    """The folders from the root down to `folder`."""
    return [*reversed(folder.parents), folder]


def _made_private(folder: Path) -> list[Path]:
    """Make `folder` and each missing folder above it, readable by their owner only; the
    folders made."""
    made = []
    for part in _down_to(folder):
        if not part.exists():
            part.mkdir(mode=0o700)
            made.append(part)
    return made


def _postgres_passes(folder: Path) -> bool:
    return subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(folder)],
                          capture_output=True).returncode == 0


def _let_postgres_pass(parts: list[Path], made: list[Path], cluster: Path) -> None:
    """Run as root: let the postgres user pass through each of `parts` (top down) on its way
    to `cluster`. A private folder this product keeps (inside the current folder, as data/ is,
    or just made) is given to postgres's group with permission to pass through only
    (drwx--x---); any other folder postgres cannot pass is refused, and left as it is."""
    here = Path.cwd().resolve()
    group = pwd.getpwnam("postgres").pw_gid
    for part in parts:
        if _postgres_passes(part):
            continue
        held = part.stat()
        ours = part in made or (part.is_relative_to(here) and part != here)
        if not ours or held.st_uid != os.geteuid() or stat.S_IMODE(held.st_mode) & 0o077:
            raise LocalStoreError(
                f"{part}: run as root, PostgreSQL runs as the postgres user, which cannot pass "
                f"through this folder to {cluster}, and this folder is not one the product "
                "keeps, so it is left as it is: give HOSTED_DIR a folder postgres can reach, "
                "or run as an ordinary user.")
        os.chown(part, -1, group)
        part.chmod(0o710)


def setting(port: int, database: str = DATABASE) -> str:
    """The shared store's setting (ASSURANCE_STORE) for a database of this server."""
    return f"ducklake:postgres:dbname={database} host=127.0.0.1 port={port} user={ROLE}"


def running(cluster: Path) -> bool:
    if not (cluster / "PG_VERSION").exists() or BIN is None:
        return False
    return subprocess.run(_as_postgres([str(BIN / "pg_ctl"), "-D", str(cluster), "status"]),
                          capture_output=True).returncode == 0


def start(folder: Path, port: int, *, database: str = DATABASE, durable: bool = True) -> str:
    """Make the server in `folder/postgres` if it is not there, start it on `port` unless it
    is running, and create `database`; the shared store's setting for it. `durable=False`
    (tests) skips syncing to disk."""
    if BIN is None:
        raise LocalStoreError("PostgreSQL is not installed: apt-get install postgresql (Debian's "
                              "package; .ci/run installs it).")
    if not 0 < port < 65536:
        raise LocalStoreError(f"{port} is not a port.")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", database):
        raise LocalStoreError(f"{database[:70]!r} is not a database name this set-up makes.")
    cluster = folder.absolute() / "postgres"
    real = folder.resolve()          # the folders themselves, not a link's or a `..`'s names
    if os.geteuid() == 0:            # a folder in the way is refused before anything is made
        _let_postgres_pass([p for p in _down_to(real) if p.exists()], [], cluster)
    made = _made_private(real)
    if os.geteuid() == 0:
        _let_postgres_pass(made, made, cluster)
    if not (cluster / "PG_VERSION").exists():
        cluster.mkdir(mode=0o700, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(cluster, "postgres")
            if subprocess.run(["runuser", "-u", "postgres", "--", "test", "-w", str(cluster)],
                              capture_output=True).returncode != 0:
                raise LocalStoreError(
                    f"{cluster}: run as root, PostgreSQL runs as the postgres user, which cannot "
                    "reach this folder: run as an ordinary user, or give a folder it can reach.")
        _run([str(BIN / "initdb"), "-D", str(cluster), "-A", "trust", "-U", ROLE,
              *([] if durable else ["--no-sync"])], "initdb")
    if not running(cluster):
        options = f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1"
        if not durable:
            options += " -c fsync=off"
        _run([str(BIN / "pg_ctl"), "-D", str(cluster), "-w", "-l", str(cluster / "log"), "-o",
              options, "start"], f"starting PostgreSQL on port {port} (its log: {cluster}/log)")
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", ROLE, "-d", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{database}'"],  # noqa: S608 (checked)
        capture_output=True, text=True)
    if exists.returncode != 0:
        raise LocalStoreError(f"PostgreSQL in {cluster} does not answer on port {port}: is it "
                              "running on another port? Stop it (python -m "
                              "assurance.local_store stop FOLDER) and start it again.")
    if exists.stdout.strip() != "1":
        _run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", ROLE, "-d", "postgres", "-c",
              f"CREATE DATABASE {database}"], f"creating the database {database}")
    return setting(port, database)


def stop(folder: Path, *, remove: bool = False) -> None:
    """Stop the server in `folder/postgres` (at once: every commit is already on disk), and
    with `remove`, delete its folder."""
    cluster = folder.absolute() / "postgres"
    if running(cluster):
        assert BIN is not None
        _run([str(BIN / "pg_ctl"), "-D", str(cluster), "-m", "fast", "stop"],
             "stopping PostgreSQL")
    if remove:
        shutil.rmtree(cluster, ignore_errors=True)


def main(argv: list[str]) -> int:
    usage = ("usage: python -m assurance.local_store start FOLDER PORT | stop FOLDER")
    try:
        if len(argv) == 3 and argv[0] == "start" and argv[2].isdigit():
            store = start(Path(argv[1]), int(argv[2]))
            print(f"PostgreSQL for the shared store's catalog is running in "
                  f"{Path(argv[1]).absolute() / 'postgres'} on 127.0.0.1:{argv[2]}.\n"
                  f'ASSURANCE_STORE="{store}"')
            return 0
        if len(argv) == 2 and argv[0] == "stop":
            stop(Path(argv[1]))
            print(f"PostgreSQL in {Path(argv[1]).absolute() / 'postgres'} is stopped.")
            return 0
    except LocalStoreError as error:
        print(f"assurance: {error}", file=sys.stderr)
        return 2
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
