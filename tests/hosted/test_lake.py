"""The shared store, for real: DuckLake with its catalog in a PostgreSQL server started for the
tests and its data files in a folder. The same migrations make the schema; the demo data gives
every figure the embedded file gives; two instances storing at once both land, or one is told
to try again in one sentence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from data_models.queries import FIGURES, REGISTRY
from tests.hosted.postgres import postgres

ASSURANCE = str(Path(sys.executable).with_name("assurance"))
AS_OF = "2026-11-21"
# Figures that differ by nature between two loads of the same data: when it was stored.
WHEN_STORED = {"data_freshness"}


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    folder = tmp_path_factory.mktemp("lake")
    with postgres() as store:
        yield {"ASSURANCE_STORE": store, "ASSURANCE_DATA_PATH": str(folder / "data")}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ASSURANCE, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env})


def _figure(env: dict[str, str], name: str, *extra: str) -> object:
    done = _run(env, "figure", name, "--as-of", AS_OF, "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["records"]


def test_init_and_the_demo_give_every_figure_the_embedded_file_gives(
        lake: dict[str, str], tmp_path: Path) -> None:
    done = _run(lake, "init")
    assert done.returncode == 0, done.stderr
    assert "Schema ready in the shared store ducklake:postgres:dbname=assurance" in done.stdout
    assert _run(lake, "init").returncode == 0                      # again: changes nothing
    assert _run(lake, "demo").returncode == 0
    embedded = {"ASSURANCE_DB": str(tmp_path / "demo.duckdb")}
    assert _run(embedded, "demo").returncode == 0
    compared = 0
    for name in FIGURES:
        if name in WHEN_STORED:
            continue
        for example in REGISTRY[name].examples:
            extra = [a for key, value in example.items() for a in (
                "--drill-theme" if key == "theme" else f"--{key}", str(value))
                if key in ("by", "source", "theme")]
            if any(key not in ("by", "source", "theme") for key in example):
                continue
            assert _figure(lake, name, *extra) == _figure(embedded, name, *extra), name
            compared += 1
    assert compared > 30


def test_an_export_and_a_load_work_on_the_shared_store(lake: dict[str, str],
                                                       tmp_path: Path) -> None:
    out = tmp_path / "tables"
    done = _run(lake, "export", "tables", "--period", "2024-25", "--format", "csv",
                "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "notes.csv").exists()


def test_two_instances_storing_at_once_both_land_or_one_is_told_to_try_again(
        lake: dict[str, str], tmp_path: Path) -> None:
    assert _run(lake, "init").returncode == 0
    files = []
    for n, board in enumerate(("Ashbourne SCP", "Millbrook SCP")):
        path = tmp_path / f"audits-{n}.csv"
        path.write_text("Audit ID,Board,Board type,Audit type,Agency,Audit date,Grade,Themes\n"
                        + "".join(f"CONC-{n}-{i},{board},children,thematic,Police,"
                                  f"0{1 + i % 9}/06/2025,good,neglect\n" for i in range(50)),
                        encoding="utf-8")
        files.append(path)
    runs = [subprocess.Popen([ASSURANCE, "load", "audits", str(path), "--as-of", AS_OF],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, **lake}) for path in files]
    results = [(p.wait(timeout=600), *p.communicate()) for p in runs]
    for code, out, err in results:
        assert "Traceback" not in out + err
        assert code == 0 or "another instance wrote to the shared store at the same moment" \
            in err, (code, out, err)
    landed = [code == 0 for code, _out, _err in results]
    counts = _figure(lake, "audit_records", "--agency", "Police", "--period", "2025-26")
    stored = {r["audit_id"][:6] for r in counts if str(r["audit_id"]).startswith("CONC-")}
    assert stored == {f"CONC-{n}" for n, ok in enumerate(landed) if ok}


def _tables(env: dict[str, str], out: Path, *extra: str) -> dict[str, str]:
    done = _run(env, "export", "tables", "--period", "2024-25", "--format", "csv",
                "--as-of", AS_OF, "--out", str(out), *extra)
    assert done.returncode == 0, done.stderr
    files = {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(out.iterdir())}
    # when it was made is the one line that differs
    files["notes.csv"] = "\n".join(line for line in files["notes.csv"].splitlines()
                                   if not line.startswith("Produced,"))
    return files


def test_an_export_made_again_at_its_snapshot_after_more_uploads_is_the_same(
        lake: dict[str, str], tmp_path: Path) -> None:
    assert _run(lake, "demo", "--if-empty").returncode == 0
    first = _tables(lake, tmp_path / "first")
    stated = next(line for line in first["notes.csv"].splitlines() if line.startswith("Data,"))
    snapshot = int(stated.split("data version ")[1].split()[0])
    assert f"--snapshot {snapshot}" in stated
    extract = tmp_path / "more-audits.csv"
    extract.write_text("Audit ID,Board,Board type,Audit type,Agency,Audit date,Grade,Themes\n"
                       + "".join(f"LATER-{i},Ashbourne SCP,children,thematic,Police,"
                                 f"1{i}/07/2024,inadequate,neglect\n" for i in range(5)),
                       encoding="utf-8")
    assert _run(lake, "load", "audits", str(extract), "--as-of", AS_OF).returncode == 0
    now = _tables(lake, tmp_path / "now")
    assert now != first                                   # the new audits changed a table
    again = _tables(lake, tmp_path / "again", "--snapshot", str(snapshot))
    assert again == first
    late = _run(lake, "export", "tables", "--period", "2024-25", "--format", "csv",
                "--snapshot", "99999", "--out", str(tmp_path / "never"))
    assert late.returncode == 2 and "snapshots run from 1 to" in late.stderr


def _held(env: dict[str, str]) -> object:
    """Every data table's count and content hash, and the newest snapshot, as a reader sees
    them."""
    code = ("import os, sys, json\n"
            "from data_models.store.lake import lake_setting, open_lake\n"
            "con = open_lake(lake_setting())\n"
            "out = {t: con.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM {t}').fetchall()"
            "[0] for t in ('reviews', 'recommendations', 'audits', 'training_bookings', "
            "'uploads', 'upload_problems', 'theme_mentions')}\n"
            "out['snapshot'] = con.execute(\"SELECT max(snapshot_id) FROM "
            "ducklake_snapshots('lake')\").fetchall()[0][0]\n"
            "print(json.dumps(out, default=str))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_store_killed_half_way_leaves_nothing_behind(lake: dict[str, str],
                                                       tmp_path: Path) -> None:
    import signal

    from tests.assurance.test_interrupted_store import big_training_csv, killed_while_storing

    assert _run(lake, "demo", "--if-empty").returncode == 0
    before = _held(lake)
    extract = tmp_path / "training.csv"
    big_training_csv(extract, 1_200_000)
    assert killed_while_storing([ASSURANCE, "load", "training", str(extract), "--as-of", AS_OF],
                                env={**os.environ, **lake}) == -signal.SIGKILL
    assert _held(lake) == before                           # no record, no upload, no snapshot


def test_tidy_store_deletes_only_the_old_files_no_snapshot_names(lake: dict[str, str]) -> None:
    import shutil
    import time

    assert _run(lake, "demo", "--if-empty").returncode == 0
    before = _held(lake)
    named = sorted(Path(lake["ASSURANCE_DATA_PATH"]).rglob("*.parquet"))
    # as a store killed half-way leaves them: one long ago, one another instance is writing now
    orphan = named[0].with_name("ducklake-left-by-a-killed-store.parquet")
    shutil.copy(named[0], orphan)
    long_ago = time.time() - 2 * 3600
    os.utime(orphan, (long_ago, long_ago))
    fresh = named[0].with_name("ducklake-being-written-now.parquet")
    shutil.copy(named[0], fresh)

    listed = _run(lake, "tidy-store", "--older-than-hours", "1", "--dry-run")
    assert listed.returncode == 0, listed.stderr
    assert str(orphan) in listed.stdout.splitlines()
    assert str(fresh) not in listed.stdout and "nothing was deleted (--dry-run)" in listed.stdout
    assert orphan.exists()

    done = _run(lake, "tidy-store", "--older-than-hours", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Deleted ") and "Every snapshot is still readable" in done.stdout
    assert not orphan.exists() and fresh.exists()
    assert all(path.exists() for path in named)             # every file a snapshot names kept
    assert _held(lake) == before
    fresh.unlink()
    young = _run(lake, "tidy-store", "--older-than-hours", "0")
    assert young.returncode == 2
    assert young.stderr == ("assurance: --older-than-hours must be from 1 to 8760: a younger file "
                            "may be a store another instance is writing now.\n")

    embedded = {k: v for k, v in os.environ.items() if not k.startswith("ASSURANCE_")}
    refused = subprocess.run([ASSURANCE, "tidy-store"], capture_output=True, text=True,
                             env=embedded, timeout=120)
    assert refused.returncode == 2
    assert refused.stderr == ("assurance: tidy-store is for the shared store (ASSURANCE_STORE): "
                              "the embedded file keeps no separate data files.\n")


def test_a_store_whose_postgresql_does_not_answer_is_refused_in_one_line(tmp_path: Path) -> None:
    from tests.hosted.postgres import free_port

    port = free_port()                                     # nothing listens there
    store = f"ducklake:postgres:dbname=assurance host=127.0.0.1 port={port} user=assurance"
    done = _run({"ASSURANCE_STORE": store, "ASSURANCE_DATA_PATH": str(tmp_path / "data")},
                "timescales")
    assert done.returncode == 2
    assert done.stderr == (f"assurance: the shared store {store} cannot be opened: could not "
                           "connect to PostgreSQL (Connection refused). Is it running, and are "
                           "host, port and user right? (make hosted-store starts the local "
                           "one.)\n")


def _in_store(env: dict[str, str], sql: str) -> list[list[object]]:
    """What a query gives on the store (in a process of its own, as every instance reads)."""
    code = ("import json\nfrom data_models.store.lake import lake_setting, open_lake\n"
            "con = open_lake(lake_setting())\n"
            f"print(json.dumps([list(r) for r in con.execute({sql!r}).fetchall()], default=str))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_removed_personal_data_cannot_be_read_back_at_an_earlier_version(
        lake: dict[str, str], tmp_path: Path) -> None:
    """(Last in this file: it retires every earlier snapshot of the module's store.)"""
    leak = "moved to 12 Acacia Avenue"
    assert _run(lake, "demo", "--if-empty").returncode == 0
    code = ("from data_models.store.lake import lake_setting, open_lake\n"  # noqa: S608 (test text)
            "con = open_lake(lake_setting())\n"
            f"con.execute(\"UPDATE recommendations SET status_reason = '{leak}' WHERE "
            "recommendation_id = (SELECT min(recommendation_id) FROM recommendations)\")\n")
    assert subprocess.run([sys.executable, "-c", code], env={**os.environ, **lake},
                          timeout=120).returncode == 0
    leaked_at = _in_store(lake, "SELECT max(snapshot_id) FROM ducklake_snapshots('lake')")[0][0]
    assert _in_store(lake, f"SELECT count(*) FROM recommendations AT (VERSION => {leaked_at}) "  # noqa: S608 (test text)
                     f"WHERE status_reason = '{leak}'") == [[1]]
    data = Path(lake["ASSURANCE_DATA_PATH"])
    on_disk = ("SELECT count(*) FROM read_parquet('" + str(data) + "/**/*.parquet', "  # noqa: S608 (test text)
               "union_by_name => true) WHERE status_reason = '" + leak + "'")

    scanned = _run(lake, "privacy-scan", "--redact")
    assert scanned.returncode == 0, scanned.stderr
    assert _in_store(lake, "SELECT count(*) FROM recommendations WHERE status_reason = '"  # noqa: S608 (test text)
                     + leak + "'") == [[0]]
    assert _in_store(lake, on_disk) == [[0]]                 # no data file holds it either
    again = _run(lake, "export", "tables", "--period", "2024-25", "--format", "csv",
                 "--snapshot", str(leaked_at), "--out", str(tmp_path / "then"))
    assert again.returncode == 2, again.stdout
    kept = _in_store(lake, "SELECT min(snapshot_id), max(snapshot_id) FROM "
                     "ducklake_snapshots('lake')")[0]
    assert again.stderr == (
        f"assurance: --snapshot {leaked_at}: that version was retired when personal data was "
        "removed from the shared store (privacy-scan), so it cannot be made again; the versions "
        f"kept run from {kept[0]} to {kept[1]}.\n")
    assert _run(lake, "export", "tables", "--period", "2024-25", "--format", "csv", "--snapshot",
                str(kept[1]), "--out", str(tmp_path / "now")).returncode == 0


def test_a_version_stored_before_the_last_upgrade_is_refused(tmp_path: Path) -> None:
    """Its figures were worked out by the views of its day: this release's would differ."""
    with postgres() as store:
        env = {"ASSURANCE_STORE": store, "ASSURANCE_DATA_PATH": str(tmp_path / "data")}
        assert _run(env, "init").returncode == 0
        [[ours]] = _in_store(env, "SELECT max_by(fingerprint, built_at) FROM schema_builds")
        # as the store stood under an older release's views, then upgraded to this one's
        _in_store(env, "INSERT INTO schema_builds SELECT 'an-older-build', max(version), "
                  "now()::TIMESTAMP FROM schema_version")
        [[older]] = _in_store(env, "SELECT max(snapshot_id) FROM ducklake_snapshots('lake')")
        _in_store(env, f"INSERT INTO schema_builds SELECT '{ours}', max(version), "  # noqa: S608 (test text)
                  "now()::TIMESTAMP + INTERVAL 1 SECOND FROM schema_version")
        out = ["export", "tables", "--period", "2024-25", "--format", "csv", "--as-of", AS_OF]
        refused = _run(env, *out, "--snapshot", str(older), "--out", str(tmp_path / "old"))
        assert refused.returncode == 2
        assert refused.stderr == (
            f"assurance: --snapshot {older}: that version was stored before the store's last "
            "upgrade (assurance init), and this release's figures are worked out differently, "
            "so it cannot be made again exactly.\n")
        extract = Path(__file__).resolve().parents[1] / "fixtures" / "extracts" / "audits_fixed.csv"
        assert _run(env, "load", "audits", str(extract), "--as-of", AS_OF).returncode == 0
        [[now]] = _in_store(env, "SELECT max(snapshot_id) FROM ducklake_snapshots('lake')")
        made = _run(env, *out, "--snapshot", str(now), "--out", str(tmp_path / "now"))
        assert made.returncode == 0, made.stderr


def test_a_backup_as_the_readme_gives_it_restores_every_figure(tmp_path: Path) -> None:
    """pg_dump of the catalog, then a copy of the data folder; restored together into a new
    PostgreSQL, the store gives the same exports."""
    import shutil

    extract = Path(__file__).resolve().parents[1] / "fixtures" / "extracts" / "audits_fixed.csv"
    data = tmp_path / "data"
    out = ["export", "tables", "--period", "2024-25", "--format", "csv", "--as-of", AS_OF]
    with postgres() as store:
        env = {"ASSURANCE_STORE": store, "ASSURANCE_DATA_PATH": str(data)}
        assert _run(env, "init").returncode == 0
        assert _run(env, "load", "audits", str(extract), "--as-of", AS_OF).returncode == 0
        before = _tables(env, tmp_path / "before")
        data_line = next(line for line in before["notes.csv"].splitlines()
                         if line.startswith("Data,"))
        stated = data_line.split("data version ")[1].split()[0]
        port = store.split("port=")[1].split()[0]
        dump = subprocess.run(["pg_dump", "-h", "127.0.0.1", "-p", port, "-U", "assurance",
                               "-Fc", "-f", str(tmp_path / "catalog.dump"), "assurance"],
                              capture_output=True, text=True)
        assert dump.returncode == 0, dump.stderr
        shutil.copytree(data, tmp_path / "data-copy")
    shutil.rmtree(data)                                   # the machine lost: both gone
    with postgres() as store:                             # a new, empty server
        port = store.split("port=")[1].split()[0]
        restored = subprocess.run(["pg_restore", "-h", "127.0.0.1", "-p", port, "-U",
                                   "assurance", "-d", "assurance", "--no-owner",
                                   str(tmp_path / "catalog.dump")], capture_output=True, text=True)
        assert restored.returncode == 0, restored.stderr
        shutil.copytree(tmp_path / "data-copy", data)
        env = {"ASSURANCE_STORE": store, "ASSURANCE_DATA_PATH": str(data)}
        # (the export before made a snapshot of its own: its log entry) every snapshot came back
        assert _tables(env, tmp_path / "after", "--snapshot", stated) == before
        assert _run(env, *out, "--out", str(tmp_path / "now")).returncode == 0
