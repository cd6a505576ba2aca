"""Admin: people, their roles and boards (for the admin's own boards), the rules, aliases and
mappings of those boards, and what the settings the dashboard runs with mean for its users.
Everything here is said in words: a caption is text (`say`), so a command or a setting's name
written in Markdown's backticks would show the backticks."""

from __future__ import annotations

import streamlit as st

from access import ROLES, AccessError, write_access
from dashboard.components import plain, readable, say, table
from dashboard.data import cursor, known_boards, reading
from dashboard.screens.admin.model import (
    authorities,
    disclosure_table,
    footprint_table,
    people,
    recipients_table,
    sent_table,
    with_person,
)
from dashboard.session import access_settings, current_scope, mode, require
from data_models.labels import plural
from data_models.rules_admin import rules_and_aliases

require("admin")
st.title("Admin")
scope = current_scope()

st.markdown("#### Sign-in")
if mode().local:
    say("Local mode: no identity provider is configured, so there is no sign-in, the "
        "dashboard serves this computer only, and its one user has every role and every board. "
        "The access file is not used. The README explains how to turn sign-in on.")
else:
    say("Sign-in is through the identity provider set in the secrets file; each person has a "
        "role and boards in the access file below.")

access = access_settings()
st.markdown("#### People, their roles and boards")
if isinstance(access, AccessError):
    st.error(plain(str(access)))
else:
    if mode().local:
        say("Not used in local mode; kept here to prepare sign-in.")
    shown = people(access, scope, known_boards())
    if not access.path.exists():
        say(f"There is no access file yet ({access.path}): people saved below make it, "
            "readable by the dashboard's own user only, or make it from roles.example.toml "
            "as the README says.")
    say(f"From the access file ({access.path.name}). Anyone signed in but not listed: "
        f"{access.default_role or 'no access'}, with no board (they see nothing). "
        + ("" if scope.every_board else "You see and change the people of your own boards."))
    if shown.waiting:
        st.warning(plain(f"{plural(len(shown.waiting), 'person', 'people')} "
                         f"{'has' if len(shown.waiting) == 1 else 'have'} a role but no board "
                         f"yet, so they see nothing: {', '.join(shown.waiting)}. Give each their boards "
                         "below."))
    table(shown.table, "people", "People")
    with st.form("set_person", clear_on_submit=True):
        email_text = st.text_input("Email address (as the identity provider gives it)")
        role = st.selectbox("Role", [*ROLES, "remove"])
        given = st.multiselect("Boards (or an area; 'all' is every board)", shown.grantable,
                               key="person_boards")
        if st.form_submit_button("Save"):
            try:
                changed, said = with_person(access, shown.mine, email_text, role, given)
                write_access(changed)
                st.success(plain(said))
            except AccessError as error:
                st.error(plain(f"Not saved: {error}"))

st.markdown("#### Digests by mail")
from publishing import recipients  # noqa: E402

say("Who receives each board's digest of what needs them (clocks due and overdue, "
    "recommendations past due or off track, data not refreshed, uploads waiting), and how "
    "often; each person gets their own boards only, a viewer counts and links, a quality lead "
    "the lists too. The server sends what is due each day (the command line's digest --due, "
    "run by a timer the README gives); one digest a person a day.")
with reading() as db:
    receiving = recipients.recipients(db)
    recent = recipients.sent(db, limit=20)
if receiving.empty:
    say("Nobody receives a digest of your boards yet.")
else:
    table(recipients_table(receiving), "digest_recipients", "Digest recipients")
with st.form("digest_recipient", clear_on_submit=True):
    board_for = st.selectbox("Board", [b for b in known_boards() if scope.allows_board(b)],
                             key="digest_board")
    email_for = st.text_input("Email address", key="digest_email")
    often = st.selectbox("How often", [*recipients.FREQUENCIES, "stop"], key="digest_frequency",
                         format_func=lambda k: recipients.FREQUENCIES.get(k, "stop sending it"))
    if st.form_submit_button("Save") and board_for:
        try:
            with cursor() as con:
                if often == "stop":
                    if not recipients.remove_recipient(con, board_for, email_for):
                        raise recipients.DigestError(f"{email_for} does not receive {board_for}'s "
                                                  "digest.")
                    st.success(plain(f"Stopped {board_for}'s digest to {email_for}."))
                else:
                    kept_as = recipients.add_recipient(con, board_for, email_for, often,
                                                    st.session_state.get("user_name"))
                    st.success(plain(f"Saved: {kept_as} receives {board_for}'s digest "
                                     f"{recipients.FREQUENCIES[often]}."))
        except (recipients.DigestError, AccessError) as error:
            st.error(plain(f"Not saved: {error}"))
if not recent.empty:
    table(sent_table(recent), "digests_sent", "Digests sent (latest first)")

st.markdown("#### National context: the local authorities each board covers")
from ingest import national  # noqa: E402  (no Great Expectations: national files are plain SQL)

say("The National context page and the report's section set a board's figures beside England's, "
    "its region's and its statistical neighbours', over the local authorities the board covers "
    "(its footprint): their counts and bases are added, never their rates averaged. The codes "
    "are checked against the local authorities of the national files loaded (on the Upload "
    "page, or the command line's national load).")
with reading() as db:
    held_footprints = national.footprints(db)
    choices = authorities(db)
mine = [b for b in known_boards() if scope.allows_board(b)]
if held_footprints.empty:
    say("No board of yours has a footprint yet.")
else:
    table(footprint_table(held_footprints), "footprints", "Footprints")
if choices.empty:
    say("No national file is loaded yet, so there are no local authorities to choose from: "
        "load one on the Upload page first.")
elif mine:
    with st.form("footprint", clear_on_submit=True):
        board_for = st.selectbox("Board", mine, key="footprint_board")
        named = dict(zip(choices["code"], choices["words"], strict=True))
        chosen = st.multiselect("Local authorities it covers (none: clear its footprint)",
                                list(named), format_func=lambda c: named.get(c, c),
                                key="footprint_codes")
        if st.form_submit_button("Save") and board_for:
            try:
                with cursor() as con:
                    said = (national.set_footprint(con, board_for, chosen,
                                          st.session_state.get("user_name")) if chosen
                            else national.clear_footprint(con, board_for))
                st.success(plain(said))
            except national.FootprintError as error:
                st.error(plain(f"Not saved: {error}"))

st.markdown("#### Timescale rules and theme aliases")
say("Every timescale rule measured, the national ones and your boards' own (which the person "
    "who runs the dashboard imports from a board's rules file, with the command line's rules "
    "import), with where each comes from; then the theme aliases boards imported. A board's own "
    "rule or alias applies to that board's records only.")
with reading() as db:
    rules, aliases = rules_and_aliases(db)
table(readable(rules), "rules", "Timescale rules")
if aliases.empty:
    say("No board of yours has imported theme aliases yet.")
else:
    table(readable(aliases), "local_aliases", "Theme aliases boards imported")

st.markdown("#### Mappings")
say("What quality leads said once about their extracts (on the Upload page, or with the command "
    "line's map): a value, a header or theme text, for one board or every board, with who said "
    "it and when. Later extracts are read with them without asking. You see your boards' own; "
    "every-board mappings are for an admin with every board.")
from ingest import mapping_list, mapping_words, remove_mapping  # noqa: E402  (no Great Expectations: mappings are plain SQL)

with reading() as db:
    kept = mapping_list(db)
if kept.empty:
    say("No mappings are kept yet.")
else:
    table(readable(mapping_words(kept)), "mappings", "Mappings")
    with st.form("remove_mapping", clear_on_submit=True):
        number = st.selectbox("Remove a mapping", ["—", *kept["mapping"].astype(int).tolist()],
                              key="remove_mapping_id")
        if st.form_submit_button("Remove") and number != "—":
            with cursor() as con:
                gone = remove_mapping(con, int(number), scope)
            st.success(plain(f"Removed mapping {number}: {gone.describe().split(' (')[0]}. "
                             "Records already stored keep their values."))

st.markdown("#### What published figures show and hide")
from data_models.config_errors import ConfigError  # noqa: E402
from publishing.disclosure import load_policy  # noqa: E402

try:
    policy = load_policy()
    say(f"The disclosure policy ({policy.path.name}): the board's own process is published as "
        "it is; figures about people and their cases are protected (counts from 1 to one below "
        "the threshold shown as 'c', with further counts hidden so none can be worked out). "
        "The person who runs the dashboard can give it a board's own copy; the README says how.")
    table(disclosure_table(policy), "disclosure", "Disclosure policy")
except ConfigError as error:
    st.error(plain(str(error)))

st.markdown("#### Settings")
say(f"Uploads: an extract of up to {st.get_option('server.maxUploadSize'):,} MB is accepted.")
say("Usage statistics: " + ("Streamlit's are sent to Streamlit."
                            if st.get_option("browser.gatherUsageStats")
                            else "none are sent to Streamlit or anyone else."))
say("Errors: a person sees a plain message saying what to do; the details go to the dashboard's "
    "log, for the person who runs it.")
say("Colours: a light theme and one palette that colour-blind readers can tell apart, with "
    "text at WCAG AA contrast.")
say("The person who runs the dashboard sets these in its configuration file and restarts it.")
