"""The dashboard's entry point: page settings, the shared filters, navigation, and the one
place an error becomes a message a person can act on (never a traceback)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard.components import AS_PUBLISHED, NOTES_SAID, plain
from dashboard.data import (
    DatabaseBusy,
    DatabaseMissing,
    SchemaNotCurrent,
    db_path,
    held,
    known_boards,
    query,
    store,
)
from dashboard.filters import sidebar_filters
from dashboard.session import Identity, Refused, allowed, everything, identity
from data_models import queries
from data_models.store.lake import StoreError
from data_models.store.stores import SharedStore

log = logging.getLogger("assurance.dashboard")
# The browser tab's icon, shipped with the app: a Material icon as page_icon is fetched from
# Google's font server, and no page may ask anything of a machine outside this one.
ICON = Path(__file__).resolve().parent / "static" / "shield.svg"


def _page(name: str, title: str, icon: str, *, default: bool = False,
          url_path: str | None = None, hidden: bool = False) -> StreamlitPage:
    """The page drawn by screens/<name>/<name>.py, at the address /<name>."""
    return st.Page(f"screens/{name}/{name}.py", title=title, icon=icon,
                   url_path=url_path or name, default=default,
                   visibility="hidden" if hidden else "visible")


# The Overview is the page at the root. Streamlit serves its default page at "" only, so the
# Overview's own address, /overview, is a second, hidden entry drawing the same page (the
# default keeps a name of its own, which Streamlit reserves but never serves).
OVERVIEW_PAGE = _page("overview", "Overview", ":material/dashboard:", default=True,
                      url_path="overview-at-root")
OVERVIEW_BY_NAME = _page("overview", "Overview", ":material/dashboard:", hidden=True)
BOARD_PAGES = [
    OVERVIEW_PAGE,
    _page("timescales", "Timescales", ":material/timer:"),
    _page("themes", "Themes", ":material/hub:"),
    _page("impact", "Impact", ":material/trending_down:"),
    _page("recommendations", "Recommendations", ":material/task_alt:"),
    _page("audits", "Audits", ":material/fact_check:"),
    _page("training", "Training", ":material/school:"),
    _page("national", "National context", ":material/public:"),
]
# The pages whose summary tables the report publishes: they can show them as published.
SHOWN_AS_PUBLISHED = {"timescales", "themes", "recommendations", "audits", "training",
                      "national"}
EXPORT_PAGE = _page("exports", "Exports", ":material/download:")
DATA_PAGES = [
    _page("upload", "Upload", ":material/upload_file:"),
    _page("data_quality", "Data quality", ":material/rule:"),
]
ADMIN_PAGE = _page("admin", "Admin", ":material/admin_panel_settings:")

NO_DATA = (
    "There is no data yet. To see the dashboard with demo data, run `make run` (it loads the "
    "demo into an empty database) or `assurance demo`. To load your own extracts, use the "
    "Upload page, or run `assurance load KIND FILE`; the README lists the columns each "
    "extract needs."
)


def _signed_in() -> Identity | None:
    """The person, after sign-in where it is configured; None when they cannot go on (the
    page then says why in one line, and shows no figure, board name or record)."""
    person = identity(known_boards)
    if person is None:
        st.title("Safeguarding assurance")
        st.write("Sign in with your organisation's account to see the dashboard.")
        st.button("Sign in", on_click=st.login, type="primary", key="sign_in")
        return None
    if isinstance(person, Refused):
        st.title("Safeguarding assurance")
        st.error(plain(person.message), icon=":material/block:")
        if person.signed_in:
            st.button("Sign out", on_click=st.logout, key="sign_out")
        return None
    if person.role is None:
        st.title("Safeguarding assurance")
        st.warning(plain(f"You are signed in as {person.email}, but have no role in this "
                         "dashboard. Ask an admin to add you."))
        st.button("Sign out", on_click=st.logout, key="sign_out")
        return None
    if person.scope.nothing:
        st.title("Safeguarding assurance")
        st.warning(plain(f"You are signed in as {person.email}, but have not been given any "
                         "board yet, so there is nothing to show you. Ask an admin to give "
                         "you your boards."))
        st.button("Sign out", on_click=st.logout, key="sign_out")
        return None
    return person


def _pages(person: Identity) -> dict[str, list[Any]]:
    """The pages this person's role may open; others are absent, and refused by URL."""
    data = [EXPORT_PAGE]
    if allowed(person.role, "upload"):
        data += DATA_PAGES
    if allowed(person.role, "admin"):
        data.append(ADMIN_PAGE)
    return {"Board": BOARD_PAGES, "Data": data}


# Marks the link to the page shown with aria-current="page", which Streamlit's page links do not
# emit (they show the current page by look alone); its own navigation, hidden here, does. Run
# again whenever the sidebar is redrawn, and again (a new script) on every page change.
CURRENT_PAGE_SCRIPT = """<script>
(() => {
  const title = %s;
  const mark = () => {
    for (const link of document.querySelectorAll('[data-testid="stPageLink-NavLink"]')) {
      const label = link.querySelector('[data-testid="stMarkdownContainer"]') || link;
      if (label.textContent.trim() === title) {
        if (link.getAttribute("aria-current") !== "page") link.setAttribute("aria-current", "page");
      } else if (link.hasAttribute("aria-current")) {
        link.removeAttribute("aria-current");
      }
    }
  };
  window.currentPageLinks?.disconnect();
  window.currentPageLinks = new MutationObserver(mark);
  window.currentPageLinks.observe(document.body, {childList: true, subtree: true});
  mark();
})();
</script>"""


def _page_links(sections: dict[str, list[Any]], shown: StreamlitPage) -> None:
    """The pages as links in the sidebar, under a heading for each section, the page shown
    marked for screen readers (aria-current). Streamlit's own sectioned navigation puts each
    section's header inside the list of links (a list holding other things than items, which
    screen readers announce wrongly), so it is hidden and these are drawn instead: the same
    pages, in the same order, reachable by Tab."""
    for section, pages in sections.items():
        st.sidebar.markdown(f"### {section}")
        for page in pages:
            st.sidebar.page_link(page)
    # the title is one of the pages' own (above), never text from the data
    st.sidebar.html(CURRENT_PAGE_SCRIPT % json.dumps(shown.title), unsafe_allow_javascript=True)


# The pages' own styling. A tile's title wraps onto as many lines as it needs: Streamlit draws a
# metric's label on one line cut with an ellipsis, which at 1280 px cut every title's year.
STYLE = """<style>
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: break-word;
}
</style>"""


def _who(person: Identity) -> None:
    if person.local:
        st.sidebar.info("Local mode: no sign-in is set up, so the dashboard serves this "
                        "computer only, to one person, with every role and every board.",
                        icon=":material/lock:")
        return
    boards = ("every board" if person.scope.every_board
              else ", ".join(person.scope.board_names))
    st.sidebar.caption(plain(f"Signed in as {person.name} ({person.role}; {boards})."))
    st.sidebar.button("Sign out", on_click=st.logout, key="sign_out")


def main() -> None:
    st.set_page_config(page_title="Safeguarding assurance", page_icon=str(ICON), layout="wide")
    st.session_state.pop("identity", None)     # decided afresh on every run, never carried over
    person = _signed_in()
    if person is None:
        return
    st.session_state["identity"] = person
    st.session_state["user_name"] = person.email or "local user"
    st.html(STYLE)
    sections = _pages(person)
    page = st.navigation({**sections, "": [OVERVIEW_BY_NAME]}, position="hidden")
    _page_links(sections, page)
    _who(person)
    with held():
        _draw(page)


def _draw(page: StreamlitPage) -> None:
    st.session_state[NOTES_SAID] = set()       # each page says each note once
    try:
        if page.url_path in {p.url_path for p in (*DATA_PAGES, ADMIN_PAGE)}:
            page.run()   # these work with no data yet: data arrives through them
            return
        everyone = everything()
        if not query(queries.has_any_data, everyone):
            st.title("Safeguarding assurance")
            st.info(NO_DATA)
            return
        st.session_state["filters"] = sidebar_filters(query(queries.filter_choices, everyone))
        if page.url_path in SHOWN_AS_PUBLISHED:
            st.sidebar.toggle("Show as published", key=AS_PUBLISHED,
                              help="Apply the disclosure policy to the page's tables, as the "
                                   "report's publication edition does: a count it protects is "
                                   "shown as 'c'.")
        page.run()
    except DatabaseMissing:
        st.title("Safeguarding assurance")
        if isinstance(store(), SharedStore):
            st.info("The shared store has no schema yet. Run `assurance init` with the same "
                    "ASSURANCE_STORE and ASSURANCE_DATA_PATH (`make hosted-run` does, and puts "
                    "demo data in it).")
        else:
            st.info(f"There is no database at {db_path()} yet. Run `assurance init` to create "
                    "it (`make run` does, and loads demo data into it).")
    except StoreError:
        log.exception("the shared store cannot be opened")
        st.title("Safeguarding assurance")
        st.warning("The shared store cannot be reached just now. Refresh this page in a moment; "
                   "if it keeps happening, tell the person who runs the dashboard (the details "
                   "are in its log).")
    except SchemaNotCurrent as error:
        st.title("Safeguarding assurance")
        st.warning(str(error))
    except DatabaseBusy:
        st.warning("The database is being updated by another program (an extract being "
                   "stored). Refresh this page in a moment.")
    except Exception:  # the one handler: log the detail, show a message
        log.exception("page failed")
        st.error("Something went wrong drawing this page. Try another filter, or refresh. "
                 "If it keeps happening, tell the person who runs the dashboard; the details "
                 "are in its log.")


main()
