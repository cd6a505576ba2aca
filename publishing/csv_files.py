"""The summary tables (and, for those allowed, the records) as CSV files: a folder of them, or
the same files zipped for a download. UTF-8 with a byte-order mark so Excel reads them right;
every text cell neutralised."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from publishing.safe import safe_csv
from publishing.tables import Table


def _files(tables: list[Table], note_frame: pd.DataFrame) -> list[tuple[str, bytes]]:
    return [(f"{name}.csv", safe_csv(frame))
            for name, frame in [("notes", note_frame), *((t.name, t.frame) for t in tables)]]


def write_csv_folder(tables: list[Table], note_frame: pd.DataFrame, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in _files(tables, note_frame):
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def zipped_csv(tables: list[Table], note_frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _files(tables, note_frame):
            archive.writestr(name, data)
    return buffer.getvalue()
