"""The workbook as a report writer opens it in Excel: headers in words, the header row frozen
and filters on, columns as wide as what they hold, dates as dates, a Notes sheet in plain
words. Made by the command line from the demo data and opened with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from assurance.cli import main
from data_models.filters import Filters
from data_models.store.file import connect
from publishing.tables import build_tables
from tests.conftest import everyone

AS_OF = "2026-11-21"


@pytest.fixture(scope="module")
def exported(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Workbook, Path]:
    folder = tmp_path_factory.mktemp("workbook")
    db = folder / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    out = folder / "records.xlsx"
    assert main(["--db", str(db), "export", "tables", "--period", "2024-25", "--format",
                 "xlsx", "--records", "--out", str(out), "--as-of", AS_OF]) == 0
    return openpyxl.load_workbook(out), db


@pytest.fixture(scope="module")
def book(exported: tuple[Workbook, Path]) -> Workbook:
    return exported[0]


def _field_names(db: Path) -> set[str]:
    """Every column name the tables hold before they are put in words."""
    con = connect(db, read_only=True)
    try:
        tables, notes = build_tables(everyone(con), Filters(as_of=dt.date.fromisoformat(AS_OF),
                                                  period="2024-25"), 5, records=True)
    finally:
        con.close()
    return {c for t in tables for c in t.frame.columns} | set(notes.columns)


def test_every_sheet_has_headers_in_words_frozen_and_filtered(
        book: Workbook, exported: tuple[Workbook, Path]) -> None:
    fields = _field_names(exported[1]) - {"board", "owner", "agency", "theme", "course",
                                          "topic", "themes", "quarter", "status", "grade",
                                          "unit", "comparison", "limit", "workforce"}
    fields = {f for f in fields if f == f.lower()}   # the national tables' are words already
    # the notes, 15 summary and record tables, and the demo's national context (10 tables)
    assert len(book.sheetnames) == 26
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        assert all(isinstance(h, str) and h[:1].isupper() for h in header), (sheet.title, header)
        assert not [h for h in header if "_" in h or h in fields], \
            (sheet.title, header)
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert len(set(header)) == len(header), (sheet.title, header)


def test_columns_are_as_wide_as_what_they_hold(book: Workbook) -> None:
    for sheet in book.worksheets:
        for number, (cell,) in enumerate(sheet.iter_cols(max_row=1), start=1):
            width = sheet.column_dimensions[get_column_letter(number)].width
            values = [len(str(v)) for (v,) in sheet.iter_rows(
                min_row=2, max_row=min(sheet.max_row, 200), min_col=number, max_col=number,
                values_only=True)
                if v is not None and not isinstance(v, dt.datetime)]
            # a long header wraps (its longest word fits; up to 24 characters on one line)
            header = str(cell.value)
            longest_word = max(len(w) for w in header.split())
            assert width >= min(max([*values, longest_word, min(len(header), 24)]), 60), \
                (sheet.title, cell.value)
            assert width <= 62, (sheet.title, cell.value)
    measures = book["Timescales by measure"]
    widths = {c.value: measures.column_dimensions[c.column_letter].width for c in measures[1]}
    assert widths["Timescale"] > 3 * widths["Met"]       # sized to content, not a default


def test_dates_are_dates_shown_day_month_year(book: Workbook) -> None:
    sheet = book["Recommendation records"]
    header = [c.value for c in sheet[1]]
    column = header.index("Date agreed") + 1
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_row=50, min_col=column,
                                               max_col=column)]
    assert cells and all(isinstance(c.value, dt.datetime) for c in cells)
    assert {c.number_format for c in cells} == {"DD/MM/YYYY"}
    starts = book["Timescale records"]
    start = [c.value for c in starts[1]].index("Start date") + 1
    assert isinstance(starts.cell(row=2, column=start).value, dt.datetime)


def test_codes_are_words_and_yes_or_no(book: Workbook) -> None:
    sheet = book["Recommendation records"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[header.index("Open")] for r in rows} - {None} == {"Yes", "No"}
    assert {r[header.index("Board type")] for r in rows} <= {"Children's", "Adults'"}
    assert "in_progress" not in {r[header.index("Status")] for r in rows}
    timescales = book["Timescale records"]
    labels = {r[0] for r in timescales.iter_rows(
        min_row=2, min_col=[c.value for c in timescales[1]].index("Timescale") + 1,
        max_col=[c.value for c in timescales[1]].index("Timescale") + 1, values_only=True)}
    assert "Rapid review sent to the Panel within 15 working days" in labels
    assert "rapid_review_15wd" not in labels


def test_the_notes_sheet_is_in_plain_words(book: Workbook) -> None:
    sheet = book["Notes"]
    assert [c.value for c in sheet[1]] == ["Item", "Detail"]
    notes = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(notes)[:3] == ["About", "Filters", "As of"]
    assert all("_" not in item for item in notes)
    for title in book.sheetnames[1:5]:
        assert f"Table: {title}" in notes          # each sheet's note, under its own name
    assert notes["Rule: Rapid review in 15 working days"].startswith("Rapid review sent")
    assert sheet.column_dimensions["B"].width == 60
    assert sheet["B2"].alignment.wrap_text
