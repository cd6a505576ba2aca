"""Who is using the dashboard, and what they may see: the Streamlit side of
`access`, which decides it.

Sign-in is Streamlit's OpenID Connect support (`st.login`), configured in the secrets file
the launcher hands over; a person is known by the provider's verified email, and gets a role
and boards from the access file (streamlit_config/roles.toml). With no sign-in configured the
dashboard runs in local mode: one person on this computer, every board, served on a loopback
address only. Any doubt about either ends in a refusal with one line.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from access import (
    EVERY_BOARD,
    NOBODY,
    Access,
    AccessError,
    Mode,
    Scope,
    allowed,
    checked_access,
    local_request,
    read_access,
    scope_of,
    serving_mode,
    verified_email,
)
from data_models.filters import Filters

__all__ = ["Identity", "allowed", "can", "current_scope", "describe", "identity", "require"]


log = logging.getLogger("assurance.access")
SETTINGS_BROKEN = ("The dashboard's access settings have a problem, so nobody can be let in "
                   "until it is put right. Tell whoever runs the dashboard: the details are in "
                   "its log.")


@dataclass(frozen=True)
class Identity:
    name: str
    email: str | None
    role: str | None         # None: signed in, but given no role
    local: bool
    scope: Scope


@dataclass(frozen=True)
class Refused:
    """Someone who cannot go on, and the one line that says why."""

    message: str
    signed_in: bool = False


def mode() -> Mode:
    """How this app may serve, decided as the launcher decided it (the same function); the
    address is the one Streamlit listens on."""
    return serving_mode(st.get_option("server.address"), check_provider=False)


def identity(known_boards: Callable[[], list[str]]) -> Identity | Refused | None:
    """The person using this session; None when sign-in is configured and they have not signed
    in; Refused when anything about the settings or the person is in doubt."""
    try:
        how = mode()
    except AccessError as error:
        return Refused(str(error))
    if how.local and os.environ.get("ASSURANCE_MODE") == "sign-in":
        return Refused("The dashboard was started with sign-in, and its sign-in settings are no "
                       "longer there, so nobody can be let in. Tell whoever runs the dashboard.")
    if how.local:
        headers = _request_headers()
        if headers is not None:
            try:
                local_request(headers, st.get_option("server.port"))
            except AccessError as error:
                return Refused(str(error))
        return Identity("Local user", None, "admin", local=True, scope=EVERY_BOARD)
    if not _streamlit_has_auth():   # Streamlit did not take the settings we found: never serve
        return Refused(f"{how.sign_in.path if how.sign_in else 'The secrets file'}: Streamlit "
                       "did not load the sign-in settings, so nobody can be signed in. Start "
                       "the dashboard with 'assurance serve'.")
    if not st.user.is_logged_in:
        return None
    try:
        access = checked_access(known_boards())
    except AccessError as error:       # the detail names people and boards: for the log only
        log.error("access file refused: %s", error)
        return Refused(SETTINGS_BROKEN, signed_in=True)
    try:
        email = verified_email(st.user.to_dict(), access)
    except AccessError as error:
        return Refused(str(error), signed_in=True)
    scope = scope_of(access, email)
    return Identity(str(st.user.get("name") or email), email, scope.role, local=False,
                    scope=scope)


def _streamlit_has_auth() -> bool:
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:      # Streamlit found no secrets file at all
        return False


def _request_headers() -> list[tuple[str, str]] | None:
    """The headers of the request that opened this session (every one, repeated ones too), for
    local mode's check; None when no browser is connected at all: Streamlit then has no request
    to give (AppTest runs the script so), while a browser's connection always carries headers
    (its Host, and the websocket's own)."""
    headers = st.context.headers
    pairs = [(name, value) for name in headers for value in headers.get_all(name)]
    return pairs or None


def access_settings() -> Access | AccessError:
    """The access file, for the Admin page (read in local mode too, to prepare it before
    sign-in is turned on), or what is wrong with it."""
    try:
        return read_access()
    except AccessError as error:
        return error


def current() -> Identity | None:
    person = st.session_state.get("identity")
    return person if isinstance(person, Identity) else None


def current_scope() -> Scope:
    """This session's person's scope: what every read of the session is bound to (no person,
    nothing at all)."""
    person = current()
    return person.scope if person is not None else NOBODY


def everything() -> Filters:
    """No filter chosen, as of today (within the person's boards, as every read is)."""
    return Filters(as_of=dt.date.today())


def describe(f: Filters) -> str:
    """The filters in words for this session's person: whose boards, what, when."""
    return current_scope().describe(f)


def can(action: str) -> bool:
    """Whether this session's person may do the action (record-level detail by the one rule)."""
    person = current()
    if person is None:
        return False
    if action == "record_level":
        return person.scope.records
    return allowed(person.role, action)


def require(action: str) -> None:
    """Stop the page for anyone whose role does not allow the action (defence in depth:
    such pages are not in their navigation either)."""
    if not can(action):
        st.warning("This page is not available to your role. Ask an admin if you need it.")
        st.stop()
