"""A person's scope: made here and nowhere else (a test over the source holds it)."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from access.people import Access, may_see_records
from data_models.scope import EVERY, Scope

# Every board, every record: the person at this computer in local mode, and the operator's
# command line (whoever can read the database file can read every board in it anyway).
EVERY_BOARD = Scope(EVERY, True, "admin")
# Nobody known: no board, no record.
NOBODY = Scope((), False, None)
# Local mode's digest (`assurance digest --to` with no access file): every board, and counts
# only, since nobody's role is known there.
EVERY_BOARD_COUNTS = Scope(EVERY, False, "viewer")


def scope_of(access: Access, email: str) -> Scope:
    person = access.person(email)
    return Scope(person.boards if person.role else (), may_see_records(person.role, access),
                 person.role)


def narrowed(scope: Scope, boards: Iterable[str]) -> Scope:
    """A person's scope kept to some of their boards (a digest for one board): never wider."""
    wanted = set(boards)
    kept = wanted if scope.every_board else wanted & set(scope.board_names)
    return Scope(tuple(sorted(kept)), scope.records, scope.role)


def boards_held(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every board the data holds, whoever asks: to check the access file's names against
    before anyone's scope is known, and for admins to give people boards. Never shown to a
    person as a list of boards they may see."""
    return [r[0] for r in connection.execute(
        "SELECT DISTINCT board FROM source_items ORDER BY board").fetchall()]
