"""What the Overview page shows: each board type's headline tiles for the year (beside last
year's and, for a person with one board, the same figure over every board of the type), the
clocks and recommendations that need attention, and how fresh the data is. No Streamlit: the
page (overview.py) draws it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from dashboard.screens.shared import THRESHOLD, Records, Tile, first, percent_or_counts, to_date
from data_models import queries as q
from data_models.filters import Filters
from data_models.labels import percent_of, plural, points
from data_models.scope import Reads
from data_models.vocabularies import labels

TOO_FEW = "too few to compare"


@dataclass(frozen=True)
class Overview:
    period: str
    period_note: str
    tiles: dict[str, list[Tile]]             # board type -> timescale tiles then indicators
    attention: dict[str, Records]
    attention_notes: dict[str, tuple[str, ...]]
    tile_notes: tuple[str, ...]
    freshness: list[tuple[str, str]]
    compared: bool = False                  # tiles carry the figure over every board of the type


def _period_words(f: Filters) -> tuple[str, str]:
    """The year the tiles show, as their titles name it ('(to date)' while it runs, beside last
    year's figure), and a sentence saying which year that is."""
    period, defaulted = f.year_or_current()
    if defaulted:
        return to_date(period, f.as_of), (
            f"{period} to date: no financial year is chosen, so the tiles show the current one "
            f"up to {f.as_of:%d/%m/%Y}")
    named = to_date(period, f.as_of)
    if named != period:
        return named, (f"{period} to date: the financial year chosen, which has not ended, up to "
                       f"{f.as_of:%d/%m/%Y}")
    return period, f"{period}: the financial year chosen"


def _timescale_tile(row: Any, period: str) -> Tile:
    value = percent_or_counts(int(row.met), int(row.counted))
    comparable = row.counted >= THRESHOLD and row.last_year_counted >= THRESHOLD
    change = points(int(row.met), int(row.counted), int(row.last_year_met),
                    int(row.last_year_counted), places=0)
    delta = (f"{change:+.0f} pts on last year" if comparable and change is not None else None)
    note = "" if row.counted >= THRESHOLD or row.counted == 0 else f" · {TOO_FEW}"
    return Tile(
        f"{row.short_label} · {period}", value, delta,
        f"{row.met} of {row.counted} met · {row.missed} missed · {row.overdue} overdue · "
        f"{row.pending} pending{note}",
        f"{row.label}. {period}: {row.met} met, {row.missed} missed, {row.overdue} overdue "
        f"(counted as missed), {row.pending} pending. Last year "
        f"{'compared' if comparable else 'not compared: too few clocks in one of the years'}.")


def _indicator_tiles(row: Any, period: str) -> list[Tile]:
    return [
        Tile(f"Overdue recommendations · agreed in {period}", f"{row.recommendations_overdue}",
             None, f"of {row.recommendations_open} agreed in {period} and open on the as-of "
                   "date",
             "Recommendations agreed in the year that are open and past their due date. The "
             "list of recommendations past their due date, below, holds those agreed in any "
             "year."),
        Tile(f"Audits good or better · {period}",
             percent_or_counts(row.audits_good_or_better, row.audits),
             None, f"{row.audits_good_or_better} of {row.audits} audits"
                   + (f" · {TOO_FEW}" if 0 < row.audits < THRESHOLD else ""),
             "Audits in the year graded good or outstanding."),
        Tile(f"Training attendance · {period}",
             percent_or_counts(row.attended, row.bookings), None,
             f"{row.attended:,} of {row.bookings:,} bookings"
             + (f" · {TOO_FEW}" if 0 < row.bookings < THRESHOLD else ""),
             "Bookings in the year that were attended."),
    ]


INDICATOR_MEASURES = (None, "audits_good_or_better", "training_attendance")


def comparisons(db: Reads, f: Filters) -> dict[tuple[str, str], str]:
    """For a person with one board: (board type, measure) -> the same figure over every board
    of that type, or why it is not shown. Nothing for anyone else (they see boards side by
    side already, or several boards of their own)."""
    if db.scope.every_board or len(db.scope.board_names) != 1:
        return {}
    out = {}
    for row in db(q.comparison_tiles, f).itertuples():
        out[(row.board_type, row.measure)] = (
            f"{_all_boards(row.board_type)}: {percent_of(int(row.met), int(row.counted))} "
            f"({int(row.met):,} of {int(row.counted):,}, {plural(int(row.boards), 'board')})" if row.shown
            else _not_compared(row.board_type, row.period))
    return out


def _all_boards(board_type: str) -> str:
    return f"All {labels('board_type').get(board_type, board_type).lower()} boards"


def _not_compared(board_type: str, period: str) -> str:
    return (f"{_all_boards(board_type)}: not shown, fewer than {q.MIN_COMPARED} other boards "
            f"hold this figure for {period}")


def board_types_held(db: Reads, f: Filters) -> list[str]:
    """The board types this view holds a board of (the board chosen, the person's boards, the
    board type chosen): those with a review, recommendation or audit of that type, in any year.
    Training is not asked: a course for both workforces counts for either type."""
    held = []
    for board_type in q.BOARD_TYPES:
        if f.board_type not in (None, board_type):
            continue
        records = db(q.data_freshness, f.but(board_type=board_type))
        if records.loc[records["kind"] != "training", "records"].sum() > 0:
            held.append(board_type)
    return held


def overview(db: Reads, f: Filters) -> Overview:
    period, note = _period_words(f)
    tiles = db(q.timescale_tiles, f)
    indicators = db(q.headline_indicators, f).set_index("board_type")
    compared = comparisons(db, f)
    present = [bt for bt in q.BOARD_TYPES if bt in set(tiles["board_type"])
               or bt in indicators.index]
    held = board_types_held(db, f)
    by_type: dict[str, list[Tile]] = {}
    # a board type the view holds no board of has no tiles: a block of dashes says nothing
    for board_type in [bt for bt in present if bt in held] or present:
        rows = tiles[tiles["board_type"] == board_type]
        by_type[board_type] = [_timescale_tile(r, period) for r in rows.itertuples()]
        if board_type in indicators.index:
            row = indicators.loc[[board_type]].itertuples().__next__()
            by_type[board_type] += _indicator_tiles(row, period)
        if not db.scope.every_board and len(db.scope.board_names) == 1:
            measures = [*rows["measure"], *INDICATOR_MEASURES]
            by_type[board_type] = [
                replace(tile, compare=compared.get(
                    (board_type, measure or ""),
                    f"{_all_boards(board_type)}: no comparison: a count of overdue "
                    "recommendations follows how many a board makes" if measure is None
                    else _not_compared(board_type, period)))
                for tile, measure in zip(by_type[board_type], measures, strict=False)]
    counting = db.aggregating()
    clocks = first(counting(q.clocks_needing_attention, f).rename(columns={"label": "timescale"}),
                   ["due_date", "timescale", "review_id", "board"])
    attention = {
        "overdue_clocks": Records.of(clocks[clocks["status"] == "overdue"].drop(columns="status"),
                                     db),
        "due_soon": Records.of(clocks[clocks["status"] == "pending"].drop(columns="status"), db),
        "recommendations_past_due": Records.of(first(
            counting(q.recommendations_past_due, f),
            ["days_overdue", "owner", "recommendation_id", "due_date", "status"]), db),
    }
    clock_notes = tuple(q.notes(q.clocks_needing_attention, f))
    return Overview(
        period, note, by_type, attention,
        {"overdue_clocks": clock_notes, "due_soon": clock_notes,
         "recommendations_past_due": tuple(q.notes(q.recommendations_past_due, f))},
        tuple(dict.fromkeys([*q.notes(q.timescale_tiles, f), *q.notes(q.headline_indicators, f)])),
        q.freshness_sentences(db(q.data_freshness, f)), bool(compared))
