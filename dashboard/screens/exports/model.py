"""What the Exports page offers, worked out with no Streamlit: the summary tables (or the
records) made into one file, as a workbook or zipped CSV, and each file's type as a browser
is told it. The documents themselves are made by `publishing`; the page (exports.py) offers
each for download and logs who made it."""

from __future__ import annotations

from collections.abc import Callable

from data_models.filters import Filters
from data_models.scope import Reader
from publishing.csv_files import zipped_csv
from publishing.pack import annual_report_pack
from publishing.pdf import html_to_pdf
from publishing.report import Edition
from publishing.report_docx import annual_report_docx
from publishing.tables import build_tables
from publishing.workbook import workbook_bytes

# A download's type, by the file's own format (a browser names and opens it by this).
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv", "zip": "application/zip", "html": "text/html",
        "pdf": "application/pdf"}


# The annual report's formats, as the page offers them.
REPORT_FORMATS = {"docx": "Word", "html": "HTML", "pdf": "PDF"}
# The report's two editions, in the order the page offers them: the one to publish first.
EDITION_BUTTONS: dict[Edition, str] = {"publication": "Publication edition",
                                       "board": "Board edition (not for publication)"}


def report_maker(f: Filters, threshold: int, edition: Edition,
                 fmt: str) -> Callable[[Reader], bytes]:
    """How the annual report in `edition` and `fmt` is made when it is downloaded."""
    def make(db: Reader) -> bytes:
        if fmt == "docx":
            return annual_report_docx(db, f, threshold, edition)
        page = annual_report_pack(db, f, threshold, edition, fmt)
        return html_to_pdf(page) if fmt == "pdf" else page.encode("utf-8")
    return make


def tables_file(db: Reader, f: Filters, threshold: int, *, records: bool, fmt: str) -> bytes:
    """Every summary table the pages show for the filters, counts below `threshold` suppressed
    (with the filtered records too when `records`), with their notes: a workbook for "xlsx",
    else the tables as CSV files in one zip."""
    tables, notes = build_tables(db, f, threshold, records=records)
    return workbook_bytes(tables, notes) if fmt == "xlsx" else zipped_csv(tables, notes)
