"""The tables an export holds, from the same named queries the pages and the command line use,
with the suppression each needs for publication, and the notes that say what they cover. No
Streamlit, no files: the writers are beside this module.

Everything is scoped to the export's filters: the tables, the data-quality caveats
(completeness of dates, theme text that maps to no theme) and the freshness of the data. A
table a chosen filter does not reach says so in its note.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from typing import Any, Literal

import duckdb
import pandas as pd

from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import percent_of, plural, share
from data_models.queries import GRADES, RECOMMENDATION_STATUSES, TRAINING_STATUSES
from data_models.scope import Reader, Scope
from data_models.store.ids import next_id
from publishing.disclosure import GROUPS, load_policy
from publishing.national import context_frame, context_notes, national_tables
from publishing.suppression import (
    DEFAULT_THRESHOLD,
    FROM_HIDDEN,
    SECONDARY,
    SUPPRESSED,
    Additive,
    Rate,
    published_as_is,
    suppress,
)

STATUSES = ("met", "missed", "overdue", "pending")

# Every percentage the summary tables publish, and the counts it is made from. A table holds it
# to one decimal and a sentence, chart or report table writes it as a whole number, each
# rounded once from these counts (`share`, `written`), never one from the other: 22 of 37 is
# 59.5 in a table and 59% in a sentence, where 59.5 rounded again would say 60%.
RATES: dict[str, Rate] = {rate.column: rate for rate in (
    Rate("compliance_pct", ("met",), ("met", "missed", "overdue")),
    Rate("good_or_better_pct", ("outstanding", "good"), ("total",)),
    Rate("attendance_pct", ("attended",), ("booked",)),
    Rate("no_show_pct", ("did_not_attend",), ("attended", "did_not_attend")),
    Rate("share_pct", ("items_with_theme",), ("items_total",)),
    Rate("complete_pct", ("with_date",), ("reviews",)),
)}


def _counted(row: pd.Series, columns: tuple[str, ...], names: Mapping[str, str]) -> int | None:
    values = [row[names.get(c, c)] for c in columns]
    if any(v is None or isinstance(v, str) or pd.isna(v) for v in values):
        return None
    return sum(int(v) for v in values)


def written(row: pd.Series, column: str, names: Mapping[str, str] | None = None) -> str | None:
    """A published percentage as a reader sees it (`percent_of`), worked out once from the
    counts beside it in its row; None where it is hidden or there is none. `names` gives the
    column a count has in the row where it was renamed (items_with_theme -> reviews)."""
    value = row[column]
    if value is None or isinstance(value, str) or pd.isna(value):
        return None
    rate = RATES[column]
    part = _counted(row, rate.numerator, names or {})
    whole = _counted(row, rate.denominator, names or {})
    if part is None or whole is None:
        raise ValueError(f"{column} is shown but a count it is made from is not")
    return percent_of(part, whole) if whole else None


def _from_counts(frame: pd.DataFrame, rates: tuple[Rate, ...]) -> pd.DataFrame:
    """The frame with each of its percentages worked out again from its counts, once, to one
    decimal, whatever rounding the query that made it used."""
    out = frame.copy()
    for rate in rates:
        if rate.column in RATES and rate.column in out.columns and len(out):
            rows = [(_counted(row, rate.numerator, {}), _counted(row, rate.denominator, {}))
                    for _, row in out.iterrows()]
            out[rate.column] = [share(part, whole) if part is not None and whole else None
                                for part, whole in rows]
    return out


@dataclass
class Table:
    name: str                    # sheet and file name
    title: str                   # what a reader sees
    frame: pd.DataFrame          # as published (suppressed where it is a summary)
    note: str                    # what it covers, what was suppressed and why (or why not)
    reasons: pd.DataFrame | None = None   # why each hidden cell is hidden (suppression's words)

    def reason(self, row: int, column: str) -> str | None:
        """Why one cell (by position of its row) is hidden, or None."""
        if self.reasons is None or column not in self.reasons.columns:
            return None
        value = self.reasons[column].iloc[row]
        return str(value) if isinstance(value, str) else None


def _note(base: str, query: Any, f: Filters, **arguments: object) -> str:
    return " ".join([base, *q.notes(query, f, **arguments)])


def _summary(name: str, title: str, frame: pd.DataFrame, threshold: int, *, counts: list[str],
             filter_notes: list[str], group: str, additive: tuple[Additive, ...] = (),
             rates: tuple[Rate, ...] = (), split_within: tuple[str, ...] | None = ()) -> Table:
    """A summary table as the disclosure policy publishes its group: the board's own process
    as it is, people and their cases with small counts hidden (`split_within`: which rows split
    the same records, see `suppress`)."""
    present = [c for c in counts if c in frame.columns]
    frame = _from_counts(frame, rates)
    if load_policy().kind(group) == "process":
        result = published_as_is(frame)
        said = (f"{title}: {GROUPS[group]}, the board's own process, published as they are "
                "(the disclosure policy protects people, not process).")
    else:
        result = suppress(frame, present, additive=additive, rates=rates, threshold=threshold,
                          split_within=split_within)
        said = result.note(title, threshold)
    return Table(name, title, result.table, " ".join([said, *filter_notes]), result.reasons)


_COMPLIANCE = ["met", "missed", "overdue", "pending", "compliance_pct", "median_elapsed"]


def _timescales(name: str, title: str, frame: pd.DataFrame, threshold: int,
                filter_notes: list[str], by: q.Grouping) -> Table:
    """Met, missed, overdue and pending add up to the clocks counted: a lone hidden one could
    be worked out, and compliance is hidden with any of its counts. The median time taken is
    over the stopped clocks (met and missed): hidden when they are fewer than the threshold,
    since it would then be close to one review's own time. A measure's rows by board or year
    split its clocks; the measures themselves are not a split of anything published."""
    return _summary(name, title, frame, threshold, counts=list(STATUSES),
                    filter_notes=filter_notes, group="timescales",
                    additive=(Additive(STATUSES),),
                    split_within=None if by == "measure" else ("measure",),
                    rates=(RATES["compliance_pct"],
                           Rate("median_elapsed", (), ("met", "missed"),
                                with_hidden_counts=False)))


def _recommendations(name: str, title: str, frame: pd.DataFrame, threshold: int,
                     f: Filters) -> Table:
    """The statuses add up to the total; those overdue are a count of their own."""
    return _summary(name, title, frame, threshold,
                    counts=[*RECOMMENDATION_STATUSES, "overdue", "total"],
                    filter_notes=q.notes(q.recommendation_status, f), group="recommendations",
                    additive=(Additive(RECOMMENDATION_STATUSES, "total"),))


def _audits(name: str, title: str, frame: pd.DataFrame, threshold: int, f: Filters,
            by: q.AuditGrouping) -> Table:
    """The grades add up to the total; good or better is hidden with any grade or total."""
    return _summary(name, title, frame.drop(columns=["actions_raised", "actions_completed"]),
                    threshold, counts=[*GRADES, "total"],
                    filter_notes=q.notes(q.audit_grades, f, by=by), group="audits",
                    additive=(Additive(GRADES, "total"),),
                    rates=(RATES["good_or_better_pct"],))


def _training(name: str, title: str, frame: pd.DataFrame, threshold: int, f: Filters) -> Table:
    """Attended, did not attend and cancelled add up to the bookings."""
    return _summary(name, title, frame, threshold, counts=["booked", *TRAINING_STATUSES],
                    filter_notes=q.notes(q.training_uptake, f), group="training",
                    additive=(Additive(TRAINING_STATUSES, "booked"),),
                    rates=(RATES["attendance_pct"], RATES["no_show_pct"]))


class _Frames:
    """The query results the summary tables are made from, each run once, when a table first
    needs it (a report that wants a few tables runs only their queries)."""

    def __init__(self, db: Reader, f: Filters) -> None:
        self.db, self.f = db, f

    @cached_property
    def compliance(self) -> dict[str, pd.DataFrame]:
        return q.timescale_compliance_groups(self.db, self.f)

    @cached_property
    def status(self) -> pd.DataFrame:
        return q.recommendation_status(self.db, self.f)

    @cached_property
    def audits(self) -> dict[str, pd.DataFrame]:
        return q.audit_grade_groups(self.db, self.f)

    @cached_property
    def uptake(self) -> pd.DataFrame:
        return q.training_uptake(self.db, self.f)

    def timescales(self, by: q.Grouping) -> pd.DataFrame:
        keys = ["measure", "label"] + ([by] if by != "measure" else [])
        return self.compliance[by][[*keys, *_COMPLIANCE]]


Summary = Callable[[_Frames, int], Table]       # a summary table from the frames and threshold


def _learning_loop(frames: _Frames, threshold: int) -> Table:
    loop = q.learning_loop(frames.db, frames.f).drop(
        columns=["sort_order", "not_audited", "not_trained"])
    return _summary("learning_loop", "The learning loop", loop, threshold,
                    counts=[c for c in loop.columns if c not in ("theme", "gap")],
                    filter_notes=q.notes(q.learning_loop, frames.f), group="learning_loop",
                    split_within=None,                 # a review can have several themes
                    additive=(Additive(("audits_good_or_better", "audits_below_good"),
                                       "audits"),))


def _timescales_by(name: str, title: str, by: q.Grouping) -> Summary:
    return lambda frames, threshold: _timescales(
        name, title, frames.timescales(by), threshold, q.notes(q.timescale_compliance, frames.f), by)


def _training_by(by: str, title: str) -> Summary:
    return lambda frames, threshold: _training(
        f"training_by_{by}", title, q.training_by(frames.uptake, by), threshold, frames.f)


def _audits_by(by: Literal["agency", "period"], title: str) -> Summary:
    return lambda frames, threshold: _audits(
        f"audits_by_{'year' if by == 'period' else by}", title, frames.audits[by], threshold,
        frames.f, by)


# Every summary table, by name, in the order exports hold them.
SUMMARIES: dict[str, Summary] = {
    "timescales": _timescales_by("timescales", "Timescales by measure", "measure"),
    "timescales_by_board": _timescales_by("timescales_by_board", "Timescales by board", "board"),
    "timescales_by_year": _timescales_by("timescales_by_year", "Timescales by financial year",
                                         "period"),
    "themes": lambda frames, threshold: _summary(
        "themes", "Themes in reviews",
        q.theme_shares(frames.db, frames.f, "reviews").drop(columns=["sort_order"]), threshold,
        counts=["items_with_theme", "items_total"],
        filter_notes=q.notes(q.theme_shares, frames.f, source="reviews"), group="themes",
        split_within=None,                             # a review can have several themes
        rates=(RATES["share_pct"],)),
    "learning_loop": _learning_loop,
    "recommendations": lambda frames, threshold: _recommendations(
        "recommendations", "Recommendations by owner", frames.status, threshold, frames.f),
    "audits_by_agency": _audits_by("agency", "Audit grades by agency"),
    "audits_by_year": _audits_by("period", "Audit grades by financial year"),
    "training_by_agency": _training_by("agency", "Training by agency"),
    "training_by_workforce": _training_by("workforce", "Training by workforce"),
    "completeness": lambda frames, threshold: _summary(
        "completeness", "Completeness of timescale dates",
        q.timescale_completeness(frames.db, frames.f), threshold,
        counts=["reviews", "with_date"], filter_notes=q.notes(q.timescale_completeness, frames.f),
        group="completeness", rates=(RATES["complete_pct"],),
        split_within=None),                     # a review counts once for each measure
}


def _headlines(frames: _Frames, threshold: int) -> dict[str, Table]:
    status, f = frames.status, frames.f
    counts = [*RECOMMENDATION_STATUSES, "overdue", "total"]
    every_owner = pd.DataFrame([{"owner": "All owners",
                                 **{c: int(status[c].sum()) for c in counts}}])
    return {
        "recommendations": _recommendations("recommendations_all", "Recommendations, all owners",
                                            every_owner, threshold, f),
        "audits": _audits("audits_all", "Audit grades, all agencies", frames.audits["all"],
                          threshold, f, "all"),
        "training": _training("training_all", "Training, all bookings",
                              q.training_by(frames.uptake, "all"), threshold, f),
    }


def _hidden_alike(tables: dict[str, Table]) -> dict[str, Table]:
    """A theme's reviews of the year are counted twice: in the themes table (a row for each
    board type) and in the learning loop (their sum). Each hides them where the other does,
    so that neither gives away what the other hides: the sum where any part is hidden, and
    where the sum is hidden and no part is, every part (with its share, which a known base
    turns back into the count), since parts all shown add up to the sum."""
    if "themes" not in tables or "learning_loop" not in tables:
        return tables
    themes, loop = tables["themes"], tables["learning_loop"]
    parts, sums = themes.frame, loop.frame
    hidden_parts = set(parts.loc[parts["items_with_theme"] == SUPPRESSED, "theme"])
    hidden_sums = set(sums.loc[sums["reviews"] == SUPPRESSED, "theme"])
    now_sums = sums["theme"].isin(hidden_parts) & ~sums["reviews"].isin([0, SUPPRESSED])
    now_parts = (parts["theme"].isin(hidden_sums - hidden_parts)
                 & ~parts["items_with_theme"].isin([0, SUPPRESSED]))
    if not (now_sums.any() or now_parts.any()):
        return tables
    sums, parts = sums.astype({"reviews": object}), parts.astype(
        {"items_with_theme": object, "share_pct": object})
    sums.loc[now_sums, "reviews"] = SUPPRESSED
    parts.loc[now_parts, ["items_with_theme", "share_pct"]] = SUPPRESSED
    out = dict(tables)
    out["themes"] = replace(themes, frame=parts, reasons=_reasons_beside(
        themes, now_parts, {"items_with_theme": SECONDARY, "share_pct": FROM_HIDDEN}))
    out["learning_loop"] = replace(loop, frame=sums, reasons=_reasons_beside(
        loop, now_sums, {"reviews": SECONDARY}))
    return out


def _reasons_beside(table: Table, rows: pd.Series, reasons: dict[str, str]) -> pd.DataFrame:
    """A table's reasons for its hidden cells, with `reasons` for the cells of `rows`."""
    out = (table.reasons.copy() if table.reasons is not None
           else pd.DataFrame(index=table.frame.index))
    for column, reason in reasons.items():
        if column not in out.columns:
            out[column] = None
        out[column] = out[column].astype(object)
        out.loc[rows, column] = reason
    return out


def themes_hidden(tables: Mapping[str, Table], f: Filters) -> set[tuple[str, str]]:
    """The (year, theme) whose count of reviews the themes table hides, for a year's tables
    (none for every year or for a quarter: the national figures are a whole year's)."""
    if "themes" not in tables or not f.period or f.quarter:
        return set()
    frame = tables["themes"].frame
    return {(f.period, str(t)) for t in frame.loc[frame["items_with_theme"] == SUPPRESSED,
                                                   "theme"]}


def _national(db: Reader, f: Filters, threshold: int,
              hidden: set[tuple[str, str]]) -> list[Table]:
    """The national context of the boards exported (`publishing.national`: the page's and the
    report's tables), the year's where a year is chosen; none where no board has figures."""
    frame = context_frame(db, f)
    tables = national_tables(frame, year=f.period, threshold=threshold, hidden=hidden)
    said = context_notes(f)
    return [Table(t.name, t.title, t.frame, " ".join([t.note, *said]), t.reasons)
            for t in tables]


def summary_tables(db: Reader, f: Filters,
                   threshold: int = DEFAULT_THRESHOLD) -> list[Table]:
    """Every summary table the pages show, for the filters, suppressed for publication, and
    the national context's tables where the boards have national figures."""
    frames = _Frames(db, f)
    tables = _hidden_alike({name: make(frames, threshold) for name, make in SUMMARIES.items()})
    return [*tables.values(), *_national(db, f, threshold, themes_hidden(tables, f))]


def report_tables(db: Reader, f: Filters, threshold: int,
                  names: Collection[str]) -> tuple[dict[str, Table], dict[str, Table]]:
    """The summary tables named and the headline tables, each query run once for both."""
    frames = _Frames(db, f)
    unknown = set(names) - set(SUMMARIES)
    if unknown:
        raise KeyError(f"no summary table called {sorted(unknown)}")
    return (_hidden_alike({name: SUMMARIES[name](frames, threshold) for name in names}),
            _headlines(frames, threshold))


def record_tables(db: Reader, f: Filters) -> list[Table]:
    """The filtered records of each data set. Never suppressed: only for people allowed
    record-level data, and never for publication."""
    note = "Record-level data: not for publication; no suppression applied."
    return [
        Table("timescale_records", "Timescale records",
              q.timescale_records(db, f).drop(columns=["sort_order"]),
              _note(note, q.timescale_records, f)),
        Table("recommendation_records", "Recommendation records",
              q.recommendation_records(db, f), _note(note, q.recommendation_records, f)),
        Table("audit_records", "Audit records", q.audit_records(db, f),
              _note(note, q.audit_records, f)),
        Table("training_records", "Training bookings", q.training_records(db, f),
              _note(note, q.training_records, f)),
    ]


def freshness_note(freshness: pd.DataFrame, f: Filters, scope: Scope) -> list[tuple[str, str]]:
    """For each data set held for the boards exported (`q.data_freshness`): records, latest
    date, last upload."""
    rows = []
    for row in freshness.itertuples():
        latest = f"{row.latest_date:%d/%m/%Y}" if pd.notna(row.latest_date) else "no data"
        last = (f"last changed on {row.last_upload:%d/%m/%Y}" if pd.notna(row.last_upload)
                else "never changed by an upload")
        rows.append((f"Freshness: {row.kind}",
                     f"{plural(int(row.records), 'record')} for {scope.whose(f.board)}"
                     f"{' (' + f.board_type + ')' if f.board_type else ''} in all years, data "
                     f"up to {latest}; {last}."))
    return rows


def unmapped_note(db: Reader, f: Filters, *, texts: bool = True) -> str:
    """How many theme mentions match no theme; with `texts`, the commonest of them (free text
    from the records: only for those allowed records, and never in what is published)."""
    mentions = q.unmapped_mentions(db.aggregating(), f, "reviews")
    count = int(mentions["mentions"].sum())
    return (f"{plural(count, 'theme mention')} in the reviews exported match no theme in the "
            "vocabulary and are counted as unmapped"
            # the text itself is free text from the records: only for those allowed records
            + (f" (most often: {', '.join(mentions['mention'].head(3))})."
               if count and texts and db.scope.records else "."))


def notes(db: Reader, f: Filters, tables: list[Table], threshold: int,
          described: str) -> pd.DataFrame:
    """What a reader of the export needs to know: filters, as-of date, freshness,
    suppression and the timescale rules used."""
    rows: list[tuple[str, str]] = [
        ("About", "The summary tables behind the dashboard's pages for the filters below, one "
                  "sheet (or file) a table, each named by its title. The rows that follow say "
                  "what each table covers and the timescale rules measured."),
        ("Filters", described),
        ("As of", f.as_of.isoformat()),
        ("Produced", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("Data", f"{db.data_version().words()}; made again from the same data with "
                 f"{db.data_version().again()}"),
        ("Disclosure", f"{load_policy().sentence(threshold)} Where counts are protected, "
                       "further counts are hidden so none can be worked out, and percentages "
                       f"on a base below {threshold} or from a hidden count, and median times "
                       f"over fewer than {threshold} stopped clocks, are shown as 'c'. The "
                       f"policy is the board's own: {load_policy().path.name}."),
        *freshness_note(q.data_freshness(db, f), f, db.scope),
        ("Unmapped themes", unmapped_note(db, f)),
    ]
    rows += [(f"Table: {t.title}", t.note) for t in tables]
    for rule in q.timescale_rules(db, f.board).itertuples():
        name = rule.short_label if isinstance(rule.short_label, str) else rule.label
        rows.append((f"Rule: {name}", f"{rule.label} ({rule.comparison.replace('_', ' ')} "
                                      f"{rule.limit} {rule.unit.replace('_', ' ')}); "
                                      f"{rule.force}. Source: {rule.source}."))
    return pd.DataFrame(rows, columns=["item", "detail"])


def build_tables(db: Reader, f: Filters, threshold: int, *,
                 records: bool) -> tuple[list[Table], pd.DataFrame]:
    """The summary tables, and with `records` the filtered records (the record queries refuse
    a person whose role may not see them)."""
    tables = summary_tables(db, f, threshold)
    if records:
        tables += record_tables(db, f)
    return tables, notes(db, f, tables, threshold, db.scope.describe(f))


def log_export(con: duckdb.DuckDBPyConnection, *, what: str, fmt: str, f: Filters,
               scope: Scope, threshold: int, destination: str, exported_by: str | None) -> int:
    """Record an export: who, when, what, with which filters, and the boards it could reach
    (the person's scope; NULL for every board, which only a person with every board sees)."""
    export_id = next_id(con, "export_id_seq")
    con.execute(
        "INSERT INTO exports (export_id, exported_at, exported_by, what, format, filters, "
        "threshold, destination, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [export_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), exported_by, what, fmt,
         json.dumps(asdict(f), default=str), threshold, destination,
         None if scope.every_board else list(scope.board_names)])
    return export_id


def export_name(f: Filters, what: str, suffix: str = "") -> str:
    """A file name that says board and year: Ashbourne-SCP_annual-report_2025-26.html."""
    def part(text: str) -> str:
        return "-".join("".join(c if c.isalnum() else " " for c in text).split())

    pieces = [part(f.board) if f.board else "all-boards"]
    if f.board_type:
        pieces[0] += f"-{f.board_type}"
    pieces += [what, f.quarter.replace(" ", "-") if f.quarter else (f.period or "all-years")]
    return "_".join(pieces) + suffix
