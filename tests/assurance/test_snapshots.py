"""In the embedded file an export states its data version (the last upload stored) and can be
made again exactly while that is still the last; after a later upload it is refused in one
line, saying why and that the shared store keeps every snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from assurance.cli import main


def _export(db: Path, out: Path, *extra: str) -> int:
    return main(["--db", str(db), "export", "tables", "--period", "2024-25", "--format", "csv",
                 "--as-of", "2026-11-21", "--out", str(out), *extra])


def test_the_embedded_file_reproduces_its_last_upload_only(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copyfile(demo_db, db)
    assert _export(db, tmp_path / "first") == 0
    notes = pd.read_csv(tmp_path / "first" / "notes.csv", encoding="utf-8-sig")
    stated = notes.set_index("item").loc["Data", "detail"]
    assert stated == ("data version 4 (the embedded file's last stored extract); made again "
                      "from the same data with --snapshot 4")
    assert _export(db, tmp_path / "again", "--snapshot", "4") == 0
    for path in (tmp_path / "first").iterdir():
        if path.name != "notes.csv":
            assert path.read_bytes() == (tmp_path / "again" / path.name).read_bytes()
    extract = tmp_path / "audits.csv"
    extract.write_text("Audit ID,Board,Board type,Audit type,Agency,Audit date,Grade,Themes\n"
                       "NEW-1,Ashbourne SCP,children,thematic,Police,01/07/2024,good,neglect\n",
                       encoding="utf-8")
    assert main(["--db", str(db), "load", "audits", str(extract), "--as-of", "2026-11-21"]) == 0
    capsys.readouterr()
    assert _export(db, tmp_path / "late", "--snapshot", "4") == 2
    err = capsys.readouterr().err
    assert err == ("assurance: --snapshot 4: upload 5 has been stored since upload 4, and the "
                   "embedded file keeps only the latest records, so the figures as they stood "
                   "at upload 4 cannot be made again. The shared store keeps every snapshot "
                   "(README: Hosting for several boards).\n")
    assert not (tmp_path / "late").exists()
