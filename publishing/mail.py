"""Sending mail: the SMTP settings, from the environment (ASSURANCE_SMTP_HOST, _PORT, _TLS,
_USER, _PASSWORD, ASSURANCE_MAIL_FROM, ASSURANCE_BASE_URL) or the [mail] section of the
secrets file (smtp_host, smtp_port, smtp_tls, smtp_user, smtp_password, mail_from, base_url);
the environment wins. Checked before anything is sent, each doubt refused in one line; the
password is never printed, logged or stored."""

from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

from access import AccessError, is_loopback, secrets_file, valid_email
from data_models.config_errors import ConfigError

KEYS = {"smtp_host": "ASSURANCE_SMTP_HOST", "smtp_port": "ASSURANCE_SMTP_PORT",
        "smtp_tls": "ASSURANCE_SMTP_TLS", "smtp_user": "ASSURANCE_SMTP_USER",
        "smtp_password": "ASSURANCE_SMTP_PASSWORD", "mail_from": "ASSURANCE_MAIL_FROM",
        "base_url": "ASSURANCE_BASE_URL"}
TLS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 30                               # seconds for the mail server to answer


class MailError(ConfigError):
    """Mail cannot be sent: a setting in doubt, or the server refused; one line."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    tls: str
    sender: str
    base_url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)   # never shown


def _file_settings(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            mail = tomllib.load(handle).get("mail", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise MailError(f"{path}: the settings file cannot be read ({error}).") from None
    except UnicodeDecodeError:
        raise MailError(f"{path}: the settings file is not UTF-8 text; save it as UTF-8.") \
            from None
    if not isinstance(mail, dict):
        raise MailError(f"{path}: [mail] must be a table of settings.")
    unknown = sorted(set(mail) - set(KEYS))
    if unknown:
        raise MailError(f"{path}: [mail] has settings this product does not use: "
                        f"{', '.join(unknown)} (it reads {', '.join(KEYS)}).")
    return {key: str(value) for key, value in mail.items()}


def base_url(value: str | None, where: str) -> str:
    """The dashboard's address, for links: http(s), a host, no query or fragment."""
    if not value:
        raise MailError(f"{where} is not set: a digest links each figure to its page, so it "
                        "needs the dashboard's address (https://assurance.example.org).")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query \
            or parts.fragment:
        raise MailError(f"{where} = {value.strip()[:100]!r} is not a web address for the "
                        "dashboard (https://assurance.example.org, no ? or #).")
    return value.strip().rstrip("/")


def mail_settings(path: Path | None = None, *, need_server: bool = True) -> MailSettings:
    """The settings, checked. `need_server` False (a dry run) asks only for the address."""
    path = path or secrets_file()
    try:
        given = _file_settings(path)
    except AccessError as error:
        raise MailError(str(error)) from None
    source = {key: str(path) + f" [mail] {key}" for key in given}
    for key, variable in KEYS.items():
        if os.environ.get(variable):
            given[key], source[key] = os.environ[variable], variable
    where = {key: source.get(key, KEYS[key]) for key in KEYS}
    link = base_url(given.get("base_url"), where["base_url"])
    if not need_server:
        return MailSettings("", 0, "none", given.get("mail_from", ""), link)
    host = given.get("smtp_host", "").strip()
    if not host:
        raise MailError(f"{where['smtp_host']} is not set: name the mail server that sends the "
                        "digests.")
    tls = given.get("smtp_tls", "starttls").strip().lower()
    if tls not in TLS:
        raise MailError(f"{where['smtp_tls']} = {tls[:40]!r}: use starttls, ssl or none.")
    port_text = given.get("smtp_port", str(TLS[tls])).strip()
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailError(f"{where['smtp_port']} = {port_text[:40]!r} is not a port number.")
    try:
        sender = valid_email(given.get("mail_from", ""))
    except AccessError:
        raise MailError(f"{where['mail_from']} must be the address digests come from "
                        "(assurance@board.example).") from None
    user, password = given.get("smtp_user") or None, given.get("smtp_password") or None
    if bool(user) != bool(password):
        raise MailError("Set both ASSURANCE_SMTP_USER and ASSURANCE_SMTP_PASSWORD, or neither.")
    if tls == "none" and not is_loopback(host):
        raise MailError(f"{where['smtp_tls']} = none sends digests unencrypted: it is for a mail "
                        f"server on this machine only, not {host[:100]}; use starttls or ssl.")
    if password and tls == "none":
        raise MailError("A mail server password is never sent without encryption: set "
                        "ASSURANCE_SMTP_TLS to starttls or ssl.")
    return MailSettings(host, int(port_text), tls, sender, link, user, password)


def send(settings: MailSettings, message: EmailMessage) -> None:
    """Send one message; a MailError in one line when the server cannot be reached or
    refuses it (never with the password)."""
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.tls == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port,
                                                    timeout=TIMEOUT,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
        with server:
            if settings.tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.user and settings.password:
                server.login(settings.user, settings.password)
            server.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"The mail server {where} refused the user name and password "
                        "(ASSURANCE_SMTP_USER, ASSURANCE_SMTP_PASSWORD).") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"The mail server {where} does not offer STARTTLS: set "
                        "ASSURANCE_SMTP_TLS to ssl, or none on a server on this machine.") from None
    except smtplib.SMTPException as error:
        raise MailError(f"The mail server {where} refused the digest "
                        f"({type(error).__name__}: {str(error)[:200]}).") from None
    except (OSError, ssl.SSLError) as error:
        raise MailError(f"Could not reach the mail server {where} ({error.__class__.__name__}: "
                        f"{getattr(error, 'strerror', None) or error}). Check ASSURANCE_SMTP_HOST "
                        "and ASSURANCE_SMTP_PORT.") from None
