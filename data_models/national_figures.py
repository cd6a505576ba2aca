"""National context: each of the reader's boards beside England, its region and its
statistical neighbours, worked out from the published files loaded (`ingest.national`), and its
own reviews' themes beside the national ones. Registered as the figure `national_context`
(`data_models.queries`), which the page, the report and `assurance figure` all call.

One row a board, measure, year and area (and breakdown): the columns are `COLUMNS`.

- **The board** (`area_kind` 'board', area = the board's name): over its footprint (the local
  authorities it covers) counts are added and their bases too, and the rate is worked out from
  the sums: a rate is never averaged. Each of `count` and `denominator` is given where every
  local authority's is shown; `rate` where both are. `state` is the state of the row's headline
  figure (the rate; the count for a measure that is a count alone): where a local authority's
  figure is not shown, the board's is not either, and its `note` names the authority.
- **England** (`england`), **the region** (`region`, the regions of the footprint's authorities:
  a count published rounded has no rate, its note says so) and **the statistical neighbours**
  (`neighbours`: the median of the rates of the footprint's neighbours that have one, from
  DfE's children's services model; with the board's `rank` among itself and them, 1 the
  highest, on the notification rates).
- **Boundary changes**: for a year before an authority in the footprint existed, a board that
  covers every successor of the old authority is given the old authority's figure (its note
  says so); one that covers some of them is given none (`not_available`): an old authority's
  figure cannot be split.
- **Themes**: the board's share of its own reviews raising each theme in a year (its true
  count: what is published hides small counts, not this), beside England's. For children's
  boards, England's is the share of children's social care assessments in which the factor
  matched to the theme was identified (`FACTOR_THEMES`): the factors are recorded separately
  for the child, a parent and another person and one assessment may record several, so they
  are never added; the largest one matched is taken, and the note names it. For both kinds of
  board, the national review analyses in the reference file loaded (`national_theme_shares`)
  are given too, each with its base and years.

Which release: where releases of a kind hold the same figure (an area, year, measure and
breakdown), the latest release's is taken (a publisher revises its earlier years).

No row is ever given for the 5 and 15 working-day timescales: no national figure exists.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Final, NamedTuple

import pandas as pd

from data_models.filters import Filters
from data_models.labels import plural
from data_models.national import BOUNDARY_CHANGES, MEASURES, NEIGHBOURS_AREA, STATES
from data_models.scope import Reader

COLUMNS: Final = ("board", "measure", "label", "year", "area", "area_kind", "breakdown", "count",
                  "denominator", "rate", "per", "rank", "of", "state", "note", "source")
AREA_ORDER: Final = ("board", "england", "region", "neighbours")
OWN_REVIEWS: Final = "the board's own reviews"

# Assessment factors, as DfE's children in need file (c3) names them in any release (matched on
# their words in lower case, punctuation as spaces), and the theme of the vocabulary each bears
# on; the first that matches. A factor matching none is not set beside any theme.
FACTOR_THEMES: Final = (
    (r"\bmissing (from )?education\b", "children not in school"),
    (r"^domestic (abuse|violence)\b", "domestic abuse"),
    (r"^mental health\b", "mental health"),
    (r"^(alcohol|drug|substance) (misuse|abuse)\b", "substance misuse"),
    (r"^(abuse or neglect )?neglect$", "neglect"),
    (r"^self harm\b", "self-harm and suicide"),
    (r"\b(going missing|being missing|sexual exploitation|criminal exploitation|gangs?|"
     r"trafficking)\b", "extra-familial harm"),
    (r"^learning disability\b", "disability and communication needs"),
)

# Which state a board's figure takes when its authorities' are not all shown: the first.
_WORST: Final = ("suppressed", "low", "low_reliability", "not_available", "not_applicable")
_STATE_WORDS: Final = {"suppressed": "suppressed", "low": "too low to show",
                       "low_reliability": "of low reliability", "not_available": "not available",
                       "not_applicable": "not applicable"}


@dataclass(frozen=True)
class _RateMeasure:
    """A rate (or a count alone) worked out from a count and its base in one kind of file."""

    code: str
    kind: str
    count: str
    base: str | None = None              # the base's raw measure
    published_rate: str | None = None    # a rate as printed, where no base is given
    neighbours: bool = False
    ranked: bool = False


_RATES: Final = (
    _RateMeasure("notifications_per_10000_children", "sin_subnational", "notifications",
                 "population_0_17_context", neighbours=True, ranked=True),
    _RateMeasure("notifications_per_1000_children_in_need", "sin_subnational", "notifications",
                 "children_in_need_context", neighbours=True, ranked=True),
    _RateMeasure("children_in_need_per_10000", "cin_b1", "children_in_need", "population_0_17",
                 "children_in_need_rate", neighbours=True),
    _RateMeasure("concerns_per_100000_adults", "sac", "concerns", "adult_population",
                 "concerns_rate"),
    _RateMeasure("s42_enquiries_per_100000_adults", "sac", "s42_enquiries", "adult_population",
                 "s42_enquiries_rate"),
    _RateMeasure("sars_completed", "sac", "sars_completed"),
)
# Shares of a total by a breakdown: (measure, kind, raw measure, whether the board's own too).
_SHARES: Final = (("notifications_by_nature", "sin_nature", "notifications", False),
                  ("risk_types", "sac", "risk_type", True))


def factor_theme(factor: str) -> str | None:
    """The theme an assessment factor is set beside, if any."""
    words = " ".join(re.sub(r"[^a-z0-9]+", " ", factor.lower()).split())
    return next((theme for pattern, theme in FACTOR_THEMES if re.search(pattern, words)), None)


# -- the published figures, read once ------------------------------------------------------------

class _Cell(NamedTuple):
    value: float | None
    state: str
    rounded_to: int | None
    area_code: str
    area_name: str
    region: tuple[str, str] | None
    source: str

    @property
    def shown(self) -> bool:
        return self.state == "shown" and self.value is not None

    @property
    def exact(self) -> Fraction:
        """The value as published, exactly (a float's shortest decimal)."""
        return Fraction(repr(float(self.value if self.value is not None else math.nan)))


def _source(source: str, synthetic: bool) -> str:
    return f"{source} (synthetic: invented for the demo)" \
        if synthetic and "synthetic" not in source.lower() else source


@dataclass
class _Published:
    """The latest published figure of each kind, measure, year, level, area and breakdown."""

    cells: dict[tuple[str | None, ...], _Cell] = field(default_factory=dict)
    by_old: dict[tuple[str | None, ...], _Cell] = field(default_factory=dict)
    present: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    years: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    breakdowns: dict[tuple[str, str, str, str, str], list[str]] = field(default_factory=dict)
    totals: set[tuple[str, str, str, str]] = field(default_factory=set)
    sources: dict[tuple[str, str, str], str] = field(default_factory=dict)

    @classmethod
    def read(cls, db: Reader, period: str | None) -> _Published:
        frame = db.frame(
            "SELECT r.kind, r.source, r.synthetic, f.measure, f.year, f.level, f.area_code, "
            "f.old_la_code, f.area_name, f.region_code, f.region_name, f.breakdown, f.value, "
            "f.state, f.rounded_to FROM national_figures AS f "
            "JOIN national_releases AS r USING (release_id) "
            "WHERE (CAST($period AS VARCHAR) IS NULL OR f.year = $period) "
            # a local authority's assessment factors are not compared: England's alone
            "AND (r.kind <> 'cin_c3' OR f.level = 'national') "
            "QUALIFY row_number() OVER (PARTITION BY r.kind, f.measure, f.year, f.level, "
            "f.area_code, f.breakdown ORDER BY r.release DESC, r.loaded_at DESC, "
            "r.release_id DESC) = 1", period=period)
        published = cls()
        for row in frame.itertuples(index=False):
            value = None if pd.isna(row.value) else float(row.value)
            rounded = None if pd.isna(row.rounded_to) else int(row.rounded_to)
            region = (str(row.region_code), str(row.region_name)) \
                if isinstance(row.region_code, str) and isinstance(row.region_name, str) else None
            breakdown = row.breakdown if isinstance(row.breakdown, str) else None
            cell = _Cell(value, str(row.state), rounded, str(row.area_code), str(row.area_name),
                         region, _source(str(row.source), bool(row.synthetic)))
            kind, measure, year, level = str(row.kind), str(row.measure), str(row.year), \
                str(row.level)
            area = "" if level == "national" else str(row.area_code)
            published.cells[(kind, measure, year, level, area, breakdown)] = cell
            published.years.setdefault((kind, measure), set()).add(year)
            published.sources.setdefault((kind, measure, year), cell.source)
            if level == "local_authority":
                published.present.setdefault((kind, year), set()).add(str(row.area_code))
                if isinstance(row.old_la_code, str):
                    published.by_old[(kind, measure, year, row.old_la_code, breakdown)] = cell
            if breakdown is None:
                published.totals.add((kind, measure, year, level))
            else:       # the breakdowns an area gives, and (as '*') any authority gives
                for where in {area, "*" if level == "local_authority" else area}:
                    known = published.breakdowns.setdefault((kind, measure, year, level, where),
                                                            [])
                    if breakdown not in known:
                        known.append(breakdown)
        return published

    def cell(self, kind: str, measure: str | None, year: str, level: str, area: str = "",
             breakdown: str | None = None) -> _Cell | None:
        if measure is None:
            return None
        return self.cells.get((kind, measure, year, level, area, breakdown))

    def years_of(self, kind: str, measure: str) -> list[str]:
        return sorted(self.years.get((kind, measure), ()))


# -- a board and its footprint ---------------------------------------------------------------------

class _Authority(NamedTuple):
    code: str
    old: str | None
    name: str


@dataclass(frozen=True)
class _Board:
    name: str
    types: tuple[str, ...]
    footprint: tuple[_Authority, ...]


@dataclass
class _Sum:
    """A figure over a board's footprint: the sum where every part is shown, else None; the
    parts not shown, the authorities with no figure at all (and why), and notes on any old
    authority standing in."""

    value: Fraction | None
    problems: list[tuple[str, str, str]]      # (authority, state, 'count' or 'base')
    missing: list[tuple[str, str]]            # (authority, why)
    notes: list[str]
    source: str | None = None
    regions: list[tuple[str, str]] = field(default_factory=list)


def _stand_ins(published: _Published, kind: str, year: str, footprint: Sequence[_Authority]
               ) -> tuple[list[tuple[str, str]], list[str], list[tuple[str, str]]]:
    """The areas whose figures stand for the footprint in a year, the notes on any old
    authority standing in, and the authorities with no figure (and why)."""
    present = published.present.get((kind, year), set())
    covered = {a.code for a in footprint}
    areas: list[tuple[str, str]] = []
    notes: list[str] = []
    missing: list[tuple[str, str]] = []
    used: set[str] = set()
    for authority in footprint:
        if authority.code in present:
            areas.append((authority.code, authority.name))
            continue
        changes = [c for c in BOUNDARY_CHANGES
                   if authority.code in c.successor_codes and year < c.first_year]
        if not changes:
            missing.append((authority.name, f"no figure for {authority.name} in {year}"))
            continue
        for change in changes:
            if change.code in used:
                continue
            used.add(change.code)
            if not set(change.successor_codes) <= covered:
                others = [n for c, n in change.successors if c not in covered]
                missing.append((authority.name,
                                f"{authority.name} did not exist before {change.when}, and "
                                f"{change.name}'s figure cannot be split: the board does not "
                                f"cover {_names(others)}, also part of {change.name}"))
            elif change.code not in present:
                missing.append((change.name, f"no figure for {change.name} in {year}"))
            else:
                areas.append((change.code, change.name))
                notes.append(f"{year} is before {change.when}, when {change.name} became "
                             f"{_names(n for _, n in change.successors)}: {change.name}'s "
                             "figure stands for them, as the board covers all of them.")
    return areas, notes, missing


def _names(names: Iterable[str]) -> str:
    listed = list(names)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


def _summed(published: _Published, kind: str, measure: str | None, year: str,
            footprint: Sequence[_Authority], which: str = "count",
            breakdown: str | None = None) -> _Sum:
    """A raw measure added up over the footprint's authorities in a year."""
    areas, notes, missing = _stand_ins(published, kind, year, footprint)
    problems: list[tuple[str, str, str]] = []
    total = Fraction(0)
    sources: list[str] = []
    regions: list[tuple[str, str]] = []
    for code, name in areas:
        cell = published.cell(kind, measure, year, "local_authority", code, breakdown)
        if cell is not None and cell.region and cell.region not in regions:
            regions.append(cell.region)
        if cell is None or not cell.shown:
            problems.append((name, cell.state if cell is not None else "not_available", which))
            continue
        total += cell.exact
        if cell.source not in sources:
            sources.append(cell.source)
    whole = not problems and not missing and bool(areas)
    return _Sum(total if whole else None, problems, missing, notes, "; ".join(sources) or None,
                regions)


def _worst(problems: Iterable[tuple[str, str, str]], missing: Sequence[object] = ()) -> str:
    states = {state for _, state, _ in problems} | ({"not_available"} if missing else set())
    return next((s for s in _WORST if s in states), "shown")


def _said(sums: Sequence[_Sum], authorities: int) -> list[str]:
    """The notes of a board's figure: any old authority standing in, the authorities with no
    figure and why, and whose figures are not shown, in words."""
    notes = list(dict.fromkeys(n for s in sums for n in s.notes))
    notes += list(dict.fromkeys(f"{why[:1].upper()}{why[1:]}." for s in sums
                                for _, why in s.missing))
    problems = [p for s in sums for p in s.problems]
    if problems:
        by_state: dict[tuple[str, str], list[str]] = {}
        for name, state, which in problems:
            names = by_state.setdefault((state, which), [])
            if name not in names:
                names.append(name)
        parts = [f"{'the count' if which == 'count' else 'its base'} is "
                 f"{_STATE_WORDS.get(state, state)} for {_names(names)}"
                 for (state, which), names in by_state.items()]
        named = {name for name, _, _ in problems}
        text = "; ".join(parts) + (
            f" ({len(named)} of the board's "
            f"{plural(authorities, 'local authority', 'local authorities')})"
            if authorities > 1 else "") + "."
        notes.append(text[:1].upper() + text[1:])
    return notes


# -- rates and shares ---------------------------------------------------------------------------

def _rounded(exact: Fraction | None, places: int) -> float | None:
    """Rounded once, halves up, from the exact figure."""
    if exact is None:
        return None
    scale = 10 ** places
    return float(Fraction(math.floor(exact * scale + Fraction(1, 2)), scale))


def _places(per: int | None) -> int:
    return 1 if per == 100 else 2


def _rate(count: Fraction | None, base: Fraction | None, per: int | None) -> Fraction | None:
    if count is None or base is None or not base or per is None:
        return None
    return count * per / base


@dataclass(frozen=True)
class _Row:
    measure: str
    year: str
    area: str
    area_kind: str
    breakdown: str | None
    count: Fraction | None
    denominator: Fraction | None
    rate: Fraction | None
    rank: int | None
    of: int | None
    state: str
    note: str | None
    source: str | None


def _area_rate(published: _Published, spec: _RateMeasure, year: str, level: str, area: str,
               per: int | None) -> tuple[_Cell | None, Fraction | None, Fraction | None, str,
                                         str | None]:
    """An area's count, base and rate as published (the rate worked out from the two, else as
    printed), its state and a note."""
    count = published.cell(spec.kind, spec.count, year, level, area)
    base = published.cell(spec.kind, spec.base, year, level, area)
    if count is None:
        return None, None, None, "not_available", None
    exact_count = count.exact if count.shown else None
    exact_base = base.exact if base is not None and base.shown else None
    if per is None:                       # a count alone: no base, no rate
        return count, None, None, count.state, None
    rate = _rate(exact_count, exact_base, per)
    if rate is None and exact_base is None:
        printed = published.cell(spec.kind, spec.published_rate, year, level, area)
        if printed is not None and printed.shown:
            return count, exact_base, printed.exact, "shown", "The rate as published."
        if printed is not None:
            return count, exact_base, None, printed.state, None
    state = count.state if not count.shown else (base.state if base is not None
                                                 and not base.shown else "shown")
    if rate is None and state == "shown":
        state = "not_available"
    return count, exact_base, rate, state, None


def _rate_rows(published: _Published, spec: _RateMeasure, board: _Board,
               neighbours: Sequence[tuple[str, str]], neighbour_source: str | None
               ) -> list[_Row]:
    per = MEASURES[spec.code].per
    rows: list[_Row] = []
    for year in published.years_of(spec.kind, spec.count):
        # the board, over its footprint
        board_rate = None
        regions: list[tuple[str, str]] = []
        board_row: _Row | None = None
        if board.footprint and published.present.get((spec.kind, year)):
            count = _summed(published, spec.kind, spec.count, year, board.footprint)
            base = _summed(published, spec.kind, spec.base, year, board.footprint, "base") \
                if spec.base and per is not None else None
            sums = [count, *([base] if base else [])]
            regions = count.regions
            board_rate = _rate(count.value, base.value if base else None, per)
            state = _worst([p for s in sums for p in s.problems],
                           [m for s in sums for m in s.missing])
            if base is not None and _rates_alone(published, spec, year, board.footprint, base):
                notes = _said([count], len(board.footprint)) + [
                    "The release gives each local authority's rate but not the number it is "
                    "a rate of, so no rate over the board's local authorities is worked out: "
                    "rates are never averaged."]
            else:
                notes = _said(sums, len(board.footprint))
            if per is not None and board_rate is None and state == "shown":
                state = "not_available"
                notes.append("No rate over the board's local authorities: the release gives "
                             "no base to add up, and rates are never averaged.")
            board_row = _Row(spec.code, year, board.name, "board", None, count.value,
                             base.value if base else None, board_rate, None, None, state,
                             " ".join(notes) or None, count.source)
        # England
        england, e_base, e_rate, e_state, e_note = _area_rate(published, spec, year,
                                                              "national", "", per)
        if england is not None:
            rows.append(_Row(spec.code, year, "England", "england", None,
                             england.exact if england.shown else None, e_base, e_rate, None,
                             None, e_state, e_note, england.source))
        # the region of each of the footprint's authorities
        for code, name in regions:
            cell, r_base, r_rate, r_state, r_note = _area_rate(published, spec, year,
                                                               "regional", code, per)
            if cell is None:
                continue
            if cell.rounded_to:
                r_base, r_rate, r_state = None, None, cell.state
                r_note = (f"Rounded to the nearest {cell.rounded_to} as published: no rate is "
                          "worked out from a rounded count.")
            rows.append(_Row(spec.code, year, name, "region", None,
                             cell.exact if cell.shown else None, r_base, r_rate, None, None,
                             r_state, r_note, cell.source))
        # the statistical neighbours' median, and the board's place among them
        if spec.neighbours and neighbours:
            rates: list[Fraction] = []
            without: list[str] = []
            for old, name in neighbours:
                rate = _neighbour_rate(published, spec, year, old, per)
                if rate is None:
                    without.append(name)
                else:
                    rates.append(rate)
            median = Fraction(statistics.median(rates)) if rates else None
            note = (f"The median of {len(rates)} of the board's {len(neighbours)} statistical "
                    "neighbours' rates" + (f"; none for {_names(without)}" if without else "")
                    + ".") if rates else (f"None of the board's {len(neighbours)} statistical "
                                          f"neighbours has a rate for {year}.")
            rows.append(_Row(spec.code, year, NEIGHBOURS_AREA, "neighbours", None, None, None,
                             median, None, None, "shown" if rates else "not_available", note,
                             "; ".join(s for s in (published.sources.get((spec.kind, spec.count,
                                                                         year)),
                                                   neighbour_source) if s) or None))
            if board_row is not None and spec.ranked and board_rate is not None:
                board_row = replace(board_row, rank=1 + sum(r > board_rate for r in rates),
                                    of=1 + len(rates))
        if board_row is not None:
            rows.append(board_row)
    return rows


def _rates_alone(published: _Published, spec: _RateMeasure, year: str,
                 footprint: Sequence[_Authority], base: _Sum) -> bool:
    """Whether the footprint's authorities have a rate as published but no base to add up."""
    return spec.published_rate is not None and bool(base.problems) and all(
        state == "not_available" for _, state, _ in base.problems) and all(
        published.cell(spec.kind, spec.published_rate, year, "local_authority", a.code)
        is not None for a in footprint)


def _neighbour_rate(published: _Published, spec: _RateMeasure, year: str, old: str,
                    per: int | None) -> Fraction | None:
    count = published.by_old.get((spec.kind, spec.count, year, old, None))
    base = published.by_old.get((spec.kind, spec.base, year, old, None)) if spec.base else None
    if count is not None and count.shown and base is not None and base.shown:
        return _rate(count.exact, base.exact, per)
    if spec.published_rate and base is None:
        printed = published.by_old.get((spec.kind, spec.published_rate, year, old, None))
        if printed is not None and printed.shown:
            return printed.exact
    return None


def _share_rows(published: _Published, code: str, kind: str, raw: str, own: bool,
                board: _Board) -> list[_Row]:
    """A total's parts by breakdown, each as a share of the total (the total published, else
    the sum of the parts): England's, and the board's own over its footprint where `own`."""
    rows: list[_Row] = []
    for year in published.years_of(kind, raw):
        if own and board.footprint and published.present.get((kind, year)):
            named = published.breakdowns.get((kind, raw, year, "local_authority", "*"), [])
            parts = {b: _summed(published, kind, raw, year, board.footprint, "count", b)
                     for b in named}
            if (kind, raw, year, "local_authority") in published.totals:
                whole = _summed(published, kind, raw, year, board.footprint, "base")
            else:
                whole = _added(list(parts.values()))
            for breakdown, part in parts.items():
                rows.append(_share_row(code, year, board.name, "board", breakdown, part, whole,
                                       len(board.footprint)))
        named = published.breakdowns.get((kind, raw, year, "national", ""), [])
        cells = {b: published.cell(kind, raw, year, "national", "", b) for b in named}
        england = {b: _Sum(c.exact if c.shown else None,
                           [] if c.shown else [("England", c.state, "count")], [], [], c.source)
                   for b, c in cells.items() if c is not None}
        total = published.cell(kind, raw, year, "national")
        whole = _Sum(total.exact if total.shown else None,
                     [] if total.shown else [("England", total.state, "base")], [], [],
                     total.source) if total is not None else _added(list(england.values()))
        for breakdown, part in england.items():
            rows.append(_share_row(code, year, "England", "england", breakdown, part, whole, 1))
    return rows


def _added(parts: Sequence[_Sum]) -> _Sum:
    """The sum of parts (a total not published): known only where every part is."""
    known = all(p.value is not None for p in parts) and bool(parts)
    return _Sum(sum((p.value for p in parts if p.value is not None), Fraction(0)) if known
                else None, [(n, s, "base") for p in parts for n, s, _ in p.problems],
                [m for p in parts for m in p.missing], [n for p in parts for n in p.notes],
                next((p.source for p in parts if p.source), None))


def _share_row(code: str, year: str, area: str, area_kind: str, breakdown: str, part: _Sum,
               whole: _Sum, authorities: int) -> _Row:
    state = _worst(part.problems + whole.problems, part.missing + whole.missing)
    rate = _rate(part.value, whole.value, 100)
    if rate is None and state == "shown":
        state = "not_available"
    notes = _said([part, whole], authorities) if area_kind == "board" else []
    return _Row(code, year, area, area_kind, breakdown, part.value, whole.value, rate, None, None,
                state, " ".join(notes) or None, part.source or whole.source)


# -- themes ---------------------------------------------------------------------------------------

def _factor_rows(published: _Published) -> dict[tuple[str, str], _Row]:
    """England's share of assessments with the largest factor matched to each theme, by year
    and theme."""
    out: dict[tuple[str, str], _Row] = {}
    for year in published.years_of("cin_c3", "assessment_factor"):
        whole = published.cell("cin_c3", "assessments_with_factor", year, "national")
        by_theme: dict[str, list[tuple[str, _Cell]]] = {}
        for factor in published.breakdowns.get(("cin_c3", "assessment_factor", year,
                                                "national", ""), []):
            theme = factor_theme(factor)
            cell = published.cell("cin_c3", "assessment_factor", year, "national", "", factor)
            if theme is not None and cell is not None:
                by_theme.setdefault(theme, []).append((factor, cell))
        for theme, factors in by_theme.items():
            shown = [(f, c) for f, c in factors if c.shown]
            if not shown:
                factor, cell = factors[0]
                state = next((s for s in _WORST if s in {c.state for _, c in factors}),
                             "not_available")
                out[(year, theme)] = _Row(
                    "theme_share_children", year, "England", "england", theme, None,
                    whole.exact if whole is not None and whole.shown else None, None, None,
                    None, state, f"No factor matched to {theme} is shown for {year}.",
                    cell.source)
                continue
            factor, cell = max(shown, key=lambda fc: (fc[1].exact, fc[0]))
            base = whole.exact if whole is not None and whole.shown else None
            rate = _rate(cell.exact, base, 100)
            of = (f" (the largest of the {len(factors)} factors matched to the theme: factors "
                  "are recorded for the child, a parent and another person, and one assessment "
                  "may record several, so they are not added)") if len(factors) > 1 else ""
            out[(year, theme)] = _Row(
                "theme_share_children", year, "England", "england", theme, cell.exact, base,
                rate, None, None, "shown" if rate is not None else
                (whole.state if whole is not None else "not_available"),
                f"Assessments by children's social care in which the factor '{factor}' was "
                f"identified{of}: a share of assessments, not of reviews, so context rather "
                "than a like-for-like comparison.", cell.source)
    return out


def _theme_rows(board: _Board, types: Sequence[str], mine: pd.DataFrame,
                factors: dict[tuple[str, str], _Row], national: pd.DataFrame) -> list[_Row]:
    rows: list[_Row] = []
    for board_type in types:
        code = f"theme_share_{board_type}"
        held = mine[mine["board_type"] == board_type]
        years = sorted(held["year"].unique())
        for year in years:
            in_year = held[held["year"] == year]
            reviews = int(in_year["reviews"].iloc[0])
            raised = {str(t): int(n) for t, n in zip(in_year["theme"], in_year["raising"],
                                                     strict=True) if isinstance(t, str)}
            compared = {t for (y, t) in factors if y == year} if board_type == "children" \
                else set()
            for theme in sorted(set(raised) | compared):
                count = Fraction(raised.get(theme, 0))
                rows.append(_Row(code, year, board.name, "board", theme, count,
                                 Fraction(reviews), _rate(count, Fraction(reviews), 100), None,
                                 None, "shown", None, OWN_REVIEWS))
        if board_type == "children":
            rows += [row for row in factors.values()]
        for item in national[national["board_type"] == board_type].itertuples(index=False):
            base = int(item.base_count) if not pd.isna(item.base_count) else None
            share = Fraction(repr(float(item.share)))
            rows.append(_Row(code, str(item.years), "England", "england", str(item.theme),
                             share * base if base else None,
                             Fraction(base) if base else None, share * 100, None, None,
                             "shown", f"Of {item.base}, {item.years}.", str(item.source)))
    return rows


# -- the figure -------------------------------------------------------------------------------------

def _boards(db: Reader, f: Filters) -> list[_Board]:
    """The reader's boards (the one chosen) that hold records or a footprint, each with the
    kinds of board its records are of (a board with none: both) and its footprint."""
    held = db.frame(
        "SELECT board, list(DISTINCT board_type) FILTER (WHERE board_type IN ('children', "
        "'adults')) AS types FROM ("
        "SELECT board, board_type FROM reviews WHERE board_wanted($f, board) UNION "
        "SELECT board, board_type FROM recommendations WHERE board_wanted($f, board) UNION "
        "SELECT board, board_type FROM audits WHERE board_wanted($f, board) UNION "
        "SELECT DISTINCT board, NULL FROM training_bookings WHERE board_wanted($f, board) UNION "
        "SELECT DISTINCT board, NULL FROM board_footprints WHERE board_wanted($f, board)) "
        "GROUP BY board ORDER BY board", f)
    footprints = db.frame("SELECT board, la_code, old_la_code, la_name FROM board_footprints "
                          "WHERE board_wanted($f, board) ORDER BY board, la_name", f)
    boards = []
    for row in held.itertuples(index=False):
        types = tuple(t for t in ("children", "adults")
                      if row.types is not None and t in list(row.types)) or ("children", "adults")
        mine = footprints[footprints["board"] == row.board]
        boards.append(_Board(str(row.board), types, tuple(
            _Authority(str(a.la_code), a.old_la_code if isinstance(a.old_la_code, str) else None,
                       str(a.la_name)) for a in mine.itertuples(index=False))))
    return boards


def _own_themes(db: Reader, f: Filters) -> pd.DataFrame:
    """Each board's reviews in each year by kind, and how many raise each theme (true counts),
    within the filters that apply: board, kind of board and year."""
    return db.frame(
        "WITH items AS (SELECT board, item_id, board_type, themes, "
        "financial_year(item_date) AS year FROM filtered_items($f, 'reviews') "
        "WHERE item_date IS NOT NULL), "
        "totals AS (SELECT board, board_type, year, count(*) AS reviews FROM items GROUP BY ALL), "
        "raised AS (SELECT i.board, i.board_type, i.year, t.theme, count(*) AS raising "
        "FROM items AS i JOIN text_theme_set AS t ON t.board = i.board AND t.themes = i.themes "
        "GROUP BY ALL) "
        "SELECT t.board, t.board_type, t.year, t.reviews, r.theme, r.raising FROM totals AS t "
        "LEFT JOIN raised AS r USING (board, board_type, year) ORDER BY ALL",
        f.but(quarter=None, agency=None, theme=None))


def _neighbours(db: Reader) -> tuple[pd.DataFrame, str | None]:
    """The latest statistical neighbours model loaded, and its source."""
    frame = db.frame(
        "SELECT n.old_la_code, n.rank, n.neighbour_old_la_code, n.neighbour_name, r.source, "
        "r.synthetic FROM statistical_neighbours AS n JOIN national_releases AS r "
        "USING (release_id) WHERE release_id = (SELECT release_id FROM national_releases "
        "WHERE release_id IN (SELECT release_id FROM statistical_neighbours) "
        "ORDER BY release DESC, loaded_at DESC, release_id DESC LIMIT 1)")
    source = _source(str(frame["source"].iloc[0]), bool(frame["synthetic"].iloc[0])) \
        if len(frame) else None
    return frame, source


def _neighbours_of(board: _Board, model: pd.DataFrame) -> list[tuple[str, str]]:
    """The footprint's neighbours not in it, nearest first (by their best rank, then name):
    the first ten."""
    olds = {a.old for a in board.footprint if a.old}
    best: dict[str, tuple[int, str]] = {}
    for row in model.itertuples(index=False):
        if row.old_la_code in olds and row.neighbour_old_la_code not in olds:
            key = (int(row.rank), str(row.neighbour_name))
            best[str(row.neighbour_old_la_code)] = min(best.get(str(row.neighbour_old_la_code),
                                                                key), key)
    ordered = sorted(best.items(), key=lambda item: item[1])[:10]
    return [(old, name) for old, (_rank, name) in ordered]


def _frame(rows: list[tuple[str, _Row]]) -> pd.DataFrame:
    """The rows as the figure gives them: counts as published, rates rounded once from the
    exact figures (to one decimal for a share, two for a rate per so many)."""
    records = []
    for board, row in rows:
        measure = MEASURES[row.measure]
        records.append((board, row.measure, measure.label, row.year, row.area, row.area_kind,
                        row.breakdown, _rounded(row.count, 6), _rounded(row.denominator, 6),
                        _rounded(row.rate, _places(measure.per)), measure.per, row.rank, row.of,
                        row.state, row.note, row.source))
    frame = pd.DataFrame(records, columns=list(COLUMNS))
    for column in ("count", "denominator", "rate"):
        frame[column] = frame[column].astype("float64")
    for column in ("per", "rank", "of"):
        frame[column] = frame[column].astype("Int64")
    for column in set(COLUMNS) - {"count", "denominator", "rate", "per", "rank", "of"}:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def national_context(db: Reader, f: Filters) -> pd.DataFrame:
    """Each board's national context: its notifications per 10,000 children and per 1,000
    children in need (adults' boards: concerns and section 42 enquiries per 100,000 adults,
    types of risk, SARs completed) over the local authorities it covers, beside England, its
    region and its statistical neighbours, each year; and its reviews' themes beside the
    national ones. Each figure with its state, a note and its source."""
    boards = _boards(db, f)
    if not boards:
        return _frame([])
    published = _Published.read(db, f.period)
    model, neighbour_source = _neighbours(db)
    own = dict(tuple(_own_themes(db, f).groupby("board", sort=False)))
    none = pd.DataFrame(columns=["board", "board_type", "year", "reviews", "theme", "raising"])
    national = db.frame(
        "SELECT board_type, theme, share, base, base_count, years, source FROM "
        "national_theme_shares WHERE release_id = (SELECT release_id FROM national_releases "
        "WHERE release_id IN (SELECT release_id FROM national_theme_shares) "
        "ORDER BY release DESC, loaded_at DESC, release_id DESC LIMIT 1) ORDER BY ALL")
    factors = _factor_rows(published)
    rows: list[tuple[str, _Row]] = []
    for board in boards:
        types = [t for t in board.types if f.board_type in (None, t)]
        neighbours = _neighbours_of(board, model)
        for spec in _RATES:
            if MEASURES[spec.code].board_type in types:
                rows += [(board.name, r) for r in _rate_rows(published, spec, board, neighbours,
                                                             neighbour_source)]
        for code, kind, raw, own_too in _SHARES:
            if MEASURES[code].board_type in types:
                rows += [(board.name, r) for r in _share_rows(published, code, kind, raw,
                                                              own_too, board)]
        rows += [(board.name, r) for r in _theme_rows(board, types, own.get(board.name, none),
                                                      factors, national)]
    measures = list(MEASURES)
    rows.sort(key=lambda br: (br[0], measures.index(br[1].measure), br[1].year,
                              br[1].breakdown or "", AREA_ORDER.index(br[1].area_kind),
                              br[1].area, br[1].source or "", br[1].state, br[1].note or ""))
    return _frame(rows)


assert set(_STATE_WORDS) | {"shown"} == set(STATES)   # every state has its words
