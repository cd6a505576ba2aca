"""The access file: people, their roles and boards, areas (named groups of boards), and
who gets what when not listed (a role and no board: default deny); and the identity
provider's claims read under it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from access.files import AccessError, access_file, read_settings
from access.identity import plain_email, valid_email
from data_models.scope import EVERY, EveryBoard

ROLES = ("viewer", "uploader", "admin")
ALL = "all"

# The least role each action needs.
NEEDS = {"view": "viewer", "aggregate_export": "viewer", "record_level": "uploader",
         "upload": "uploader", "admin": "admin"}
# What each action lets a person do, in the words of the README's roles table.
ACTION_WORDS = {
    "view": "the board pages' figures and charts",
    "aggregate_export": "the summary tables and the annual report (suppressed, safe to publish)",
    "record_level": "record-level rows and free text: drill-downs, lists of overdue "
                    "recommendations and missed clocks with their references, reasons and "
                    "wording, and record exports",
    "upload": "the Upload and Data quality pages, for their own boards",
    "admin": "the Admin page: people, their roles and boards, for their own boards",
}
WHO = {"viewer": "board members", "uploader": "quality leads", "admin": "the business unit"}
ACCESS_KEYS = ("default_role", "viewer_records", "provider_verifies_email", "areas", "people",
               "roles")


@dataclass(frozen=True)
class Person:
    role: str | None                      # None: no access
    boards: tuple[str, ...] | EveryBoard  # EVERY: every board; () none
    grants: tuple[str, ...] = ()          # as the file says it: boards and areas, or ("all",)


@dataclass(frozen=True)
class Access:
    """The access file as read: people by email (in its one normal form, `plain_email`),
    areas, and the rules."""

    path: Path
    people: dict[str, Person] = field(default_factory=dict)
    areas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_role: str | None = None
    viewer_records: bool = False
    provider_verifies_email: bool = False
    legacy: tuple[str, ...] = ()          # people from the old [roles] form, with no board yet

    def person(self, email: str) -> Person:
        """The person with this (verified) email, compared exactly in its one normal form:
        listed, or the default role with no board. An email that is not a plain address is an
        AccessError, never someone's."""
        return self.people.get(valid_email(email), Person(self.default_role, ()))

    def may_see_records(self, role: str | None) -> bool:
        return may_see_records(role, self)

    def without_boards(self) -> list[str]:
        """People who have a role but no board yet (they see nothing until given some)."""
        return sorted(e for e, p in self.people.items() if p.role and p.boards == ())


def allowed(role: str | None, action: str) -> bool:
    """Whether a role may do an action (viewer < uploader < admin)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(NEEDS[action])


def may_see_records(role: str | None, access: Access | None = None) -> bool:
    """The one rule for record-level rows and free text: the uploader role and above, or
    viewers too where the access file grants it (`viewer_records = true`)."""
    if allowed(role, "record_level"):
        return True
    return role == "viewer" and access is not None and access.viewer_records


def _role(value: object, where: str, path: Path) -> str | None:
    if value not in (*ROLES, "none"):
        raise AccessError(f"{path}: {where}: role {value!r} is not one of "
                          f"{', '.join(ROLES)} or none.")
    return None if value == "none" else str(value)


def _grants(value: object, where: str, path: Path) -> tuple[str, ...]:
    if value == ALL:
        return (ALL,)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise AccessError(f"{path}: {where}: boards must be \"all\" or a list of board and area "
                          "names.")
    if ALL in value:
        raise AccessError(f"{path}: {where}: give every board as boards = \"all\", not inside "
                          "a list.")
    return tuple(v.strip() for v in value)


def read_access(path: Path | None = None) -> Access:
    """The access file, checked for its shape (`check_boards` checks its names against the
    data). No file: nobody signed in gets anything."""
    path = path or access_file()
    if not path.exists():
        if os.environ.get("ASSURANCE_ROLES"):
            raise AccessError(f"{path}: the access file named by ASSURANCE_ROLES does not exist.")
        return Access(path)
    document = read_settings(path, "the access file")
    unknown = sorted(set(document) - set(ACCESS_KEYS))
    if unknown:
        raise AccessError(f"{path}: unknown {'setting' if len(unknown) == 1 else 'settings'} "
                          f"{', '.join(unknown)}; the file holds "
                          f"{', '.join(ACCESS_KEYS)}.")
    for flag in ("viewer_records", "provider_verifies_email"):
        if not isinstance(document.get(flag, False), bool):
            raise AccessError(f"{path}: {flag} must be true or false.")
    default = _role(document.get("default_role", "none"), "default_role", path)
    areas_in = document.get("areas", {})
    if not isinstance(areas_in, dict):
        raise AccessError(f"{path}: [areas] must be a table of names and lists of boards.")
    areas = {}
    for name, boards in areas_in.items():
        grants = _grants(boards, f'areas."{name}"', path)
        if grants == (ALL,):
            raise AccessError(f'{path}: areas."{name}": an area lists its boards; give a person '
                              'every board with boards = "all".')
        areas[str(name)] = grants
    for table in ("roles", "people"):
        if not isinstance(document.get(table, {}), dict):
            raise AccessError(f"{path}: [{table}] must be a table of email addresses.")
    people: dict[str, Person] = {}
    legacy = []
    for email, role in (document.get("roles") or {}).items():
        where = f"roles.{json.dumps(email)}"
        key = _email_key(email, where, path)
        people[key] = Person(_role(role, where, path), ())
        legacy.append(key)
    for email, entry in (document.get("people") or {}).items():
        where = f"people.{json.dumps(email)}"
        key = _email_key(email, where, path)
        if key in people:
            raise AccessError(f"{path}: {where}: listed twice (under [roles] and [people], or in "
                              "two cases).")
        if not isinstance(entry, dict) or set(entry) - {"role", "boards"} or "role" not in entry:
            raise AccessError(f"{path}: {where}: give role = \"viewer|uploader|admin\" and "
                              "boards = [...] or \"all\", nothing else.")
        grants = _grants(entry.get("boards", []), where, path)
        people[key] = Person(_role(entry["role"], where, path), (), grants)
    access = Access(path, people, areas, default,
                    bool(document.get("viewer_records", False)),
                    bool(document.get("provider_verifies_email", False)), tuple(legacy))
    return _resolved(access)


def _email_key(email: str, where: str, path: Path) -> str:
    try:
        return valid_email(email)
    except AccessError as error:
        raise AccessError(f"{path}: {where}: {error}") from None


def _resolved(access: Access) -> Access:
    """Each person's grants (boards and areas) as the boards they reach."""
    people = {}
    for email, person in access.people.items():
        if person.grants == (ALL,):
            boards: tuple[str, ...] | EveryBoard = EVERY
        else:
            reached: list[str] = []
            for name in person.grants:
                reached += access.areas.get(name, (name,))
            boards = tuple(sorted(set(reached)))
        people[email] = replace(person, boards=boards)
    return replace(access, people=people)


def check_boards(access: Access, known: Iterable[str]) -> None:
    """Refuse a board the file names that the data does not hold (an area's, or a person's)."""
    have = set(known)
    for name, boards in access.areas.items():
        for board in boards:
            if board not in have:
                raise AccessError(f'{access.path}: areas."{name}": there is no board '
                                  f"'{board}' in the data.{_nearest(board, have)}")
    for email, person in access.people.items():
        for name in person.grants:
            if name != ALL and name not in access.areas and name not in have:
                raise AccessError(f'{access.path}: people."{email}": \'{name}\' is neither a '
                                  f"board in the data nor an area of this file."
                                  f"{_nearest(name, have | set(access.areas))}")


def checked_access(known: Iterable[str], path: Path | None = None) -> Access:
    """The access file, read and its names checked against the boards the data holds: what
    the launcher, every page run and the command line's --as rely on."""
    access = read_access(path)
    check_boards(access, known)
    return access


def _nearest(name: str, names: set[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def write_access(access: Access, path: Path | None = None) -> None:
    """Write the access file with a TOML library (never by formatting strings), people in the
    [people] form, every email checked first. Written beside and moved into place."""
    import tomli_w

    path = path or access.path
    document: dict[str, Any] = {"default_role": access.default_role or "none"}
    if access.viewer_records:
        document["viewer_records"] = True
    if access.provider_verifies_email:
        document["provider_verifies_email"] = True
    if access.areas:
        document["areas"] = {name: list(boards) for name, boards in access.areas.items()}
    people = {}
    for email, person in sorted(access.people.items()):
        grants: str | list[str] = ALL if person.grants == (ALL,) else list(person.grants)
        people[valid_email(email)] = {"role": person.role or "none", "boards": grants}
    document["people"] = people
    text = ("# Who may do what once signed in, and for which boards. Written by the Admin page;\n"
            "# see the README's 'Sign-in, roles and boards'.\n\n" + tomli_w.dumps(document))
    staging = path.with_name(path.name + ".new")
    staging.write_text(text, encoding="utf-8")
    os.chmod(staging, 0o600)
    staging.replace(path)


def roles_markdown() -> str:
    """The README's roles table, from the rule itself (a test keeps the two the same)."""
    lines = ["| role | who | may |", "|---|---|---|"]
    for role in ROLES:
        may = [ACTION_WORDS[a] for a in NEEDS if allowed(role, a)]
        if role == "viewer":
            may.append("record-level rows only where the access file sets "
                       "`viewer_records = true`")
        lines.append(f"| `{role}` | {WHO[role]} | {'; '.join(may)} |")
    return "\n".join(lines) + "\n"


def verified_email(claims: Mapping[str, Any], access: Access) -> str:
    """The person's identity: the provider's email, verified (`email_verified` true, or a
    provider the access file declares to verify emails), in its one normal form
    (`plain_email`) and compared whole. Never `sub`. An email that is not already a plain
    address is refused as it is, never mapped onto one it resembles. An AccessError says why
    someone cannot be let in."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise AccessError("Your identity provider did not give this dashboard your email "
                          "address, so it cannot tell who you are.")
    if claims.get("email_verified") is not True and not access.provider_verifies_email:
        raise AccessError("Your identity provider has not verified your email address, so this "
                          "dashboard cannot rely on it. Ask whoever runs your sign-in to verify "
                          "it.")
    plain = plain_email(email)
    if plain is None:
        raise AccessError(f"Your identity provider gave {ascii(email[:80])}, which is not a "
                          "plain email address (ASCII letters, digits and . - _ +, nothing "
                          "around it), so this dashboard cannot tell who you are. Ask whoever "
                          "runs your sign-in.")
    return plain
