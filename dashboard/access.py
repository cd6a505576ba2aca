"""Who is using the dashboard and what they may do.

Sign-in is Streamlit's OpenID Connect support (`st.login`), configured in the secrets file
the launcher hands over; identities map to roles in streamlit_config/roles.toml. With no
identity provider configured the dashboard runs in local mode: one local user, as admin,
served on this computer only.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("viewer", "uploader", "admin")
# The least role each action needs.
NEEDS = {"view": "viewer", "aggregate_export": "viewer", "record_level": "uploader",
         "upload": "uploader", "admin": "admin"}


@dataclass(frozen=True)
class Identity:
    name: str
    email: str | None
    role: str | None         # None: signed in, but given no role
    local: bool


def roles_file() -> Path:
    return Path(os.environ.get("ASSURANCE_ROLES") or ROOT / "streamlit_config" / "roles.toml")


def load_role_map(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """Email -> role, and the role of anyone signed in but not listed (None for no access).
    A role that is not one of viewer, uploader, admin is refused."""
    path = path or roles_file()
    if not path.exists():
        return {}, "viewer"
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    unknown = set(document) - {"default_role", "roles"}
    if unknown:
        raise ValueError(f"{path}: unknown settings {sorted(unknown)}")
    default = document.get("default_role", "viewer")
    roles = {str(k).strip().lower(): str(v) for k, v in document.get("roles", {}).items()}
    for who, role in [*roles.items(), ("default_role", default)]:
        if role not in (*ROLES, "none"):
            raise ValueError(f"{path}: {who} has role {role!r}; use one of {', '.join(ROLES)}")
    return roles, None if default == "none" else default


def save_role_map(roles: dict[str, str], default: str | None, path: Path | None = None) -> None:
    path = path or roles_file()
    lines = ["# Who may do what once signed in. Written by the Admin page.", "",
             f'default_role = "{default or "none"}"', "", "[roles]"]
    lines += [f'"{email}" = "{role}"' for email, role in sorted(roles.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: local mode
        return False


def identity() -> Identity | None:
    """The person using this session; None when sign-in is configured and they have not."""
    if not auth_configured():
        return Identity("Local user", None, "admin", local=True)
    if not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or st.user.get("sub") or "").strip().lower()
    roles, default = load_role_map()
    name = str(st.user.get("name") or email)
    return Identity(name, email, roles.get(email, default), local=False)


def allowed(role: str | None, action: str) -> bool:
    return role is not None and ROLES.index(role) >= ROLES.index(NEEDS[action])


def can(action: str) -> bool:
    """Whether this session's person may do the action."""
    person: Identity | None = st.session_state.get("identity")
    return person is not None and allowed(person.role, action)


def require(action: str) -> None:
    """Stop the page for anyone whose role does not allow the action (defence in depth:
    such pages are not in their navigation either)."""
    if not can(action):
        st.warning("This page is not available to your role. Ask an admin if you need it.")
        st.stop()
