"""The summary tables (and, for those allowed, the records) as an Excel workbook: a Notes sheet
first, then one sheet a table, every text cell neutralised."""

from __future__ import annotations

import io

import pandas as pd

from publishing.safe import neutralised
from publishing.tables import Table

EXCEL_MAX_ROWS = 1_048_575   # below the header


def workbook_bytes(tables: list[Table], note_frame: pd.DataFrame) -> bytes:
    """One sheet per table and a Notes sheet first."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralised(note_frame).to_excel(writer, sheet_name="Notes", index=False)
        for table in tables:
            frame = table.frame
            if len(frame) > EXCEL_MAX_ROWS:
                frame = frame.head(EXCEL_MAX_ROWS)
            neutralised(frame).to_excel(writer, sheet_name=table.name[:31], index=False)
    return buffer.getvalue()
