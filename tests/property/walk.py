"""The walk: a generated data set stored through the real pipeline into a real DuckDB file,
then the outputs made from it, each by the front door a person uses: the queries (through one
adapter, `figures`), the command line in-process, the pages in AppTest, and the exports
(tables as CSV and a workbook, the report in Word, HTML and PDF, a template, chase letters, the
digest's dry run). The checks every output must pass are in `properties`.

A fault anywhere (a command's "fault in the product", a page's error, an exception) fails the
walk with the product's own traceback: a command that reports a fault is run again with
ASSURANCE_DEBUG=1, so the exception itself reaches Hypothesis. A fault already found and kept
as a fixed test (`known.KNOWN_FAULTS`) is noted and stepped over, so the walk goes on looking
for others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import assume, event
from hypothesis import strategies as st

from access import EVERY_BOARD
from data_models.filters import financial_year
from data_models.store.file import connect
from ingest import check_extract, store
from tests.property.known import known_fault
from tests.property.strategies import DataSet

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
BOARD_PAGES = ("overview", "timescales", "themes", "impact", "recommendations", "audits",
               "training", "national")
DATA_PAGES = ("exports", "upload", "data_quality", "admin")

# How many generated data sets the checks took in, and how many they refused (by the first
# rule that refused one): the acceptance rate `make test` prints.
ACCEPTANCE: Counter[str] = Counter()


class Fault(AssertionError):
    """An output that failed: a command's exit code and message, or a page's error."""


# -- storing -----------------------------------------------------------------------------------

def stored(data: DataSet, template: Path, folder: Path) -> Path:
    """A fresh database file (a copy of the empty schema) holding the data set, every extract
    checked and stored as an upload is. An extract the checks refuse discards the example:
    what is under test is what the product does with what it accepts."""
    path = folder / "walk.duckdb"
    shutil.copyfile(template, path)
    con = connect(path)
    try:
        for extract in data.extracts:
            checked = check_extract(con, extract.kind, extract.data(), extract.file_name,
                                    data.as_of, scope=EVERY_BOARD)
            if not checked.ok:
                rule = f"{extract.kind}: {checked.errors[0].rule}"
                ACCEPTANCE[f"refused ({rule})"] += 1
                event(f"refused by the checks ({rule})")
                assume(False)
            store(con, checked, "property walk")
    finally:
        con.close()
    ACCEPTANCE["accepted"] += 1
    event("accepted")
    return path


# -- the one adapter to the query layer ----------------------------------------------------------
# Every query is called here and nowhere else in the walk, with the filters built here, so a
# change to how queries are called (a reader bound to a person's scope instead of a connection
# and the filters) is made in this one place.

Figure = Callable[..., Any]


@contextlib.contextmanager
def figures(db: Path, as_of: dt.date) -> Iterator[Callable[..., Any]]:
    """`figure_of(name, chosen, **example)`: a registered query's result for the filters
    chosen (filter name -> value) on the as-of date, every board in scope."""
    from access import EVERY_BOARD
    from data_models import queries
    from data_models.filters import Filters
    from data_models.scope import Reader

    con = connect(db, read_only=True)
    reader = Reader(con, EVERY_BOARD)

    def figure_of(name: str, chosen: Mapping[str, str], **example: object) -> Any:
        f = Filters(as_of=as_of, **chosen)  # type: ignore[arg-type]
        return queries.REGISTRY[name].function(reader, f, **example)

    try:
        yield figure_of
    finally:
        con.close()


def registered() -> list[tuple[str, dict[str, object]]]:
    """Every registered query with each of its declared examples (extra arguments)."""
    from data_models import queries

    return [(name, dict(example)) for name, declaration in queries.REGISTRY.items()
            for example in declaration.examples]


def figure_names() -> list[str]:
    """The figures the command line's `figure` prints."""
    from data_models import queries

    return list(queries.FIGURES)


def choices(db: Path, as_of: dt.date) -> dict[str, list[str]]:
    """The boards, years, agencies and themes the data holds (as the sidebar offers them),
    years after the as-of date's left out."""
    with figures(db, as_of) as figure_of:
        offered = figure_of("filter_choices", {})
    latest = financial_year(as_of)
    return {**offered, "period": [p for p in offered["period"] if p <= latest]}


# -- the command line, in-process --------------------------------------------------------------

@dataclass
class Said:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def flags(chosen: Mapping[str, str]) -> list[str]:
    """Filters as the command line's flags."""
    return [x for key, value in chosen.items() for x in (f"--{key.replace('_', '-')}", value)]


def command(db: Path, *args: str) -> Said | None:
    """`assurance --db DB ARGS`, run in this process. A fault in the product is run again with
    ASSURANCE_DEBUG=1 so that its exception, with its traceback, is what fails the example;
    a fault already kept as a fixed test gives None (noted)."""
    from assurance.cli import main

    argv = ["--db", str(db), *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    said = Said(code, out.getvalue(), err.getvalue())
    if "fault in the product" in said.err or "Traceback" in said.err + said.out:
        with environment(ASSURANCE_DEBUG="1"):
            try:
                with contextlib.redirect_stdout(io.StringIO()), \
                        contextlib.redirect_stderr(io.StringIO()):
                    main(argv)
            except Exception as error:
                found = known_fault(error)
                if found is None:
                    raise
                event(f"known fault stepped over: {found}")
                return None
        raise Fault(f"assurance {' '.join(args)}: {said.err.strip()}")
    return said


def ran(db: Path, *args: str) -> Said | None:
    """A command that must succeed: exit code 0, nothing on stderr but notes."""
    said = command(db, *args)
    if said is not None and said.code != 0:
        raise Fault(f"assurance {' '.join(args)} ended with {said.code}: {said.err.strip()}")
    return said


@contextlib.contextmanager
def environment(**values: str | None) -> Iterator[None]:
    before = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# -- pages in AppTest --------------------------------------------------------------------------

class _Caught(logging.Handler):
    """The exceptions the dashboard's one handler logs (it shows a message instead)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.errors.append(record.exc_info[1])


def page(db: Path, name: str, params: Mapping[str, str]) -> Any:
    """A page of the dashboard on this database, with the sidebar's filters as the URL's
    query string, run once; a page that fails fails the example with the exception the
    dashboard logged (None when it is a fault already kept as a fixed test)."""
    from streamlit.testing.v1 import AppTest

    caught = _Caught()
    log = logging.getLogger("assurance.dashboard")
    log.addHandler(caught)
    try:
        with environment(ASSURANCE_DB=str(db)):
            app = AppTest.from_file(APP, default_timeout=120)
            for key, value in params.items():
                app.query_params[key] = value
            if name != "overview":
                app.switch_page(f"screens/{name}/{name}.py")
            app.run()
    finally:
        log.removeHandler(caught)
    return _checked_page(app, name, params, caught)


def rerun(db: Path, app: Any, name: str) -> Any:
    """The same page run again after a widget changed."""
    caught = _Caught()
    log = logging.getLogger("assurance.dashboard")
    log.addHandler(caught)
    try:
        with environment(ASSURANCE_DB=str(db)):
            app.run()
    finally:
        log.removeHandler(caught)
    return _checked_page(app, name, {}, caught)


def _checked_page(app: Any, name: str, params: Mapping[str, str], caught: _Caught) -> Any:
    for error in caught.errors:
        found = known_fault(error)
        if found is None:
            raise error
        event(f"known fault stepped over: {found}")
        return None
    if app.exception:
        raise Fault(f"page {name} {dict(params)}: " + "; ".join(
            str(e.value) for e in app.exception) + "\n" + "\n".join(
            "\n".join(e.stack_trace) for e in app.exception))
    if app.error:
        raise Fault(f"page {name} {dict(params)}: " + "; ".join(str(e.value) for e in app.error))
    text = " ".join(str(getattr(e, "value", "")) for e in app.main)
    if "Traceback" in text:
        raise Fault(f"page {name} {dict(params)} shows a traceback")
    return app


# -- reading the outputs back ------------------------------------------------------------------

Rows = list[list[str]]


@dataclass
class Read:
    """A table as an output holds it: its title, header and cells as text."""

    title: str
    header: list[str]
    rows: Rows


def csv_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of an `export tables --format csv` folder, every cell as written."""
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted(folder.rglob("*.csv"))}


def workbook_tables(path: Path) -> dict[str, pd.DataFrame]:
    """The sheets of an exported workbook, every cell as text."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        out = {}
        for sheet in book.worksheets:
            rows = [["" if v is None else str(v) for v in row]
                    for row in sheet.iter_rows(values_only=True)]
            out[sheet.title] = pd.DataFrame(rows[1:], columns=rows[0]) if rows else pd.DataFrame()
        return out
    finally:
        book.close()


# What a table with no rows says in its one row, across every column.
NO_RECORDS = "No records for these filters."


def _rows(rows: Rows) -> Rows:
    """Rows as a reader takes them: the one row that says a table is empty is no row."""
    return [r for r in rows if {c.strip() for c in r} != {NO_RECORDS}]


def docx_tables(content: bytes) -> list[Rows]:
    from docx import Document

    document = Document(io.BytesIO(content))
    return [_rows([[cell.text for cell in row.cells] for row in table.rows])
            for table in document.tables]


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


def html_tables(text: str) -> list[Read]:
    import lxml.html

    tree = lxml.html.fromstring(text)
    out = []
    for table in tree.iter("table"):
        caption = table.find("caption")
        title = caption.text_content().strip() if caption is not None else ""
        rows = [[cell.text_content().strip() for cell in row if cell.tag in ("th", "td")]
                for row in table.iter("tr")]
        out.append(Read(title, rows[0] if rows else [], _rows(rows[1:])))
    return out


def html_text(text: str) -> str:
    import lxml.html

    return " ".join(lxml.html.fromstring(text).text_content().split())


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def drawn(draw: st.DataObject | None, strategy: st.SearchStrategy[Any], label: str,
          default: Any) -> Any:
    """A choice the walk draws as it goes, or for an explicit example (no draws) its default."""
    return default if draw is None else draw.draw(strategy, label=label)


# -- the disclosure policy ---------------------------------------------------------------------
# The product's own policy (people's cases protected, the board's process published as it
# is), or a board's stricter one that protects every group: a board may set its own, and
# whatever it sets, a hidden count stays hidden.

GROUPS = ("timescales", "recommendations", "audits", "training", "completeness", "themes",
          "learning_loop")
POLICIES = {"as shipped": None, "every group protected": {g: "cases" for g in GROUPS}}


def policies() -> st.SearchStrategy[str]:
    return st.sampled_from(tuple(POLICIES))


def protected_groups(policy: str) -> set[str]:
    from publishing.disclosure import load_policy

    chosen = POLICIES[policy]
    if chosen is None:
        return {g for g, kind in load_policy().kinds.items() if kind == "cases"}
    return {g for g, kind in chosen.items() if kind == "cases"}


@contextlib.contextmanager
def policy_file(policy: str, folder: Path) -> Iterator[None]:
    """The policy in force while the outputs are made (ASSURANCE_DISCLOSURE)."""
    chosen = POLICIES[policy]
    if chosen is None:
        with environment(ASSURANCE_DISCLOSURE=None):
            yield
        return
    path = folder / "disclosure.toml"
    path.write_text("[figures]\n" + "".join(f'{g} = "{k}"\n' for g, k in chosen.items()),
                    encoding="utf-8")
    with environment(ASSURANCE_DISCLOSURE=str(path)):
        yield
