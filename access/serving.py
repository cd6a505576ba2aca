"""How the dashboard may be served: local mode (no sign-in: one person at this computer,
loopback only, no request through a proxy or by another name) or sign-in through an OpenID
Connect provider, as Streamlit's secrets file sets it."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import urllib.request
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from access.files import AccessError, read_settings, secrets_file

SIGN_IN_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret",
                "server_metadata_url")
# Keys Streamlit's [auth] section also takes; anything else is refused as a likely mistake.
SIGN_IN_OPTIONAL = ("client_kwargs", "expose_tokens")


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
    document = read_settings(path, "the sign-in settings")
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
