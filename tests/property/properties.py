"""What every output must hold, whatever the data: counts that add up to their totals, each
percentage the round-half-up of 100 x part / whole from the counts it stands for (rounded
once), and a count the disclosure policy hides staying hidden. Each check returns findings (an
empty list when it holds), so one example reports everything it breaks at once.

The rules are written here from the figures' own definitions (the documentation and the queries'
descriptions), not taken from the code that makes them: a test that read its expectations from
the product would pass whatever the product did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from tests.property.known import known_finding

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
STATUSES = ("not_started", "in_progress", "completed", "assured", "not_implemented")
OPEN_STATUSES = ("not_started", "in_progress")
TRAINING = ("attended", "did_not_attend", "cancelled")
CLOCKS = ("met", "missed", "overdue", "pending")
SUPPRESSED = "c"


@dataclass(frozen=True)
class Finding:
    prop: str          # the property broken: "adds up", "percentage", "hidden", "agrees"
    where: str         # the figure, table or output, and the column
    detail: str        # what was found
    # for a percentage: the figure shown and the counts it stands for
    shown: str | None = None
    part: float | None = None
    whole: float | None = None

    def __str__(self) -> str:
        return f"[{self.prop}] {self.where}: {self.detail}"


def new(findings: Iterable[Finding]) -> list[Finding]:
    """Findings not already kept as fixed tests (those are stepped over)."""
    return [f for f in findings if known_finding(f) is None]


# -- numbers -----------------------------------------------------------------------------------

def rounded(part: float, whole: float, places: int = 1) -> Decimal:
    """100 x part / whole, rounded once, halves up, to `places` decimals."""
    exact = Decimal(int(part)) * 100 / Decimal(int(whole))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def shown_percent(part: float, whole: float) -> str:
    """A percentage as the pages, sentences and report tables show one, from its counts: a
    whole number, one decimal only where a whole number would say none or all when that is not
    so ('0.4%', not '0%'), halves up, rounded once from the exact share."""
    exact = Decimal(int(part)) * 100 / Decimal(int(whole))
    whole_number = exact.quantize(Decimal(1), ROUND_HALF_UP)
    if whole_number in (0, 100) and exact not in (0, 100):
        tenth = exact.quantize(Decimal("0.1"), ROUND_HALF_UP)
        return "<0.1%" if tenth == 0 else ">99.9%" if tenth == 100 else f"{tenth}%"
    return f"{whole_number}%"


def number(value: object) -> float | None:
    """A count or figure as a number; None for a hidden ('c') or missing one."""
    if value is None or (isinstance(value, str) and value.strip() in ("", SUPPRESSED, "–")):
        return None
    if isinstance(value, str):
        text = value.strip().replace(",", "").removesuffix("%")
        try:
            return float(text)
        except ValueError:
            return None
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        return None
    return float(value)  # type: ignore[arg-type]


# -- the rules of each figure ------------------------------------------------------------------
# percentage column -> (the counts it is a share of: numerator, denominator)
Percent = tuple[str, tuple[str, ...], tuple[str, ...]]
# total column -> the parts it is the sum of
Sum = tuple[str, tuple[str, ...]]
# a count that is at most another
AtMost = tuple[str, str]

COMPLIANCE: Percent = ("compliance_pct", ("met",), ("met", "missed", "overdue"))
SHARE: Percent = ("share_pct", ("items_with_theme",), ("items_total",))
GOOD: Percent = ("good_or_better_pct", ("outstanding", "good"), GRADES)


@dataclass(frozen=True)
class Rules:
    percents: tuple[Percent, ...] = ()
    sums: tuple[Sum, ...] = ()
    at_most: tuple[AtMost, ...] = ()


FIGURE_RULES: dict[str, Rules] = {
    "timescale_compliance": Rules((COMPLIANCE,), (("counted", ("met", "missed", "overdue")),)),
    "timescale_tiles": Rules((COMPLIANCE,), (("counted", ("met", "missed", "overdue")),)),
    "comparison_tiles": Rules((("compliance_pct", ("met",), ("counted",)),), (),
                              (("met", "counted"),)),
    "timescale_completeness": Rules((("complete_pct", ("with_date",), ("reviews",)),), (),
                                    (("with_date", "reviews"),)),
    "audit_grades": Rules((GOOD,), (("total", GRADES),),
                          (("actions_completed", "actions_raised"),)),
    "recommendation_status": Rules((), (("total", STATUSES),),
                                   (("overdue", "total"),)),
    "theme_shares": Rules((SHARE,), (), (("items_with_theme", "items_total"),)),
    "theme_trend": Rules((SHARE,), (), (("items_with_theme", "items_total"),)),
    "learning_loop": Rules((), (("audits", ("audits_good_or_better", "audits_below_good")),),
                           (("recommendations_open", "recommendations"),
                            ("recommendations_overdue", "recommendations_open"))),
    "headline_indicators": Rules(
        (("good_or_better_pct", ("audits_good_or_better",), ("audits",)),
         ("attendance_pct", ("attended",), ("bookings",))), (),
        (("audits_good_or_better", "audits"), ("attended", "bookings"),
         ("recommendations_overdue", "recommendations_open"))),
    "upload_pass_rates": Rules((("pass_pct", ("passed",), ("uploads",)),), (),
                               (("passed", "uploads"),)),
    "theme_impact": Rules((), (), (("completed", "recommendations"),
                                   ("raised_before", "reviews_before"),
                                   ("raised_after", "reviews_after"),
                                   ("good_before", "audits_before"),
                                   ("good_after", "audits_after"),
                                   ("confident_before", "answered_before"),
                                   ("confident_after", "answered_after"))),
}
# Percentages whose counts are not in the figure that shows them, and where they are checked.
NOT_FROM_ITS_OWN_COUNTS = {
    ("timescale_tiles", "last_year_pct"): "last year's compliance: its met count is in "
                                          "timescale_compliance for last year, not in the tile",
}


def figure_findings(name: str, result: object) -> list[Finding]:
    """A registered query's result against its rules; a percentage with no rule is a finding
    too (so no percentage goes unchecked)."""
    if not isinstance(result, pd.DataFrame):
        return []
    rules = FIGURE_RULES.get(name, Rules())
    found = table_findings(name, result, rules)
    checked = {p[0] for p in rules.percents}
    for column in result.columns:
        if column.endswith("_pct") and column not in checked \
                and (name, column) not in NOT_FROM_ITS_OWN_COUNTS:
            found.append(Finding("percentage", f"{name}.{column}",
                                 "a percentage with no rule in the walk: add one"))
    return found


def table_findings(where: str, frame: pd.DataFrame, rules: Rules,
                   places: int = 1) -> list[Finding]:
    """Each row's totals against their parts, and each percentage against its counts, where
    they are shown ('c' hides a figure; a hidden one is not checked here)."""
    found: list[Finding] = []
    for index, row in frame.iterrows():
        key = _key(row)
        for total, parts in rules.sums:
            if total not in row or not set(parts) <= set(row.index):
                continue
            values = [number(row[p]) for p in parts]
            shown = number(row[total])
            if shown is None or any(v is None for v in values):
                continue
            if shown != sum(v for v in values if v is not None):
                found.append(Finding("adds up", f"{where}.{total}",
                                     f"row {key}: {total} {shown:g} but "
                                     + " + ".join(f"{p} {v:g}" for p, v in zip(parts, values,
                                                                               strict=True)
                                                  if v is not None)))
        for smaller, larger in rules.at_most:
            a, b = (number(row[smaller]) if smaller in row else None,
                    number(row[larger]) if larger in row else None)
            if a is not None and b is not None and a > b:
                found.append(Finding("adds up", f"{where}.{smaller}",
                                     f"row {key}: {smaller} {a:g} is more than {larger} {b:g}"))
        for column, numerator, denominator in rules.percents:
            if column not in row or not set(numerator) | set(denominator) <= set(row.index):
                continue
            found += _percent(where, column, row, key, numerator, denominator, places)
        del index
    return found


def _percent(where: str, column: str, row: pd.Series, key: str, numerator: Sequence[str],
             denominator: Sequence[str], places: int) -> list[Finding]:
    counts = [number(row[c]) for c in (*numerator, *denominator)]
    shown = row[column]
    if any(c is None for c in counts):
        return []
    part = sum(number(row[c]) or 0 for c in numerator)
    whole = sum(number(row[c]) or 0 for c in denominator)
    value = number(shown)
    if whole == 0:
        if value is not None:
            return [Finding("percentage", f"{where}.{column}",
                            f"row {key}: {value:g} on a base of 0")]
        return []
    if value is None:
        if isinstance(shown, str) and shown.strip() == SUPPRESSED:
            return []
        return [Finding("percentage", f"{where}.{column}",
                        f"row {key}: no figure for {part:g} of {whole:g}")]
    expected = rounded(part, whole, places)
    if Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) != expected \
            or abs(Decimal(str(value)) - expected) > Decimal("1e-9"):
        return [Finding("percentage", f"{where}.{column}",
                        f"row {key}: {value:g} for {part:g} of {whole:g}; rounded once, halves "
                        f"up, it is {expected}", f"{value:g}", part, whole)]
    return []


def _key(row: pd.Series) -> str:
    keys = [str(row[c]) for c in row.index
            if c in ("measure", "board", "board_type", "period", "quarter", "agency", "owner",
                     "theme", "workforce", "review_type", "grouped_by", "kind", "month",
                     "course", "status")
            and not pd.isna(row[c])]
    return "/".join(keys) or str(row.name)


# -- figures against each other ----------------------------------------------------------------

def _sums(frame: pd.DataFrame, keys: list[str], columns: Sequence[str]) -> dict[object, tuple]:
    if frame.empty:
        return {}
    present = [c for c in columns if c in frame.columns]
    grouped = frame.groupby(keys, dropna=False)[present].sum() if keys else \
        frame[present].sum().to_frame().T
    sums = {k: tuple(int(v) for v in row) for k, row in grouped.iterrows()}
    return {k: v for k, v in sums.items() if any(v)}      # a group of zeros counts nothing


def cross_findings(results: Mapping[tuple[str, str], object], chosen: Mapping[str, str]
                   ) -> list[Finding]:
    """Figures that count the same things from two sides: each grouping's parts add up to the
    whole, and a summary counts what the records list. `results` are keyed by (figure, its
    example in words)."""
    found: list[Finding] = []

    def get(name: str, example: str = "") -> pd.DataFrame | None:
        value = results.get((name, example))
        return value if isinstance(value, pd.DataFrame) else None

    where = f"with {dict(chosen) or 'no filters'}"
    whole = get("timescale_compliance", "by=measure")
    counted = (*CLOCKS, "not_recorded", "not_applicable")
    if whole is not None:
        by_measure = _sums(whole, ["measure"], counted)
        for by in ("board_type", "period", "quarter", "board"):
            part = get("timescale_compliance", f"by={by}")
            if part is None:
                continue
            summed = _sums(part, ["measure"], counted)
            for measure, values in by_measure.items():
                if summed.get(measure, (0,) * len(counted)) != values:
                    found.append(Finding("adds up", f"timescale_compliance by {by}",
                                         f"{where}: {measure} by {by} sums to "
                                         f"{dict(zip(counted, summed.get(measure, ()), strict=False))}"
                                         f", by measure {dict(zip(counted, values, strict=True))}"))
        clocks = get("timescale_records")
        if clocks is not None:
            per = clocks.groupby(["measure", "status"]).size()
            for row in whole.itertuples():
                for status in counted:
                    n = int(per.get((row.measure, status), 0))
                    if n != int(getattr(row, status)):
                        found.append(Finding("agrees", f"timescale_compliance.{status}",
                                             f"{where}: {row.measure}: {getattr(row, status)} "
                                             f"{status}, but timescale_records lists {n}"))
    grades = get("audit_grades", "by=all")
    if grades is not None:
        every = _sums(grades, [], (*GRADES, "total"))
        for by in ("agency", "period"):
            part = get("audit_grades", f"by={by}")
            if part is not None and _sums(part, [], (*GRADES, "total")) != every:
                found.append(Finding("adds up", f"audit_grades by {by}",
                                     f"{where}: by {by} sums to "
                                     f"{_sums(part, [], (*GRADES, 'total'))}, all is {every}"))
        audits = get("audit_records")
        graded = next(iter(every.values()), (0,))[-1]
        if audits is not None and graded != len(audits):
            found.append(Finding("agrees", "audit_grades.total",
                                 f"{where}: {graded} audits graded, audit_records lists "
                                 f"{len(audits)}"))
    owners = get("recommendation_status")
    listed = get("recommendation_records")
    if owners is not None and listed is not None:
        total, overdue = int(owners["total"].sum()), int(owners["overdue"].sum())
        listed_overdue = int(listed["is_overdue"].fillna(False).astype(bool).sum())
        if total != len(listed) or overdue != listed_overdue:
            found.append(Finding("agrees", "recommendation_status",
                                 f"{where}: {total} recommendations ({overdue} overdue) by owner, "
                                 f"recommendation_records lists {len(listed)} "
                                 f"({listed_overdue} overdue)"))
    uptake = get("training_uptake")
    bookings = get("training_records")
    if uptake is not None and bookings is not None:
        every = uptake[uptake["grouped_by"] == "all"].groupby("status")["bookings"].sum()
        listed = bookings.groupby("status").size()
        if {k: int(v) for k, v in every.items()} != {k: int(v) for k, v in listed.items()}:
            found.append(Finding("agrees", "training_uptake",
                                 f"{where}: all bookings by status {dict(every)}, "
                                 f"training_records {dict(listed)}"))
        for by in ("agency", "quarter", "course") + (() if "board_type" in chosen
                                                     else ("workforce",)):
            part = uptake[uptake["grouped_by"] == by].groupby("status")["bookings"].sum()
            if {k: int(v) for k, v in part.items()} != {k: int(v) for k, v in every.items()}:
                found.append(Finding("adds up", f"training_uptake by {by}",
                                     f"{where}: by {by} {dict(part)}, all {dict(every)}"))
    loop = get("learning_loop")
    for source, column in (("reviews", "reviews"), ("recommendations", "recommendations"),
                           ("audits", "audits")):
        shares = get("theme_shares", f"source={source}")
        if loop is None or shares is None or shares.empty:
            continue
        by_theme = shares.groupby("theme")["items_with_theme"].sum()
        for row in loop.itertuples():
            n = int(by_theme.get(row.theme, 0))
            if int(getattr(row, column)) != n:
                found.append(Finding("agrees", f"learning_loop.{column}",
                                     f"{where}: {row.theme}: {getattr(row, column)} {column} in "
                                     f"the learning loop, {n} in theme_shares({source})"))
    return found


# -- the exported tables -----------------------------------------------------------------------

TIMESCALE_TABLE = Rules((COMPLIANCE,))
TRAINING_TABLE = Rules((("attendance_pct", ("attended",), ("booked",)),
                        ("no_show_pct", ("did_not_attend",), ("attended", "did_not_attend"))),
                       (("booked", TRAINING),))
# Each exported summary table: the rules of its rows, the columns that key a row, its counts,
# and the disclosure group it is published under.


@dataclass(frozen=True)
class Exported:
    rules: Rules
    keys: tuple[str, ...]
    counts: tuple[str, ...]
    group: str


EXPORTED: dict[str, Exported] = {
    "timescales": Exported(TIMESCALE_TABLE, ("measure",), CLOCKS, "timescales"),
    "timescales_by_board": Exported(TIMESCALE_TABLE, ("measure", "board"), CLOCKS, "timescales"),
    "timescales_by_year": Exported(TIMESCALE_TABLE, ("measure", "period"), CLOCKS, "timescales"),
    "themes": Exported(Rules((SHARE,), (), (("items_with_theme", "items_total"),)),
                       ("theme", "board_type"), ("items_with_theme", "items_total"), "themes"),
    "learning_loop": Exported(FIGURE_RULES["learning_loop"], ("theme",),
                              ("reviews", "recommendations", "recommendations_open",
                               "recommendations_overdue", "audits", "audits_good_or_better",
                               "audits_below_good", "training_sessions", "training_attendees"),
                              "learning_loop"),
    "recommendations": Exported(FIGURE_RULES["recommendation_status"], ("owner",),
                                (*STATUSES, "overdue", "total"), "recommendations"),
    "audits_by_agency": Exported(Rules((GOOD,), (("total", GRADES),)), ("agency",),
                                 (*GRADES, "total"), "audits"),
    "audits_by_year": Exported(Rules((GOOD,), (("total", GRADES),)), ("period",),
                               (*GRADES, "total"), "audits"),
    "training_by_agency": Exported(TRAINING_TABLE, ("agency",), ("booked", *TRAINING),
                                   "training"),
    "training_by_workforce": Exported(TRAINING_TABLE, ("workforce",), ("booked", *TRAINING),
                                      "training"),
    "completeness": Exported(FIGURE_RULES["timescale_completeness"], ("measure", "review_type"),
                             ("reviews", "with_date"), "completeness"),
}
# Summary tables that split the same clocks, audits or bookings in different ways (for each
# value of the keys): where one of them shows a column's every count, the column's total is
# known, so a count hidden alone in that column of another is the total less the others.
PARTITIONS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("timescales", "timescales_by_board", "timescales_by_year"), ("measure",), CLOCKS),
    (("audits_by_agency", "audits_by_year"), (), (*GRADES, "total")),
    (("training_by_agency", "training_by_workforce"), (), ("booked", *TRAINING)),
)


def exported_findings(tables: Mapping[str, pd.DataFrame], source: Mapping[str, pd.DataFrame],
                      protected: set[str], threshold: int, where: str,
                      chosen: Mapping[str, str]) -> list[Finding]:
    """The summary tables of an export (every cell as written) against the figures they come
    from (`source`: table name -> the query's rows, by the same keys): a table the disclosure
    policy publishes as it is shows every count; a protected one shows each count or 'c', never
    a count from 1 to threshold - 1, never one hidden alone among parts that add up, and never
    one that the whole less the other parts gives away. Counts add up and percentages are
    rounded once, wherever they are shown."""
    found: list[Finding] = []
    for name, spec in EXPORTED.items():
        table = tables.get(name)
        if table is None:
            found.append(Finding("agrees", f"{where} {name}", "the table is missing"))
            continue
        found += table_findings(f"{where} {name}", table, spec.rules)
        rows = _by_key(table, spec.keys)
        truth = _by_key(source[name], spec.keys) if name in source else None
        if truth is not None and set(rows) != set(truth):
            found.append(Finding("agrees", f"{where} {name}",
                                 f"rows {sorted(map(str, rows))} but the figures have "
                                 f"{sorted(map(str, truth))}"))
        for key, row in rows.items():
            real = truth.get(key) if truth is not None else None
            for column in spec.counts:
                cell = str(row[column]).strip()
                value = number(real[column]) if real is not None else None
                if cell == SUPPRESSED:
                    if spec.group not in protected:
                        found.append(Finding("hidden", f"{where} {name}.{column}",
                                             f"row {key}: hidden, but {spec.group} figures are "
                                             "published as they are"))
                    continue
                if value is not None and number(cell) != value:
                    found.append(Finding("agrees", f"{where} {name}.{column}",
                                         f"row {key}: {cell}, the figure is {value:g}"))
                if spec.group in protected and value is not None and 1 <= value < threshold:
                    found.append(Finding("hidden", f"{where} {name}.{column}",
                                         f"row {key}: {cell} shown, a count below {threshold} "
                                         "in a protected table"))
            if spec.group in protected:
                found += _lone_hidden(f"{where} {name}", key, row, spec.rules)
    for names, keys, columns in PARTITIONS:
        # a course for both workforces counts in each when a board type is chosen
        split = [n for n in names if not ("board_type" in chosen
                                          and n == "training_by_workforce")]
        found += _partition_findings(tables, split, keys, columns, protected, where)
    found += _themes_in_the_loop(tables, protected, where)
    return found


def _by_key(frame: pd.DataFrame, keys: Sequence[str]) -> dict[tuple[str, ...], pd.Series]:
    return {tuple(str(row[k]) for k in keys): row for _, row in frame.iterrows()}


def _lone_hidden(where: str, key: tuple[str, ...], row: pd.Series, rules: Rules
                 ) -> list[Finding]:
    """A total and its parts with exactly one of them hidden: it is the total less the rest."""
    found = []
    for total, parts in rules.sums:
        cells = [c for c in (total, *parts) if c in row.index]
        hidden = [c for c in cells if str(row[c]).strip() == SUPPRESSED]
        if len(hidden) == 1:
            found.append(Finding("hidden", f"{where}.{hidden[0]}",
                                 f"row {key}: the only hidden one of {', '.join(cells)}, so it "
                                 "is the total less the others"))
    return found


def _partition_findings(tables: Mapping[str, pd.DataFrame], names: Sequence[str],
                        keys: tuple[str, ...], columns: Sequence[str], protected: set[str],
                        where: str) -> list[Finding]:
    present = [n for n in names if n in tables and EXPORTED[n].group in protected]
    if len(present) < 2:
        return []
    found = []
    values = {tuple(str(r[k]) for k in keys) for n in present for _, r in tables[n].iterrows()}
    for key in values:
        for column in columns:
            hidden = {}
            for name in present:
                table = tables[name]
                mine = [str(r[column]).strip() for _, r in table.iterrows()
                        if tuple(str(r[k]) for k in keys) == key and column in table.columns]
                hidden[name] = mine.count(SUPPRESSED)
            whole = [n for n, h in hidden.items() if h == 0]
            alone = [n for n, h in hidden.items() if h == 1]
            for name in alone if whole else []:
                found.append(Finding("hidden", f"{where} {name}.{column}",
                                     f"{key or 'all'}: the only hidden one of its column, and "
                                     f"{whole[0]} shows every {column}, so their total less "
                                     "the others gives it"))
    return found


def _themes_in_the_loop(tables: Mapping[str, pd.DataFrame], protected: set[str],
                        where: str) -> list[Finding]:
    """The learning loop counts each theme's reviews over both board types; the themes table
    counts them for each board type: one hidden there is the loop's count less the other."""
    themes, loop = tables.get("themes"), tables.get("learning_loop")
    if themes is None or loop is None or "themes" not in protected:
        return []
    found = []
    for _, row in loop.iterrows():
        if str(row["reviews"]).strip() == SUPPRESSED:
            continue
        cells = [str(v).strip() for v in themes.loc[themes["theme"] == row["theme"],
                                                    "items_with_theme"]]
        if cells.count(SUPPRESSED) == 1:
            found.append(Finding("hidden", f"{where} themes.items_with_theme",
                                 f"{row['theme']}: hidden for one board type, but the learning "
                                 f"loop shows {row['reviews']} reviews and the other board "
                                 f"type's count is shown"))
    return found


def training_by(uptake: pd.DataFrame, by: str) -> pd.DataFrame:
    """Bookings by status for each agency or workforce, from the uptake figure's rows."""
    rows = uptake[uptake["grouped_by"] == by]
    table = (rows.groupby([by, "status"])["bookings"].sum().unstack("status", fill_value=0)
             .reindex(columns=list(TRAINING), fill_value=0)) if len(rows) else \
        pd.DataFrame(columns=list(TRAINING))
    table.insert(0, "booked", table.sum(axis=1))
    table.columns.name = None
    return table.reset_index().rename(columns={"index": by})


# -- the annual report -------------------------------------------------------------------------

@dataclass(frozen=True)
class InReport:
    """A report table and the exported table it shows: the report's key columns (in words)
    with the export's columns they stand for, and the figures it shows this year."""

    title: str                            # how its title starts ({year} for the year)
    table: str                            # the exported table
    keys: tuple[tuple[str, str], ...]     # report header -> export column
    figures: tuple[str, ...]              # export columns shown for this year
    this_year_named: bool = True          # headers name the year ('Met 2024-25')


IN_REPORT = (
    InReport("Timescales, {year} beside", "timescales", (("Timescale", "measure"),),
             (*CLOCKS, "compliance_pct")),
    InReport("Timescales by board, {year}", "timescales_by_board",
             (("Board", "board"), ("Timescale", "measure")), (*CLOCKS, "compliance_pct"),
             this_year_named=False),
    InReport("Themes in reviews, {year} beside", "themes",
             (("Theme", "theme"), ("Board type", "board_type")),
             ("items_with_theme", "share_pct")),
    InReport("The learning loop, {year}", "learning_loop", (("Theme", "theme"),),
             ("reviews", "recommendations", "recommendations_overdue", "audits",
              "audits_below_good", "training_sessions", "training_attendees"),
             this_year_named=False),
    InReport("Recommendations by owner, {year} beside", "recommendations", (("Owner", "owner"),),
             (*STATUSES, "overdue", "total")),
    InReport("Audit grades by agency, {year} beside", "audits_by_agency",
             (("Agency", "agency"),), (*GRADES, "total", "good_or_better_pct")),
    InReport("Training by agency, {year} beside", "training_by_agency", (("Agency", "agency"),),
             ("booked", *TRAINING, "attendance_pct", "no_show_pct")),
    InReport("Training by workforce, {year} beside", "training_by_workforce",
             (("Workforce", "workforce"),),
             ("booked", *TRAINING, "attendance_pct", "no_show_pct")),
    InReport("Completeness of the dates that start each clock, {year}", "completeness",
             (("Timescale", "measure"), ("Review type", "review_type")),
             ("reviews", "with_date", "complete_pct"), this_year_named=False),
)
# The report's headers for a column where they are not its label.
REPORT_HEADERS = {"items_with_theme": "Reviews", "share_pct": "Share"}
# For a percentage in a report row: the export columns of its part and its whole.
PARTS = {"compliance_pct": (("met",), ("met", "missed", "overdue")),
         "share_pct": (("items_with_theme",), ("items_total",)),
         "good_or_better_pct": (("outstanding", "good"), ("total",)),
         "attendance_pct": (("attended",), ("booked",)),
         "no_show_pct": (("did_not_attend",), ("attended", "did_not_attend")),
         "complete_pct": (("with_date",), ("reviews",))}


def report_findings(tables: Sequence[tuple[str, list[str], list[list[str]]]],
                    exported: Mapping[str, pd.DataFrame], words: Mapping[str, Mapping[str, str]],
                    year: str, where: str) -> list[Finding]:
    """The report's tables (title, header, rows as text) against the exported tables for the
    same filters: each figure the report shows for the year is the export's (a count hidden
    there is hidden here, and the other way round), and each percentage is the one its counts
    give, rounded once. `words` turns an export's codes into the report's words (column ->
    code -> words)."""
    from data_models.labels import column_label

    found: list[Finding] = []
    for spec in IN_REPORT:
        title = spec.title.format(year=year)
        table = next((t for t in tables if t[0].startswith(title)), None)
        source = exported.get(spec.table)
        if table is None or source is None:
            continue
        _, header, rows = table
        present = [(h, c) for h, c in spec.keys if h in header]
        by_words: dict[tuple[str, ...], list[pd.Series]] = {}
        for _, row in source.iterrows():
            key = tuple(words.get(column, {}).get(str(row[column]), str(row[column]))
                        for _, column in present)
            by_words.setdefault(key, []).append(row)
        positions = {}
        for column in spec.figures:
            label = REPORT_HEADERS.get(column, column_label(column).removesuffix(" (%)"))
            named = f"{label} {year}" if spec.this_year_named else label
            if named in header:
                positions[column] = header.index(named)
        keys = [header.index(h) for h, _ in present]
        for cells in rows:
            if len(cells) != len(header):
                found.append(Finding("agrees", f"{where} '{title}'",
                                     f"a row of {len(cells)} cells under {len(header)} headers: "
                                     f"{cells}"))
                continue
            key = tuple(cells[i] for i in keys)
            matches = by_words.get(key, [])
            if len(matches) != 1:
                if any(cells[p] not in ("–", "") for p in positions.values()):
                    found.append(Finding("agrees", f"{where} '{title}'",
                                         f"row {key}: {len(matches)} rows of {spec.table} "
                                         "have its key"))
                continue
            real = matches[0]
            for column, position in positions.items():
                cell = cells[position].strip()
                exported_cell = str(real[column]).strip()
                if (cell == SUPPRESSED) != (exported_cell == SUPPRESSED):
                    found.append(Finding("hidden", f"{where} '{title}'.{column}",
                                         f"row {key}: '{cell}' in the report, "
                                         f"'{exported_cell}' in the exported table"))
                    continue
                if cell in (SUPPRESSED, "–", ""):
                    continue
                if column in PARTS:
                    part, whole = PARTS[column]
                    counts = [number(real[c]) for c in (*part, *whole)]
                    base = sum(number(real[c]) or 0.0 for c in whole)
                    if all(c is not None for c in counts) and base:
                        share = sum(number(real[c]) or 0.0 for c in part)
                        expected = shown_percent(share, base)
                        if cell != expected:
                            found.append(Finding(
                                "percentage", f"{where} '{spec.title}'.{column}",
                                f"row {key}: {cell} for "
                                f"{'+'.join(str(real[c]) for c in part)} of "
                                f"{'+'.join(str(real[c]) for c in whole)}; rounded once, "
                                f"halves up, it is {expected}", cell, share, base))
                elif number(cell) != number(exported_cell):
                    found.append(Finding("agrees", f"{where} '{title}'.{column}",
                                         f"row {key}: {cell} in the report, {exported_cell} "
                                         "in the exported table"))
    return found


def report_sentence_findings(tables: Sequence[tuple[str, list[str], list[list[str]]]],
                             text: str, year: str, where: str) -> list[Finding]:
    """A total the report gives in a sentence or a table, beside a table of its parts with
    exactly one part hidden: the hidden part is the total less the others."""
    import re

    found = []
    checks = (
        ("Recommendations by owner, {year} beside", f"Total {year}",
         rf"([\d,]+) recommendations were agreed in {re.escape(year)}"),
        ("Audit grades by agency, {year} beside", f"Total {year}",
         rf"([\d,]+) audits were completed in {re.escape(year)}"),
        ("Training by agency, {year} beside", f"Booked {year}",
         rf"([\d,]+) places were booked on multi-agency training in {re.escape(year)}"),
        ("Training by workforce, {year} beside", f"Booked {year}",
         rf"([\d,]+) places were booked on multi-agency training in {re.escape(year)}"),
    )
    for title, column, sentence in checks:
        table = next((t for t in tables if t[0].startswith(title.format(year=year))), None)
        said = re.search(sentence, text)
        if table is None or said is None or column not in table[1]:
            continue
        position = table[1].index(column)
        cells = [r[position].strip() for r in table[2] if r[position].strip() != "–"]
        if cells.count(SUPPRESSED) == 1:
            found.append(Finding("hidden", f"{where} '{title}'.{column}",
                                 f"one {column} hidden, the others shown, and the report says "
                                 f"'{said.group(0)}'"))
    return found


def closest_to_a_tie(tables: Mapping[str, pd.DataFrame]) -> float:
    """How near any percentage of these tables comes to a rounding tie (0 when one lands on
    it: 1 of 16 is 6.25%, at one decimal; 5 of 11 is 45.45%, a tie once rounded to 45.5), as a
    score to raise: for the walk to aim at, since that is where a percentage rounded twice, or
    half to even, shows."""
    best = -1.0
    for name, frame in tables.items():
        spec = EXPORTED.get(name)
        if spec is None:
            continue
        for _, row in frame.iterrows():
            for _, numerator, denominator in spec.rules.percents:
                if not set(numerator) | set(denominator) <= set(row.index):
                    continue
                part = sum(number(row[c]) or 0.0 for c in numerator)
                whole = sum(number(row[c]) or 0.0 for c in denominator)
                if whole:
                    best = max(best, -_from_a_tie(100 * part / whole))
    return best


def _from_a_tie(share: float) -> float:
    """How far a share is from where rounding goes wrong: a half at one decimal (6.25 rounded
    half to even is 6.2), or a whole number's fraction from .45 to .5 (45.45 is 45.5 at one
    decimal, 46 if that is rounded again, where it is 45)."""
    tenth = abs(share * 10 % 1 - 0.5)
    fraction = share % 1
    twice = 0.0 if 0.45 <= fraction < 0.5 else min(abs(fraction - 0.45), abs(fraction - 0.5))
    return min(tenth, twice)
