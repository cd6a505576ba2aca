"""Chase letters: for an owner agency, its recommendations that are overdue, rated off track
or without a progress update for the set time, oldest due first, with the review each came
from, as a Word letter or a CSV file; and the escalation list for the executive. Both list
records, so they are made only for people allowed records (the uploader role).

A letter is one board's, to one owner, from that board's business unit: made for several
boards, the Word file holds one letter per board, each on its own page.

The rows are those of the `chase_list` and `escalation_list` queries, which the
Recommendations page shows: the letter, the page and `assurance export chase` agree.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from data_models import queries as q
from data_models.calendar import add_working_days
from data_models.filters import Filters
from data_models.labels import humane, plural
from data_models.scope import Reader, Scope
from data_models.settings import CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS
from publishing.safe import safe_csv, xml_safe

# What a letter lists, in the order an agency acts on it.
LETTER_COLUMNS = ["board", "review_id", "recommendation_id", "recommendation", "due_date", "days_overdue",
                  "rating", "last_updated", "why"]
REPLY_IN = 10                               # working days an agency is given to reply


def file_part(text: str) -> str:
    """A name from the data as part of a file name: letters and digits, words joined by '-'."""
    return "-".join("".join(c if c.isalnum() else " " for c in text).split()) or "owner"


def letter_name(f: Filters, scope: Scope, owner: str) -> str:
    """Kestrel-Bay-SCP_chase-Police_2026-12-06: whose, to whom, as of when; with no board
    chosen and more than one board in reach, chase-Police_2026-12-06 (a letter per board
    inside), never a letter from all boards."""
    board = f.board or (scope.board_names[0] if not scope.every_board
                        and len(scope.board_names) == 1 else None)
    whose = f"{file_part(board)}_" if board else ""
    return f"{whose}chase-{file_part(owner)}_{f.as_of:%Y-%m-%d}"


def escalation_name(f: Filters, scope: Scope) -> str:
    return f"{file_part(scope.whose(f.board))}_escalation_{f.as_of:%Y-%m-%d}"


def escalation_csv(rows: pd.DataFrame) -> bytes:
    return safe_csv(escalation_words(rows))


def owners(db: Reader, f: Filters,
           no_update_days: int = CHASE_NO_UPDATE_DAYS) -> list[str]:
    """The owner agencies with something to chase, A to Z."""
    return sorted(q.chase_list(db, f, no_update_days)["owner"].dropna().unique().tolist())


def chase_rows(db: Reader, f: Filters, owner: str,
               no_update_days: int = CHASE_NO_UPDATE_DAYS) -> pd.DataFrame:
    """An owner's chase list, oldest due first (the query refuses a person who may not see
    records)."""
    rows = q.chase_list(db, f, no_update_days)
    return rows[rows["owner"] == owner].reset_index(drop=True)


def reply_by(f: Filters) -> dt.date:
    return add_working_days(f.as_of, REPLY_IN)


def by_board(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The rows of each board, A to Z, each in the order given: one letter each."""
    return [(str(board), part.reset_index(drop=True))
            for board, part in rows.groupby("board", sort=True)]


def letter_text(rows: pd.DataFrame, owner: str, f: Filters, board: str,
                no_update_days: int) -> list[str]:
    """The paragraphs before the table of one board's letter (`rows` are that board's)."""
    n = len(rows)
    return [
        f"To: {owner}",
        f"From: the business unit of {board}",
        f"Date: {f.as_of:%d/%m/%Y}",
        f"The board's records on {f.as_of:%d/%m/%Y} show {n} recommendation"
        f"{'' if n == 1 else 's'} owned by {owner} that {'is' if n == 1 else 'are'} past "
        f"{'its' if n == 1 else 'their'} due date, rated off track, or without a progress "
        f"update for more than {no_update_days} days. Please send an update on each by "
        f"{reply_by(f):%d/%m/%Y}: the progress made, a revised date with the reason for it, or "
        "the evidence that it is complete and has changed practice.",
        "Listed oldest due first; days are calendar days, counted to the date above.",
    ]


def in_words(rows: pd.DataFrame) -> pd.DataFrame:
    return humane(rows[LETTER_COLUMNS].rename(columns={"why": "why_listed"}))


def letter_csv(rows: pd.DataFrame) -> bytes:
    return safe_csv(in_words(rows))


def _header_row(row) -> None:  # type: ignore[no-untyped-def]
    """Marks a table's first row as its header, repeated on each page."""
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def records_docx(title: str, paragraphs: list[str], words: pd.DataFrame) -> bytes:
    """A Word document, A4 landscape so a wide table fits: a heading, paragraphs and a table
    of records with a header row."""
    return _records_document(title, [(paragraphs, words)])


def _records_document(title: str, parts: list[tuple[list[str], pd.DataFrame]]) -> bytes:
    """As `records_docx`, with one page for each part (its heading, paragraphs and table)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.core_properties.title = xml_safe(title)
    document.core_properties.language = "en-GB"
    for number, (paragraphs, words) in enumerate(parts):
        if number:
            document.add_page_break()
        document.add_heading(xml_safe(title), level=1)
        for paragraph in paragraphs:
            document.add_paragraph(xml_safe(paragraph))
        _records_table(document, words)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _records_table(document, words: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=len(words.columns))
    table.style = "Table Grid"
    _header_row(table.rows[0])
    for cell, header in zip(table.rows[0].cells, words.columns, strict=True):
        run = cell.paragraphs[0].add_run(xml_safe(str(header)))
        run.bold = True
        run.font.size = Pt(9)
    for record in words.itertuples(index=False):
        for cell, value in zip(table.add_row().cells, record, strict=True):
            run = cell.paragraphs[0].add_run(xml_safe("" if value is None else str(value)))
            run.font.size = Pt(9)


def letter_docx(rows: pd.DataFrame, owner: str, f: Filters, scope: Scope,
                no_update_days: int) -> bytes:
    """The letters to an owner agency: one for each board its rows are from, each on its own
    page and from that board's business unit (a letter is one board's, never all boards')."""
    parts = [(letter_text(part, owner, f, board, no_update_days), in_words(part))
             for board, part in by_board(rows)]
    if not parts:                   # nothing to chase: still a letter, from the board chosen
        parts = [(letter_text(rows, owner, f, f.board or "the board", no_update_days),
                  in_words(rows))]
    return _records_document(f"Recommendations to update: {owner}", parts)


ESCALATION_COLUMNS = ["owner", "board", "review_id", "recommendation_id", "recommendation",
                      "due_date", "days_overdue", "rating", "last_updated", "why"]


def escalation_text(rows: pd.DataFrame, f: Filters, scope: Scope,
                    overdue_days: int) -> list[str]:
    return [f"For the executive of {scope.whose(f.board)}, as of {f.as_of:%d/%m/%Y}: "
            f"{plural(len(rows), 'open recommendation')} overdue by more than {overdue_days} days, or "
            "rated off track in two successive uploads of the board's tracker. Most overdue first; days are "
            "calendar days."]


def escalation_words(rows: pd.DataFrame) -> pd.DataFrame:
    return humane(rows[ESCALATION_COLUMNS].rename(columns={"why": "why_listed"}))


def escalation_docx(rows: pd.DataFrame, f: Filters, scope: Scope, overdue_days: int) -> bytes:
    return records_docx("Recommendations to escalate",
                        escalation_text(rows, f, scope, overdue_days), escalation_words(rows))


def escalation_rows(db: Reader, f: Filters,
                    overdue_days: int = ESCALATE_OVERDUE_DAYS,
                    no_update_days: int = CHASE_NO_UPDATE_DAYS) -> pd.DataFrame:
    return q.escalation_list(db, f, overdue_days, no_update_days)
