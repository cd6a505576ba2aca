"""Named query functions behind the dashboard's pages. No Streamlit here: each takes a
connection and the filters, binds every value, and returns a DataFrame.

The SQL lives in `sql/`; the little reshaping done here is on already-aggregated or
already-filtered frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from data_models.calendar import add_working_days

BOARD_TYPES = ("children", "adults")
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
RECOMMENDATION_STATUSES = ("not_started", "in_progress", "completed", "assured", "not_implemented")
TRAINING_STATUSES = ("attended", "did_not_attend", "cancelled")


@dataclass(frozen=True)
class Filters:
    """What a board member has chosen; None means all."""

    as_of: dt.date
    board: str | None = None
    board_type: str | None = None
    period: str | None = None        # financial year, '2023-24'
    quarter: str | None = None       # '2023-24 Q3'
    agency: str | None = None
    theme: str | None = None

    def key(self) -> tuple[object, ...]:
        return tuple(asdict(self).values())

    def but(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> str:
        """The filters in words, for captions, notes and exports."""
        parts = [self.board or "all boards"]
        if self.board_type:
            parts.append(f"{self.board_type}'s")
        parts.append(self.quarter or self.period or "all years")
        if self.agency:
            parts.append(self.agency)
        if self.theme:
            parts.append(f"theme: {self.theme}")
        return ", ".join(parts) + f"; as of {self.as_of:%d/%m/%Y}"


def financial_year(day: dt.date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def previous_financial_year(period: str) -> str:
    start = int(period[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> pd.DataFrame:
    """The query's rows as a frame, fetched through Arrow: for the record lists (hundreds of
    thousands of rows at national scale) three or four times faster than DuckDB's own
    conversion, with the same types (see `_frame`)."""
    return _frame(con.sql(sql, params=params).to_arrow_table())


_NULLABLE = {
    pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype(),
}


def _frame(table: pa.Table) -> pd.DataFrame:
    """The types DuckDB's `.df()` gives, which the pages and exports are written for: dates as
    datetime64[us], sums as floats, whole numbers and yes/no with gaps as nullable types, a
    text column with no values at all as objects."""
    data = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_date(column.type):
            column = column.cast(pa.timestamp("us"))
        elif pa.types.is_decimal(column.type):
            column = column.cast(pa.float64())
        if pa.types.is_string(column.type) and column.null_count == len(column):
            data[name] = pd.Series([None] * len(column), dtype=object)
        elif column.null_count and column.type in _NULLABLE:
            data[name] = column.to_pandas(types_mapper=_NULLABLE.get)
        else:
            data[name] = column.to_pandas()
    return pd.DataFrame(data)


# -- choices for the filters ------------------------------------------------------------------

def filter_choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The boards, financial years, agencies and themes there are data for."""
    boards = [r[0] for r in con.execute(
        "SELECT DISTINCT board FROM source_items ORDER BY board").fetchall()]
    periods = [r[0] for r in con.execute(   # named once per distinct date, not per item
        "SELECT DISTINCT financial_year(item_date) AS p FROM (SELECT DISTINCT item_date "
        "FROM source_items WHERE item_date IS NOT NULL) ORDER BY p DESC").fetchall()]
    agencies = [r[0] for r in con.execute(
        "SELECT owner FROM recommendations UNION SELECT agency FROM audits "
        "UNION SELECT agency FROM training_bookings ORDER BY 1").fetchall()]
    themes = [r[0] for r in con.execute("SELECT theme FROM themes ORDER BY sort_order").fetchall()]
    return {"board": boards, "period": periods, "agency": agencies, "theme": themes}


def has_any_data(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM source_items").fetchall()[0][0])


# -- timescales -------------------------------------------------------------------------------

def timescale_records(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per review and timescale rule, for the filters (agency does not apply)."""
    return _df(con,
               "SELECT * FROM filtered_timescales(?::DATE, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, "
               "?::VARCHAR, ?::VARCHAR) ORDER BY sort_order, board, start_date, review_id",
               [f.as_of, f.board, f.board_type, f.period, f.quarter, f.theme])


def timescale_rules(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM timescale_rules ORDER BY sort_order", [])


def compliance(records: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Met, missed, overdue, pending and compliance % for each group of timescale records.

    Compliance is met / (met + missed + overdue) x 100, one decimal, as everywhere.
    """
    counted = records[records["status"] != "not_applicable"]
    if counted.empty:
        return pd.DataFrame(columns=[*by, "met", "missed", "overdue", "pending", "compliance_pct"])
    table = (counted.groupby([*by, "status"]).size().unstack("status", fill_value=0)
             .reindex(columns=["met", "missed", "overdue", "pending"], fill_value=0)
             .reset_index())
    denominator = table["met"] + table["missed"] + table["overdue"]
    table["compliance_pct"] = (100 * table["met"] / denominator.where(denominator > 0)).round(1)
    table.columns.name = None
    return table


def timescale_tiles(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """For each board type and measure: this financial year's compliance, last year's, the
    change, and the counts. The year is the filter's, else the as-of date's."""
    period = f.period or financial_year(f.as_of)
    this_year = compliance(timescale_records(con, f.but(period=period, quarter=None)),
                           ["board_type", "measure"])
    last_year = compliance(
        timescale_records(con, f.but(period=previous_financial_year(period), quarter=None)),
        ["board_type", "measure"])
    rules = timescale_rules(con)[["rule_id", "label", "short_label", "board_type", "sort_order",
                                  "limit", "unit"]]
    rules = rules.rename(columns={"rule_id": "measure", "board_type": "rule_board_type"})
    grid = pd.DataFrame(
        [(bt, m) for bt in BOARD_TYPES for m, rbt in zip(rules["measure"], rules["rule_board_type"],
                                                         strict=True) if rbt in ("any", bt)],
        columns=["board_type", "measure"],
    )
    if f.board_type:
        grid = grid[grid["board_type"] == f.board_type]
    tiles = grid.merge(rules, on="measure").merge(this_year, on=["board_type", "measure"], how="left")
    tiles = tiles.merge(
        last_year[["board_type", "measure", "compliance_pct"]].rename(
            columns={"compliance_pct": "last_year_pct"}),
        on=["board_type", "measure"], how="left")
    for column in ("met", "missed", "overdue", "pending"):
        tiles[column] = tiles[column].fillna(0).astype(int)
    tiles["change"] = (tiles["compliance_pct"] - tiles["last_year_pct"]).round(1)
    tiles["period"] = period
    return tiles.sort_values(["board_type", "sort_order"]).reset_index(drop=True)


def needs_attention(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, pd.DataFrame]:
    """Overdue clocks, clocks due within the next five working days, recommendations past due."""
    soon = add_working_days(f.as_of, 5)
    clocks = _df(con,
                 "SELECT * FROM filtered_timescales(?::DATE, ?::VARCHAR, ?::VARCHAR, NULL, NULL, "
                 "?::VARCHAR) WHERE status = 'overdue' OR (status = 'pending' AND due_date <= ?) "
                 "ORDER BY sort_order, board, start_date, review_id",
                 [f.as_of, f.board, f.board_type, f.theme, soon])
    columns = ["board", "review_id", "board_type", "label", "start_date", "due_date", "elapsed"]
    overdue = clocks[clocks["status"] == "overdue"].sort_values("due_date", kind="stable")
    due = clocks[clocks["status"] == "pending"].sort_values("due_date", kind="stable")
    past_due = _df(con,
                   "SELECT * FROM filtered_recommendations(?::DATE, ?::VARCHAR, ?::VARCHAR, NULL, "
                   "NULL, ?::VARCHAR, ?::VARCHAR) WHERE is_overdue "
                   "ORDER BY board, recommendation_id",
                   [f.as_of, f.board, f.board_type, f.agency, f.theme])
    past_due = past_due.sort_values("days_overdue", ascending=False, kind="stable")[
        ["board", "recommendation_id", "owner", "status", "due_date", "days_overdue"]]
    return {"overdue_clocks": overdue[columns].reset_index(drop=True),
            "due_soon": due[columns].reset_index(drop=True),
            "recommendations_past_due": past_due.reset_index(drop=True)}


def data_freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM data_freshness", [])


def freshness_sentences(freshness: pd.DataFrame) -> list[tuple[str, str]]:
    """For each data set, its name and how fresh it is in words."""
    out = []
    for row in freshness.itertuples():
        latest = f"{row.latest_date:%d/%m/%Y}" if pd.notna(row.latest_date) else "–"
        last = f"{row.last_upload:%d/%m/%Y %H:%M}" if pd.notna(row.last_upload) else "never"
        out.append((row.kind.capitalize(), f"{row.records:,} records, data up to {latest}, "
                                           f"last stored upload {last}."))
    return out


# -- recommendations --------------------------------------------------------------------------

def recommendation_records(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    return _df(con,
               "SELECT * FROM filtered_recommendations(?::DATE, ?::VARCHAR, ?::VARCHAR, "
               "?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR) ORDER BY board, recommendation_id",
               [f.as_of, f.board, f.board_type, f.period, f.quarter, f.agency, f.theme])


def recommendation_status_by_owner(records: pd.DataFrame) -> pd.DataFrame:
    if records.empty:
        return pd.DataFrame(columns=["owner", *RECOMMENDATION_STATUSES, "overdue", "total"])
    table = (records.groupby(["owner", "status"]).size().unstack("status", fill_value=0)
             .reindex(columns=list(RECOMMENDATION_STATUSES), fill_value=0))
    table["overdue"] = records.groupby("owner")["is_overdue"].sum()
    table["total"] = table[list(RECOMMENDATION_STATUSES)].sum(axis=1)
    table.columns.name = None
    return table.sort_values("total", ascending=False).reset_index()


# -- audits -----------------------------------------------------------------------------------

def audit_records(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    return _df(con,
               "SELECT * FROM filtered_audits(?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, "
               "?::VARCHAR, ?::VARCHAR) ORDER BY audit_date, board, audit_id",
               [f.board, f.board_type, f.period, f.quarter, f.agency, f.theme])


def grade_counts(records: pd.DataFrame, by: str) -> pd.DataFrame:
    if records.empty:
        return pd.DataFrame(columns=[by, *GRADES, "total", "good_or_better_pct"])
    table = (records.groupby([by, "grade"]).size().unstack("grade", fill_value=0)
             .reindex(columns=list(GRADES), fill_value=0))
    table["total"] = table.sum(axis=1)
    table["good_or_better_pct"] = (100 * (table["outstanding"] + table["good"])
                                   / table["total"]).round(1)
    table.columns.name = None
    return table.reset_index()


def themes_of_weak_audits(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Themes of audits graded requires improvement or inadequate, most frequent first."""
    return _df(con,
               "SELECT t.theme, count(*) AS audits FROM filtered_audits(?::VARCHAR, ?::VARCHAR, "
               "?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR) AS a "
               "JOIN theme_items AS t ON t.source = 'audits' AND t.board = a.board "
               "AND t.item_id = a.audit_id WHERE NOT a.good_or_better "
               "GROUP BY t.theme ORDER BY audits DESC, t.theme",
               [f.board, f.board_type, f.period, f.quarter, f.agency, f.theme])


# -- training ---------------------------------------------------------------------------------

def training_uptake(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Bookings by status: for all, and by agency, workforce, quarter and course (`grouped_by`
    says which)."""
    return _df(con,
               "SELECT * FROM training_uptake(?::VARCHAR, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR, "
               "?::VARCHAR, ?::VARCHAR)",
               [f.board, f.board_type, f.period, f.quarter, f.agency, f.theme])


def _grouped(uptake: pd.DataFrame, by: str) -> pd.DataFrame:
    rows = uptake[uptake["grouped_by"] == by]
    return rows.assign(all="all") if by == "all" else rows


def training_by(uptake: pd.DataFrame, by: str) -> pd.DataFrame:
    """Booked, attended, did not attend and cancelled, with attendance and no-show rates, for
    'all' bookings or by agency, workforce, quarter or course.

    The no-show rate is did not attend / (attended + did not attend): cancellations made in
    advance are not no-shows.
    """
    rows = _grouped(uptake, by)
    if rows.empty:
        return pd.DataFrame(columns=[by, "booked", *TRAINING_STATUSES, "attendance_pct",
                                     "no_show_pct"])
    table = (rows.groupby([by, "status"])["bookings"].sum().unstack("status", fill_value=0)
             .reindex(columns=list(TRAINING_STATUSES), fill_value=0))
    table.insert(0, "booked", table.sum(axis=1))
    expected = table["attended"] + table["did_not_attend"]
    table["attendance_pct"] = (100 * table["attended"] / table["booked"]).round(1)
    table["no_show_pct"] = (100 * table["did_not_attend"] / expected.where(expected > 0)).round(1)
    table.columns.name = None
    return table.reset_index()


def confidence_change(uptake: pd.DataFrame, by: str) -> pd.DataFrame:
    rows = _grouped(uptake, by)
    if rows.empty:
        return pd.DataFrame(columns=[by, "before", "after", "attendees"])
    sums = rows.groupby(by)[["pre_confidence_sum", "pre_confidence_n", "post_confidence_sum",
                             "post_confidence_n"]].sum()
    table = pd.DataFrame({
        "before": (sums["pre_confidence_sum"] / sums["pre_confidence_n"].replace(0, np.nan)).round(2),
        "after": (sums["post_confidence_sum"] / sums["post_confidence_n"].replace(0, np.nan)).round(2),
        "attendees": sums["post_confidence_n"].astype(int),
    })
    return table.dropna(subset=["before", "after"], how="all").reset_index()


def sessions_per_theme(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    return _df(con,
               "SELECT theme, training_sessions, training_attendees "
               "FROM theme_training(?::VARCHAR, ?::VARCHAR, ?::VARCHAR) "
               "ORDER BY training_sessions DESC, theme",
               [f.board, f.board_type, f.period])


# -- themes -----------------------------------------------------------------------------------

def review_theme_shares(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    return _df(con,
               "SELECT * FROM review_theme_shares(?::VARCHAR, ?::VARCHAR, ?::VARCHAR) "
               "ORDER BY sort_order, board_type",
               [f.board, f.board_type, f.period])


def review_theme_trend(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    return _df(con,
               "SELECT * FROM review_theme_trend(?::VARCHAR, ?::VARCHAR) ORDER BY period, theme",
               [f.board, f.board_type])


def recurring_themes(trend: pd.DataFrame, years: int = 3) -> pd.DataFrame:
    """Themes raised by reviews in each of the last `years` financial years with data."""
    if trend.empty:
        return pd.DataFrame(columns=["theme", "years_raised", "reviews"])
    recent = sorted(trend["period"].unique())[-years:]
    window = trend[trend["period"].isin(recent)]
    table = window.groupby("theme").agg(years_raised=("period", "nunique"),
                                        reviews=("items_with_theme", "sum")).reset_index()
    return (table[table["years_raised"] == len(recent)]
            .sort_values("reviews", ascending=False).reset_index(drop=True))


def learning_loop(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    return _df(con,
               "SELECT * FROM learning_loop(?::DATE, ?::VARCHAR, ?::VARCHAR, ?::VARCHAR)",
               [f.as_of, f.board, f.board_type, f.period])


def theme_records(con: duckdb.DuckDBPyConnection, f: Filters, theme: str) -> pd.DataFrame:
    """The reviews raising one theme, for drill-down."""
    return _df(con,
               "SELECT r.board, r.review_id, r.board_type, r.review_type, r.status, r.themes "
               "FROM reviews AS r JOIN theme_items AS t ON t.source = 'reviews' "
               "AND t.board = r.board AND t.item_id = r.review_id "
               "WHERE t.theme = ? AND (?::VARCHAR IS NULL OR r.board = ?) "
               "AND (?::VARCHAR IS NULL OR r.board_type = ?) "
               "AND (?::VARCHAR IS NULL OR t.period = ?) ORDER BY r.board, r.review_id",
               [theme, f.board, f.board, f.board_type, f.board_type, f.period, f.period])


# -- overview indicators ----------------------------------------------------------------------

def headline_indicators(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per board type, for the financial year: overdue recommendations (now), share of audits
    graded good or better, and the training attendance rate."""
    period = f.period or financial_year(f.as_of)
    rows = []
    for board_type in ([f.board_type] if f.board_type else list(BOARD_TYPES)):
        scoped = f.but(board_type=board_type, period=None, quarter=None)
        ((open_, overdue),) = con.execute(
            "SELECT count(*) FILTER (WHERE is_open), count(*) FILTER (WHERE is_overdue) "
            "FROM filtered_recommendations(?::DATE, ?::VARCHAR, ?::VARCHAR, NULL, NULL, "
            "?::VARCHAR, ?::VARCHAR)",
            [f.as_of, scoped.board, board_type, scoped.agency, scoped.theme]).fetchall()
        ((audits, good),) = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE good_or_better) "
            "FROM filtered_audits(?::VARCHAR, ?::VARCHAR, ?::VARCHAR, NULL, ?::VARCHAR, "
            "?::VARCHAR)",
            [scoped.board, board_type, period, scoped.agency, scoped.theme]).fetchall()
        totals = training_by(training_uptake(con, scoped.but(period=period)), "all")
        rows.append({
            "board_type": board_type, "period": period,
            "recommendations_open": int(open_), "recommendations_overdue": int(overdue),
            "audits": int(audits), "audits_good_or_better": int(good),
            "bookings": int(totals["booked"].sum()), "attended": int(totals["attended"].sum()),
        })
    table = pd.DataFrame(rows)
    table["good_or_better_pct"] = (100 * table["audits_good_or_better"]
                                   / table["audits"].where(table["audits"] > 0)).round(1)
    table["attendance_pct"] = (100 * table["attended"]
                               / table["bookings"].where(table["bookings"] > 0)).round(1)
    return table


# -- data quality -----------------------------------------------------------------------------

def uploads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every upload, newest first."""
    return _df(con, "SELECT * FROM uploads ORDER BY upload_id DESC", [])


def upload_problems(con: duckdb.DuckDBPyConnection, upload_id: int) -> pd.DataFrame:
    return _df(con,
               'SELECT row, "column", rule, severity, message FROM upload_problems '
               "WHERE upload_id = ? ORDER BY severity, row NULLS FIRST", [upload_id])


def upload_pass_rates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * FROM upload_pass_rates ORDER BY kind, month", [])


def timescale_completeness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(con, "SELECT * EXCLUDE (sort_order) FROM timescale_completeness "
                    "ORDER BY sort_order, review_type", [])
