"""National context as a reader reads it: the board's own figures beside England's, its
region's and its statistical neighbours', from the one frame `national_context` gives (one row
a board, measure, year, area and breakdown). The page, the report's section and the summary
tables' export all take their tables and sentences from here, so the three cannot disagree.

Every figure is said in words: a state the publisher printed instead of a figure
(`data_models.national.STATES`) is written as that state, never as 0 and never as a blank; a
region's count rounded to 10 is said to be so; a table's caveats and its sources (each with
the years it gives) are said once beside it. The national figures are published under the
Open Government Licence and are not suppressed again; the one count here that is the board's
own, the reviews raising a theme, is hidden for publication as the report hides it in its
themes table (`publishing.suppression`, under the disclosure policy's group for themes).

No Streamlit and no plotly here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from data_models import queries as q
from data_models.filters import Filters, is_financial_year
from data_models.labels import percent, percent_of, plural, share, shell_word
from data_models.national import (
    CONTEXT_LAG,
    NO_NATIONAL_TIMESCALES,
    NOT_PERFORMANCE,
    REGION_ROUNDED,
    STATES,
    SUMMED,
)
from data_models.scope import Reader, Reads
from data_models.themes import theme_words
from publishing.disclosure import load_policy
from publishing.suppression import (
    FROM_HIDDEN,
    SECONDARY,
    SUPPRESSED,
    Rate,
    Suppressed,
    suppress,
)

# The frame `data_models.national_figures.national_context` gives, column by column.
COLUMNS = ("board", "measure", "label", "year", "area", "area_kind", "breakdown", "count",
           "denominator", "rate", "per", "rank", "of", "state", "note", "source")
AREA_KINDS = ("board", "england", "region", "neighbours")     # in the order a table shows them
FIRST_YEAR = "2019-20"          # the trend runs from here: the first year of the new partnerships
NO_FIGURE = "–"                 # a figure a row does not have (as the report's dash)
OPEN_DATA = ("National figures are published under the Open Government Licence and shown as "
             "published: they are not suppressed again.")
THEME_BASES = (
    "England's shares are not shares of the board's kind of review: for a children's board, "
    "the share of children's social care assessments that identified the factor matching the "
    "theme (Children in need, factors identified at the end of assessment); for both kinds of "
    "board, the share of reviews in a national analysis, over its own years. The board's own "
    "share is of its own reviews: read them side by side, not as one measure.")
# What a chart draws of a table: a row an area (and a part of a split), its figure and its text.
CHART_COLUMNS = ("board", "year", "area", "area_kind", "breakdown", "value", "text")
RANK = "Rank among its statistical neighbours (1 = highest)"
INTRO = ("The board's own figures beside England's, its region's and the median of its "
         "statistical neighbours' (the local authorities most like its own), from the national "
         "statistics as published: each of the board's figures is over the local authorities "
         "it covers (its footprint).")


@dataclass(frozen=True)
class Measure:
    """A measure as a reader meets it: its title, its columns' headers and how a sentence
    says it."""

    title: str
    count: str                            # the count's header
    base: str | None = None               # its base's (None: a count alone)
    rate: str | None = None               # the rate's ("Share" for a percentage)
    breakdown: str | None = None          # what the count is split by, if it is
    said: str = ""                        # a rate in a sentence
    verb: str = ""                        # what the board did, in a sentence
    noun: tuple[str, str] = ("", "")      # a count of it, one and many
    caveats: tuple[str, ...] = ()

    @property
    def is_rate(self) -> bool:
        """A rate per head (not a share, not a count alone): charted over the years."""
        return self.rate is not None and self.breakdown is None

    @property
    def is_share(self) -> bool:
        return self.rate == "Share"


_NOTIFIED = ("serious incident notification", "serious incident notifications")
MEASURES: dict[str, Measure] = {
    "notifications_per_10000_children": Measure(
        "Serious incident notifications per 10,000 children", "Notifications",
        "Children aged 0 to 17", "Rate per 10,000 children",
        said="serious incidents per 10,000 children", verb="notified", noun=_NOTIFIED,
        caveats=(NOT_PERFORMANCE, SUMMED, CONTEXT_LAG)),
    "notifications_per_1000_children_in_need": Measure(
        "Serious incident notifications per 1,000 children in need", "Notifications",
        "Children in need", "Rate per 1,000 children in need",
        said="serious incidents per 1,000 children in need", verb="notified", noun=_NOTIFIED,
        caveats=(NOT_PERFORMANCE, SUMMED, CONTEXT_LAG)),
    "notifications_by_nature": Measure(
        "The nature of serious incident notifications", "Notifications", "All notifications",
        "Share", breakdown="Nature", noun=_NOTIFIED, caveats=(NOT_PERFORMANCE,)),
    "children_in_need_per_10000": Measure(
        "Children in need per 10,000 children", "Children in need", "Children aged 0 to 17",
        "Rate per 10,000 children", said="children in need per 10,000 children", verb="had",
        noun=("child in need", "children in need"), caveats=(SUMMED,)),
    "theme_share_children": Measure(
        "Themes in the board's reviews beside national figures", "Raising the theme",
        "Out of", "Share", breakdown="Theme", noun=("review", "reviews"),
        caveats=(THEME_BASES,)),
    "concerns_per_100000_adults": Measure(
        "Safeguarding concerns per 100,000 adults", "Concerns", "Adults aged 18 and over",
        "Rate per 100,000 adults", said="safeguarding concerns per 100,000 adults",
        verb="received", noun=("concern", "concerns"), caveats=(SUMMED,)),
    "s42_enquiries_per_100000_adults": Measure(
        "Section 42 enquiries per 100,000 adults", "Section 42 enquiries",
        "Adults aged 18 and over", "Rate per 100,000 adults",
        said="section 42 enquiries per 100,000 adults", verb="started",
        noun=("section 42 enquiry", "section 42 enquiries"), caveats=(SUMMED,)),
    "risk_types": Measure(
        "Types of risk in section 42 enquiries", "Enquiries", "All enquiries", "Share",
        breakdown="Type of risk", noun=("enquiry", "enquiries")),
    "sars_completed": Measure(
        "Safeguarding Adults Reviews completed", "SARs completed", verb="completed",
        noun=("Safeguarding Adults Review", "Safeguarding Adults Reviews")),
    "theme_share_adults": Measure(
        "Themes in the board's reviews beside the national analyses of SARs",
        "Raising the theme", "Out of", "Share", breakdown="Theme", noun=("review", "reviews"),
        caveats=(THEME_BASES,)),
}


def is_themes(code: str) -> bool:
    """Whether a measure is the board's own reviews' themes beside national shares (one for
    each kind of board): the one whose board counts are the board's own."""
    return code.startswith("theme_share")


def _part(code: str, breakdown: object) -> str:
    """A part of a split as a reader names it: a theme in its kind of board's own words
    ('voice of the child' for a children's board, as the report's themes say it), the whole
    as 'All'."""
    if _missing(breakdown):
        return "All"
    kind = code.removeprefix("theme_share_")
    return theme_words(str(breakdown), kind) if is_themes(code) else str(breakdown)


def measure(code: str, label: str = "", per: int | None = None) -> Measure:
    """A measure's words; one this module does not know yet is shown by its label."""
    if code in MEASURES:
        return MEASURES[code]
    rate = None if per is None else "Share" if per == 100 else f"Rate per {per:,}"
    return Measure(label or code.replace("_", " ").capitalize(), "Count",
                   "Base" if rate else None, rate)


# -- the frame ----------------------------------------------------------------------------------

def empty_frame() -> pd.DataFrame:
    """The frame with its columns and no row: no national figure for these filters."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})


def context_frame(db: Reads, f: Filters) -> pd.DataFrame:
    """The national figures for the filters (`national_context`), one row a board, measure,
    year, area and breakdown."""
    return db(q.national_context, f)


def context_notes(f: Filters) -> list[str]:
    """The filters `national_context` does not honour and the conventions it counts by, as
    its declaration says them, but for the caveats the tables say beside what they qualify."""
    # the caveats are said by the tables they qualify, and only there (an adults' board is not
    # told how notifications are counted)
    said_by_tables = {NOT_PERFORMANCE, NO_NATIONAL_TIMESCALES, CONTEXT_LAG, SUMMED, REGION_ROUNDED}
    return [n for n in q.notes(q.national_context, f) if n not in said_by_tables]


@dataclass(frozen=True)
class Footing:
    """What the national figures stand on, for the person's boards: each board with a
    footprint and the local authorities in it, and how many published files are loaded."""

    footprints: dict[str, tuple[str, ...]]
    files: int


def footing(db: Reader, f: Filters) -> Footing:
    """The footprints of the boards the filters reach (the person's), and the files loaded."""
    areas = db.frame("SELECT board, la_name FROM board_footprints "
                     "WHERE board_wanted($f, board) ORDER BY board, la_name", f)
    files = db.frame("SELECT count(*) AS n FROM national_releases")
    footprints: dict[str, list[str]] = {}
    for board, name in zip(areas["board"], areas["la_name"], strict=True):
        footprints.setdefault(str(board), []).append(str(name))
    return Footing({b: tuple(n) for b, n in footprints.items()}, int(files["n"].iloc[0]))


def _listed(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def footprint_command(board: str) -> str:
    """The command an administrator sets a board's footprint with."""
    return f"assurance national footprint {shell_word(board)} CODE ..."


LOAD_COMMAND = "assurance national load FILE"
_SETS_IT = ("An administrator sets it on the Admin page, or with the command {command} (each "
            "local authority's code, new or old).")
_LOADS = ("An administrator {what} on the Upload page, or with the command "
          f"{LOAD_COMMAND} (one file or more).")
_LOADS_THEM = _LOADS.format(what="downloads the files from the publishers' pages and loads them")


def nothing_to_show(board: str | None, footing: Footing) -> str:
    """Why there is no national figure for `board` (None: for any of the person's boards),
    and what to do, in words."""
    if board is None and not footing.footprints:
        return ("No footprint is set for any board you can see: a board's footprint is the "
                "local authorities it covers, which its own figures are set beside. "
                + _SETS_IT.format(command=footprint_command("BOARD")))
    if board is None:
        return ("No national figures are loaded for the areas of "
                f"{_listed(sorted(footing.footprints))}. " + _LOADS_THEM)
    if board not in footing.footprints:
        return (f"{board}'s footprint, the local authorities it covers, is not set, so there is "
                "nothing to set its own figures beside. "
                + _SETS_IT.format(command=footprint_command(board)))
    covers = _listed(footing.footprints[board])
    if not footing.files:
        return (f"No national figures are loaded for this board's area: {board} covers "
                f"{covers}, and no published file is loaded yet. " + _LOADS_THEM)
    return (f"No national figures are loaded for this board's area: {board} covers {covers}, "
            f"and none of the {plural(footing.files, 'file')} loaded holds a figure for it. "
            + _LOADS.format(what="loads the releases that cover it"))


def missing(board: str | None, footing: Footing, frame: pd.DataFrame) -> str:
    """What keeps the board's own figures from being set beside the others ('' where nothing
    does): no footprint, no file loaded, or no file holding a figure for its area. Said even
    where the frame has rows: England's figures and the board's own reviews' themes are given
    without a footprint."""
    from_files = frame[(frame["area_kind"] == "board") & ~frame["measure"].map(is_themes)]
    if board is None:
        return "" if footing.footprints and len(from_files) else nothing_to_show(None, footing)
    if board in footing.footprints and footing.files \
            and (from_files["board"] == board).any():
        return ""
    return nothing_to_show(board, footing)


# -- a figure, in words -------------------------------------------------------------------------

def _missing(value: object) -> bool:
    if value is None:
        return True
    return not isinstance(value, str) and bool(pd.isna(value))  # type: ignore[call-overload]


def _whole(value: object) -> int | None:
    """A count as a whole number (None where there is none)."""
    return None if _missing(value) else int(float(value))  # type: ignore[arg-type]


def _tenth(value: float) -> float:
    """A published rate to one decimal, halves up (as published statistics round)."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _per(count: int, base: int, per: int) -> float | None:
    """count per `per` of base, from the counts, rounded once to one decimal: per x count /
    base is 100 x (count x per) / (base x 100), which `share` works out exactly."""
    return share(count * per, base * 100) if base else None


def _years(years: Iterable[str]) -> str:
    """Financial years in words: runs of consecutive years as 'from to'."""
    ordered = sorted(set(years))
    runs: list[list[str]] = []
    for year in ordered:
        if runs and int(year[:4]) == int(runs[-1][-1][:4]) + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]} to {run[-1]}" for run in runs)


def sources(frame: pd.DataFrame) -> list[str]:
    """Each source of the rows, once, with the years it gives them (a figure from two files,
    as a neighbours' median is, names both, separated by '; ')."""
    years: dict[str, set[str]] = {}
    for source, year in zip(frame["source"], frame["year"].astype(str), strict=True):
        said = str(source) if not _missing(source) and str(source) else "not recorded"
        for one in said.split("; "):
            years.setdefault(one, set()).add(year)
    return [f"Source: {one} ({_years(held)})." for one, held in years.items()]


def area_words(row: pd.Series) -> str:
    """An area as a table names it: the board, England, a region said to be one, the
    neighbours' median."""
    area = str(row["area"])
    return f"{area} (region)" if row["area_kind"] == "region" else area


@dataclass
class Cell:
    """One figure of a row: as exported (a number, or words) and as written."""

    value: object
    text: str
    number: float | None = None          # what a chart draws (None: not drawn)


def _state(row: pd.Series) -> str | None:
    """The row's state in words, where it is not 'shown'."""
    state = row["state"]
    if _missing(state) or state == "shown":
        return None
    return STATES.get(str(state), str(state))


def _count(row: pd.Series, column: str) -> Cell:
    number = _whole(row[column])
    if number is not None:
        return Cell(number, f"{number:,}", float(number))
    said = _state(row)
    return Cell(said or NO_FIGURE, said or NO_FIGURE)


def _rate(row: pd.Series, m: Measure) -> Cell:
    """The rate (or share) of a row: worked out once from its count and base where it has both,
    else as the query gives it (a median of rates, a rate published without its counts)."""
    count, base = _whole(row["count"]), _whole(row["denominator"])
    per = _whole(row["per"]) or 1
    if count is not None and base:
        value = _per(count, base, per)
        assert value is not None
        text = percent_of(count, base) if m.is_share else f"{value:,.1f}"
        return Cell(value, text, value)
    if not _missing(row["rate"]):
        value = _tenth(float(row["rate"]))
        return Cell(value, percent(float(row["rate"])) if m.is_share else f"{value:,.1f}",
                      value)
    said = _state(row)
    return Cell(said or NO_FIGURE, said or NO_FIGURE)


def _rank(row: pd.Series) -> Cell:
    rank, of = _whole(row["rank"]), _whole(row["of"])
    if rank is None or of is None:
        return Cell(NO_FIGURE, NO_FIGURE)
    return Cell(f"{rank} of {of}", f"{rank} of {of}", float(rank))


def _note(row: pd.Series, m: Measure) -> str:
    """The row's own note, or what a reader must know of a rounded count or a median."""
    note = "" if _missing(row["note"]) else str(row["note"])
    if note:
        return note
    if row["area_kind"] == "region" and m.noun == _NOTIFIED and _missing(row["rate"]) \
            and not _missing(row["count"]):
        return "rounded to the nearest 10: no rate is worked out from it"
    if row["area_kind"] == "neighbours":
        return "the median of its statistical neighbours' rates"
    return ""


def _financial(years: pd.Series) -> pd.Series:
    """Which rows' years are financial years ('2024-25'), not a national analysis's own
    period ('April 2017 to March 2019')."""
    return years.astype(str).map(is_financial_year).astype(bool)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by board, year, then area (the board first, then England, the region and the
    neighbours); a split's parts each with its areas side by side (the board's share of a
    theme just above England's), in the order the parts are given. A national analysis over
    years of its own sits with the first financial year, after that year's figure for England."""
    kinds = {k: i for i, k in enumerate(AREA_KINDS)}
    parts = {p: i for i, p in enumerate(dict.fromkeys(frame["breakdown"].astype(str)))}
    years = frame["year"].astype(str)
    reference = ~_financial(years)
    first = min(years[~reference], default="")
    return (frame.assign(_kind=frame["area_kind"].map(lambda k: kinds.get(str(k), 9)),
                         _part=frame["breakdown"].astype(str).map(parts),
                         _year=years.where(~reference, first), _reference=reference)
            .sort_values(["board", "_year", "_part", "_kind", "_reference"], kind="stable")
            .drop(columns=["_kind", "_part", "_year", "_reference"]))


# -- tables -------------------------------------------------------------------------------------

@dataclass
class NationalTable:
    """One measure's table: its rows as exported (`frame`: numbers, or words for a state) and
    as written (`rows`), headers in words, its caveats and sources, said once beside it."""

    name: str                                  # the export's sheet and file name
    measure: str
    title: str
    frame: pd.DataFrame
    rows: list[list[str]]
    numeric: list[bool]
    caveats: list[str]
    sources: list[str]
    hidden: str = ""                           # what of the board's own counts is hidden, why
    reasons: pd.DataFrame | None = None        # why each hidden cell is hidden
    chart: pd.DataFrame = field(default_factory=pd.DataFrame)   # what a chart draws

    @property
    def header(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    @property
    def note(self) -> str:
        """What a reader of the export needs beside the table, in one paragraph."""
        return " ".join([f"{self.title}: {OPEN_DATA}", *([self.hidden] if self.hidden else []),
                         *self.caveats, *self.sources])

    def text(self) -> pd.DataFrame:
        """The table as written, every cell text (what the page shows)."""
        return pd.DataFrame(self.rows, columns=self.header)


_STATE_WORDS = frozenset(STATES.values())


def _figure_columns(texts: list[list[str]], figures: list[bool]) -> list[bool]:
    """Which columns hold figures only (set right, never broken): a figure column with a
    state said in words in it is words, and wraps like them."""
    return [figure and not any(row[i] in _STATE_WORDS for row in texts)
            for i, figure in enumerate(figures)]


def _caveats(m: Measure, rows: pd.DataFrame) -> list[str]:
    """The caveats a measure's rows are read with: its own, the sum over a footprint only where
    the board is shown, and the region's rounding only where a rounded count is."""
    out = [c for c in m.caveats if c != SUMMED or (rows["area_kind"] == "board").any()]
    rounded = rows[(rows["area_kind"] == "region") & rows["rate"].map(_missing)
                   & ~rows["count"].map(_missing)]
    if m.noun == _NOTIFIED and len(rounded):
        out.append(REGION_ROUNDED)
    return out


def _own_theme_counts(rows: pd.DataFrame, threshold: int | None,
                      hidden: Collection[tuple[str, str]], title: str) -> tuple[Suppressed, str]:
    """The board's own theme counts (its reviews raising each theme, of its reviews), hidden
    for publication as the report's themes table hides them: under the disclosure policy's
    group for themes, a count from 1 to threshold - 1 shown as 'c', with a share on a small
    base or from a hidden count; and those `hidden` (year, theme) that the themes table hides
    beside another count, so that neither gives away what the other hides. `threshold` None:
    as held, nothing hidden (a page's own view)."""
    counts = [_whole(v) for v in rows["count"]]           # a list: a Series would make NaN
    bases = [_whole(v) for v in rows["denominator"]]
    own = pd.DataFrame({"count": counts, "denominator": bases,
                        "share": [_per(c, d, 100) if c is not None and d else None
                                  for c, d in zip(counts, bases, strict=True)]},
                       index=rows.index, dtype=object)
    if threshold is None or own.empty:
        return Suppressed(own, 0, 0, 0, None), ""
    if load_policy().kind("themes") == "process":
        return (Suppressed(own, 0, 0, 0, None),
                f"{title}: the board's own theme counts are published as they are (the "
                "disclosure policy counts themes as the board's own process).")
    result = suppress(own, ["count", "denominator"],
                      rates=(Rate("share", ("count",), ("denominator",)),),
                      threshold=threshold, split_within=None)
    assert result.reasons is not None
    also = [i for i, y, t in zip(rows.index, rows["year"], rows["breakdown"], strict=True)
            if (str(y), str(t)) in hidden
            and result.table.at[i, "count"] not in (None, 0, SUPPRESSED)]
    for index in also:
        result.table.at[index, "count"] = SUPPRESSED
        result.reasons.at[index, "count"] = SECONDARY
        if result.table.at[index, "share"] != SUPPRESSED:
            result.rates += 1
            result.table.at[index, "share"] = SUPPRESSED
            result.reasons.at[index, "share"] = FROM_HIDDEN
    result.secondary += len(also)
    return result, result.note(f"{title} (the board's own reviews)", threshold)


_OWN = ("count", "denominator", "share")      # the board's own theme figures, column by column


def _one_table(m: Measure, code: str, rows: pd.DataFrame, *, threshold: int | None,
               hidden: Collection[tuple[str, str]]) -> NationalTable:
    rows = _ordered(rows)
    boards = rows["board"].nunique() > 1
    ranked = bool(rows["rank"].map(lambda v: not _missing(v)).any())
    notes = [_note(row, m) for _, row in rows.iterrows()]
    noted = any(notes)
    own = rows[rows["area_kind"] == "board"] if is_themes(code) else rows.iloc[:0]
    published, hidden_said = _own_theme_counts(own, threshold, hidden, m.title)
    keys = [*(["Board"] if boards else []), "Area", "Year",
            *([m.breakdown] if m.breakdown else [])]
    figures = [m.count, *([m.base] if m.base else []), *([m.rate] if m.rate else []),
               *([RANK] if ranked else [])]
    header = [*keys, *figures, *(["Note"] if noted else [])]
    values: list[list[object]] = []
    texts: list[list[str]] = []
    reasons: list[list[str | None]] = []
    drawn: list[dict[str, Any]] = []
    for (index, row), note in zip(rows.iterrows(), notes, strict=True):
        cells = [_count(row, "count"), *([_count(row, "denominator")] if m.base else []),
                 *([_rate(row, m)] if m.rate else [])]
        why: list[str | None] = [None] * len(header)
        if index in own.index:                         # the board's own counts, as published
            for i, column in enumerate(_OWN[:len(cells)]):
                if published.table.at[index, column] == SUPPRESSED:
                    cells[i] = Cell(SUPPRESSED, SUPPRESSED)
                    assert published.reasons is not None
                    why[len(keys) + i] = str(published.reasons.at[index, column])
        said = [*([str(row["board"])] if boards else []), area_words(row), str(row["year"]),
                *([_part(code, row["breakdown"])] if m.breakdown else [])]
        cells += [_rank(row)] if ranked else []
        values.append([*said, *(c.value for c in cells), *([note] if noted else [])])
        texts.append([*said, *(c.text for c in cells), *([note] if noted else [])])
        reasons.append(why)
        if m.rate:
            rate = cells[len(cells) - 1 - ranked]
            drawn.append({"board": str(row["board"]), "year": str(row["year"]),
                          "area": area_words(row), "area_kind": str(row["area_kind"]),
                          "breakdown": said[-1] if m.breakdown else None,
                          "value": rate.number, "text": rate.text})
    frame = pd.DataFrame(values, columns=header)
    return NationalTable(
        f"national_{code}", code, m.title, frame, texts,
        _figure_columns(texts, [False] * len(keys) + [True] * len(figures) + [False] * noted),
        _caveats(m, rows),
        sources(rows), hidden_said, pd.DataFrame(reasons, columns=header, index=frame.index),
        pd.DataFrame(drawn, columns=list(CHART_COLUMNS)))


def national_tables(frame: pd.DataFrame, *, year: str | None = None,
                    threshold: int | None = None,
                    hidden: Collection[tuple[str, str]] = ()) -> list[NationalTable]:
    """A table a measure (in the order of MEASURES, any other after them), of the year given
    (None: every year the frame holds). `threshold`: the board's own theme counts hidden for
    publication (None: as held); `hidden`, the (year, theme) whose count the report's themes
    table hides beside another, hidden here too."""
    reference = ~_financial(frame["year"])
    rows = frame if year is None else frame[(frame["year"] == year) | reference]
    order = [*MEASURES, *(c for c in dict.fromkeys(rows["measure"]) if c not in MEASURES)]
    out = []
    for code in order:
        mine = rows[rows["measure"] == code]
        if mine.empty or not _financial(mine["year"]).any():
            continue                          # a national analysis alone: nothing beside it
        first = mine.iloc[0]
        m = measure(code, "" if _missing(first["label"]) else str(first["label"]),
                    _whole(first["per"]))
        out.append(_one_table(m, code, mine, threshold=threshold, hidden=hidden))
    return out


def trend_tables(frame: pd.DataFrame, since: str = FIRST_YEAR) -> list[NationalTable]:
    """For each rate and each board with two years or more since `since`, the years side by
    side: the board, England, the region (where it has a rate, or a state in its place) and
    the neighbours' median, and the board's rank."""
    out = []
    years = frame["year"].astype(str)
    rows = frame[_financial(years) & (years >= since)]
    several = rows["board"].nunique() > 1
    for code in dict.fromkeys(rows["measure"]):
        first = rows[rows["measure"] == code].iloc[0]
        m = measure(code, "" if _missing(first["label"]) else str(first["label"]),
                    _whole(first["per"]))
        if not m.is_rate:
            continue
        for board, mine in rows[rows["measure"] == code].groupby("board", sort=True):
            table = _one_table(m, code, mine, threshold=None, hidden=())
            drawn = table.chart
            told = drawn["value"].notna() | ~drawn["text"].isin([NO_FIGURE])
            areas = list(dict.fromkeys(drawn.loc[told, "area"]))
            years = sorted(set(drawn["year"]))
            if len(years) < 2:
                continue                         # one year is no trend: its table has it
            ranks = {str(r["year"]): _rank(r).text for _, r in mine.iterrows()
                     if r["area_kind"] == "board"}
            ranked = any(v != NO_FIGURE for v in ranks.values())
            header = ["Year", *areas, *(["Rank of the board (1 = highest)"] if ranked else [])]
            texts = []
            for year in years:
                here = drawn[drawn["year"] == year]
                texts.append([year, *(next(iter(here.loc[here["area"] == a, "text"]), NO_FIGURE)
                                      for a in areas),
                              *([ranks.get(year, NO_FIGURE)] if ranked else [])])
            title = f"{m.title}, {years[0]} to {years[-1]}" + (f": {board}" if several else "")
            out.append(NationalTable(
                f"national_trend_{code}", code, title, pd.DataFrame(texts, columns=header),
                texts, _figure_columns(texts, [False] + [True] * (len(header) - 1)),
                table.caveats, table.sources,
                chart=drawn[told].reset_index(drop=True)))
    return out


# -- sentences ---------------------------------------------------------------------------------

def _first(rows: pd.DataFrame, kind: str) -> pd.Series | None:
    found = rows[rows["area_kind"] == kind]
    return found.iloc[0] if len(found) else None


def _aside(note: str) -> str:
    """A note as it reads inside a sentence, in brackets: no full stop of its own, and a
    capital that began it lowered (not a name's or an initialism's)."""
    text = note.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower() and not text.startswith("I "):
        text = text[0].lower() + text[1:]
    return f" ({text})" if text else ""


def _said(cell: Cell) -> str:
    """A figure for a sentence: a state in words, never a dash."""
    return "not given" if cell.text == NO_FIGURE else cell.text


def _rate_sentence(m: Measure, rows: pd.DataFrame, board: str, year: str) -> str | None:
    own = _first(rows, "board")
    if own is None:
        return None
    mine = _rate(own, m)
    if mine.number is not None:
        parts = [f"In {year} {board} {m.verb} {mine.text} {m.said}"]
    else:
        note = _note(own, m)
        parts = [f"In {year} {board}'s figure for {m.said} is {_said(mine)}" + _aside(note)]
    england = _first(rows, "england")
    if england is not None:
        parts.append(f"England {_said(_rate(england, m))}")
    region = _first(rows, "region")
    if region is not None:
        rate, count = _rate(region, m), _whole(region["count"])
        if rate.number is not None:
            parts.append(f"its region, {region['area']}, {rate.text}")
        elif count is not None:
            note = _note(region, m)
            parts.append(f"its region, {region['area']}, {plural(count, *m.noun)}"
                         + _aside(note))
    neighbours = _first(rows, "neighbours")
    if neighbours is not None:
        parts.append(f"its statistical neighbours' median {_said(_rate(neighbours, m))}")
    rank = _rank(own)
    if rank.number is not None:
        parts.append(f"it ranks {rank.text} (1 = highest)")
    return "; ".join(parts) + "."


def _count_sentence(m: Measure, rows: pd.DataFrame, board: str, year: str) -> str | None:
    own = _first(rows, "board")
    if own is None:
        return None
    mine = _count(own, "count")
    head = (f"In {year} {board} {m.verb} {plural(int(mine.value), *m.noun)}"  # type: ignore[call-overload]
            if mine.number is not None else
            f"In {year} {board}'s number of {m.noun[1]} is {_said(mine)}")
    england = _first(rows, "england")
    return head + (f"; England {_said(_count(england, 'count'))}" if england is not None
                   else "") + "."


def _split_sentence(table: NationalTable, board: str, year: str) -> str | None:
    """The largest parts of a split, for the board and for England: 'In 2024-25, the nature of
    serious incident notifications: England, Serious harm 53%, Death 45% and Other 3%.'"""
    drawn = table.chart[(table.chart["board"] == board) & (table.chart["year"] == year)]
    said = []
    for kind in ("board", "england"):
        mine = drawn[(drawn["area_kind"] == kind) & drawn["value"].notna()
                     & (drawn["breakdown"] != "All")]
        if mine.empty:
            continue
        top = mine.sort_values("value", ascending=False, kind="stable").head(4)
        said.append(f"{top['area'].iloc[0]}, "
                    + _listed([f"{b} {t}" for b, t in zip(top["breakdown"], top["text"],
                                                          strict=True)]))
    if not said:
        return None
    return f"In {year}, {table.title[:1].lower()}{table.title[1:]}: " + "; ".join(said) + "."


def _theme_sentence(table: NationalTable, board: str, year: str) -> str:
    drawn = table.chart[(table.chart["board"] == board) & (table.chart["year"] == year)]
    own = drawn[(drawn["area_kind"] == "board") & drawn["value"].notna()]
    own = own[~own["text"].isin([SUPPRESSED])]
    if own.empty:
        hidden = (drawn["area_kind"] == "board") & (drawn["text"] == SUPPRESSED)
        if hidden.any():
            return (f"In {year} {board}'s own theme shares are not shown: each is hidden for "
                    "publication under the board's disclosure policy (the table's note says "
                    "why).")
        return f"In {year} {board} has no review share to set beside the national figures."
    top = own.sort_values("value", ascending=False, kind="stable").iloc[0]
    every = table.chart[(table.chart["board"] == board) & (table.chart["area_kind"] == "england")
                        & (table.chart["breakdown"] == top["breakdown"])
                        & table.chart["value"].notna()]
    same = every[every["year"] == year]
    england = same if len(same) else every
    when = "" if len(same) or england.empty else f" ({england['year'].iloc[0]})"
    return (f"In {year} the theme most often raised in {board}'s reviews was "
            f"{top['breakdown']}, in {top['text']} of them"
            + (f"; England's national figure for it: {england['text'].iloc[0]}{when}"
               if len(england) else "") + ".")


def sentences(frame: pd.DataFrame, tables: list[NationalTable], year: str) -> list[str]:
    """What a board member reads first, for each board and measure of the year: its figure
    beside England's, its region's and its neighbours' median, and its rank."""
    out = []
    rows = frame[frame["year"] == year]
    by_measure = {t.measure: t for t in tables}
    for board in sorted(set(rows["board"].astype(str))):
        mine = rows[rows["board"] == board]
        for code in by_measure:
            some = mine[mine["measure"] == code]
            if some.empty:
                continue
            first = some.iloc[0]
            m = measure(code, "" if _missing(first["label"]) else str(first["label"]),
                        _whole(first["per"]))
            said: str | None
            if is_themes(code):
                said = _theme_sentence(by_measure[code], board, year)
            elif m.breakdown:
                said = _split_sentence(by_measure[code], board, year)
            elif m.is_rate and m.verb:
                said = _rate_sentence(m, some, board, year)
            elif m.verb:
                said = _count_sentence(m, some, board, year)
            else:
                said = None
            if said:
                out.append(said)
    return out


# -- what the page and the report say once, above the figures ------------------------------------

def caveats(tables: list[NationalTable]) -> list[str]:
    """The caveats the tables are read with, each once: national timescales first, then as the
    tables have them."""
    return list(dict.fromkeys([NO_NATIONAL_TIMESCALES, *(c for t in tables for c in t.caveats)]))


def year_shown(frame: pd.DataFrame, wanted: str | None) -> tuple[str | None, str]:
    """The year to show: the one wanted where the frame has it, else the latest before it (said
    so), else the latest; and the sentence saying which, when it is not the one wanted."""
    years = sorted(y for y in set(frame["year"].astype(str)) if is_financial_year(y))
    if not years:
        return None, ""
    if wanted is None or wanted in years:
        return wanted or years[-1], ""
    before = [y for y in years if y < wanted]
    chosen = before[-1] if before else years[-1]
    return chosen, (f"No national figure is loaded for {wanted} yet (the publishers release a "
                    f"year's figures months after it ends): these are {chosen}'s, the latest "
                    f"{'before it' if before else 'loaded'}.")
