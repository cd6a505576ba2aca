"""Who someone is: an email address in its one normal form, or refused."""

from __future__ import annotations

import re
import unicodedata

from access.files import AccessError

_EMAIL = re.compile(r"^[a-z0-9!#$%&*+/=?^_{|}~.-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")


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
