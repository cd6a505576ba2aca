"""Who may use the product, and what each person may see: decided here, once, for the
launcher, the dashboard and the command line alike. Nothing here imports Streamlit.

Two files decide it:

- the sign-in settings (Streamlit's secrets file, `[auth]`): with none, the product runs in
  *local mode*: one person on this computer, every board, served on a loopback address only;
- the access file (`roles.toml`): each person's role and boards, areas (named groups of
  boards), and who gets what when not listed (a role and no board: default deny).

Every doubt ends in refusal with one line naming the file and what is wrong (`AccessError`),
never in a wider default.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import tomllib
import unicodedata
import urllib.request
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from data_models.config_errors import ConfigError
from data_models.scope import EVERY, EveryBoard, Scope

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "streamlit_config"
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

_EMAIL = re.compile(r"^[a-z0-9!#$%&*+/=?^_{|}~.-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
SIGN_IN_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret",
                "server_metadata_url")
# Keys Streamlit's [auth] section also takes; anything else is refused as a likely mistake.
SIGN_IN_OPTIONAL = ("client_kwargs", "expose_tokens")
ACCESS_KEYS = ("default_role", "viewer_records", "provider_verifies_email", "areas", "people",
               "roles")


class AccessError(ConfigError):
    """The sign-in settings or the access file cannot be used, or a person may not have what
    they ask for; the message is one line."""


# -- the sign-in settings and the mode ---------------------------------------------------------

def secrets_file() -> Path:
    return Path(os.environ.get("ASSURANCE_SECRETS") or CONFIG / "secrets.toml")


def access_file() -> Path:
    return Path(os.environ.get("ASSURANCE_ROLES") or CONFIG / "roles.toml")


@dataclass(frozen=True)
class SignIn:
    """Sign-in through an OpenID Connect provider, as the secrets file sets it."""

    path: Path
    metadata_url: str
    redirect_uri: str


@dataclass(frozen=True)
class Mode:
    """How the dashboard is served: local mode (no sign-in, loopback only) or with sign-in."""

    sign_in: SignIn | None

    @property
    def local(self) -> bool:
        return self.sign_in is None


def is_loopback(address: str | None) -> bool:
    """Whether an address the server listens on is this computer only. No address (Streamlit
    then listens on every interface) is not."""
    if not address:
        return False
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def sign_in_settings(path: Path | None = None) -> SignIn | None:
    """The sign-in settings, or None for local mode (no secrets file where none was named, or
    one with no [auth] section). A file named by ASSURANCE_SECRETS that is missing, is not
    .toml, cannot be read or lacks a setting is an AccessError: it never means local mode."""
    named = path is not None or bool(os.environ.get("ASSURANCE_SECRETS"))
    path = path or secrets_file()
    if not path.exists():
        if named:
            raise AccessError(f"{path}: the sign-in settings file named by ASSURANCE_SECRETS "
                              "does not exist.")
        return None
    if path.suffix != ".toml":
        raise AccessError(f"{path}: the sign-in settings file must end in .toml (Streamlit "
                          "reads no other), so sign-in cannot be set up from it.")
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except UnicodeDecodeError:
        raise AccessError(f"{path}: the sign-in settings cannot be read: the file is not "
                          "UTF-8 text. Save it as UTF-8.") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AccessError(f"{path}: the sign-in settings cannot be read ({error}).") from None
    auth = document.get("auth")
    if auth is None:
        return None
    if not isinstance(auth, dict):
        raise AccessError(f"{path}: [auth] must be a table of settings.")
    for key in SIGN_IN_KEYS:
        value = auth.get(key)
        if not isinstance(value, str) or not value.strip():
            raise AccessError(f"{path}: [auth] {key} is missing or empty; sign-in needs "
                              f"{', '.join(SIGN_IN_KEYS)}.")
    unknown = sorted(set(auth) - {*SIGN_IN_KEYS, *SIGN_IN_OPTIONAL})
    if unknown:
        raise AccessError(f"{path}: [auth] has settings this product does not use: "
                          f"{', '.join(unknown)} (one provider, set by {', '.join(SIGN_IN_KEYS)}).")
    if not auth["redirect_uri"].endswith("/oauth2callback"):
        raise AccessError(f"{path}: [auth] redirect_uri must end in /oauth2callback.")
    if len(auth["cookie_secret"]) < 32:
        raise AccessError(f"{path}: [auth] cookie_secret must be a random string of 32 "
                          "characters or more.")
    return SignIn(path, auth["server_metadata_url"], auth["redirect_uri"])


def provider_reachable(sign_in: SignIn, timeout: float = 10.0) -> None:
    """Read the provider's metadata, as sign-in will; an AccessError when it cannot be read."""
    try:
        with urllib.request.urlopen(sign_in.metadata_url, timeout=timeout) as response:
            metadata = json.loads(response.read())
    except (OSError, ValueError) as error:
        raise AccessError(f"{sign_in.path}: the identity provider's metadata at "
                          f"{sign_in.metadata_url} could not be read ({error}).") from None
    if not isinstance(metadata, dict) or "authorization_endpoint" not in metadata:
        raise AccessError(f"{sign_in.path}: {sign_in.metadata_url} is not an OpenID Connect "
                          "provider's metadata (no authorization_endpoint).")


def serving_mode(address: str | None, *, check_provider: bool) -> Mode:
    """The one decision of how the dashboard may be served on `address`: the launcher makes it
    at start (`check_provider`: the provider's metadata must be readable), the app on every
    run. Local mode only ever on a loopback address."""
    sign_in = sign_in_settings()
    if sign_in is None:
        if not is_loopback(address):
            raise AccessError(
                f"No sign-in is configured ({secrets_file()} has no [auth] section), so the "
                "dashboard runs in local mode and serves this computer only; refusing to serve "
                f"on {address or 'every interface'}. Configure sign-in (see the README) to "
                "serve it on another address.")
        return Mode(None)
    if check_provider:
        provider_reachable(sign_in)
    return Mode(sign_in)


# The names local mode answers to, as Streamlit is told them (`server.allowedHosts`, which
# ignores the port); the app's own check (`local_request`) also takes the rest of 127.0.0.0/8.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
# Headers a proxy adds to what it passes on: by name, and by the start of a name.
FORWARDING = ("forwarded", "via", "x-real-ip", "true-client-ip", "client-ip", "x-client-ip",
              "x-cluster-client-ip", "cf-connecting-ip", "fastly-client-ip", "x-proxyuser-ip",
              "x-host")
FORWARDING_STARTS = ("x-forwarded", "x-original", "x-envoy-")
_HOST = re.compile(r"^(localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$",
                   re.IGNORECASE)


def loopback_host(host: str) -> bool:
    """Whether a request's Host names this computer: localhost, an address in 127.0.0.0/8 or
    [::1], with or without a port; written exactly so (no other name that leads here)."""
    match = _HOST.match(host)
    if not match or (match.group(2) is not None and not 0 < int(match.group(2)) < 65536):
        return False
    name = match.group(1).lower()
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return address.is_loopback and (address.version == 6) == name.startswith("[")


def local_request(headers: Collection[tuple[str, str]], port: int | None = None) -> None:
    """Refuse, in one line, a request that local mode (one person, at this computer) must not
    answer: one a proxy passed on (any forwarding header, whatever its value), or one asked
    for by a name other than this computer's (a page whose own name was made to lead here,
    DNS rebinding, would otherwise read every board)."""
    names = [name.lower() for name, _ in headers]
    hosts = [value for name, value in headers if name.lower() == "host"]
    if any(name in FORWARDING or name.startswith(FORWARDING_STARTS) for name in names):
        raise AccessError("No sign-in is configured, so the dashboard runs in local mode for "
                          "the person at this computer only, and this request came through a "
                          "proxy. Configure sign-in (see the README) to serve it to others.")
    if len(hosts) != 1 or not loopback_host(hosts[0]):
        raise AccessError("No sign-in is configured, so the dashboard runs in local mode and "
                          "answers only to this computer's own names, and this page was asked "
                          f"for by a name that is not this computer's. Open it at "
                          f"http://localhost{f':{port}' if port else ''} instead.")


# -- the access file: people, their roles and boards -------------------------------------------

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


def plain_email(text: object) -> str | None:
    """An email address in the one form the product keeps and compares (normalised once: NFKC,
    then casefold), or None when it is not a plain address: ASCII letters, digits and
    `.-_+` and the like, one @, nothing around it. The text must already be ASCII: NFKC and
    casefold map other letters onto ASCII ones (the Kelvin sign onto k, a long s onto s, a
    full-width stop onto '.'), so an address a provider holds apart from a listed one would
    otherwise be taken for it."""
    if not isinstance(text, str) or not text.isascii():
        return None
    email = unicodedata.normalize("NFKC", text).casefold()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        return None
    return email


def valid_email(text: str) -> str:
    """An email address as the product keeps it (`plain_email`), or an AccessError saying
    why."""
    email = plain_email(text)
    if email is None:
        raise AccessError(f"{ascii(str(text)[:80])} is not an email address "
                          "(name@organisation.example, nothing around it).")
    return email


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
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except UnicodeDecodeError:
        raise AccessError(f"{path}: the access file cannot be read: the file is not UTF-8 "
                          "text. Save it as UTF-8.") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AccessError(f"{path}: the access file cannot be read ({error}).") from None
    unknown = sorted(set(document) - set(ACCESS_KEYS))
    if unknown:
        raise AccessError(f"{path}: unknown setting(s) {', '.join(unknown)}; the file holds "
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


# -- a person's scope: made here and nowhere else ----------------------------------------------

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
