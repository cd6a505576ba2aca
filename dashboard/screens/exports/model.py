"""What the Exports page offers, worked out with no Streamlit: the summary tables (or the
records) made into one file, as a workbook or zipped CSV, and each file's type as a browser
is told it. The documents themselves are made by `publishing`; the page (exports.py) offers
each for download and logs who made it."""

from __future__ import annotations

from data_models.filters import Filters
from data_models.scope import Reader
from publishing.csv_files import zipped_csv
from publishing.tables import build_tables
from publishing.workbook import workbook_bytes

# A download's type, by the file's own format (a browser names and opens it by this).
MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv", "zip": "application/zip", "html": "text/html",
        "pdf": "application/pdf"}


def tables_file(db: Reader, f: Filters, threshold: int, *, records: bool, fmt: str) -> bytes:
    """Every summary table the pages show for the filters, counts below `threshold` suppressed
    (with the filtered records too when `records`), with their notes: a workbook for "xlsx",
    else the tables as CSV files in one zip."""
    tables, notes = build_tables(db, f, threshold, records=records)
    return workbook_bytes(tables, notes) if fmt == "xlsx" else zipped_csv(tables, notes)
