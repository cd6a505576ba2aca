"""The annual report as a PDF (the HTML report printed by Chromium) and the board edition's
content: the reviews of the year and each recommendation, review by review, for those allowed
records; the HTML report small enough to send."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from assurance.cli import main
from data_models.filters import Filters
from data_models.scope import Reader, Scope
from data_models.store.file import connect
from publishing.report import EditionRefused, annual_report

AS_OF = "2026-11-21"


@pytest.mark.browser
def test_the_pdf_is_a4_tagged_numbered_and_says_what_the_html_says(demo_db: Path,
                                                                   tmp_path: Path) -> None:
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    for out, fmt in ((pdf, "pdf"), (html, "html")):
        assert main(["--db", str(demo_db), "export", "report", "--period", "2024-25",
                     "--board", "Kestrel Bay SCP", "--format", fmt, "--out", str(out),
                     "--as-of", AS_OF, "--edition", "board"]) == 0
    reader = PdfReader(pdf)
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) >= 6
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root     # tagged
    words = " ".join(pages)
    for heading in ("Annual report: Kestrel Bay SCP, 2024-25", "Statutory and guidance",
                    "The reviews of 2024-25", "review by review"):
        assert heading in words
    assert html.stat().st_size < 1_000_000


def test_the_board_editions_lists_are_for_those_allowed_records(demo_db: Path) -> None:
    con = connect(demo_db, read_only=True)
    try:
        f = Filters(as_of=dt.date.fromisoformat(AS_OF), board="Kestrel Bay SCP",
                    period="2024-25")
        reader = Reader(con, Scope(("Kestrel Bay SCP",), True, "uploader"))
        lead = annual_report(reader, f, 5, "board")
        published = annual_report(reader, f, 5)
        member = Reader(con, Scope(("Kestrel Bay SCP",), False, "viewer"))
        with pytest.raises(EditionRefused):
            annual_report(member, f, 5, "board")
        for_member = annual_report(member, f, 5)
    finally:
        con.close()
    reviews, recommendations = lead.sections[-2], lead.sections[-1]
    assert reviews.heading == "The reviews of 2024-25"
    listed = reviews.tables[0]
    assert listed.header == ["Review", "Type", "Stage", "Timescales (date, or when due)",
                             "Published"]
    assert all(re.fullmatch(r"KB-C-\w{3}-\d{4}-\d{3}", row[0]) for row in listed.rows)
    assert any("met (" in row[3] for row in listed.rows)
    assert recommendations.tables and all(
        t.header[4] == "State on 21/11/2026" and t.title.startswith("Review ")
        for t in recommendations.tables)
    # the publication edition is the same for both, and has no lists
    assert [s.heading for s in published.sections] == [s.heading for s in for_member.sections]
    assert [s.heading for s in lead.sections[:-2]] == [s.heading for s in published.sections]
