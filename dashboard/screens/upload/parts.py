"""The pieces of the Upload page: the root cause, the problems, the mappings to say once, the
grid to correct cells in, and the panel after storing. The page (upload.py) composes them,
with the flow's state (model.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import plain, say
from dashboard.data import cursor
from dashboard.screens.upload.model import UploadFlow
from dashboard.session import current_scope
from data_models.labels import column_label, plural, value_labels
from ingest import (
    CheckedExtract,
    Correction,
    Mapping,
    MappingError,
    Offers,
    corrects,
    rows_in_words,
)
from publishing.safe import safe_csv

LEAVE = "— leave as it is —"
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "note": "Applied"}


def root_cause(checked: CheckedExtract, flow: UploadFlow) -> bool:
    """The problem that explains the rest, alone at the top with what fixes it. True when
    nothing else is worth showing."""
    cause = checked.root_cause
    if cause is None:
        return False
    st.error(plain(str(cause)), icon=":material/error:")
    if cause.rule == "wrong_data_set" and cause.value:
        if st.button(plain(f"Check it as {cause.value} instead"), type="primary",
                     key="as_other_kind"):
            st.session_state["upload_kind"] = cause.value     # the data set box's own state
            flow.check_again()
            st.rerun()
        return True
    return cause.rule != "personal_data"


_KINDS_OF_BOARD = {"A children's board (a safeguarding children partnership)": "children",
                   "An adults' board (a safeguarding adults board)": "adults"}
NEW_BOARD = "A board not listed"


def board_form(checked: CheckedExtract, known: list[str],
               before: tuple[str | None, str | None]) -> tuple[str, str | None] | None:
    """For a file with no board column: which board it is for (one of the person's boards,
    or, for a person with every board, a new one), and a new board's type. The choice is
    remembered with the file's layout once it is stored. The chosen (board, type), when
    given."""
    cause = checked.root_cause
    if cause is None or cause.rule not in ("no_board", "board_type_unknown"):
        return None
    person = current_scope()
    mine = [b for b in known if person.allows_board(b)]
    with st.form("file_board"):
        options = [*mine, *([NEW_BOARD] if person.every_board else [])]
        if not options:
            say("You have no board to upload for; ask an admin to give you yours.")
            st.form_submit_button("Check it for this board", disabled=True)
            return None
        # the board chosen before, else the one the file's own words name, else none: the
        # person says which (never the first of the list)
        likely = before[0] or checked.one_board.likely
        at = options.index(likely) if likely in options else None
        say("Which board is this file for?")
        # a selectbox's options are shown as text (its label, and a radio's options, are
        # Markdown: those are escaped with `plain`)
        pick = st.selectbox("This file is for", options, index=at, key="file_board_pick",
                            placeholder="Choose the board")
        new = st.text_input("The new board's name, as it should be shown",
                            key="file_board_new") if NEW_BOARD in options else ""
        kind = None
        if cause.rule == "board_type_unknown" or NEW_BOARD in options:
            kind = st.radio("Kind of board (for a board with no records yet)",
                            list(_KINDS_OF_BOARD), key="file_board_kind", index=None)
        sent = st.form_submit_button("Check it for this board", type="primary")
    if not sent:
        return None
    if pick is None:
        st.error("Choose the board this file is for.")
        return None
    board = " ".join(new.split()) if pick == NEW_BOARD else pick
    if not board:
        st.error("Write the new board's name, or choose one of the boards listed.")
        return None
    return board, _KINDS_OF_BOARD.get(kind) if kind else None


def problems_table(checked: CheckedExtract, file_name: str) -> None:
    """One row per thing to fix, errors before warnings before the mappings applied, with
    the same list to download."""
    if not checked.problems:
        return
    st.markdown("#### What the checks found")
    table = pd.DataFrame({
        "What": [SEVERITY_WORDS[p.severity] for p in checked.problems],
        "Column": [p.column or "" for p in checked.problems],
        "Rows": [p.count or None for p in checked.problems],
        "Which rows": [rows_in_words(p.rows, p.count) if p.rows else "" for p in checked.problems],
        "What to do": [p.message for p in checked.problems],
    })
    st.dataframe(table, hide_index=True, key="problems", placeholder="",
                 alt="What the checks found", row_height=80,     # tall enough to wrap
                 column_config={"What to do": st.column_config.TextColumn(width="large"),
                                "Rows": st.column_config.NumberColumn(format="%d")})
    download = pd.DataFrame({
        "severity": [p.severity for p in checked.problems],
        "column": [p.column for p in checked.problems],
        "rows": [p.count for p in checked.problems],
        "which_rows": [", ".join(map(str, p.rows)) for p in checked.problems],
        "rule": [p.rule for p in checked.problems],
        "message": [p.message for p in checked.problems],
    })
    st.download_button("Download the problems (CSV)", safe_csv(download),
                       file_name=f"{file_name}.problems.csv", mime="text/csv",
                       key="problems_csv")


def mapping_form(checked: CheckedExtract, offered: Offers) -> bool:
    """Choices for each value, header and theme text the product does not know; saving them
    remembers them (for the board, or every board) and checks the file again. True when
    mappings were saved."""
    if not offered:
        return False
    st.markdown("#### Say once what these mean")
    say("Each choice is remembered: later extracts are read with it without asking. Nothing "
        "is chosen for you; a suggestion is only preselected where it is likely.")
    chosen: list[Mapping] = []
    with st.form("mappings"):
        for i, v in enumerate(offered.values):
            options = [LEAVE, *v.allowed]
            index = options.index(v.suggestion.value) if v.suggestion else 0
            words = value_labels(v.column)
            pick = st.selectbox(plain(f"'{v.text}' in {v.header} ({plural(v.rows, 'row')}) means"),
                                options, index=index, key=f"map_value_{i}",
                                format_func=lambda code, words=words: words.get(code, code),
                                help=plain(f"Suggested because {v.suggestion.reason}.")
                                if v.suggestion else None)
            if pick != LEAVE:
                chosen.append(Mapping(checked.kind, v.column, v.text, pick))
        for i, h in enumerate(offered.headers):
            pick = st.selectbox(plain(f"The column headed '{h.header}' holds"),
                                [LEAVE, *h.columns], key=f"map_header_{i}",
                                format_func=lambda name: name if name == LEAVE
                                else column_label(name))
            if pick != LEAVE:
                chosen.append(Mapping(checked.kind, "header", h.header, pick))
        for i, t in enumerate(offered.themes):
            # every theme, the closest first: type to search them
            pick = st.selectbox(plain(f"Theme text '{t.text}' ({plural(t.rows, 'row')}) means"),
                                [LEAVE, *offered.theme_choices(t)], index=1 if t.ranked else 0,
                                key=f"map_theme_{i}",
                                help="The closest themes first, then every other theme; type "
                                     "to search them." if t.ranked else
                                "No theme is close: choose any theme (type to search them), "
                                "or leave it as it is.")
            if pick != LEAVE:
                chosen.append(Mapping(checked.kind, "themes", t.text, pick))
        for i, a in enumerate(offered.agencies):
            same = f"Yes: the same agency as {a.likely}"
            pick = st.radio(plain(f"'{a.text}' in {a.header} ({plural(a.rows, 'row')})"),
                            [LEAVE, same], index=1, key=f"map_agency_{i}", format_func=plain,
                            horizontal=True,
                            help=plain(f"Said once, '{a.text}' is counted as {a.likely} in the "
                                       "figures by agency, here and in the records stored."))
            if pick == same:
                chosen.append(Mapping(checked.kind, a.column, a.text, a.likely))
        person = current_scope()
        scopes = [*(f"For {b} only" for b in offered.boards[:1]
                    if len(offered.boards) == 1 and person.allows_board(b)),
                  # every-board mappings change every board's reading: an admin's with every board
                  *(["For every board"] if person.every_board and person.role == "admin" else [])]
        if not scopes:
            say("Mappings are kept for one board: this file names several, so map its values in "
                "a file for one board, or ask an admin with every board to map them for all.")
            st.form_submit_button("Save these and check again", disabled=True)
            return False
        scope = st.radio("Remember these", scopes, key="map_scope", horizontal=True,
                         format_func=plain)
        saved = st.form_submit_button("Save these and check again", type="primary")
    if not saved:
        return False
    board = offered.boards[0] if scope.startswith("For ") and scope != "For every board" else None
    wanted = [Mapping(m.kind, m.column, m.from_text, m.to_value, board) for m in chosen]
    if not wanted:
        st.info("Nothing was chosen, so nothing was saved.")
        return False
    try:
        from ingest import add_mappings

        with cursor() as con:
            add_mappings(con, wanted, created_by=st.session_state.get("user_name"),
                         boards_in_file=offered.boards)
    except MappingError as error:
        st.error(plain(f"Not saved: {error}"))
        return False
    return True


def correction_grid(checked: CheckedExtract, corrections: list[Correction]) -> bool:
    """The rows with errors, as the file has them, to correct here and check again. True when
    corrections were made (they are added to `corrections`)."""
    rows = checked.rows_with_errors
    if rows is None or rows.empty:
        return False
    st.markdown("#### Correct cells here")
    say("The rows with errors, as read from the file. Change a cell and check again; the "
        "upload records the original file and every cell you changed.")
    wrong = [p.column for p in checked.errors if p.column in rows.columns]
    order = ["Row", *dict.fromkeys(wrong), *(c for c in rows.columns[1:] if c not in wrong)]
    rows = rows[order]       # the columns with errors first, after the row number
    edited = st.data_editor(
        rows, hide_index=True, disabled=["Row"], key="correction_grid", num_rows="fixed",
        column_config={"Row": st.column_config.NumberColumn(width=60, format="%d"),
                       **{c: st.column_config.TextColumn(width=160) for c in order[1:]}})
    boards = checked.boards or ()
    keep = st.checkbox(plain(f"Keep these corrections as rules for {boards[0]}: the same text in "
                             "the same column is corrected the same way in its later files")
                       if len(boards) == 1 else "Keep these corrections as rules",
                       key="keep_corrections", disabled=len(boards) != 1,
                       help=None if len(boards) == 1 else
                       "Rules are kept for one board: this file names several.")
    if not st.button("Check again with these corrections", key="recheck"):
        return False
    changed = 0
    for position in range(len(rows)):
        for column in rows.columns[1:]:
            before, after = str(rows.iat[position, rows.columns.get_loc(column)]), \
                str(edited.iat[position, edited.columns.get_loc(column)])
            if before != after:
                row = int(rows.iat[position, 0])
                original = next((c.before for c in corrections
                                 if (c.row, c.column) == (row, column)), before)
                corrections[:] = [c for c in corrections if (c.row, c.column) != (row, column)]
                corrections.append(Correction(row, str(column), original, after))
                changed += 1
    if not changed:
        st.info("No cell was changed.")
    elif keep and len(boards) == 1:
        _keep_as_rules(checked, corrections, boards[0])
    return bool(changed)


def _keep_as_rules(checked: CheckedExtract, corrections: list[Correction], board: str) -> None:
    """The corrections of cells in columns with no list of values kept as the board's rules
    (a value of a column with a list is mapped above instead)."""
    column_of = {header: column for column, header in checked.headers.items()}
    wanted = {(column_of[c.column], c.before): Mapping(checked.kind, column_of[c.column],
                                                       c.before, c.after, board)
              for c in corrections if c.column in column_of
              and corrects(checked.kind, column_of[c.column]) and c.before.strip()}
    if not wanted:
        return
    from ingest import add_mappings

    try:
        with cursor() as con:
            add_mappings(con, list(wanted.values()),
                         created_by=st.session_state.get("user_name"), boards_in_file=(board,))
    except MappingError as error:
        st.error(plain(f"The corrections were made but not kept as rules: {error}"))


def suggested_themes(checked: CheckedExtract, corrections: list[Correction]) -> bool:
    """Recommendations given no themes, with the themes their wording names: suggested, and
    added to the file's theme column only for those confirmed. True when some were."""
    header = checked.headers.get("themes")
    if not checked.suggested_themes or header is None:
        return False
    with st.expander(f"Themes suggested from the wording ({len(checked.suggested_themes)} "
                     "recommendations have no themes)"):
        say("Suggested from the words of each recommendation; nothing is added unless you "
            "confirm it.")
        table = pd.DataFrame({
            "Row": [row for row, _, _ in checked.suggested_themes],
            "Recommendation": [text for _, text, _ in checked.suggested_themes],
            "Suggested themes": ["; ".join(themes) for _, _, themes in checked.suggested_themes],
            "Confirm": False,
        })
        edited = st.data_editor(table, hide_index=True, key="suggested_themes",
                                disabled=["Row", "Recommendation"], num_rows="fixed")
        if not st.button("Add the confirmed themes and check again", key="confirm_themes"):
            return False
    confirmed = edited[edited["Confirm"]]
    for row, themes in zip(confirmed["Row"], confirmed["Suggested themes"], strict=True):
        corrections[:] = [c for c in corrections if (c.row, c.column) != (int(row), header)]
        corrections.append(Correction(int(row), header, "", str(themes)))
    return not confirmed.empty


def stored_panel(message: str, upload_id: int, flow: UploadFlow) -> None:
    """After storing: what was stored, where to look, and the way to the next upload (never a
    second Store)."""
    st.success(plain(message), icon=":material/check_circle:")
    st.markdown(f"**Stored as upload {upload_id}.** See it on the board pages:")
    columns = st.columns(4)
    for column, (page, label) in zip(columns, (
            ("screens/overview/overview.py", "Overview"),
            ("screens/recommendations/recommendations.py", "Recommendations"),
            ("screens/data_quality/data_quality.py", "Data quality"), (None, "Upload another")),
            strict=True):
        with column:
            if page:
                st.page_link(page, label=label)
            elif st.button(label, key="upload_another"):
                flow.upload_another()
                st.rerun()
