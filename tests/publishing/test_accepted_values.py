"""A value the checks accept never stops an output. The case found by a new user: a board's own
tracker with one recommendation whose target date is "TBC" went in (read as no date, and said
so), and from then on the annual report failed for that board and for every board, while the
Exports page's Word button did nothing at all."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document

from assurance.cli import main

AS_OF = "2026-11-21"
TBC = (b"recommendation_id,review_id,board,board_type,recommendation,owner,themes,agreed_date,"
       b"due_date,status\n"
       b"X-1,MS-C-LCS-2024-029,Millbrook SCP,children,Test recommendation with no due date "
       b"yet.,Police,neglect,01/10/2024,TBC,in_progress\n")


@pytest.fixture(scope="module")
def with_tbc(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tbc")
    db = folder / "assurance.duckdb"
    shutil.copyfile(demo_db, db)
    extract = folder / "tracker.csv"
    extract.write_bytes(TBC)
    assert main(["--db", str(db), "load", "recommendations", str(extract),
                 "--as-of", AS_OF]) == 0
    return db


def test_the_tbc_due_date_is_read_as_no_date_and_said(
        with_tbc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(with_tbc), "figure", "recommendation_records", "--board",
                 "Millbrook SCP", "--as-of", AS_OF, "--format", "csv"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Millbrook")
            and ",X-1," in line]
    assert len(rows) == 1


@pytest.mark.parametrize("board", [None, "Millbrook SCP", "Kestrel Bay SCP"],
                         ids=["every board", "its board", "another board"])
@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_every_report_is_made_with_a_recommendation_due_tbc(
        with_tbc: Path, tmp_path: Path, board: str | None, fmt: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"report.{fmt}"
    code = main(["--db", str(with_tbc), "export", "report", "--period", "2024-25",
                 "--format", fmt, "--as-of", AS_OF, "--out", str(out),
                 *(["--board", board] if board else [])])
    err = capsys.readouterr().err
    assert code == 0 and "fault in the product" not in err, err
    assert out.stat().st_size > 0
    if fmt == "docx" and board == "Millbrook SCP":           # its list: the board edition's
        assert main(["--db", str(with_tbc), "export", "report", "--period", "2024-25",
                     "--format", fmt, "--as-of", AS_OF, "--out", str(out), "--board", board,
                     "--edition", "board"]) == 0
        document = Document(io.BytesIO(out.read_bytes()))
        [row] = [[c.text for c in r.cells] for t in document.tables for r in t.rows
                 if r.cells[0].text == "X-1"]
        assert row[3] == "–" and row[4] == "In progress"      # no due date: not overdue


def test_the_pdf_report_is_made_with_a_recommendation_due_tbc(with_tbc: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert main(["--db", str(with_tbc), "export", "report", "--period", "2024-25", "--board",
                 "Millbrook SCP", "--format", "pdf", "--as-of", AS_OF, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.browser
def test_the_exports_pages_word_button_gives_the_report(with_tbc: Path, tmp_path: Path,
                                                        page) -> None:  # type: ignore[no-untyped-def]
    from tests.dashboard.browser import serve_app, settled

    with serve_app(with_tbc) as base:
        page.goto(f"{base}/exports?period=2024-25&board=Millbrook+SCP&as_of={AS_OF}")
        settled(page, "Exports")
        with page.expect_download(timeout=180_000) as download:
            page.get_by_role("button", name="Board edition (not for publication) (Word)").click()
        saved = tmp_path / "report.docx"
        download.value.save_as(saved)
    document = Document(str(saved))
    assert document.core_properties.title != "Export not made"
    assert any(r.cells[0].text == "X-1" for t in document.tables for r in t.rows)


@pytest.mark.browser
def test_an_export_that_cannot_be_made_gives_a_file_saying_so(demo_db: Path, tmp_path: Path,
                                                              page) -> None:  # type: ignore[no-untyped-def]
    """A click never does nothing: the database gone between the page and the click (a real
    failure inside the download's making) gives a Word file saying the export was not made."""
    from tests.dashboard.browser import serve_app, settled

    db = tmp_path / "assurance.duckdb"
    shutil.copyfile(demo_db, db)
    with serve_app(db) as base:
        page.goto(f"{base}/exports?period=2024-25&board=Millbrook+SCP&as_of={AS_OF}")
        settled(page, "Exports")
        db.rename(tmp_path / "gone.duckdb")
        with page.expect_download(timeout=180_000) as download:
            page.get_by_role("button", name="Publication edition (Word)").click()
        saved = tmp_path / "report.docx"
        download.value.save_as(saved)
    document = Document(str(saved))
    assert document.core_properties.title == "Export not made"
    assert "could not be made" in "\n".join(p.text for p in document.paragraphs)
