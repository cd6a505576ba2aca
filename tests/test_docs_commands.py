"""Every command the documentation shows works as written on a fresh clone.

Each fenced code block of the documentation (DOCUMENTS) is read as a person reads it: in a
`sh` or `cron` block every line is a command (a comment line straight after one is what it
prints); in a block with `$ ` lines, those are the commands and the lines under each are what
it prints; a block of lines beginning `assurance: ` or indented is messages quoted without
their command; `toml`, `csv` and `text` blocks are files and listings. Every command is
either run here, in a copy of the files a clone holds (tests/fresh_clone.py) with the demo
database `make run` makes and the files a person would have (made from the demo data set or
tests/fixtures), or named in NOT_RUN_HERE with the reason and the test that runs it. A command
or block this test does not recognise fails it, so a new example must be classified.

A command run here must exit 0; one shown refused (a line `assurance: ...` under it) must
exit 2 with exactly that line; a `load` shown with errors must exit 1 (rejected). What is
shown under a command must be the start of what it prints: a line `...` stands for any lines,
`...` inside a line for any text, a date for the day it runs, and the clone's folder is left
out of paths, as the documentation quotes them relative.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from tests.fresh_clone import ROOT, as_typed, make_clone

# The pages to read: the README, the front door, and every page of the documentation site
# under docs/ (the pattern takes new pages in as they are written).
DOCUMENTS = ("README.md", "docs/**/*.md")

FIXTURES = ROOT / "tests" / "fixtures"
PROSE = ("toml", "csv", "text")          # files and listings, not commands

# Commands that are not run here, and why. The first pattern that matches a command (its
# words, without `$ ` and its comment) classifies it; a test named in a reason must exist.
NOT_RUN_HERE: tuple[tuple[str, str], ...] = (
    (r"make run\b", "serves until Ctrl-C, after `assurance init` and `assurance demo "
     "--if-empty` (this test's clones hold the database they make); "
     "tests/dashboard/test_local_mode_served.py serves the app as make run starts it"),
    (r"make test$", "is the whole suite, this test among it"),
    (r"make docs$", "builds the documentation site (.ci/run runs it): "
     "tests/test_docs_links.py builds it with --strict as make docs does"),
    (r"make docs-serve$", "serves the documentation site until Ctrl-C: "
     "tests/test_docs_links.py builds the same site with --strict"),
    (r"make hosted-(store|run)\b", "starts PostgreSQL, and serves until Ctrl-C, in "
     ".venv-hosted: tests/hosted/test_local_setup.py runs both (make test-hosted), in the "
     "default folder as root too"),
    (r"make hosted$", "builds .venv-hosted (minutes of installing): make test-hosted builds "
     "it and runs tests/hosted/test_local_setup.py in it"),
    (r"(\.venv(-hosted)?/bin/)?assurance( --db \S+)? serve\b", "serves until stopped: "
     "tests/assurance/test_serve.py serves it"),
    (r"\.venv-hosted/bin/assurance ", "works on the shared store of a server of your own "
     "(db.internal): tests/hosted/test_instances.py makes a store, stores through one instance "
     "and reads through another, on a local PostgreSQL"),
    (r"(\.venv/bin/)?assurance digest --due\b", "sends mail: "
     "tests/assurance/test_fresh_clone_access.py runs it on a fresh clone against a real SMTP "
     "server"),
    (r"(\.venv/bin/)?assurance digest --to (?!.*--dry-run)", "sends mail: "
     "tests/assurance/test_fresh_clone_access.py runs it on a fresh clone against a real SMTP "
     "server"),
    (r"\d+ \d+ \S+ \S+ \S+ +cd ", "a crontab line, run by cron (it sends mail): "
     "tests/deploy/test_digest_schedule.py holds it to running `assurance digest --due`"),
    (r"apt-get install ", "installs a package onto this machine (.ci/run installs what the "
     "tests need)"),
    (r"(cp|ln -s) \S+ /etc/nginx/|nginx -t\b", "installs into this machine's nginx and "
     "reloads it: tests/deploy/test_reverse_proxy.py runs deploy/nginx/assurance.conf in "
     "nginx in front of the app"),
)
# Commands run here, in the clone: the product's own command, `install` (the access file made
# from its example) and `export` (a setting for the block's later commands). One that names a
# path outside the clone is not run here.
RUN_HERE = re.compile(r"(\.venv/bin/)?assurance |install |export [A-Z_]+=")

DATE = re.compile(r"\b\d\d/\d\d/\d{4}\b")
STAMP = re.compile(r"\b\d{4}-\d\d-\d\dT\d{6}\b")


# ---- the documentation, read ----

@dataclass(frozen=True)
class Block:
    document: str
    line: int               # of the opening fence
    language: str
    lines: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.document}:{self.line}"

    @property
    def prompted(self) -> bool:
        return any(line.startswith("$ ") for line in self.lines)

    @property
    def messages(self) -> bool:
        return not self.language and not self.prompted and all(
            line.startswith(("assurance: ", " ")) for line in self.lines)


@dataclass
class Command:
    text: str                                    # as typed, without `$ `
    shown: list[str] = field(default_factory=list)   # what the page shows it printing

    @property
    def words(self) -> str:
        """The command without its comment, its words unquoted: what NOT_RUN_HERE reads."""
        return " ".join(shlex.split(self.text, comments=True))


def documents() -> list[Path]:
    found: list[Path] = []
    for pattern in DOCUMENTS:
        found += sorted(p for p in ROOT.glob(pattern) if p.is_file() and p not in found)
    return found


def blocks() -> list[Block]:
    found = []
    for path in documents():
        name = str(path.relative_to(ROOT))
        opened: tuple[int, str] | None = None
        body: list[str] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                if opened is None:
                    opened, body = (number, line[3:].strip()), []
                else:
                    found.append(Block(name, opened[0], opened[1],
                                       tuple(b for b in body if b.strip())))
                    opened = None
            elif opened is not None:
                body.append(line.rstrip())
    return found


def commands(block: Block) -> list[Command]:
    """The commands of a block of commands, each with the lines shown as its output."""
    out: list[Command] = []
    for line in block.lines:
        if block.prompted:
            if line.startswith("$ "):
                out.append(Command(line[2:]))
            elif out:
                out[-1].shown.append(line)
        elif line.startswith(" ") and line.lstrip().startswith("#"):
            continue                             # a comment carried on from the line above
        elif line.startswith("#"):
            if out:
                out[-1].shown.append(line.lstrip("# "))
        else:
            out.append(Command(line))
    return out


def runs_here(command: Command) -> bool:
    return bool(RUN_HERE.match(command.words)) and not any(
        word.startswith("/") for word in shlex.split(command.text, comments=True))


def not_run_here(command: str) -> str | None:
    """Why a command is not run here, or None when it is."""
    for pattern, reason in NOT_RUN_HERE:
        if re.match(pattern, command):
            return reason
    return None


def _first(block: Block) -> str:
    return next((c.words for c in commands(block)), "")


# ---- what a person has at hand when they reach a block ----

Maker = Callable[[Path, dict[str, pd.DataFrame]], None]


@dataclass(frozen=True)
class Before:
    """The database (the demo data set unless another file is named), the files the block's
    commands name, made as a person would have them, and commands already run."""

    database: Path | None = None
    files: dict[str, Maker] = field(default_factory=dict)
    lines: tuple[str, ...] = ()


def _fixture(name: str) -> Maker:
    return lambda path, demo: shutil.copyfile(FIXTURES / "extracts" / name, path)


def _national(name: str) -> Maker:
    return lambda path, demo: shutil.copyfile(FIXTURES / "national" / name, path)


def _reviews_of_the_year(path: Path, demo: dict[str, pd.DataFrame]) -> None:
    """The board's reviews extract of 2024-25: a review's year is that of its decision date,
    else its notification, awareness or rapid review date."""
    reviews = demo["reviews"]
    dated = pd.to_datetime(reviews["decision_date"], dayfirst=True)
    for column in ("notification_date", "aware_date", "rapid_review_date"):
        dated = dated.fillna(pd.to_datetime(reviews[column], dayfirst=True))
    reviews[(dated >= "2024-04-01") & (dated <= "2025-03-31")].to_csv(path, index=False)


def _audits_of_the_quarter(path: Path, demo: dict[str, pd.DataFrame]) -> None:
    """The audits of 2024-25 Q3 as an Excel workbook, dates as dates."""
    audits = demo["audits"].copy()
    audits["audit_date"] = pd.to_datetime(audits["audit_date"], dayfirst=True)
    quarter = audits[(audits["audit_date"] >= "2024-10-01") & (audits["audit_date"] <= "2024-12-31")]
    quarter.to_excel(path, index=False)


def _own_tracker(month: int) -> Maker:
    """Kestrel Bay SCP's own recommendations tracker (no board column); a month later one
    recommendation in progress is completed."""
    def make(path: Path, demo: dict[str, pd.DataFrame]) -> None:
        recommendations = demo["recommendations"]
        tracker = recommendations[recommendations["board"] == "Kestrel Bay SCP"].drop(
            columns=["board", "board_type"])
        if month > 1:
            done = tracker.index[tracker["status"] == "in_progress"][0]
            today = dt.date.today().strftime("%d/%m/%Y")
            tracker.loc[done, ["status", "completed_date", "last_updated"]] = [
                "completed", today, today]
        tracker.to_csv(path, index=False)
    return make


def _reviews_with_two_errors(path: Path, demo: dict[str, pd.DataFrame]) -> None:
    """Two reviews under headers as a case system writes them, a date that does not exist in
    the first and a board type the product does not know in the second."""
    reviews = demo["reviews"].head(2).rename(columns={"notification_date": "Date notified",
                                                      "board_type": "Board type"})
    reviews.loc[reviews.index[0], "Date notified"] = "31/02/2023"
    reviews.loc[reviews.index[1], "Board type"] = "childrens services"
    reviews.to_csv(path, index=False)


def _local_rules_with_a_mistake(path: Path, demo: dict[str, pd.DataFrame]) -> None:
    """The documentation's own local rules file, its unit mistyped."""
    [rules] = [b for b in blocks() if b.language == "toml" and b.lines[0] == "[[rule]]"]
    text = "\n".join(rules.lines) + "\n"
    assert 'unit = "working_days"' in text
    path.write_text(text.replace('unit = "working_days"', 'unit = "weeks"'), encoding="utf-8")


ACCESS_FILE = "install -m 600 streamlit_config/roles.example.toml streamlit_config/roles.toml"

# Keyed by the block's first command, without its comment.
BEFORE: dict[str, Before] = {
    ".venv/bin/assurance load reviews reviews_2024-25.csv --dry-run": Before(
        files={"reviews_2024-25.csv": _reviews_of_the_year,
               "audits_q3.xlsx": _audits_of_the_quarter,
               "tracker.csv": _own_tracker(1), "tracker_next_month.csv": _own_tracker(2)}),
    "assurance load recommendations tracker.csv --dry-run": Before(
        files={"tracker.csv": _fixture("tracker_month1.csv")}),
    "assurance timescales --as lead@kestrelbay.example --period 2024-25": Before(
        lines=(ACCESS_FILE,)),
    "assurance init": Before(database=FIXTURES / "release_v12" / "assurance.duckdb"),
    "assurance national load b1_children_in_need_2013_to_2024.csv": Before(
        files={"b1_children_in_need_2013_to_2024.csv": _national("b1_children_in_need_2013_to_2024.csv")}),
}


@dataclass(frozen=True)
class Source:
    """The command that prints a message quoted without its command, and what it needs."""

    command: str
    before: Before = field(default_factory=Before)


# Messages quoted without their command, by their first line: the command that prints them,
# run here, or the test that holds them.
MESSAGES: dict[str, Source | str] = {
    "assurance: /etc/assurance/secrets.txt: the sign-in settings file must end in .toml":
        "refusals of `assurance serve` with sign-in configured: tests/assurance/test_serve.py "
        "holds the first (a settings file not ending in .toml), "
        "tests/data_models/test_access.py the second (a board the data does not hold)",
    "assurance: --board 'Ashbourne': there is no board of that name in the data.":
        Source("assurance timescales --board Ashbourne"),
    "assurance: local_rules.toml: rule 1 (rapid_review_meeting_13wd)":
        Source('assurance rules import local_rules.toml --board "Ashbourne SCP"',
               Before(files={"local_rules.toml": _local_rules_with_a_mistake})),
    "  error: Column 'Date notified', row 2": Source(
        "assurance load reviews reviews.csv", Before(files={"reviews.csv":
                                                            _reviews_with_two_errors})),
    "assurance: E10000006 is Cumbria, which no longer exists":
        Source('assurance national footprint "Kestrel Bay SCP" E10000006'),
    "  DuckDB said: IO Error: Could not set lock on file":
        "a second program holding the database: tests/assurance/test_cli.py holds a command "
        "to DuckDB's lock message",
}


def _message_source(block: Block) -> Source | str | None:
    return next((v for k, v in MESSAGES.items() if block.lines[0].startswith(k)), None)


# ---- what was printed, against what is shown ----

def _dated(line: str) -> str:
    return STAMP.sub("YYYY-MM-DDTHHMMSS", DATE.sub("DD/MM/YYYY", line)).rstrip()


def _normal(text: str, clone: Path) -> list[str]:
    return [_dated(line) for line in text.replace(f"{clone}/", "").splitlines()]


def _pattern(shown: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in _dated(shown).split("...")))


def _begins(printed: list[str], shown: list[str]) -> bool:
    """Whether `shown` is how `printed` begins: a line `...` for any lines, `...` in a line for
    any text."""
    if not shown:
        return True
    if shown[0].strip() == "...":
        return any(_begins(printed[i:], shown[1:]) for i in range(len(printed) + 1))
    return (bool(printed) and _pattern(shown[0]).fullmatch(printed[0]) is not None
            and _begins(printed[1:], shown[1:]))


def _exit_expected(command: Command) -> int:
    if any(line.startswith("assurance: ") for line in command.shown):
        return 2
    if re.match(r"(\.venv/bin/)?assurance load ", command.words) and any(
            line.lstrip().startswith("error:") for line in command.shown):
        return 1
    return 0


# ---- the tests ----

def test_every_block_and_command_shown_is_classified() -> None:
    found = blocks()
    assert any(b.document == "README.md" for b in found)
    unknown, firsts = [], set()
    for block in found:
        if block.language in PROSE:
            continue
        if block.messages:
            firsts.add(block.lines[0])
            if _message_source(block) is None:
                unknown.append(f"{block.where}: messages with no command that prints them "
                               f"in MESSAGES: {block.lines[0][:70]}")
            continue
        if block.language not in ("sh", "cron") and not block.prompted:
            unknown.append(f"{block.where}: a block neither of commands nor of files "
                           f"(give it a language): {block.lines[0][:70]}")
            continue
        firsts.add(_first(block))
        for command in commands(block):
            if not_run_here(command.words) is None and not runs_here(command):
                unknown.append(f"{block.where}: {command.text}")
    assert not unknown, "not classified in this test:\n" + "\n".join(unknown)
    stale = [k for k in BEFORE if k not in firsts]
    stale += [k for k in MESSAGES if not any(f.startswith(k) for f in firsts)]
    assert not stale, f"no block begins so any more: {stale}"
    named = {n for _, reason in NOT_RUN_HERE for n in re.findall(r"tests/\S+?\.py", reason)}
    named |= {n for v in MESSAGES.values() if isinstance(v, str)
              for n in re.findall(r"tests/\S+?\.py", v)}
    assert named and all((ROOT / n).is_file() for n in named), named


def _runnable() -> Iterator[object]:
    for block in blocks():
        if block.language in PROSE:
            continue
        if block.messages:
            if isinstance(_message_source(block), Source):
                yield pytest.param(block, id=block.where)
        elif any(not_run_here(c.words) is None and not c.words.startswith("export ")
                 for c in commands(block)):
            yield pytest.param(block, id=block.where)


@pytest.fixture(scope="module")
def demo_extracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The demo data set's extracts as `assurance demo --csv FOLDER` writes them, read back
    with every cell as text."""
    from assurance.demo import generate
    from assurance.national import write_csv

    written = write_csv(generate(2026), tmp_path_factory.mktemp("extracts"))
    return {path.stem: pd.read_csv(path, dtype=str, keep_default_na=False) for path in written}


def _clone(tmp_path: Path, demo_db: Path, before: Before,
           demo: dict[str, pd.DataFrame]) -> Path:
    clone = make_clone(tmp_path / "clone")
    (clone / "data").mkdir(mode=0o700)
    shutil.copyfile(before.database or demo_db, clone / "data" / "assurance.duckdb")
    for name, make in before.files.items():
        make(clone / name, {kind: frame.copy() for kind, frame in demo.items()})
    for line in before.lines:
        done = as_typed(clone, line)
        assert done.returncode == 0, (line, done.stdout + done.stderr)
    return clone


@pytest.mark.slow
@pytest.mark.parametrize("block", list(_runnable()))
def test_the_commands_shown_work_as_written_on_a_fresh_clone(
        block: Block, tmp_path: Path, demo_db: Path,
        demo_extracts: dict[str, pd.DataFrame]) -> None:
    if block.messages:
        source = _message_source(block)
        assert isinstance(source, Source)
        before, shown = source.before, [Command(source.command, ["...", *block.lines])]
    else:
        before, shown = BEFORE.get(_first(block), Before()), commands(block)
    clone = _clone(tmp_path, demo_db, before, demo_extracts)
    env: dict[str, str] = {}
    for command in shown:
        if not_run_here(command.words) is not None:
            continue
        if command.words.startswith("export "):
            name, _, value = shlex.split(command.text, comments=True)[1].partition("=")
            env[name] = value
            continue
        assert runs_here(command), f"{block.where}: not classified: {command.text}"
        done = as_typed(clone, command.text, env)
        said = f"{block.where}: {command.text}\n{done.stdout}{done.stderr}"
        assert "Traceback" not in done.stdout + done.stderr, said
        assert done.returncode == _exit_expected(command), said
        printed = _normal(done.stdout + done.stderr, clone)
        if done.returncode == 2:
            refusal = [_dated(line) for line in command.shown if line.startswith("assurance: ")]
            assert _normal(done.stderr, clone) == refusal, said
        assert _begins(printed, command.shown), (
            f"{said}\nthe page shows:\n" + "\n".join(command.shown))
