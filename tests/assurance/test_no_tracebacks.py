"""No command ever prints a traceback: each command's failure paths, run as a person runs them
(a real process), end with exit code 2 (1 for a rejected extract) and a message in words."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_models import schema
from data_models.store.file import connect, init_schema

ASSURANCE = str(Path(sys.executable).with_name("assurance"))


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ASSURANCE, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def _said_plainly(done: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode == code, output
    assert words in output, output


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db.duckdb"
    shutil.copyfile(demo_db, copy)
    return copy


@pytest.fixture
def locked(db: Path) -> Iterator[Path]:
    """Another program holding the database open for writing."""
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(db)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield db
    holder.kill()
    holder.wait()


NO_DATABASE = [
    ["timescales"], ["themes"], ["figure", "learning_loop"], ["rules", "list"],
    ["export", "pack", "--period", "2024-25"],
    ["export", "report", "--period", "2024-25", "--format", "docx"], ["map", "--list"],
    ["privacy-scan"], ["impact"], ["export", "chase"], ["digest", "--due"],
]


@pytest.mark.parametrize("args", NO_DATABASE, ids=" ".join)
def test_with_no_database(tmp_path: Path, args: list[str]) -> None:
    _said_plainly(_run("--db", str(tmp_path / "none.duckdb"), *args, cwd=tmp_path), 2,
                  "There is no database at")


WRITERS = [["init"], ["demo"], ["load", "reviews", "FILE"], ["timescales"],
           ["rules", "import", "FILE"], ["export", "tables", "--period", "2024-25", "--format",
                                         "csv"],
           ["map", "recommendations", "status", "Green=in_progress"], ["privacy-scan", "--redact"],
           ["export", "chase", "--format", "csv"], ["digest", "--due"]]


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_with_the_database_locked_by_another_program(locked: Path, tmp_path: Path,
                                                     args: list[str]) -> None:
    extract = tmp_path / "x.csv"
    extract.write_text("review_id\n1\n")
    chosen = [str(extract) if a == "FILE" else a for a in args]
    _said_plainly(_run("--db", str(locked), *chosen, cwd=tmp_path), 2,
                  "is in use by another program")


@pytest.mark.parametrize(("args", "words"), [
    (["load", "reviews", "missing.csv"], "There is no file at missing.csv"),
    (["rules", "import", "missing.toml"], "There is no file at missing.toml"),
    (["timescales", "--as-of", "31/02/2024"], "is not a date; use YYYY-MM-DD"),
    (["timescales", "--board", "Nowhere"], "there is no board of that name"),
    (["figure", "audit_grades", "--by", "owner"], "not one of its groupings"),
    (["figure", "theme_records"], "needs --drill-theme"),
    (["export", "pack", "--period", "2024-25", "--threshold", "1"], "--threshold must be 2"),
    (["serve", "--address", "0.0.0.0"], "serves this computer only"),
    (["map", "recommendations", "status", "Green=finished"], "'finished' is not an allowed status"),
    (["map", "recommendations", "header", "Rec #"], "is not FROM=TO"),
    (["map", "--remove", "99"], "there is no mapping 99"),
    (["map"], "map needs KIND COLUMN"),
    (["impact", "--cut-over", "2025-01-01"], "--cut-over is for one theme"),
    (["impact", "--theme", "Nothing"], "there is no theme of that name"),
    (["export", "chase", "--owner", "Nobody"], "has nothing to chase"),
    (["export", "chase", "--escalation", "--owner", "Police"], "leave out --owner"),
    (["digest", "--add", "a@b.example"], "add --board NAME"),
    (["digest", "--add", "not an address", "--board", "Kestrel Bay SCP"],
     "is not an email address"),
    (["digest", "--to", "quality.lead@example.org"], "is not set"),
])
def test_mistakes_in_what_was_asked(db: Path, tmp_path: Path, args: list[str], words: str) -> None:
    _said_plainly(_run("--db", str(db), *args, cwd=tmp_path), 2, words)


def test_an_access_file_or_sign_in_settings_not_in_utf8(db: Path, tmp_path: Path) -> None:
    """The probe: a file saved as Latin-1 raised UnicodeDecodeError, not the one line."""
    roles = tmp_path / "roles.toml"
    roles.write_bytes('[people."lead@r\xe9gion.example"]\nrole = "viewer"\nboards = "all"\n'
                      .encode("latin-1"))
    secrets = tmp_path / "secrets.toml"
    secrets.write_bytes('[auth]\n# caf\xe9\n'.encode("latin-1"))
    for args, env in ((["timescales", "--as", "lead@example.org", "--roles", str(roles)], {}),
                      (["digest", "--to", "lead@example.org", "--dry-run", "--roles", str(roles)],
                       {}),
                      (["serve", "--port", "9"], {"ASSURANCE_SECRETS": str(secrets)})):
        done = _run("--db", str(db), *args, env=env, cwd=tmp_path)
        _said_plainly(done, 2, "cannot be read")
        assert done.stderr.count("\n") == 1, done.stderr


def test_a_rejected_extract_is_exit_1_with_its_problems(db: Path, tmp_path: Path) -> None:
    extract = tmp_path / "audits.csv"
    extract.write_text("audit_id,board,board_type,audit_type,agency,audit_date,grade\n"
                       "A1,B,children,thematic,Police,31/02/2024,good\n")
    _said_plainly(_run("--db", str(db), "load", "audits", str(extract), cwd=tmp_path), 1,
                  "'31/02/2024' is not a date")


def test_a_broken_rules_file(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "timescale_rules.toml"
    broken.write_text("[[rule]]\nid = 'x'\n")
    done = _run("--db", str(db), "init", env={"ASSURANCE_RULES_FILE": str(broken)}, cwd=tmp_path)
    _said_plainly(done, 2, "timescale_rules.toml: rule 1 (x): key '")
    assert done.stderr.count("\n") == 1


def test_a_database_from_a_newer_release(tmp_path: Path) -> None:
    path = tmp_path / "newer.duckdb"
    con = connect(path)
    init_schema(con)
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, now())",
                [schema.LATEST + 1])
    con.close()
    for args in (["init"], ["timescales"], ["serve"], ["rules", "list"]):
        _said_plainly(_run("--db", str(path), *args, cwd=tmp_path), 2, "newer release")


@pytest.mark.parametrize("after", [0.4, 0.9, 1.5], ids=lambda s: f"{s}s")
def test_an_interrupted_command_says_so(db: Path, tmp_path: Path, after: float) -> None:
    """Ctrl+C whenever it comes: while the command's modules load (a loaded machine takes
    seconds over it), or while it works."""
    process = subprocess.Popen([ASSURANCE, "--db", str(db), "demo"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    time.sleep(after)
    process.send_signal(2)                    # Ctrl+C
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in out + err


def test_a_vocabularies_file_that_is_not_utf8(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "vocabularies.toml"
    broken.write_bytes('[[board_type]]\ncode = "children"\nlabel = "Children\u2019s"\n'
                       .encode("cp1252"))
    done = _run("--db", str(db), "timescales", env={"ASSURANCE_VOCABULARIES_FILE": str(broken)},
                cwd=tmp_path)
    _said_plainly(done, 2, "vocabularies.toml: not UTF-8 text, which TOML files must be")
    assert done.stderr.count("\n") == 1


def test_a_broken_vocabularies_file(db: Path, tmp_path: Path) -> None:
    """Read as the command's own modules load, so the entry point reports it too."""
    broken = tmp_path / "vocabularies.toml"
    broken.write_text('[[board_type]]\ncode = "children"\n')
    done = _run("--db", str(db), "timescales", env={"ASSURANCE_VOCABULARIES_FILE": str(broken)},
                cwd=tmp_path)
    _said_plainly(done, 2, "vocabularies.toml: board_type 1 (children): key 'label' is missing.")
    assert done.stderr.count("\n") == 1
