"""Who may use the product, and what each person may see: decided here, once, for the
launcher, the dashboard and the command line alike. Nothing here imports Streamlit.

    files      where the sign-in settings and the access file are; AccessError
    serving    how the dashboard may be served: local mode or sign-in
    identity   who someone is: an email in its one normal form, a provider's claims
    people     the access file: roles, boards, areas; what each role may do
    scopes     a person's scope, made here and nowhere else

Two files decide it:

- the sign-in settings (Streamlit's secrets file, `[auth]`): with none, the product runs in
  *local mode*: one person on this computer, every board, served on a loopback address only;
- the access file (`roles.toml`): each person's role and boards, areas (named groups of
  boards), and who gets what when not listed (a role and no board: default deny).

Every doubt ends in refusal with one line naming the file and what is wrong (`AccessError`),
never in a wider default.
"""

from __future__ import annotations

from access.files import (
    CONFIG,
    ROOT,
    AccessError,
    access_file,
    secrets_file,
)
from access.identity import (
    plain_email,
    valid_email,
)
from access.people import (
    ACCESS_KEYS,
    ACTION_WORDS,
    ALL,
    NEEDS,
    ROLES,
    WHO,
    Access,
    Person,
    allowed,
    check_boards,
    checked_access,
    may_see_records,
    read_access,
    roles_markdown,
    verified_email,
    write_access,
)
from access.scopes import (
    EVERY_BOARD,
    EVERY_BOARD_COUNTS,
    NOBODY,
    boards_held,
    narrowed,
    scope_of,
)
from access.serving import (
    FORWARDING,
    FORWARDING_STARTS,
    LOOPBACK_NAMES,
    SIGN_IN_KEYS,
    SIGN_IN_OPTIONAL,
    Mode,
    SignIn,
    is_loopback,
    local_request,
    loopback_host,
    provider_reachable,
    serving_mode,
    sign_in_settings,
)
from data_models.scope import Scope

__all__ = [
    "ACCESS_KEYS", "ACTION_WORDS", "ALL", "Access", "AccessError", "CONFIG", "EVERY_BOARD",
    "EVERY_BOARD_COUNTS", "FORWARDING", "FORWARDING_STARTS", "LOOPBACK_NAMES", "Mode", "NEEDS",
    "NOBODY", "Person", "ROLES", "ROOT", "SIGN_IN_KEYS", "SIGN_IN_OPTIONAL", "Scope", "SignIn",
    "WHO", "access_file", "allowed", "boards_held", "check_boards", "checked_access",
    "is_loopback", "local_request", "loopback_host", "may_see_records", "narrowed", "plain_email",
    "provider_reachable", "read_access", "roles_markdown", "scope_of", "secrets_file",
    "serving_mode", "sign_in_settings", "valid_email", "verified_email", "write_access",
]
