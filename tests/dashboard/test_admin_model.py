"""The Admin page's model, without a browser: an admin of one board sees and changes only the
people whose boards are all theirs, gives only what is theirs, and is refused in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from access import ALL, EVERY_BOARD, Access, AccessError, Person
from dashboard.screens.admin.model import people, with_person
from data_models.scope import EVERY, Scope

MINE, OTHER = "Kestrel Bay SCP", "Millbrook SCP"
ACCESS = Access(Path("roles.toml"), people={
    "ours@example.org": Person("viewer", (MINE,), (MINE,)),
    "theirs@example.org": Person("viewer", (OTHER,), (OTHER,)),
    "both@example.org": Person("uploader", (MINE, OTHER), ("coast",)),
    "boss@example.org": Person("admin", EVERY, (ALL,)),
    "new@example.org": Person("viewer", ()),
}, areas={"coast": (MINE, OTHER), "bay": (MINE,)})
ONE_BOARD = Scope((MINE,), True, "admin")


def test_an_admin_of_one_board_sees_and_gives_only_that_board() -> None:
    shown = people(ACCESS, ONE_BOARD, [MINE, OTHER])
    assert list(shown.mine) == shown.table["Email"].tolist() == ["ours@example.org"]
    assert shown.waiting == []                 # a person with no board is no board's
    assert shown.grantable == ["bay", MINE]


def test_an_admin_of_every_board_sees_everyone_and_may_give_every_board() -> None:
    shown = people(ACCESS, EVERY_BOARD, [MINE, OTHER])
    assert sorted(shown.mine) == sorted(ACCESS.people)
    assert shown.waiting == ["new@example.org"]
    assert shown.grantable == [ALL, "coast", "bay", MINE, OTHER]
    row = shown.table.set_index("Email").loc["boss@example.org"]
    assert (row["Boards and areas given"], row["Boards reached"]) == (ALL, "every board")


def test_saving_a_person_says_what_was_saved_and_refuses_what_is_not_the_admins() -> None:
    mine = people(ACCESS, ONE_BOARD, [MINE, OTHER]).mine
    changed, said = with_person(ACCESS, mine, "Fresh@Example.org", "uploader", [MINE])
    assert said == f"Saved: fresh@example.org is now uploader for {MINE}."
    assert changed.people["fresh@example.org"] == Person("uploader", (), (MINE,))
    assert "fresh@example.org" not in ACCESS.people            # the file as read is kept
    gone, said = with_person(ACCESS, mine, "ours@example.org", "remove", [])
    assert "ours@example.org" not in gone.people and said.endswith("is now removed.")
    with pytest.raises(AccessError, match="boards outside yours"):
        with_person(ACCESS, mine, "both@example.org", "viewer", [MINE])
    with pytest.raises(AccessError, match="at least one board"):
        with_person(ACCESS, mine, "someone@example.org", "viewer", [])
    with pytest.raises(AccessError, match="not an email address"):
        with_person(ACCESS, mine, 'x@example.org" = "admin" #', "viewer", [MINE])

