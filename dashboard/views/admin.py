"""Admin: who has which role, and the settings the dashboard runs with."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.access import ROLES, auth_configured, load_role_map, require, roles_file, save_role_map
from dashboard.components import readable, say, table
from dashboard.data import cursor
from dashboard.settings import streamlit_flags
from data_models.rules_admin import rules_and_aliases

require("admin")
st.title("Admin")

st.markdown("#### Sign-in")
if auth_configured():
    say("Sign-in is through the identity provider set in the secrets file.")
else:
    say("Local mode: no identity provider is configured, so there is no sign-in, the "
        "dashboard serves this computer only and the local user is admin. The README explains "
        "how to turn sign-in on.")

st.markdown("#### Role map")
roles, default = load_role_map()
say(f"{roles_file()} · anyone signed in but not listed: {default or 'no access'}.")
table(readable(pd.DataFrame(sorted(roles.items()), columns=["email", "role"])), "role_map",
      "Role map")
with st.form("set_role", clear_on_submit=True):
    email = st.text_input("Email address")
    role = st.selectbox("Role", [*ROLES, "remove"])
    if st.form_submit_button("Save") and email.strip():
        if role == "remove":
            roles.pop(email.strip().lower(), None)
        else:
            roles[email.strip().lower()] = role
        save_role_map(roles, default)
        st.success(f"Saved: {email.strip().lower()} is now {role}.")

st.markdown("#### Timescale rules and theme aliases")
say("Every timescale rule measured, national (timescale_rules.toml) and a board's own (imported "
    "with `assurance rules import FILE.toml`), with where each comes from; then the theme "
    "aliases boards imported. A board's own rule or alias applies to that board's records only.")
with cursor() as con:
    rules, aliases = rules_and_aliases(con)
table(readable(rules), "rules", "Timescale rules")
if aliases.empty:
    say("No board has imported theme aliases yet.")
else:
    table(readable(aliases), "local_aliases", "Theme aliases boards imported")

st.markdown("#### Mappings")
say("What quality leads said once about their extracts (on the Upload page or with `assurance "
    "map`): a value, a header or theme text, for one board or every board, with who said it "
    "and when. Later extracts are read with them without asking.")
from ingest import mappings  # noqa: E402  (no Great Expectations: mappings are plain SQL)

with cursor() as con:
    kept = mappings.listing(con)
if kept.empty:
    say("No mappings are kept yet.")
else:
    table(readable(kept), "mappings", "Mappings")
    with st.form("remove_mapping", clear_on_submit=True):
        number = st.selectbox("Remove a mapping", ["—", *kept["mapping"].astype(int).tolist()],
                              key="remove_mapping_id")
        if st.form_submit_button("Remove") and number != "—":
            with cursor() as con:
                gone = mappings.remove(con, int(number))
            st.success(f"Removed mapping {number}: {gone.describe().split(' (')[0]}. Records "
                       "already stored keep their values.")

st.markdown("#### Settings")
say("From streamlit_config/config.toml, handed to Streamlit by `assurance serve`.")
table(readable(pd.DataFrame([flag[2:].split("=", 1) for flag in streamlit_flags()],
                            columns=["setting", "value"])), "settings", "Settings")
