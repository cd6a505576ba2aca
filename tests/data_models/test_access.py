"""Who may use the product and what each person sees: the access file, verified identity, the
record rule and a person's scope, each failing closed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from access import (
    ALL,
    EVERY_BOARD,
    AccessError,
    Person,
    Scope,
    check_boards,
    local_request,
    read_access,
    roles_markdown,
    scope_of,
    sign_in_settings,
    valid_email,
    verified_email,
    write_access,
)
from data_models.filters import Filters
from data_models.scope import Reader

ROOT = Path(__file__).resolve().parents[2]
BOARDS = ["Kestrel Bay SCP", "Kestrel Bay SAB", "Millbrook SCP"]
FILE = """
default_role = "none"

[areas]
"North area" = ["Kestrel Bay SCP", "Kestrel Bay SAB"]

[people."lead@kestrelbay.example"]
role = "uploader"
boards = ["Kestrel Bay SCP"]

[people."Chair@North.example"]
role = "viewer"
boards = ["North area"]

[people."manager@region.example"]
role = "admin"
boards = "all"
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_people_have_a_role_and_boards_areas_reach_their_boards(tmp_path: Path) -> None:
    access = read_access(_file(tmp_path, FILE))
    check_boards(access, BOARDS)
    assert scope_of(access, "lead@kestrelbay.example") == Scope(("Kestrel Bay SCP",), True,
                                                                "uploader")
    assert scope_of(access, "CHAIR@north.example") == Scope(
        ("Kestrel Bay SAB", "Kestrel Bay SCP"), False, "viewer")
    assert scope_of(access, "manager@region.example").every_board


def test_default_deny_someone_not_listed_has_no_board(tmp_path: Path) -> None:
    access = read_access(_file(tmp_path, FILE.replace('"none"', '"viewer"', 1)))
    scope = scope_of(access, "stranger@example.org")
    assert scope.role == "viewer" and scope.boards == () and scope.nothing


def test_the_old_roles_form_is_read_and_its_people_have_no_board(tmp_path: Path) -> None:
    access = read_access(_file(tmp_path, 'default_role = "viewer"\n[roles]\n'
                                         '"quality.lead@example.org" = "uploader"\n'))
    assert access.without_boards() == ["quality.lead@example.org"]
    assert scope_of(access, "quality.lead@example.org").nothing


@pytest.mark.parametrize(("text", "words"), [
    (FILE.replace('role = "uploader"', 'role = "superuser"'),
     'people."lead@kestrelbay.example": role \'superuser\''),
    ("secret_admins = []\n" + FILE, "unknown setting"),
    (FILE.replace('boards = "all"', 'boards = ["all", "Millbrook SCP"]'), "not inside a list"),
    (FILE.replace('[people."Chair@North.example"]', '[people."not an email"]'),
     "is not an email address"),
    (FILE.replace('"North area" = [', '"North area" = "all"\n"x" = ['), "an area lists"),
    ("[people.\n", "cannot be read"),
])
def test_a_file_in_doubt_is_refused_in_one_line_naming_the_entry(tmp_path: Path, text: str,
                                                                  words: str) -> None:
    with pytest.raises(AccessError, match=re.escape(words)) as refused:
        read_access(_file(tmp_path, text))
    assert "\n" not in str(refused.value)


def test_a_board_the_data_does_not_hold_is_refused_with_the_nearest(tmp_path: Path) -> None:
    access = read_access(_file(tmp_path, FILE.replace('["Kestrel Bay SCP"]',
                                                      '["Kestrel Bay SPC"]')))
    with pytest.raises(AccessError, match="Did you mean 'Kestrel Bay SCP'"):
        check_boards(access, BOARDS)


def test_identity_is_the_verified_email_and_never_sub(tmp_path: Path) -> None:
    access = read_access(_file(tmp_path, FILE))
    assert verified_email({"sub": "x", "email": "Lead@KestrelBay.example",
                           "email_verified": True}, access) == "lead@kestrelbay.example"
    with pytest.raises(AccessError, match="not verified"):
        verified_email({"sub": "attacker-123", "email": "Manager@Region.example",
                        "email_verified": False}, access)
    with pytest.raises(AccessError, match="not verified"):
        verified_email({"sub": "a", "email": "manager@region.example"}, access)
    with pytest.raises(AccessError, match="did not give"):
        verified_email({"sub": "manager@region.example"}, access)
    trusting = read_access(_file(tmp_path, "provider_verifies_email = true\n" + FILE))
    assert verified_email({"sub": "a", "email": "manager@region.example"},
                          trusting) == "manager@region.example"
    # compared whole: a longer address holding a listed one is someone else
    assert scope_of(access, "xmanager@region.example").nothing


@pytest.mark.parametrize("email", [
    "\u212Aate@example.org", "kate@\u212Aestrelbay.example", " boss@example.org\n",
    "boss@example.org\n", "\tboss@example.org", "boss@example\uff0eorg",
    "\uff42oss@example.org", "bo\u017fs@example.org", "boss@example.org\u200b"])
def test_a_claim_that_is_not_already_a_plain_address_is_refused(tmp_path: Path,
                                                                  email: str) -> None:
    """The probe: the email was lower-cased before its check, so a verified Kelvin-sign
    address signed in as kate@, and one with spaces around it as boss@. Each is refused in
    one line, not mapped onto the address it resembles."""
    access = read_access(_file(tmp_path, FILE + '[people."kate@example.org"]\nrole = "admin"\n'
                                                'boards = "all"\n[people."boss@example.org"]\n'
                                                'role = "admin"\nboards = "all"\n'))
    with pytest.raises(AccessError, match="not a plain email address") as refused:
        verified_email({"sub": "x", "email": email, "email_verified": True}, access)
    assert "\n" not in str(refused.value)
    with pytest.raises(AccessError):
        scope_of(access, email)


@pytest.mark.parametrize("email", ["\u212Aate@example.org", " kate@example.org",
                                   "kate@example.org\n"])
def test_an_access_file_key_that_is_not_a_plain_address_is_refused(tmp_path: Path,
                                                                    email: str) -> None:
    text = FILE + f'[people.{json.dumps(email)}]\nrole = "admin"\nboards = "all"\n'
    with pytest.raises(AccessError, match="is not an email address") as refused:
        read_access(_file(tmp_path, text))
    assert "\n" not in str(refused.value) and "people." in str(refused.value)


def test_an_address_is_kept_in_its_one_normal_form_and_compared_exactly(tmp_path: Path) -> None:
    access = read_access(_file(tmp_path, FILE))
    assert "chair@north.example" in access.people           # the file's "Chair@North.example"
    assert valid_email("Chair@North.Example") == "chair@north.example"
    assert scope_of(access, "CHAIR@NORTH.EXAMPLE") == scope_of(access, "chair@north.example")
    with pytest.raises(AccessError, match="is not an email address"):
        scope_of(access, "chair@north.example.")


def test_viewers_see_records_only_where_the_file_grants_it(tmp_path: Path) -> None:
    assert not scope_of(read_access(_file(tmp_path, FILE)), "chair@north.example").records
    granted = read_access(_file(tmp_path, "viewer_records = true\n" + FILE))
    assert scope_of(granted, "chair@north.example").records


@pytest.mark.parametrize("email", ['x@example.org" = "admin" #', "x@example.org\n[people]",
                                   "it's@example.org", "x@exa mple.org", ""])
def test_an_email_that_could_change_the_file_is_refused(email: str) -> None:
    with pytest.raises(AccessError):
        valid_email(email)


def test_the_file_is_written_by_a_toml_library_and_reads_back_the_same(tmp_path: Path) -> None:
    path = _file(tmp_path, FILE)
    access = read_access(path)
    people = {**access.people, "new@example.org": Person("viewer", None, ("North area",))}
    write_access(access.__class__(path, people, access.areas, access.default_role))
    again = read_access(path)
    assert again.people == access.__class__(path, people, access.areas).people | {
        "new@example.org": Person("viewer", ("Kestrel Bay SAB", "Kestrel Bay SCP"),
                                  ("North area",))}
    assert path.stat().st_mode & 0o777 == 0o600
    assert again.people["manager@region.example"].grants == (ALL,)


def test_every_board_is_a_value_of_its_own_and_no_missing_value_means_it() -> None:
    f = Filters(as_of=dt.date(2026, 11, 21))
    mine = Scope(("Kestrel Bay SCP",), False, "viewer")
    assert mine.describe(f).startswith("Kestrel Bay SCP, all years;")
    assert EVERY_BOARD.describe(f).startswith("all boards, all years;")
    assert not mine.every_board and EVERY_BOARD.every_board and EVERY_BOARD.covers(["X"])
    assert mine.bound() == {"every_board": False, "boards": ["Kestrel Bay SCP"]}
    with pytest.raises(TypeError):
        Scope(None, True, "admin")            # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Scope(["Kestrel Bay SCP"], True, "admin")   # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Reader(None, None)                     # type: ignore[arg-type]


def test_the_documented_roles_table_is_the_rule_itself() -> None:
    page = (ROOT / "docs" / "administrators" / "sign-in.md").read_text(encoding="utf-8")
    start, end = "<!-- roles:start -->\n", "<!-- roles:end -->"
    assert start in page, "the administrators' page on sign-in carries the generated roles table"
    assert page.split(start)[1].split(end)[0] == roles_markdown()


# -- local mode: a request from this computer only ---------------------------------------------

@pytest.mark.parametrize("host", ["localhost", "localhost:8501", "LocalHost:8501", "127.0.0.1",
                                  "127.0.0.1:8501", "127.8.9.10:80", "[::1]", "[::1]:8501"])
def test_local_mode_takes_a_request_for_this_computers_names(host: str) -> None:
    local_request([("host", host), ("upgrade", "websocket"), ("origin", f"http://{host}")])


@pytest.mark.parametrize("host", [
    "rebind.attacker.example:8501", "localhost.attacker.example", "localhost.", "127.0.0.1.nip.io",
    "192.168.1.20:8501", "0.0.0.0:8501", "127.1:8501", "[::ffff:127.0.0.1]:8501", "::1",
    "localhost:99999", "localhost:8501/x", "user@localhost", " localhost", "", "10.0.0.1"])
def test_local_mode_refuses_a_request_for_any_other_name(host: str) -> None:
    """The probe: a page rebound to 127.0.0.1 asks for its own name, and got every board."""
    with pytest.raises(AccessError, match="not this computer's") as refused:
        local_request([("host", host)])
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("header", [
    "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Port",
    "X-Forwarded-Server", "Forwarded", "X-Real-IP", "Via", "True-Client-IP",
    "CF-Connecting-IP", "X-Original-Forwarded-For", "X-Client-IP", "X-Cluster-Client-IP"])
def test_local_mode_refuses_a_request_a_proxy_passed_on(header: str) -> None:
    """The probe: an nginx that set only Host and X-Forwarded-Proto got local admin."""
    with pytest.raises(AccessError, match="came through a proxy") as refused:
        local_request([("host", "localhost:8501"), (header.lower(), "")])
    assert "\n" not in str(refused.value)


def test_local_mode_refuses_a_request_with_no_host_or_two() -> None:
    with pytest.raises(AccessError, match="not this computer's"):
        local_request([("upgrade", "websocket")])
    with pytest.raises(AccessError, match="not this computer's"):
        local_request([("host", "localhost"), ("host", "rebind.attacker.example")])


def test_an_access_file_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    """The probe: a file saved as Latin-1 raised UnicodeDecodeError, not the one line."""
    path = tmp_path / "roles.toml"
    path.write_bytes(FILE.replace("region.example", "r\xe9gion.example").encode("latin-1"))
    with pytest.raises(AccessError, match="cannot be read") as refused:
        read_access(path)
    assert "\n" not in str(refused.value) and str(path) in str(refused.value)


def test_sign_in_settings_that_are_not_utf8_are_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_bytes('[auth]\n# caf\xe9\nclient_id = "x"\n'.encode("latin-1"))
    with pytest.raises(AccessError, match="cannot be read") as refused:
        sign_in_settings(path)
    assert "\n" not in str(refused.value) and str(path) in str(refused.value)
