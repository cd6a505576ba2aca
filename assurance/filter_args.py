"""The dashboard's filters on the command line: the same names and meanings as the sidebar, and
a value that matches no data refused with the values there are (and the nearest one)."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
from pathlib import Path

import duckdb

from access import EVERY_BOARD, AccessError, boards_held, checked_access, scope_of
from data_models.filters import Filters, financial_year, is_financial_quarter, is_financial_year
from data_models.queries import filter_choices
from data_models.scope import Reader, Scope


class BadFilter(Exception):
    """A filter names something there is no data for, or filters that cannot go together."""


def date_argument(text: str) -> dt.date:
    """A date on the command line (--as-of, --cut-over), as YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


def _period(text: str) -> str:
    if not is_financial_year(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a financial year; use the form 2023-24")
    return text


def _quarter(text: str) -> str:
    if not (is_financial_quarter(text) or text in ("Q1", "Q2", "Q3", "Q4")):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a quarter; use the form '2023-24 Q3' (Q1 is April to June)")
    return text


def add_filter_arguments(parser: argparse.ArgumentParser, *, period_required: bool = False) -> None:
    """--board, --board-type, --period, --quarter, --agency, --theme and --as-of."""
    group = parser.add_argument_group("filters (as in the dashboard's sidebar)")
    group.add_argument("--board", default=None, help="one board, by name")
    group.add_argument("--board-type", choices=("children", "adults"), default=None)
    group.add_argument("--period", type=_period, default=None, required=period_required,
                       help="financial year, e.g. 2023-24 (1 April to 31 March)")
    group.add_argument("--quarter", type=_quarter, default=None,
                       help="a quarter, e.g. '2023-24 Q3' (or Q3 with --period)")
    group.add_argument("--agency", default=None,
                       help="owner of a recommendation, audited agency, or attendee's agency")
    group.add_argument("--theme", default=None, help="a learning theme, by its label")
    group.add_argument("--as-of", type=date_argument, default=None,
                       help="figures as things stood on this date (default: today)")
    person = parser.add_argument_group("whose view (default: the operator's, every board)")
    person.add_argument("--as", dest="as_person", default=None, metavar="EMAIL",
                        help="run with this person's boards and record rule from the access file")
    person.add_argument("--roles", type=Path, default=None, metavar="FILE",
                        help="the access file for --as (default: $ASSURANCE_ROLES or "
                             "streamlit_config/roles.toml)")


def scope_from(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> Scope:
    """The operator's scope (every board), or with --as EMAIL that person's, from the access
    file; a person who would see nothing is refused."""
    email = getattr(args, "as_person", None)
    if email is None:
        return EVERY_BOARD
    roles = getattr(args, "roles", None)
    if roles is not None and not roles.is_file():
        raise BadFilter(f"--roles {roles}: there is no such file.")
    try:
        access = checked_access(boards_held(con), roles)
        scope = scope_of(access, email)
    except AccessError as error:
        raise BadFilter(f"--as {email}: {error}") from None
    if scope.nothing:
        raise BadFilter(f"--as {email}: this person has no role or no board in {access.path}, "
                        "so they see nothing.")
    return scope


def _known(what: str, value: str | None, choices: list[str], flag: str) -> None:
    if value is None or value in choices:
        return
    near = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    hint = f" Did you mean '{near[0]}'?" if near else ""
    listed = ", ".join(choices) if choices else "none"
    raise BadFilter(f"{flag} '{value}': there is no {what} of that name in the data.{hint} "
                    f"{what.capitalize()}s with data: {listed}.")


def reader_from(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> Reader:
    """The reader the command reads with: the operator's (every board), or with --as EMAIL
    that person's, from the access file."""
    return Reader(con, scope_from(args, con))


def filters_from(args: argparse.Namespace, db: Reader, today: dt.date) -> Filters:
    """The filters the arguments name, checked against the data held, within the boards of the
    person the command runs as (--as)."""
    scope = db.scope
    as_of = getattr(args, "as_of", None) or today
    period = getattr(args, "period", None)
    quarter = getattr(args, "quarter", None)
    if quarter and not is_financial_quarter(quarter):
        if not period:
            raise BadFilter(f"--quarter {quarter} needs --period, or write it whole: "
                            f"--quarter '2023-24 {quarter}'.")
        quarter = f"{period} {quarter}"
    if quarter and period and quarter[:7] != period:
        raise BadFilter(f"--quarter '{quarter}' is not in --period {period}: they cannot both "
                        "apply. Give one, or a quarter of that year.")
    board = getattr(args, "board", None)
    if board is not None and not scope.allows_board(board):
        raise BadFilter(f"--board '{board}' is not one of the boards of {args.as_person}: "
                        f"{', '.join(scope.board_names)}.")
    f = Filters(as_of=as_of, board=board, board_type=getattr(args, "board_type", None),
                period=period or (quarter[:7] if quarter else None), quarter=quarter,
                agency=getattr(args, "agency", None), theme=getattr(args, "theme", None))
    if not (f.board or f.agency or f.theme or f.period):
        return f                             # nothing named that the data might not hold
    choices = filter_choices(db, f)
    _known("board", f.board, choices["board"], "--board")
    _known("agency", f.agency, choices["agency"], "--agency")
    _known("theme", f.theme, choices["theme"], "--theme")
    if f.period and f.period not in choices["period"]:
        raise BadFilter(f"--period {f.period}: there is no data for that financial year. Years "
                        f"with data: {', '.join(choices['period']) or 'none'}.")
    if f.period and f.period > (latest := financial_year(as_of)):
        raise BadFilter(f"--period {f.period} is after the as-of date's year ({latest}, as of "
                        f"{as_of.isoformat()}): nothing in it is known yet.")
    return f


def require_records(db: Reader, f: Filters) -> None:
    """An export of nothing is refused: say what the board (or boards) do hold."""
    held = db.frame(
        "SELECT count(*) AS n FROM (SELECT item_id FROM filtered_items($f, 'reviews') "
        "UNION ALL SELECT item_id FROM filtered_items($f, 'recommendations') "
        "UNION ALL SELECT item_id FROM filtered_items($f, 'audits') "
        "UNION ALL SELECT item_id FROM filtered_items($f, 'training'))", f)["n"].iloc[0]
    if held:
        return
    wider = f.but(board_type=None, period=None, quarter=None, agency=None)
    held = db.frame("SELECT DISTINCT board_type, financial_year(item_date) AS period "
                    "FROM source_items WHERE board_wanted($f, board)", wider)
    types = sorted(held["board_type"].dropna().unique())
    years = sorted(held["period"].dropna().unique(), reverse=True)   # an item may have no date
    raise BadFilter(f"No records match these filters ({db.scope.describe(f)}), so there is "
                    "nothing to "
                    f"export. {f.board or 'The boards'} hold{'s' if f.board else ''} "
                    f"{' and '.join(types) or 'no'} records for {', '.join(years) or 'no year'}.")
