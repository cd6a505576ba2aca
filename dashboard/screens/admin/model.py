"""What the Admin page shows and changes, worked out with no Streamlit: the people an admin
sees (those whose boards are all the admin's own), what the admin may give them, the access
file as it is after the form is saved, and the digests' and the disclosure policy's tables.
The page (admin.py) draws it and writes the access file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from access import ALL, Access, AccessError, Person, valid_email
from dashboard.screens.shared import readable
from data_models.scope import Reader, Scope
from publishing.disclosure import GROUPS, Policy
from publishing.recipients import FREQUENCIES


@dataclass(frozen=True)
class People:
    """The people of the access file an admin sees and may change."""

    mine: dict[str, Person]            # email -> person: every board of theirs is the admin's
    waiting: list[str]                 # of those, people with a role but no board yet
    table: pd.DataFrame
    grantable: list[str]               # every board (for an admin with every board), areas, boards


def people(access: Access, scope: Scope, known: list[str]) -> People:
    """The admin's people, from the access file, the admin's scope and the boards held."""
    mine = {email: p for email, p in access.people.items()
            if scope.every_board or (isinstance(p.boards, tuple) and scope.covers(p.boards))}
    waiting = [e for e in access.without_boards() if e in mine or scope.every_board]
    table = pd.DataFrame([(e, p.role or "none", ", ".join(p.grants) or "none",
                           ", ".join(p.boards) or "none" if isinstance(p.boards, tuple)
                           else "every board")
                          for e, p in sorted(mine.items())],
                         columns=["Email", "Role", "Boards and areas given", "Boards reached"])
    areas_mine = [a for a, bs in access.areas.items() if scope.covers(bs)]
    grantable = [*([ALL] if scope.every_board else []), *areas_mine,
                 *(b for b in known if scope.allows_board(b))]
    return People(mine, waiting, table, grantable)


def with_person(access: Access, mine: Mapping[str, Person], email_text: str, role: str,
                given: list[str]) -> tuple[Access, str]:
    """The access file with a person given `role` and the boards or areas `given` (or, for the
    role "remove", taken out), and the sentence saying what was saved. An AccessError, in
    words for the admin, when the email is not one or the person is not the admin's to
    change, or no board is given."""
    email = valid_email(email_text)
    held = access.people.get(email)
    if held is not None and email not in mine:
        raise AccessError("that person has boards outside yours; an admin with "
                          "every board can change them.")
    people = dict(access.people)
    if role == "remove":
        people.pop(email, None)
    else:
        grants = (ALL,) if ALL in given else tuple(given)
        if not grants:
            raise AccessError("choose at least one board or area.")
        people[email] = Person(role, (), grants)
    return (replace(access, people=people),
            f"Saved: {email} is now " + ("removed." if role == "remove" else
                                         f"{role} for {', '.join(given)}."))


def recipients_table(receiving: pd.DataFrame) -> pd.DataFrame:
    """Who receives each board's digest, and how often, in words."""
    return readable(receiving.assign(frequency=receiving["frequency"].map(FREQUENCIES))
                    .drop(columns=["added_at"]))


def sent_table(recent: pd.DataFrame) -> pd.DataFrame:
    """The digests sent, latest first, with the boards each covered."""
    return readable(recent.assign(boards=recent["boards"].map(", ".join)))


def disclosure_table(policy: Policy) -> pd.DataFrame:
    """Each group of figures, and whether it is published as it is or protected."""
    return pd.DataFrame([(GROUPS[g], "Published as it is: the board's own process"
                          if k == "process" else "Protected: people and their cases")
                         for g, k in policy.kinds.items()], columns=["Figures", "Published"])


def authorities(db: Reader) -> pd.DataFrame:
    """The local authorities of the national files loaded (public figures, the same for
    everyone), for a board's footprint: `code` (ONS) and `words` ("Eastmere (E06900003, 952)"),
    by name; each by the name of the latest release that lists it."""
    held = db.frame("SELECT area_code AS code, arg_max(area_name, release) AS name, "
                    "arg_max(old_la_code, release) AS old FROM national_figures "
                    "JOIN national_releases USING (release_id) "
                    "WHERE level = 'local_authority' GROUP BY area_code ORDER BY name, code")
    held["words"] = [f"{n} ({c}{', ' + o if isinstance(o, str) and o else ''})"
                     for c, n, o in zip(held["code"], held["name"], held["old"], strict=True)]
    return held[["code", "words"]]


def footprint_table(held: pd.DataFrame) -> pd.DataFrame:
    """Each board's footprint in one row: its local authorities, who set it and when."""
    rows = []
    for board, group in held.groupby("board", sort=True):
        rows.append((board, "; ".join(f"{n} ({c})" for n, c in
                                      zip(group["la_name"], group["la_code"], strict=True)),
                     group["set_by"].iloc[0] or "the command line",
                     f"{group['set_at'].max():%d/%m/%Y %H:%M}"))
    return pd.DataFrame(rows, columns=["Board", "Local authorities", "Set by", "Set at"])
