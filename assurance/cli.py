"""The `assurance` command. Other work and users script against it: keep it stable.

    assurance [--db PATH] init
    assurance [--db PATH] demo [--seed N] [--if-empty] [--scale boards|national] [--csv FOLDER]
    assurance [--db PATH] load KIND FILE [--dry-run] [--as-of YYYY-MM-DD]
    assurance [--db PATH] timescales [--as-of DATE] [--board NAME] [--board-type T]
                                     [--period 2023-24] [--detail] [--format table|json|csv]
    assurance [--db PATH] themes [--source S] [--format table|json|csv]
    assurance [--db PATH] impact [--theme T] [--cut-over DATE] [FILTERS] [--format table|json|csv]
    assurance [--db PATH] export report --period 2023-24 [--board NAME] --format docx|html
                                        [--out FILE] [--threshold N]
    assurance [--db PATH] export pack --period 2023-24 [--board NAME] --out FILE.html
    assurance [--db PATH] export tables --period 2023-24 [--board NAME] [--board-type T]
                                        --format csv|xlsx --out PATH [--records]
    assurance [--db PATH] export chase [--owner NAME | --escalation] [--format docx|csv]
                                       [--out PATH] [FILTERS]
    assurance [--db PATH] digest --to EMAIL [--board NAME] | --due [--dry-run] [--as-of DATE]
    assurance [--db PATH] digest --add EMAIL --board NAME [--frequency F] | --remove EMAIL
                                 --board NAME | --list
    assurance [--db PATH] map KIND COLUMN "FROM=TO" ["FROM=TO" ...] [--board NAME]
    assurance [--db PATH] map --list | --remove ID
    assurance [--db PATH] privacy-scan [--redact | --delete]
    assurance [--db PATH] serve [--port N] [--address HOST]

Exit codes: 0 done, 1 an extract was rejected, 2 the command could not run (its message says
why and what to do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import inspect
import json
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from assurance.filter_args import (
    BadFilter,
    add_filter_arguments,
    date_argument,
    filters_from,
    reader_from,
    require_records,
)
from data_models import impact, queries
from data_models.access import EVERY_BOARD, boards_held, narrowed
from data_models.config_errors import ConfigError
from data_models.database import connect, database_path, init_schema, schema_state
from data_models.filters import Filters
from data_models.labels import humane
from data_models.lake import LakeSetting, is_conflict, lake_setting, open_lake
from data_models.queries import SOURCES
from data_models.schema import LATEST, SchemaError, upgrade_file
from data_models.scope import Reader, RecordsRefused, Scope
from data_models.settings import CHASE_NO_UPDATE_DAYS, ESCALATE_OVERDUE_DAYS
from data_models.settings import SUPPRESSION_THRESHOLD as DEFAULT_THRESHOLD
from data_models.snapshots import check_snapshot
from ingest import Problem, ordered
from loaders.contracts import KINDS


class CommandError(Exception):
    """A command that cannot run; the message says why and what to do."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help="database file (default: $ASSURANCE_DB or data/assurance.duckdb)")
    common.add_argument("--store", default=argparse.SUPPRESS, metavar="DUCKLAKE",
                        help="the shared store instead of the file: DuckLake's connection string "
                             "(default: $ASSURANCE_STORE; see the README, Hosting for several "
                             "boards)")
    common.add_argument("--data-path", default=argparse.SUPPRESS, metavar="FOLDER",
                        help="the shared store's data files (default: $ASSURANCE_DATA_PATH)")
    parser = argparse.ArgumentParser(
        prog="assurance", parents=[common],
        description="Safeguarding board assurance: load extracts, check them, measure them.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("init", parents=[common], help="create or upgrade the schema")

    demo = commands.add_parser("demo", parents=[common], help="fill the database with demo data")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--if-empty", action="store_true",
                      help="only when the database holds no records yet")
    demo.add_argument("--scale", choices=("boards", "national"), default="boards",
                      help="boards: eight boards, six years; national: about 300 boards, "
                           "ten years, 3 million training bookings")
    demo.add_argument("--csv", type=Path, default=None, metavar="FOLDER",
                      help="also write the data set as CSV extracts into FOLDER")

    load = commands.add_parser("load", parents=[common], help="check and store an extract")
    load.add_argument("kind", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--dry-run", action="store_true", help="check only; store nothing")
    load.add_argument("--as-of", type=date_argument, default=None,
                      help="no date in the extract may be after this (default: today)")
    load.add_argument("--board", metavar="NAME", default=None,
                      help="the board a file with no board column is for (remembered with the "
                           "file's layout, so next month's file needs no --board)")
    load.add_argument("--board-type", choices=("children", "adults"), default=None,
                      help="with --board, for a board that holds no records yet")

    times = commands.add_parser("timescales", parents=[common],
                                help="compliance with statutory timescales")
    add_filter_arguments(times)
    times.add_argument("--detail", action="store_true",
                       help="one record per review and measure")
    times.add_argument("--format", choices=("table", "json", "csv"), default="table")

    themes = commands.add_parser("themes", parents=[common], help="theme prevalence")
    themes.add_argument("--source", choices=SOURCES, default="reviews")
    add_filter_arguments(themes)
    themes.add_argument("--format", choices=("table", "json", "csv"), default="table")

    figure = commands.add_parser(
        "figure", parents=[common], help="any figure the pages show, by name",
        description="Any figure the dashboard's pages and exports show, for the same filters. "
                    "`assurance figure --list` names them and the filters each honours.")
    figure.add_argument("name", nargs="?", choices=FIGURES, metavar="NAME",
                        help=" | ".join(FIGURES))
    figure.add_argument("--list", action="store_true", help="list the figures and their filters")
    figure.add_argument("--by", default=None,
                        help="grouping, for timescale_compliance (measure, board_type, period, "
                             "quarter, board) and audit_grades (agency, period, all)")
    figure.add_argument("--source", choices=SOURCES, default=None,
                        help="data set, for theme_shares, theme_trend and unmapped_mentions")
    figure.add_argument("--drill-theme", default=None, help="the theme, for theme_records")
    add_filter_arguments(figure)
    figure.add_argument("--format", choices=("table", "json", "csv"), default="table")

    impact = commands.add_parser(
        "impact", parents=[common], help="did the board's actions on a theme make a difference",
        description="For each theme with recommendations, where its actions stand (themes "
                    "whose actions were completed with no audit since first); with --theme, "
                    "what followed them: shares before and after the cut-over, with 95% "
                    "intervals, and what the board did year by year.")
    add_filter_arguments(impact)
    impact.add_argument("--cut-over", type=date_argument, default=None, metavar="DATE",
                        help="compare before and after this date instead of the rule's (the "
                             "date by which more than half of the theme's recommendations "
                             "were completed); needs --theme")
    impact.add_argument("--format", choices=("table", "json", "csv"), default="table")

    export = commands.add_parser("export", parents=[common],
                                 help="the annual report or tables, safe to publish")
    exports = export.add_subparsers(dest="export", required=True, metavar="WHAT")
    for name, text in (("report", "the annual report as a Word document, one HTML file or a "
                                  "PDF"),
                       ("pack", "the annual report as one HTML file (as report --format html)"),
                       ("tables", "summary tables as CSV files or an Excel workbook")):
        sub = exports.add_parser(name, parents=[common], help=text)
        add_filter_arguments(sub, period_required=True)
        sub.add_argument("--snapshot", type=int, default=None, metavar="N",
                         help="make it from the data as it stood at snapshot N, as an earlier "
                              "export states it (the embedded file: its last upload only)")
        sub.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD,
                         help=f"in figures about people's cases (the disclosure policy), counts "
                              f"from 1 to THRESHOLD-1 are shown as 'c' "
                              f"(default {DEFAULT_THRESHOLD})")
        sub.add_argument("--out", type=Path, default=None,
                         help={"report": "a .docx, .html or .pdf file, or a folder",
                               "pack": "a .html file or a folder"}.get(
                                   name, "a folder (csv) or an .xlsx file or folder")
                         + "; default: the current folder, the file named for board and year")
        if name == "report":
            sub.add_argument("--format", choices=("docx", "html", "pdf"), required=True)
            sub.add_argument("--template", type=Path, default=None, metavar="FILE.docx",
                             help="the board's own Word template, its placeholders filled "
                                  "(--format docx; see the README for the placeholders)")
        if name == "tables":
            sub.add_argument("--format", choices=("csv", "xlsx"), required=True)
            sub.add_argument("--records", action="store_true",
                             help="add the filtered records (not suppressed: not for publication)")

    chase = exports.add_parser(
        "chase", parents=[common],
        help="a letter to each owner agency of what to update, or the escalation list",
        description="For an owner agency (--owner), its open recommendations that are overdue, "
                    "rated off track or without a progress update for the set time, oldest due "
                    "first, as a Word letter or a CSV file; without --owner, one for each "
                    "owner, in a folder. With --escalation, the list for the executive. For "
                    "quality leads: it names recommendations.")
    add_filter_arguments(chase)
    chase.add_argument("--snapshot", type=int, default=None, metavar="N",
                       help="from the data as it stood at snapshot N")
    chase.add_argument("--owner", default=None, metavar="NAME", help="the owner agency")
    chase.add_argument("--escalation", action="store_true",
                       help="the escalation list instead: overdue by more than "
                            "--overdue-days, or off track in two successive uploads")
    chase.add_argument("--no-update-days", type=int, default=CHASE_NO_UPDATE_DAYS, metavar="N",
                       help=f"listed when not updated for more than N days "
                            f"(default {CHASE_NO_UPDATE_DAYS})")
    chase.add_argument("--overdue-days", type=int, default=ESCALATE_OVERDUE_DAYS, metavar="N",
                       help=f"escalated when overdue by more than N days "
                            f"(default {ESCALATE_OVERDUE_DAYS})")
    chase.add_argument("--format", choices=("docx", "csv"), default="docx")
    chase.add_argument("--out", type=Path, default=None,
                       help="a file (one owner, or the escalation list) or a folder; default: "
                            "the current folder, each file named for its owner")

    digest = commands.add_parser(
        "digest", parents=[common], help="mail each person what needs them, for their boards",
        description="A digest of what needs a person, for their boards only: clocks due in "
                    "the next five working days and overdue, recommendations past due or off "
                    "track by owner, data sets not refreshed, uploads waiting. Mail settings "
                    "from ASSURANCE_SMTP_* and ASSURANCE_MAIL_FROM, links from "
                    "ASSURANCE_BASE_URL (or the [mail] section of the secrets file).")
    whom = digest.add_mutually_exclusive_group(required=True)
    whom.add_argument("--to", metavar="EMAIL", help="send one person their digest now")
    whom.add_argument("--due", action="store_true",
                      help="send every digest the recipients' frequencies make due today")
    whom.add_argument("--add", metavar="EMAIL",
                      help="add a recipient of --board's digest (with --frequency)")
    whom.add_argument("--remove", metavar="EMAIL", help="stop a recipient's --board digest")
    whom.add_argument("--list", action="store_true", help="list the recipients and the "
                                                          "digests sent")
    digest.add_argument("--board", default=None, help="one board (for --to, --add, --remove)")
    digest.add_argument("--frequency", choices=("daily", "weekly", "monthly"), default="weekly",
                        help="for --add: each working day, the first working day of each "
                             "week (default) or of each month")
    digest.add_argument("--dry-run", action="store_true",
                        help="print what would be sent; send nothing, record nothing")
    digest.add_argument("--as-of", type=date_argument, default=None,
                        help="the day the digest is for (default: today)")
    digest.add_argument("--roles", type=Path, default=None, metavar="FILE",
                        help="the access file (default: $ASSURANCE_ROLES or "
                             "streamlit_config/roles.toml)")

    rules = commands.add_parser("rules", parents=[common],
                                help="a board's own timescale rules and theme aliases")
    rule_commands = rules.add_subparsers(dest="rules", required=True, metavar="ACTION")
    add = rule_commands.add_parser(
        "import", parents=[common], help="check a file of local rules and aliases and store it",
        description="FILE.toml holds [[rule]] tables with the fields of the national rules and "
                    "[[alias]] tables (theme, text). Importing the same file again replaces "
                    "what it stored.")
    add.add_argument("file", type=Path, metavar="FILE.toml")
    add.add_argument("--board", default=None,
                     help="the board the rules and aliases are for (default: every board)")
    rule_commands.add_parser("list", parents=[common], help="every rule measured, and the "
                                                          "aliases boards imported")

    mapping = commands.add_parser(
        "map", parents=[common], help="say once what a board's values, headers or themes mean",
        description="Remember what a board's extracts mean: a value of a column with allowed "
                    "values (assurance map recommendations status \"Green=in_progress\"), a "
                    "header (assurance map recommendations header \"Rec No=recommendation_id\") "
                    "or theme text (assurance map recommendations themes \"Relationship based "
                    "practice=trauma-informed practice\"). Later extracts are read with them "
                    "without asking.")
    mapping.add_argument("kind", nargs="?", choices=KINDS, metavar="KIND", help=" | ".join(KINDS))
    mapping.add_argument("column", nargs="?", metavar="COLUMN",
                         help="a column with allowed values, 'header' or 'themes'")
    mapping.add_argument("pairs", nargs="*", metavar="FROM=TO")
    mapping.add_argument("--board", default=None,
                         help="the board the mapping is for (default: every board)")
    mapping.add_argument("--list", action="store_true", help="list the mappings kept")
    mapping.add_argument("--remove", type=int, default=None, metavar="ID",
                         help="remove the mapping with this number")

    scan = commands.add_parser(
        "privacy-scan", parents=[common],
        help="look for personal data in the records already stored",
        description="Checks every stored record with the upload's personal-data guard and "
                    "lists data set, board, record, column and kind (never the value). "
                    "--redact replaces each flagged cell, --delete removes each flagged record, "
                    "in one transaction, recorded with who and when.")
    what = scan.add_mutually_exclusive_group()
    what.add_argument("--redact", action="store_true", help="replace each flagged cell")
    what.add_argument("--delete", action="store_true", help="delete each flagged record")

    tidy = commands.add_parser(
        "tidy-store", parents=[common],
        help="the shared store: delete the data files no snapshot names (a store killed "
             "half-way leaves them); every snapshot stays readable")
    tidy.add_argument("--older-than-hours", type=float, default=24.0, metavar="HOURS",
                      help="only files last written more than this long ago (default 24, at "
                           "least 1), so a store another instance is writing now is never "
                           "touched")
    tidy.add_argument("--dry-run", action="store_true", help="list them, delete nothing")
    serve = commands.add_parser("serve", parents=[common], help="serve the dashboard")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="localhost",
                       help="interface to listen on (default: localhost only)")
    return parser


def _connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        return connect(path, read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise CommandError(
                f"The database {path} is in use by another program that is writing to it "
                "(another 'assurance' command, or the dashboard storing an upload). Wait for "
                f"it to finish and try again.\n  DuckDB said: {error}"
            ) from None
        raise


def _lake(args: argparse.Namespace) -> LakeSetting | None:
    """The shared store the arguments or environment name (None: the embedded file)."""
    return lake_setting(getattr(args, "store", None), getattr(args, "data_path", None))


def _open(args: argparse.Namespace, *, read_only: bool = False,
          create: bool = False) -> duckdb.DuckDBPyConnection:
    """The database, as this release reads it. Only `assurance init` upgrades a file; a command
    that stores records (`create`) may make the schema in a new, empty file (there is nothing
    to lose). With the shared store set, the store."""
    setting = _lake(args)
    if setting is not None:
        con = open_lake(setting)
        state = schema_state(con)
        if state.empty and create:
            init_schema(con)
        elif not state.current:
            con.close()
            raise CommandError(f"{setting.where}: {state.problem()}")
        return con
    path = database_path(getattr(args, "db", None))
    if not create and not path.exists():
        raise CommandError(
            f"There is no database at {path}. Run 'assurance demo' for demo data, or "
            "'assurance load KIND FILE' to load an extract."
        )
    con = _connect(path, read_only=read_only)
    state = schema_state(con)
    if state.empty and create:
        init_schema(con)
    elif not state.current:
        con.close()
        raise CommandError(f"{path}: {state.problem()}")
    return con


def _today() -> dt.date:
    return dt.date.today()


def _operator() -> str:
    """Who ran a command that changes something: the operating-system user."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):        # no name for this user id
        return f"user {os.getuid()} (command line)"


def _print_frame(frame: pd.DataFrame, fmt: str, *, extra: dict[str, object]) -> None:
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        for record in records:
            for key, value in record.items():
                if isinstance(value, str) and value.endswith("T00:00:00.000"):
                    record[key] = value[:10]
        print(json.dumps({**extra, "records": records}, indent=2, default=str))
    elif fmt == "csv":
        out = frame.copy()
        for key, value in extra.items():
            if not isinstance(value, dict | list):
                out[key] = value
        out.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
    else:
        print(terminal_table(frame))


def terminal_table(frame: pd.DataFrame, width: int = 64) -> str:
    """A table laid out for a terminal: headers and values in words, numbers right-aligned
    under their header, text left-aligned and cut at `width` characters with '…'."""
    if frame.empty:
        return "(no records)"
    shown = humane(frame)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]

    def cell(value: object) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:,.1f}"
        if isinstance(value, int):
            return f"{value:,}"
        text = " ".join(str(value).split())
        return text if len(text) <= width else text[:width - 1] + "…"

    rows = [[cell(v) for v in record] for record in shown.itertuples(index=False)]
    headers = [str(c) for c in shown.columns]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if right else v.ljust(w)
                         for v, w, right in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def _dates_iso(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("start_date", "end_date", "due_date"):
        if column in out:
            out[column] = pd.to_datetime(out[column]).dt.strftime("%Y-%m-%d")
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


DETAIL_COLUMNS = [
    "review_id", "board", "board_type", "measure", "start_date", "end_date", "due_date",
    "elapsed", "limit", "unit", "status",
]
SUMMARY_COLUMNS = [
    "measure", "label", "met", "missed", "overdue", "pending", "compliance_pct", "median_elapsed",
    "origin", "not_recorded",
]
THEME_COLUMNS = ["theme", "board_type", "items_with_theme", "items_total", "share_pct"]
FIGURES = queries.FIGURES
# Figures that list records (references, wording): for people allowed record-level data.


def _heading(title: str, f: Filters, scope: Scope, notes: list[str]) -> None:
    """For a table in the terminal: what it is, for which filters, and what they leave out."""
    print(f"{title}: {scope.describe(f)}")
    for note in notes:
        print(f"  {note}")


def cmd_timescales(args: argparse.Namespace) -> int:
    con = _open(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, _today())
        query = queries.timescale_records if args.detail else queries.timescale_compliance
        if args.detail:
            frame = _dates_iso(queries.timescale_records(db, f))[DETAIL_COLUMNS]
        else:
            full = queries.timescale_compliance(db, f)
            frame = full[SUMMARY_COLUMNS]
    finally:
        con.close()
    notes = queries.notes(query, f)
    if args.format == "table":
        _heading("Statutory timescales", f, db.scope, notes)
        if not args.detail:
            print(terminal_table(_timescales_in_words(full)))
            return 0
    _print_frame(frame, args.format,
                 extra={"as_of": f.as_of.isoformat(), "filters": f.chosen(), "notes": notes})
    return 0


def _timescales_in_words(summary: pd.DataFrame) -> pd.DataFrame:
    """The compliance summary for a reader: each rule by its label, and the median time taken
    with its unit (working days, or calendar days for rules counted in months)."""
    unit = summary["unit"].map({"working_days": "working days", "months": "calendar days"})
    median = [f"{m:g} {u}" if pd.notna(m) else None
              for m, u in zip(summary["median_elapsed"], unit, strict=True)]
    return pd.DataFrame({
        "timescale": summary["label"], "met": summary["met"], "missed": summary["missed"],
        "overdue": summary["overdue"], "pending": summary["pending"],
        "compliance_pct": summary["compliance_pct"], "median taken": median,
        "date not recorded": summary["not_recorded"],
        "origin": summary["origin"].where(summary["origin"] != "national", "national rule"),
    })


def cmd_themes(args: argparse.Namespace) -> int:
    con = _open(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, _today())
        frame = queries.theme_shares(db, f, args.source)[THEME_COLUMNS]
        # how many mentions map to no theme: a count, for everyone (their text is not shown)
        unmapped = int(queries.unmapped_mentions(db.aggregating(), f,
                                                 args.source)["mentions"].sum())
    finally:
        con.close()
    notes = queries.notes(queries.theme_shares, f, source=args.source)
    if args.format == "table":
        _heading(f"Theme prevalence in {args.source}", f, db.scope, notes)
    if args.format == "json":
        _print_frame(frame, "json", extra={"source": args.source, "unmapped": unmapped,
                                           "as_of": f.as_of.isoformat(), "filters": f.chosen(),
                                           "notes": notes})
        return 0
    _print_frame(frame, args.format, extra={})
    note = f"unmapped: {unmapped} theme mentions match no theme in the vocabulary"
    print(note, file=sys.stderr if args.format == "csv" else sys.stdout)
    return 0


def cmd_figure(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        print(queries.declarations_markdown(), end="")
        return 0
    declaration = queries.REGISTRY[args.name]
    accepted = set(inspect.signature(declaration.function).parameters) - {"con", "f"}
    given = {"by": args.by, "source": args.source, "theme": args.drill_theme}
    extra = {key: value for key, value in given.items() if value is not None}
    if set(extra) - accepted:
        flags = ", ".join(f"--{'drill-theme' if k == 'theme' else k}" for k in set(extra) - accepted)
        raise CommandError(f"{args.name} does not take {flags}.")
    if "theme" in accepted and "theme" not in extra:
        raise CommandError(f"{args.name} needs --drill-theme THEME.")
    groupings = [str(e["by"]) for e in declaration.examples if "by" in e]
    if args.by is not None and args.by not in groupings:
        raise CommandError(f"{args.name}: --by {args.by} is not one of its groupings: "
                           f"{', '.join(groupings)}.")
    con = _open(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, _today())
        frame = declaration.function(db, f, **extra)
    finally:
        con.close()
    notes = declaration.notes(f, **extra)
    if args.format == "table":
        _heading(declaration.summary, f, db.scope, notes)
    _print_frame(frame, args.format, extra={"figure": args.name, **extra,
                                            "as_of": f.as_of.isoformat(), "filters": f.chosen(),
                                            "notes": notes})
    return 0


def cmd_impact(args: argparse.Namespace) -> int:
    if args.cut_over is not None and args.theme is None:
        raise CommandError("--cut-over is for one theme: add --theme THEME.")
    con = _open(args, read_only=True)
    try:
        db = reader_from(args, con)
        f = filters_from(args, db, _today())
        if args.cut_over is not None and args.cut_over > f.as_of:
            raise CommandError(f"--cut-over {args.cut_over} is after the as-of date "
                               f"({f.as_of:%d/%m/%Y}): there is no after to compare yet.")
        frame = queries.theme_impact(db, f, args.cut_over)
        actions = queries.theme_actions(db, f) if f.theme else None
    finally:
        con.close()
    notes = queries.notes(queries.theme_impact, f)
    found = impact.findings(frame)
    overview = impact.overview(frame)
    said = [line for row in frame.itertuples() for line in impact.sentences(row)] \
        if f.theme else []
    if args.format == "json":
        _print_frame(found if f.theme else overview, "json", extra={
            "as_of": f.as_of.isoformat(), "filters": f.chosen(), "notes": notes,
            "cut_over": (None if frame.empty or pd.isna(frame["cut_over"].iloc[0])
                         else f"{frame['cut_over'].iloc[0]:%Y-%m-%d}") if f.theme else None,
            "sentences": said,
            "actions": json.loads(actions.to_json(orient="records")) if actions is not None
            else []})
        return 0
    if args.format == "csv":
        _print_frame(found if f.theme else overview, "csv", extra={})
        return 0
    _heading("Did our actions make a difference?", f, db.scope, notes)
    if not f.theme:
        print(terminal_table(overview))
        print("\nFor what followed a theme's actions, before and after: "
              "assurance impact --theme THEME")
        return 0
    for line in said:
        print(line)
    if not found.empty:
        print()
        print(terminal_table(impact.in_words(found).drop(columns=["theme"])))
    if actions is not None and not actions.empty:
        print(f"\nWhat the board did about {f.theme}, by financial year:")
        print(terminal_table(actions.drop(columns=["theme"])))
    return 0


def _problem_lines(problems: Sequence[Problem], kind: str = "",
                   headers: dict[str, str] | None = None,
                   likely: dict[str, str] | None = None) -> list[str]:
    """One line per thing to fix, root causes first, errors before warnings before notes; a
    value or header that a mapping could explain says how to map it once."""
    column_of = {header: column for column, header in (headers or {}).items()}
    lines = []
    for p in ordered(problems):
        where = p.where()
        lines.append(_printable(f"  {p.severity}: {where + ': ' if where else ''}{p.message}"))
        hint = _map_hint(p, kind, column_of, likely or {})
        if hint:
            lines.append(_printable(f"      {hint}"))
    return lines


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(line: str) -> str:
    """A line holding text from an extract, safe for a terminal: a control character (an
    escape sequence could rewrite the screen) is shown as its code."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


def _map_hint(p: Problem, kind: str, column_of: dict[str, str],
              likely: dict[str, str]) -> str | None:
    if not p.value or not kind:
        return None
    # every value from the file is quoted for the shell: pasting the command runs nothing else
    if p.rule == "wrong_data_set":
        return f"To check it as {p.value}: assurance load {shlex.quote(p.value)} FILE"
    if p.rule == "allowed_values" and p.column in column_of:
        return (f"If '{p.value}' always means one of them, say so once: assurance map {kind} "
                f"{column_of[p.column]} {shlex.quote(p.value + '=VALUE')} [--board NAME]")
    if p.rule == "unknown_column":
        return (f"If it holds one of the columns, say so once: assurance map {kind} header "
                f"{shlex.quote(p.value + '=COLUMN')} [--board NAME]")
    if p.rule == "unmapped_theme":
        return (f"If it means a theme, say so once: assurance map {kind} themes "
                f"{shlex.quote(p.value + '=THEME')} [--board NAME]")
    if p.rule == "likely_agency" and p.column in column_of and p.value in likely:
        return (f"If it is, say so once: assurance map {kind} {column_of[p.column]} "
                f"{shlex.quote(p.value + '=' + likely[p.value])} --board NAME")
    return None


def cmd_load(args: argparse.Namespace) -> int:
    from ingest import check_extract, preview, reject, start_importing_checks, store

    start_importing_checks()   # while the database opens and the file is read
    if not args.file.is_file():
        raise CommandError(f"There is no file at {args.file}. Check the path and try again.")
    as_of = args.as_of or _today()
    data = args.file.read_bytes()
    con = _open(args, create=True)
    try:
        checked = check_extract(con, args.kind, data, args.file.name, as_of,
                                scope=EVERY_BOARD, board=args.board,
                                board_type=args.board_type)
        del data                             # a large file's bytes are not wanted again
        errors, warnings = checked.errors, checked.warnings
        if errors:
            if not args.dry_run:
                reject(con, checked, _operator())
            if args.dry_run:
                print(f"Checked {args.file.name} ({args.kind}): {len(errors)} error(s), "
                      f"{len(warnings)} warning(s); it could not be loaded as it is (--dry-run). "
                      "Fix these first:")
            else:
                print(f"Rejected {args.file.name} ({args.kind}): {len(errors)} error(s), "
                      f"{len(warnings)} warning(s). Nothing was stored. Fix these and load the "
                      "file again:")
            print("\n".join(_problem_lines(checked.problems, checked.kind, checked.headers,
                                            checked.likely_agencies)))
            return 1
        if args.dry_run:
            changes = preview(con, checked)
            print(f"Checked {args.file.name} ({args.kind}, {checked.rows} rows, "
                  f"{checked.description}): no errors, {len(warnings)} warning(s). Storing it "
                  f"would add {changes.added}, replace {changes.replaced} and leave "
                  f"{changes.unchanged} unchanged. Nothing was stored (--dry-run).")
        else:
            print(f"Storing {checked.rows:,} records...", flush=True)
            stored = store(con, checked, _operator())
            c = stored.changes
            print(f"Stored {args.file.name} ({args.kind}, {checked.rows} rows) as upload "
                  f"{stored.upload_id}: {c.added} added, {c.replaced} replaced, "
                  f"{c.unchanged} unchanged.")
            if stored.first_stored:
                first_id, when = stored.first_stored
                print(f"This file was first stored on {when:%Y-%m-%d %H:%M} UTC "
                      f"(upload {first_id})"
                      + ("; nothing changed." if not (c.added or c.replaced) else "."))
        if warnings or checked.notes:
            print(f"{len(warnings)} warning(s)" + (" and the mappings applied" if checked.notes
                                                  else "")
                  + (", stored with the upload:" if not args.dry_run else ":"))
            print("\n".join(_problem_lines([*warnings, *checked.notes], checked.kind,
                                            checked.headers, checked.likely_agencies)))
        return 0
    finally:
        con.close()


def cmd_init(args: argparse.Namespace) -> int:
    setting = _lake(args)
    if setting is not None:                # one transaction; DuckLake keeps every snapshot
        con = open_lake(setting)
        try:
            lake_report = init_schema(con)
        except SchemaError as error:
            raise CommandError(f"{setting.where}: {error}") from None
        finally:
            con.close()
        names = ", ".join(str(m.version) for m in lake_report.applied)
        print((f"Applied migration(s) {names}. " if names else "")
              + f"Schema ready in {setting.where} (schema {LATEST}).")
        return 0
    path = database_path(getattr(args, "db", None))
    try:
        report = upgrade_file(path, _connect)
    except SchemaError as error:
        raise CommandError(f"{path}: {error}") from None
    if report.backup:
        print(f"Backed up {path} (schema {report.before}) to {report.backup}.")
    if report.applied:
        names = ", ".join(f"{m.version} ({m.name.replace('_', ' ')})" for m in report.applied)
        print(f"Applied migration(s) {names}.")
    if report.rebuilt and not report.applied:
        print("Rebuilt the views, macros and reference data from this release's files.")
    version = report.applied[-1].version if report.applied else report.before
    print(f"Schema ready in {path} (schema {version}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from assurance.demo import has_data, load_demo

    setting = _lake(args)
    path = setting.where if setting else database_path(getattr(args, "db", None))
    con = _open(args, create=True)
    try:
        if args.if_empty and has_data(con):
            print(f"{path} already holds records; demo data not loaded.")
            return 0
        if args.scale == "national":
            from assurance.national import generate as national

            frames = national(args.seed)
        else:
            from assurance.demo import generate

            frames = generate(args.seed)
        if args.csv:
            from assurance.national import write_csv

            write_csv(frames, args.csv)
            print(f"CSV extracts written to {args.csv}.")
        counts = load_demo(con, args.seed, frames)
    finally:
        con.close()
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(f"Demo data (seed {args.seed}) loaded into {path}: {summary}.")
    return 0


def _destination(out: Path | None, name: str, suffix: str) -> Path:
    """--out as given (with the right suffix); a folder, or no --out, gets the file named for
    board and year."""
    if out is None:
        return Path(name + suffix)
    if out.is_dir() or not out.suffix:
        return out / (name + suffix)
    return out.with_suffix(suffix)


def _at_snapshot(args: argparse.Namespace, con: duckdb.DuckDBPyConnection
                 ) -> duckdb.DuckDBPyConnection:
    """What an export reads: the data now, or with --snapshot N as it stood then (the shared
    store reads any snapshot; the embedded file only its last upload)."""
    asked = getattr(args, "snapshot", None)
    if asked is None:
        return con
    check_snapshot(con, asked)
    setting = _lake(args)
    return con if setting is None else open_lake(setting, snapshot=asked)


def cmd_chase(args: argparse.Namespace) -> int:
    from publishing import chase
    from publishing.tables import log_export

    if args.no_update_days < 1 or args.overdue_days < 0:
        raise CommandError("--no-update-days must be 1 or more, --overdue-days 0 or more.")
    if args.escalation and args.owner:
        raise CommandError("--escalation lists every owner: leave out --owner.")
    con = _open(args)
    pinned = con
    try:
        pinned = _at_snapshot(args, con)
        db = reader_from(args, pinned)
        f = filters_from(args, db, _today())
        suffix = "." + args.format
        files: list[tuple[Path, bytes]] = []
        if args.escalation:
            rows = chase.escalation_rows(db, f, args.overdue_days, args.no_update_days)
            content = (chase.escalation_docx(rows, f, db.scope, args.overdue_days)
                       if args.format == "docx" else chase.escalation_csv(rows))
            files.append((_destination(args.out, chase.escalation_name(f, db.scope), suffix),
                          content))
            what = "escalation"
        else:
            owners = chase.owners(db, f, args.no_update_days)
            if args.owner is not None and args.owner not in owners:
                listed = "; ".join(owners) or "none"
                raise CommandError(f"--owner {args.owner!r} has nothing to chase for these "
                                   f"filters. The owners with something to chase: {listed}.")
            for owner in [args.owner] if args.owner else owners:
                rows = chase.chase_rows(db, f, owner, args.no_update_days)
                content = (chase.letter_docx(rows, owner, f, db.scope, args.no_update_days)
                           if args.format == "docx" else chase.letter_csv(rows))
                name = chase.letter_name(f, db.scope, owner)
                out = (_destination(args.out, name, suffix) if args.owner
                       else (args.out or Path(".")) / (name + suffix))
                files.append((out, content))
            what = "chase"
        for path, content in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            log_export(con, what=what, fmt=args.format, f=f, scope=db.scope, threshold=0,
                       destination=str(path),
                       exported_by=f"{_operator()}" + (f" as {args.as_person}"
                                                       if args.as_person else ""))
    finally:
        if pinned is not con:
            pinned.close()
        con.close()
    if not files:
        print(f"Nothing to chase ({db.scope.describe(f)}): no open recommendation is overdue, off track "
              f"or without an update for more than {args.no_update_days} days.")
        return 0
    where = files[0][0] if len(files) == 1 else files[0][0].parent
    print(f"Wrote {len(files)} file(s) to {where} ({db.scope.describe(f)}; record-level: for the "
          "board's business, not for publication).")
    return 0


def _digest_scope(con: duckdb.DuckDBPyConnection, email: str, roles: Path | None) -> Scope:
    """A person's boards and record rule for their digest: from the access file; in local mode
    (no sign-in and no access file) every board, with counts and links only (nobody's role is
    known there, so no record leaves by mail). Any doubt is a refusal."""
    from data_models.access import (
        EVERY_BOARD_COUNTS,
        AccessError,
        access_file,
        boards_held,
        checked_access,
        scope_of,
        sign_in_settings,
        valid_email,
    )

    try:
        address = valid_email(email)
        path = roles or access_file()
        if roles is None and sign_in_settings() is None and not path.exists():
            return EVERY_BOARD_COUNTS
        if not path.exists():
            raise CommandError(f"--roles {path}: there is no such file.")
        scope = scope_of(checked_access(boards_held(con), path), address)
    except AccessError as error:
        raise CommandError(str(error)) from None
    if scope.nothing:
        raise CommandError(f"{address} has no role or no board in {path}, so they receive no "
                           "digest.")
    return scope


def cmd_digest(args: argparse.Namespace) -> int:
    from data_models import digests
    from publishing.digest import build_digest, message, text_part
    from publishing.mail import MailError, mail_settings, send

    day = args.as_of or _today()
    refused = 0
    if (args.add or args.remove) and not args.board:
        raise CommandError("--add and --remove are for one board: add --board NAME.")
    con = _open(args)
    try:
        operator = Reader(con, EVERY_BOARD)      # the operator's command line: every board
        if args.list:
            print(terminal_table(digests.recipients(operator)))
            print("\nDigests sent (latest first):")
            print(terminal_table(digests.sent(operator, limit=20)))
            return 0
        if args.add or args.remove:
            if args.board not in boards_held(con):
                raise CommandError(f"--board {args.board!r}: the data holds no such board.")
            if args.add:
                try:
                    email = digests.add_recipient(con, args.board, args.add, args.frequency,
                                                  _operator())
                except (digests.DigestError, ConfigError) as error:
                    raise CommandError(str(error)) from None
                print(f"{email} will receive {args.board}'s digest "
                      f"{digests.FREQUENCIES[args.frequency]}.")
            elif digests.remove_recipient(con, args.board, args.remove):
                print(f"{args.remove} will no longer receive {args.board}'s digest.")
            else:
                raise CommandError(f"{args.remove} does not receive {args.board}'s digest.")
            return 0
        if args.to:
            scope = _digest_scope(con, args.to, args.roles)
            if args.board:
                if not scope.allows_board(args.board):
                    raise CommandError(f"--board {args.board!r} is not one of {args.to}'s "
                                       "boards.")
                scope = narrowed(scope, [args.board])
            people = [(args.to.strip().lower(), scope)]
        else:
            people = []
            due = digests.due_on(operator, day)
            for email, boards in due.items():
                try:
                    scope = narrowed(_digest_scope(con, email, args.roles), boards)
                except CommandError as error:
                    refused += 1
                    print(f"Not sent: {error}", file=sys.stderr)
                    continue
                if scope.nothing:
                    refused += 1
                    print(f"Not sent: none of the boards {email} receives a digest for "
                          f"({', '.join(boards)}) is theirs in the access file.",
                          file=sys.stderr)
                    continue
                people.append((email, scope))
            if not due:
                print(f"No digest is due on {day:%d/%m/%Y} ({day:%A}).")
                return 0
        try:
            settings = mail_settings(need_server=not args.dry_run)
        except MailError as error:
            if not args.dry_run:
                raise CommandError(str(error)) from None
            settings = None
        base = settings.base_url if settings else "<ASSURANCE_BASE_URL>"
        failed = 0
        for email, scope in people:
            already = digests.sent_on(con, email, day)
            if already is not None and not args.dry_run:
                print(f"Not sent: {email} had their digest for {day:%d/%m/%Y} at "
                      f"{already:%H:%M} UTC; one a day.", file=sys.stderr)
                continue
            digest = build_digest(Reader(con, scope), email, day)
            if args.dry_run:
                print(f"To: {email}\nSubject: {digest.subject}\n")
                print(_printable(text_part(digest, base)))
                continue
            assert settings is not None
            try:
                send(settings, message(digest, base, settings.sender))
            except MailError as error:
                failed += 1
                print(f"Not sent to {email}: {error}", file=sys.stderr)
                continue
            digests.log_sent(con, email, day, scope.board_names or ("all",), day,
                             digest.subject)
            print(f"Sent {email} their digest for {digest.whose} "
                  f"({sum(f.count for f in digest.figures)} things).")
    finally:
        con.close()
    if refused:
        print(f"{refused} digest(s) due were not sent: see above.", file=sys.stderr)
    return 2 if failed or refused else 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.export == "chase":
        return cmd_chase(args)
    from publishing.csv_files import write_csv_folder
    from publishing.disclosure import load_policy
    from publishing.pack import annual_report_pack
    from publishing.report_docx import annual_report_docx
    from publishing.tables import build_tables, export_name, log_export
    from publishing.workbook import workbook_bytes

    if args.threshold < 2:
        raise CommandError("--threshold must be 2 or more")
    con = _open(args)
    pinned = con
    try:
        pinned = _at_snapshot(args, con)
        db = reader_from(args, pinned)
        f = filters_from(args, db, _today())
        require_records(db, f)
        content: bytes | None
        template = getattr(args, "template", None)
        if template is not None and (args.export != "report" or args.format != "docx"):
            raise CommandError("--template fills a Word template: use it with --format docx.")
        if template is not None and not template.is_file():
            raise CommandError(f"There is no template at {template}. Check the path.")
        if args.export == "report" and args.format == "docx":
            out = _destination(args.out, export_name(f, "annual-report"), ".docx")
            if template is not None:
                from publishing.template import TemplateError, annual_report_in_template

                try:
                    content = annual_report_in_template(db, f, args.threshold,
                                                        template.read_bytes())
                except TemplateError as error:
                    raise CommandError(f"{template.name}: {error}") from None
            else:
                content = annual_report_docx(db, f, args.threshold)
            what, fmt = "report", "docx"
        elif args.export == "report" and args.format == "pdf":
            from publishing.pdf import NoBrowser, html_to_pdf

            out = _destination(args.out, export_name(f, "annual-report"), ".pdf")
            try:
                content = html_to_pdf(annual_report_pack(db, f, args.threshold))
            except NoBrowser as error:
                raise CommandError(str(error)) from None
            what, fmt = "report", "pdf"
        elif args.export in ("report", "pack"):
            out = _destination(args.out, export_name(f, "annual-report"), ".html")
            content = annual_report_pack(db, f, args.threshold).encode("utf-8")
            what, fmt = args.export, "html"
        else:
            tables, notes_frame = build_tables(db, f, args.threshold, records=args.records)
            what, fmt = ("records" if args.records else "tables"), args.format
            name = export_name(f, "records" if args.records else "tables")
            if args.format == "xlsx":
                out = _destination(args.out, name, ".xlsx")
                content = workbook_bytes(tables, notes_frame)
            else:
                out = args.out if args.out is not None else Path(name)   # a folder of files
                content = None
        out.parent.mkdir(parents=True, exist_ok=True)
        if content is not None:
            out.write_bytes(content)
            written = [out]
        else:
            written = write_csv_folder(tables, notes_frame, out)
        log_export(con, what=what, fmt=fmt, f=f, scope=db.scope, threshold=args.threshold,
                   destination=str(out),
                   exported_by=f"{_operator()}" + (f" as {args.as_person}" if args.as_person
                                                   else ""))
    finally:
        if pinned is not con:
            pinned.close()
        con.close()
    print(f"Wrote {len(written)} file(s) to {out} ({db.scope.describe(f)}; counts from 1 to "
          f"{args.threshold - 1} shown as 'c' in figures about people's cases; the board's own "
          f"process published as it is, as {load_policy().path.name} says).")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from data_models.local_rules import import_local_rules
    from data_models.rules_admin import rules_and_aliases

    if args.rules == "import":
        if not args.file.is_file():
            raise CommandError(f"There is no file at {args.file}. Check the path and try again.")
        con = _open(args)
        try:
            done = import_local_rules(con, args.file, board=args.board,
                                      imported_by=_operator())
        finally:
            con.close()
        who = f"for {done.board}" if done.board else "for every board"
        print(f"Imported {args.file.name} {who}: {len(done.rules)} rule(s)"
              + (f" ({', '.join(done.rules)})" if done.rules else "")
              + f", {len(done.aliases)} alias(es)"
              + (" (" + "; ".join(f"{t} = {th}" for t, th in done.aliases) + ")"
                 if done.aliases else "")
              + ". They are measured from now on; 'assurance rules list' shows them.")
        return 0
    con = _open(args, read_only=True)
    try:
        rules, aliases = rules_and_aliases(Reader(con, EVERY_BOARD))
    finally:
        con.close()
    print("Timescale rules measured:")
    _print_frame(rules, "table", extra={})
    print("\nTheme aliases imported by boards:")
    _print_frame(aliases, "table", extra={})
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from ingest import Mapping, MappingError, add_mappings, mapping_list, parse_pair, remove_mapping

    try:
        if args.list:
            con = _open(args, read_only=True)
            try:
                kept = mapping_list(Reader(con, EVERY_BOARD))
            finally:
                con.close()
            if kept.empty:
                print("No mappings are kept. Add one with: assurance map KIND COLUMN \"FROM=TO\".")
            else:
                _print_frame(kept, "table", extra={})
            return 0
        if args.remove is not None:
            con = _open(args)
            try:
                gone = remove_mapping(con, args.remove, EVERY_BOARD)
            finally:
                con.close()
            print(f"Removed mapping {args.remove}: {gone.describe().split(' (')[0]}. Records "
                  "already stored keep their values; later extracts are read without it.")
            return 0
        if not (args.kind and args.column and args.pairs):
            raise CommandError("map needs KIND COLUMN \"FROM=TO\" (for example: assurance map "
                               "recommendations status \"Green=in_progress\"), or --list, or "
                               "--remove ID.")
        wanted = [Mapping(args.kind, args.column, *parse_pair(pair), board=args.board)
                  for pair in args.pairs]
        con = _open(args)
        try:
            stored = add_mappings(con, wanted, created_by=_operator())
        finally:
            con.close()
    except MappingError as error:
        raise CommandError(f"map: {error}") from None
    for m in stored:
        print(f"Mapping {m.mapping_id}: in {m.kind} extracts, {m.describe().split(' (')[0]} "
              f"({'for ' + m.board if m.board else 'for every board'}).")
    print("Later extracts are read with them without asking; 'assurance map --list' lists them.")
    return 0


def cmd_privacy_scan(args: argparse.Namespace) -> int:
    from ingest import act_on_stored, scan_stored

    acting = args.redact or args.delete
    con = _open(args, read_only=not acting)
    try:
        found = scan_stored(con, EVERY_BOARD)
        if found.empty:
            print("No stored record holds anything that looks like personal data.")
            return 0
        records = len(found[["data_set", "board", "record_id"]].drop_duplicates())
        print(f"{len(found):,} stored cell(s) in {records:,} record(s) look like personal data "
              "(the values are not shown):")
        print(terminal_table(found.drop(columns="kind").rename(columns={"what": "looks like"})))
        if not acting:
            print("To remove it: assurance privacy-scan --redact (replace each cell) or "
                  "--delete (remove each record); either is one transaction, recorded.")
            return 0
        done = act_on_stored(con, "redact" if args.redact else "delete", found, _operator())
    finally:
        con.close()
    print(f"{'Redacted' if args.redact else 'Deleted'}: {done.cells:,} cell(s) in "
          f"{done.records:,} record(s), recorded in privacy_actions.")
    return 0


def cmd_tidy_store(args: argparse.Namespace) -> int:
    from data_models.lake import MIN_ORPHAN_HOURS, orphaned_files

    setting = _lake(args)
    if setting is None:
        raise CommandError("tidy-store is for the shared store (ASSURANCE_STORE): the embedded "
                           "file keeps no separate data files.")
    if not MIN_ORPHAN_HOURS <= args.older_than_hours <= 24 * 365:
        raise CommandError(f"--older-than-hours must be from {MIN_ORPHAN_HOURS:g} to 8760: a "
                           "younger file may be a store another instance is writing now.")
    con = _open(args)
    try:
        files = orphaned_files(con, setting, args.older_than_hours, delete=not args.dry_run)
    finally:
        con.close()
    size = sum(bytes_ for _, bytes_ in files) / 1_000_000
    if args.dry_run:
        for path, _ in files:
            print(path)
        print(f"{len(files)} data file(s), {size:,.1f} MB, are named by no snapshot and older "
              f"than {args.older_than_hours:g} hours; nothing was deleted (--dry-run).")
    else:
        print(f"Deleted {len(files)} data file(s), {size:,.1f} MB, named by no snapshot and "
              f"older than {args.older_than_hours:g} hours. Every snapshot is still readable.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from assurance.serve import serve

    setting = _lake(args)
    boards: list[str] = []
    if setting is not None:
        con = _open(args, read_only=True)     # a store this release cannot read: said here
        try:
            boards = boards_held(con)
        finally:
            con.close()
        # the served app reads the store from its environment, as every instance does
        os.environ["ASSURANCE_STORE"] = setting.catalog
        os.environ["ASSURANCE_DATA_PATH"] = setting.data_path
        return serve(None, port=args.port, address=args.address, known_boards=boards,
                     where=setting.where)
    path = database_path(getattr(args, "db", None))
    if path.exists():
        con = _open(args, read_only=True)  # a file this release cannot read: said once, here
        try:
            boards = boards_held(con)
        finally:
            con.close()
    return serve(path, port=args.port, address=args.address, known_boards=boards)


COMMANDS = {
    "init": cmd_init, "demo": cmd_demo, "load": cmd_load, "timescales": cmd_timescales,
    "themes": cmd_themes, "figure": cmd_figure,
    "rules": cmd_rules, "export": cmd_export, "impact": cmd_impact,
    "digest": cmd_digest, "map": cmd_map,
    "privacy-scan": cmd_privacy_scan, "tidy-store": cmd_tidy_store, "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)   # the database, its log and backups, and exports: readable by this user only
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (CommandError, BadFilter, ConfigError) as error:
        print(f"assurance: {error}", file=sys.stderr)
        return 2
    except RecordsRefused as error:   # the record rule, held where the query runs
        who = getattr(args, "as_person", None)
        print(f"assurance: {f'--as {who}: ' if who else ''}{error}", file=sys.stderr)
        return 2
    except SchemaError as error:
        path = database_path(getattr(args, "db", None))
        print(f"assurance: {path}: {error}", file=sys.stderr)
        return 2
    except duckdb.Error as error:
        if is_conflict(error):
            print("assurance: another instance wrote to the shared store at the same moment, so "
                  "nothing of this command was kept. Run it again.", file=sys.stderr)
            return 2
        print(f"assurance: the database reported an error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:          # the reader (| head) stopped reading: not a fault
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more is written
        return 0
    except KeyboardInterrupt:
        print("assurance: stopped; nothing half-done was kept (every store is one "
              "transaction).", file=sys.stderr)
        return 2
    except Exception as error:       # the last resort: one line, never a traceback
        if os.environ.get("ASSURANCE_DEBUG"):
            raise
        print(f"assurance: {args.command} failed: {type(error).__name__}: {error}. This is a "
              "fault in the product, not in your data: please report it (set ASSURANCE_DEBUG=1 "
              "to see the details).", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
