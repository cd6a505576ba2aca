"""Roles: what each may do, and a role map file that is strict about what it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.access import allowed, load_role_map, save_role_map


@pytest.mark.parametrize(
    ("role", "may", "may_not"),
    [("viewer", ["view", "aggregate_export"], ["record_level", "upload", "admin"]),
     ("uploader", ["view", "record_level", "upload"], ["admin"]),
     ("admin", ["view", "record_level", "upload", "admin"], []),
     (None, [], ["view"])],
)
def test_what_each_role_may_do(role: str | None, may: list[str], may_not: list[str]) -> None:
    assert all(allowed(role, action) for action in may)
    assert not any(allowed(role, action) for action in may_not)


def test_role_map_round_trip_and_case(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    save_role_map({"Lead@Example.org".lower(): "uploader"}, None, path)
    roles, default = load_role_map(path)
    assert roles == {"lead@example.org": "uploader"} and default is None


@pytest.mark.parametrize("text", ['default_role = "viewer"\n[roles]\n"a@b.org" = "superuser"\n',
                                  'default_role = "god"\n',
                                  'default = "viewer"\n'])
def test_role_map_refuses_what_it_does_not_know(tmp_path: Path, text: str) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        load_role_map(path)
