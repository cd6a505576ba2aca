"""Hypothesis strategies for extracts a board would upload, built from the column contracts
(`loaders.contracts`: each column's kind, allowed values and their aliases, header aliases),
the theme vocabulary and the vocabularies.

A data set is one to three boards (children's, adults', or a joint partnership holding both),
an as-of date, and an extract of one or more of the four data sets, each written as a
spreadsheet saves it: a CSV file (UTF-8, with or without a byte-order mark, comma or
semicolon separated, sometimes a title line above the headers) or an .xlsx workbook (dates as
date cells or Excel serial numbers). Headers are sometimes an alias in another case; values
sometimes an alias or a label. Optional columns are left out, or blank ("", "N/A", "-") in
some rows; optional date columns sometimes say "TBC" or "not set". Dates fall on weekends,
bank holidays, 29 February and the ends of financial and calendar years, and are written with
four- or two-digit years. Free text is mostly plain English, sometimes Unicode, sometimes at a
spreadsheet cell's length limit.

Everything drawn is meant to be accepted by the checks (a warning is fine); an example the
checks refuse is discarded by the walk, which counts how often that happens. Every list shrinks
towards one row of one data set for one board, every choice towards its plainest form.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from hypothesis import strategies as st

from data_models.calendar import bank_holidays
from data_models.settings import MAX_FIELD_CHARACTERS
from data_models.themes import load_vocabulary
from data_models.vocabularies import codes, labels
from loaders.contracts import CONTRACTS, Column, header_key, value_key

# The data sets, in the order they are stored (reviews first: recommendations name them).
KINDS = ("reviews", "recommendations", "audits", "training")

# The span of as-of dates, and how far back records go from it.
FIRST_AS_OF = dt.date(2024, 4, 1)
LAST_AS_OF = dt.date(2026, 11, 30)
YEARS_BACK = 4

# Fictional boards: children's partnerships, adults' boards, and joint partnerships that hold
# records of both types under one name.
BOARD_NAMES = {
    "children": ("Millbrook SCP", "Ashbourne SCP", "Kestrel Bay SCP",
                 "Ynys Môn Children's Partnership"),
    "adults": ("Kestrel Bay SAB", "Northfold SAB", "Ashbourne SAB", "Côte Vale SAB"),
    "joint": ("Harwick Safeguarding Partnership", "Llŷn Safeguarding Partnership"),
}
AGENCIES = ("Police", "Children's social care", "Adult social care", "Health visiting",
            "Education", "Housing", "Probation", "Ambulance service", "GP practices",
            "Integrated care board", "Mental health trust", "Youth justice service",
            "The board", "Café outreach team", "Gwasanaethau cymdeithasol")
COURSES = ("Professional curiosity in practice", "Think family", "Neglect: the graded care "
           "profile", "Self-neglect and hoarding", "Working with families who move across "
           "borders", "Mental capacity in practice", "Domestic abuse awareness")

# Words of free text: plain, lower case (a capitalised pair could read as a person's name),
# none of them a street word (a number before one reads as an address).
WORDS = ("review", "the", "protocol", "for", "children", "and", "adults", "who", "move",
         "across", "borders", "strengthen", "multi-agency", "training", "on", "neglect",
         "escalation", "policy", "audit", "practice", "guidance", "supervision", "assurance",
         "learning", "briefing", "partners", "agencies", "response", "to", "of", "with",
         "information", "sharing", "professional", "curiosity", "risk", "assessment",
         "thresholds", "early", "help", "records", "transfer", "evidence", "of", "impact",
         "leaders", "staff", "agreed", "completed", "in", "progress")
UNICODE_WORDS = ("café", "naïve", "coördinate", "façade", "–", "—", "“quoted”", "‘single’",
                 "£500", "50%", "✓", "🙂", "日本語", "Ελληνικά", "ąčę", "ŵ", "ŷ", "Zürich",
                 "résumé", "Ünïcödé")
MISSING = ("", "N/A", "-", "n/a", "null")
# Numbers of rows on which a share lands on a half, or near one, where rounding goes wrong if
# it is going to: 1 of 8 is 12.5%, 1 of 16 is 6.25%, 5 of 11 is 45.45%.
ROUNDING_SIZES = (8, 11, 16)
DATE_NOT_KNOWN = ("TBC", "not set", "To be confirmed", "pending", "TBA", "unknown")


# -- what the contracts and vocabularies allow -------------------------------------------------

def header_texts(column: Column, kind: str) -> list[str]:
    """The headers a column may be written under: its name and each alias that reads as it."""
    lookup = CONTRACTS[kind].header_lookup()
    return [text for text in (column.name, *column.aliases)
            if lookup.get(header_key(text)) == column.name]


# The vocabulary whose labels an enumeration column's values may be written as.
_VOCABULARY = {("recommendations", "status"): "recommendation_status",
               ("training", "status"): "training_status", ("reviews", "review_type"):
               "review_type", ("audits", "grade"): "audit_grade",
               ("recommendations", "rating"): "recommendation_rating",
               ("training", "board_type"): "training_workforce"}


def value_texts(kind: str, column: Column, code: str) -> list[str]:
    """The ways a value may be written: its code, each alias of it and its label where the
    label reads as the code."""
    canonical = {v: v for v in column.values} | dict(column.value_aliases)
    vocabulary = _VOCABULARY.get((kind, column.name),
                                 "board_type" if column.name == "board_type" else None)
    words = labels(vocabulary).get(code) if vocabulary else None
    written = [code, *(alias for alias, to in column.value_aliases.items()
                       if to == code and alias != code)]
    if words:
        written.append(words)
    return [w for w in written if canonical.get(value_key(w)) == code]


@cache
def themes_for(board_type: str) -> tuple[tuple[str, ...], ...]:
    """Each theme a board of this type may name: its label, then its aliases."""
    return tuple((t.label, *t.aliases) for t in load_vocabulary().theme
                 if t.boards in ("both", board_type))


@cache
def special_days(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """The days where counting goes wrong if it is going to: bank holidays, 29 February, the
    ends and starts of financial and calendar years, and the first and last day."""
    days = {first, last}
    days |= {d for d in bank_holidays() if first <= d <= last}
    for year in range(first.year, last.year + 1):
        for month, day in ((3, 31), (4, 1), (12, 31), (1, 1), (2, 28), (3, 1)):
            days.add(dt.date(year, month, day))
        if year % 4 == 0:
            days.add(dt.date(year, 2, 29))
    return tuple(sorted(d for d in days if first <= d <= last))


# -- cells -------------------------------------------------------------------------------------

# How a header or enumeration value may be cased: as it is first (the plainest).
_CASES = (lambda t: t, str.upper, str.title, str.lower,
          lambda t: t.replace(" ", "_"), lambda t: t.replace("_", " ").capitalize(),
          lambda t: t.replace("_", "-"))


@st.composite
def cased(draw: st.DrawFn, text: str, header: bool = False) -> str:
    """`text` in a case and spacing that still reads as the same header or value."""
    choice = draw(st.sampled_from(_CASES))(text)
    if header:
        return choice if header_key(choice) == header_key(text) else text
    return choice if value_key(choice) == value_key(text) else text


@st.composite
def enum_cell(draw: st.DrawFn, kind: str, name: str, code: str) -> str:
    """An enumeration's value written as a code, an alias or a label, in some case."""
    column = CONTRACTS[kind].column(name)
    text = draw(st.sampled_from(value_texts(kind, column, code)))
    return draw(cased(text))


def enum_of(kind: str, name: str, values: tuple[str, ...] | None = None
            ) -> st.SearchStrategy[str]:
    """Any allowed value of an enumeration column, written in any allowed way."""
    allowed = values or CONTRACTS[kind].column(name).values
    return st.sampled_from(allowed).flatmap(lambda code: enum_cell(kind, name, code))


@st.composite
def a_day(draw: st.DrawFn, first: dt.date, last: dt.date) -> dt.date:
    """A day from `first` to `last`: any day, a special day, or a weekend."""
    how = draw(st.sampled_from(("any", "any", "special", "weekend")))
    if how == "special":
        return draw(st.sampled_from(special_days(first, last)))
    day = draw(st.dates(first, last))
    if how == "weekend":
        saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
        day = saturday + dt.timedelta(days=draw(st.integers(0, 1)))
        if day > last:
            day -= dt.timedelta(days=7)
    return max(day, first)


@dataclass(frozen=True)
class Serial:
    """A date as a workbook holds it when the cell is formatted as a number."""

    day: dt.date

    @property
    def number(self) -> int:
        return (self.day - dt.date(1899, 12, 30)).days


# A date cell: text in a day-first or ISO form (two-digit years among them), a workbook's date
# cell, or a workbook's serial number.
_DATE_FORMS = (
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: d.isoformat(),
    lambda d: d.strftime("%d/%m/%y"),
    lambda d: d.strftime("%d-%b-%y"),
    lambda d: d.strftime("%d %B %Y"),
    lambda d: d.strftime("%d.%m.%Y"),
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: d.strftime("%d %b %Y"),
    lambda d: f"{d:%d/%m/%Y} 00:00",
)


@st.composite
def date_cell(draw: st.DrawFn, day: dt.date, workbook: bool) -> object:
    if workbook and draw(st.integers(0, 3)) == 3:
        return draw(st.sampled_from((day, Serial(day))))
    return draw(st.sampled_from(_DATE_FORMS))(day)


def blank() -> st.SearchStrategy[str]:
    return st.sampled_from(MISSING)


@st.composite
def free_text(draw: st.DrawFn, least: int = 1, most: int = 12) -> str:
    """A sentence of plain words, sometimes with Unicode, now and then at the length limit."""
    if draw(st.integers(0, 39)) == 39:
        return at_the_limit()
    pool = st.sampled_from(WORDS) | st.sampled_from(UNICODE_WORDS) \
        if draw(st.booleans()) else st.sampled_from(WORDS)
    words = draw(st.lists(pool, min_size=least, max_size=most))
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def at_the_limit() -> str:
    """Plain words to exactly the most characters a spreadsheet cell holds."""
    sentence = "Strengthen multi-agency training on neglect and escalation across borders. "
    text = sentence * (MAX_FIELD_CHARACTERS // len(sentence) + 1)
    return text[:MAX_FIELD_CHARACTERS - 1] + "."


@st.composite
def themes_cell(draw: st.DrawFn, board_type: str) -> str:
    """Themes separated by ';': labels or aliases, in any case, now and then text that maps to
    no theme (kept and counted as unmapped)."""
    named = draw(st.lists(st.sampled_from(themes_for(board_type)), max_size=3,
                          unique_by=lambda t: t[0]))
    parts = [draw(cased(draw(st.sampled_from(t)))) for t in named]
    if draw(st.integers(0, 9)) == 9:
        parts.append(draw(st.sampled_from(("relational working", "budget pressures",
                                           "théme inconnu"))))
    return "; ".join(parts)


# -- boards ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Board:
    name: str
    types: tuple[str, ...]          # ("children",), ("adults",) or both: a joint partnership

    @property
    def joint(self) -> bool:
        return len(self.types) == 2


@st.composite
def boards(draw: st.DrawFn) -> tuple[Board, ...]:
    """One to three boards of either type, a joint partnership among them now and then."""
    kinds = draw(st.lists(st.sampled_from(("children", "adults", "joint")), min_size=1,
                          max_size=3))
    out: list[Board] = []
    for kind in kinds:
        free = [n for n in BOARD_NAMES[kind] if n not in {b.name for b in out}]
        if not free:
            continue
        name = draw(st.sampled_from(free))
        out.append(Board(name, ("children", "adults") if kind == "joint" else (kind,)))
    return tuple(out)


# -- rows of each data set ---------------------------------------------------------------------
# A row is canonical column -> cell (text, or for a workbook a date or a Serial); a column left
# out of the extract is absent from every row.

Row = dict[str, object]


@dataclass
class Context:
    """What the rows of one data set are drawn within."""

    as_of: dt.date
    workbook: bool
    optional: frozenset[str]           # optional columns the extract holds
    reviews: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # board -> ids
    agencies: tuple[str, ...] = AGENCIES   # the agencies this extract's rows name

    one_year: bool = False                 # a tracker of this financial year only

    @property
    def first(self) -> dt.date:
        """The earliest date a row may hold: years back, or this financial year's first day
        (so that a year's rows are many)."""
        if self.one_year:
            return dt.date(self.as_of.year - (self.as_of.month < 4), 4, 1)
        return self.as_of.replace(year=self.as_of.year - YEARS_BACK, day=1)


@st.composite
def maybe(draw: st.DrawFn, row: Row, context: Context, name: str,
          value: st.SearchStrategy[object]) -> None:
    """An optional column's cell: its value, or in some rows blank."""
    if name not in context.optional:
        return
    row[name] = draw(blank()) if draw(st.integers(0, 3)) == 3 else draw(value)


@st.composite
def optional_date(draw: st.DrawFn, day: dt.date | None, context: Context) -> object:
    """An optional date: the day, or when there is none (or now and then anyway) blank or a
    word for a date not known yet."""
    if day is None or draw(st.integers(0, 5)) == 5:
        return draw(st.one_of(blank(), st.sampled_from(DATE_NOT_KNOWN)))
    return draw(date_cell(day, context.workbook))


@st.composite
def dates_in_order(draw: st.DrawFn, count: int, context: Context) -> list[dt.date | None]:
    """Days in order, each on or after the one before (a clock never stops before it starts),
    none after the as-of date: a day the draw puts later is left out (a clock still running)."""
    out: list[dt.date | None] = []
    last = draw(a_day(context.first, context.as_of))
    for _ in range(count):
        if out and not draw(st.booleans()):
            out.append(None)
            continue
        step = draw(st.sampled_from(("near", "special", "far")))
        if step == "near":
            day = last + dt.timedelta(days=draw(st.integers(0, 30)))
        elif step == "special":
            later = [d for d in special_days(context.first, context.as_of) if d >= last]
            day = draw(st.sampled_from(later)) if later else last
        else:
            day = last + dt.timedelta(days=draw(st.integers(0, 400)))
        if day > context.as_of:
            out.append(None)
            continue
        out.append(day)
        last = day
    return out


REVIEW_TYPES = {"children": ("rapid_review", "lcspr", "scr", "national_review", "dhr",
                             "learning_review"),
                "adults": ("sar", "dhr", "learning_review")}
REVIEW_DATES = ("aware_date", "notification_date", "rapid_review_date", "decision_date",
                "report_sent_date", "completed_date", "publication_date")
BOARD_TYPE = "_board_type"          # a row's board type as a code (not a cell of the file)


def _reference(board: Board, letter: str, number: int) -> str:
    return f"{board.name[:2].upper()}-{letter}{number}"


@st.composite
def review_row(draw: st.DrawFn, board: Board, number: int, context: Context) -> Row:
    board_type = draw(st.sampled_from(board.types))
    row: Row = {
        BOARD_TYPE: board_type,
        "review_id": _reference(board, "", number),
        "board": board.name,
        "board_type": draw(enum_cell("reviews", "board_type", board_type)),
        "review_type": draw(enum_of("reviews", "review_type", REVIEW_TYPES[board_type])),
    }
    draw(maybe(row, context, "harm", enum_of("reviews", "harm")))
    days = draw(dates_in_order(len(REVIEW_DATES), context))
    for name, day in zip(REVIEW_DATES, days, strict=True):
        if name in context.optional:
            row[name] = draw(optional_date(day, context))
    draw(maybe(row, context, "status", enum_of("reviews", "status")))
    draw(maybe(row, context, "themes", themes_cell(board_type)))
    return row


@st.composite
def recommendation_row(draw: st.DrawFn, board: Board, number: int, context: Context) -> Row:
    board_type = draw(st.sampled_from(board.types))
    status = draw(st.sampled_from(codes("recommendation_status")))
    row: Row = {
        BOARD_TYPE: board_type,
        "recommendation_id": _reference(board, "R", number),
        "board": board.name,
        "board_type": draw(enum_cell("recommendations", "board_type", board_type)),
        "recommendation": draw(free_text()),
        "owner": draw(st.sampled_from(context.agencies)),
        "status": draw(enum_cell("recommendations", "status", status)),
    }
    reviews = [rid for rid, bt in context.reviews.get(board.name, []) if bt == board_type]
    draw(maybe(row, context, "review_id", st.sampled_from(reviews) if reviews
               else st.just(_reference(board, "", 900))))
    draw(maybe(row, context, "themes", themes_cell(board_type)))
    agreed, completed, updated = draw(dates_in_order(3, context))
    if "agreed_date" in context.optional:
        row["agreed_date"] = draw(optional_date(agreed, context))
    if "due_date" in context.optional:
        due = draw(a_day(agreed or context.first, context.as_of + dt.timedelta(days=400)))
        row["due_date"] = draw(optional_date(due, context))
    draw(maybe(row, context, "rating", enum_of("recommendations", "rating")))
    draw(maybe(row, context, "status_reason", free_text()))
    if "completed_date" in context.optional:
        row["completed_date"] = draw(optional_date(
            completed if status in ("completed", "assured") else None, context))
    draw(maybe(row, context, "evidence_of_impact", free_text()))
    if "last_updated" in context.optional:
        row["last_updated"] = draw(optional_date(updated, context))
    return row


@st.composite
def audit_row(draw: st.DrawFn, board: Board, number: int, context: Context) -> Row:
    board_type = draw(st.sampled_from(board.types))
    row: Row = {
        BOARD_TYPE: board_type,
        "audit_id": _reference(board, "A", number),
        "board": board.name,
        "board_type": draw(enum_cell("audits", "board_type", board_type)),
        "audit_type": draw(enum_of("audits", "audit_type")),
        "agency": draw(st.sampled_from(context.agencies)),
        "audit_date": draw(date_cell(draw(a_day(context.first, context.as_of)),
                                     context.workbook)),
        "grade": draw(enum_of("audits", "grade")),
    }
    draw(maybe(row, context, "topic", free_text(1, 6)))
    draw(maybe(row, context, "case_ref", st.sampled_from(("Child K", "Adult A", "Family X",
                                                          "Sibling group B"))))
    draw(maybe(row, context, "themes", themes_cell(board_type)))
    raised = draw(st.integers(0, 12))
    if "actions_raised" in context.optional:
        row["actions_raised"] = _count(raised, context)
    # the checks read actions completed against those raised: a row gives both or neither
    if {"actions_raised", "actions_completed"} <= context.optional:
        row["actions_completed"] = _count(draw(st.integers(0, raised)), context)
    return row


def _count(number: int, context: Context) -> object:
    return number if context.workbook else str(number)


@st.composite
def training_row(draw: st.DrawFn, board: Board, number: int, context: Context) -> Row:
    workforce = draw(st.sampled_from((*board.types, "both")))
    row: Row = {
        BOARD_TYPE: workforce,
        "booking_id": _reference(board, "B", number),
        "board": board.name,
        "board_type": draw(enum_cell("training", "board_type", workforce)),
        "course": draw(st.sampled_from(COURSES)),
        "session_date": draw(date_cell(draw(a_day(context.first, context.as_of)),
                                       context.workbook)),
        "agency": draw(st.sampled_from(context.agencies)),
        "status": draw(enum_of("training", "status")),
    }
    for name in ("pre_confidence", "post_confidence"):
        draw(maybe(row, context, name, st.integers(1, 5).map(lambda n: _count(n, context))))
    draw(maybe(row, context, "themes", themes_cell(workforce)))
    return row


ROWS = {"reviews": review_row, "recommendations": recommendation_row, "audits": audit_row,
        "training": training_row}


# -- extracts and data sets --------------------------------------------------------------------

@dataclass(frozen=True)
class Extract:
    """One data set's file as a spreadsheet saved it."""

    kind: str
    headers: tuple[tuple[str, str], ...]       # (column, header as written), in file order
    rows: tuple[Row, ...]
    workbook: bool = False
    encoding: str = "utf-8"
    delimiter: str = ","
    title_line: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.kind}.{'xlsx' if self.workbook else 'csv'}"

    def cells(self) -> list[list[object]]:
        """The header row, then each row's cells in the file's column order."""
        return [[h for _, h in self.headers],
                *([row.get(c, "") for c, _ in self.headers] for row in self.rows)]

    def data(self) -> bytes:
        if self.workbook:
            return _workbook(self.cells())
        out = io.StringIO()
        if self.title_line:
            out.write(f"{self.kind.capitalize()} extract{self.delimiter * 2}\r\n")
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerows([[_text(v) for v in row] for row in self.cells()])
        return out.getvalue().encode(self.encoding)


def _text(value: object) -> str:
    if isinstance(value, Serial):
        return str(value.number)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _workbook(cells: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in cells:
        sheet.append([v.number if isinstance(v, Serial) else v for v in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"            # text that starts with '=', not a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def extracts(draw: st.DrawFn, kind: str, chosen: tuple[Board, ...], as_of: dt.date,
             reviews: dict[str, list[tuple[str, str]]] | None = None,
             most: int = 8) -> Extract:
    """One data set's extract for these boards: one to `most` rows for each of some of them."""
    contract = CONTRACTS[kind]
    workbook = draw(st.integers(0, 3)) == 3
    optional = frozenset(draw(st.sets(st.sampled_from(
        [c.name for c in contract.columns if not c.required]))))
    # a few agencies, as a board's extract names: so that one agency's rows are many
    agencies = tuple(draw(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=4,
                                   unique=True)))
    context = Context(as_of, workbook, optional, reviews or {}, agencies,
                      one_year=draw(st.booleans()))
    holding = draw(st.lists(st.sampled_from(chosen), min_size=1, max_size=len(chosen),
                            unique_by=lambda b: b.name))
    rows: list[Row] = []
    for board in holding:
        count = draw(st.integers(1, most) | st.sampled_from(ROUNDING_SIZES))
        rows += [draw(ROWS[kind](board, number, context)) for number in range(1, count + 1)]
    columns = [c for c in contract.columns if c.required or c.name in optional]
    order = draw(st.permutations(columns)) if draw(st.booleans()) else columns
    headers = []
    for column in order:
        text = draw(st.sampled_from(header_texts(column, kind)))
        headers.append((column.name, draw(cased(text, header=True))))
    if workbook:
        return Extract(kind, tuple(headers), tuple(rows), workbook=True)
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig")))
    return Extract(kind, tuple(headers), tuple(rows), encoding=encoding,
                   delimiter=draw(st.sampled_from((",", ";"))),
                   title_line=draw(st.integers(0, 7)) == 7)


@dataclass(frozen=True)
class DataSet:
    as_of: dt.date
    boards: tuple[Board, ...]
    extracts: tuple[Extract, ...]       # in the order they are stored

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(e.kind for e in self.extracts)


@st.composite
def data_sets(draw: st.DrawFn, most: int = 8) -> DataSet:
    """Boards, an as-of date and the extracts of one or more data sets for them."""
    as_of = draw(st.one_of(st.dates(FIRST_AS_OF, LAST_AS_OF),
                           st.sampled_from(special_days(FIRST_AS_OF, LAST_AS_OF))))
    chosen = draw(boards())
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=4, unique=True))
    out: list[Extract] = []
    reviews: dict[str, list[tuple[str, str]]] = {}
    for kind in (k for k in KINDS if k in kinds):
        extract = draw(extracts(kind, chosen, as_of, reviews, most))
        if kind == "reviews":
            for row in extract.rows:
                reviews.setdefault(str(row["board"]), []).append(
                    (str(row["review_id"]), str(row[BOARD_TYPE])))
        out.append(extract)
    return DataSet(as_of, chosen, tuple(out))


# -- examples every run holds ------------------------------------------------------------------

def _extract(kind: str, rows: Sequence[Mapping[str, object]]) -> Extract:
    columns = [c.name for c in CONTRACTS[kind].columns if any(c.name in r for r in rows)]
    return Extract(kind, tuple((c, c) for c in columns), tuple(dict(r) for r in rows))


def every_value() -> DataSet:
    """A joint partnership and an adults' board with every review type, recommendation status
    and rating, audit type and grade, and training status and workforce, on dates that fall on
    a bank holiday, a weekend, 29 February and the year's end."""
    joint, adults = (Board("Harwick Safeguarding Partnership", ("children", "adults")),
                     Board("Kestrel Bay SAB", ("adults",)))
    days = ("29/02/2024", "06/05/2024", "31/03/2024", "01/04/2024", "25/12/2023",
            "14/06/2024", "01/10/2024")
    reviews = []
    for number, (board, board_type, review_type) in enumerate(
            [(joint, "children", t) for t in REVIEW_TYPES["children"]]
            + [(joint, "adults", "sar"), (adults, "adults", "sar"), (adults, "adults", "dhr")],
            start=1):
        reviews.append({"review_id": f"EV-{number}", "board": board.name,
                        "board_type": board_type, "review_type": review_type,
                        "aware_date": days[4], "notification_date": "02/01/2024",
                        "rapid_review_date": "TBC" if number % 2 else "22/01/2024",
                        "decision_date": days[0], "report_sent_date": "",
                        "completed_date": days[5] if review_type == "sar" else "not set",
                        "publication_date": days[6] if number % 3 == 0 else "",
                        "status": "closed" if number % 3 == 0 else "open",
                        "themes": "neglect; voice of the child" if number % 2 else
                                  "information sharing"})
    statuses, ratings = codes("recommendation_status"), codes("recommendation_rating")
    recommendations = [
        {"recommendation_id": f"EV-R{number}", "review_id": f"EV-{number}",
         "board": joint.name, "board_type": "children",
         "recommendation": "Strengthen multi-agency training on neglect.", "owner": agency,
         "themes": "neglect", "agreed_date": days[number % 4],
         "due_date": ("TBC", "", "31/03/2025", "30/06/2024")[number % 4], "status": status,
         "rating": ratings[number % len(ratings)],
         "completed_date": days[5] if status in ("completed", "assured") else "",
         "last_updated": days[5]}
        for number, (status, agency) in enumerate(
            ((s, a) for s in statuses for a in ("Police", "Education")), start=1)]
    grades, types = codes("audit_grade"), _column_values("audits", "audit_type")
    audits = [{"audit_id": f"EV-A{number}", "board": (joint, adults)[number % 2].name,
               "board_type": "adults", "audit_type": types[number % len(types)],
               "agency": "Adult social care", "audit_date": days[number % len(days)],
               "grade": grade, "themes": "self-neglect", "actions_raised": "3",
               "actions_completed": "1"}
              for number, grade in enumerate(grades * 2, start=1)]
    training = [{"booking_id": f"EV-B{number}", "board": joint.name, "board_type": workforce,
                 "course": "Think family", "session_date": days[number % len(days)],
                 "agency": "Police", "status": status, "pre_confidence": "2",
                 "post_confidence": "4", "themes": "think family"}
                for number, (status, workforce) in enumerate(
                    ((s, w) for s in codes("training_status")
                     for w in codes("training_workforce")), start=1)]
    return DataSet(dt.date(2025, 6, 1), (joint, adults),
                   (_extract("reviews", reviews), _extract("recommendations", recommendations),
                    _extract("audits", audits), _extract("training", training)))


def _column_values(kind: str, name: str) -> tuple[str, ...]:
    return CONTRACTS[kind].column(name).values


# The issue's own example: a recommendation whose due date is "TBC" (read as no date yet).
THE_ISSUES_TBC = DataSet(dt.date(2025, 6, 1), (Board("Millbrook SCP", ("children",)),), (
    _extract("recommendations", [{
        "recommendation_id": "X-1", "review_id": "MS-C-LCS-2024-029", "board": "Millbrook SCP",
        "board_type": "children",
        "recommendation": "Test recommendation with no due date yet.", "owner": "Police",
        "themes": "neglect", "agreed_date": "01/10/2024", "due_date": "TBC",
        "status": "in_progress"}]),))


def _rows(kind: str, count: int, row: Callable[[int], dict[str, str]]) -> Extract:
    return _extract(kind, [row(n) for n in range(1, count + 1)])


# Shares that land on a rounding tie, or near one: 1 of 16 bookings attended (6.25%) and 5 of
# 11 audits good or better (45.45%): where a percentage rounded twice, or half to even, shows.
ROUNDING_TIES = DataSet(dt.date(2025, 6, 1), (Board("Millbrook SCP", ("children",)),), (
    _rows("audits", 11, lambda n: {
        "audit_id": f"MI-A{n}", "board": "Millbrook SCP", "board_type": "children",
        "audit_type": "multi_agency", "agency": "Police", "audit_date": "11/06/2024",
        "grade": "good" if n <= 5 else "inadequate"}),
    _rows("training", 16, lambda n: {
        "booking_id": f"MI-B{n}", "board": "Millbrook SCP", "board_type": "children",
        "course": "Think family", "session_date": "11/06/2024", "agency": "Police",
        "status": "attended" if n == 1 else "cancelled"}),
))
