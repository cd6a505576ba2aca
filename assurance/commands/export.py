"""`assurance export report | pack | tables`: the annual report (Word, HTML, PDF or the board's
own Word template) and the summary tables (CSV files or a workbook), safe to publish, each
logged; `export chase` is in `chase`.

Six outputs, one function each, chosen from `OUTPUTS` by what was asked and its format."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assurance.commands import chase
from assurance.commands.common import CommandError, Commands, destination, exported_by, today
from assurance.commands.opening import exporting
from assurance.filter_args import add_filter_arguments, filters_from, require_records
from data_models.filters import Filters
from data_models.scope import Reader
from data_models.settings import SUPPRESSION_THRESHOLD as DEFAULT_THRESHOLD

WHAT = {"report": "the annual report as a Word document, one HTML file or a PDF",
        "pack": "the annual report as one HTML file (as report --format html)",
        "tables": "summary tables as CSV files or an Excel workbook"}
OUT = {"report": "a .docx, .html or .pdf file, or a folder",
       "pack": "a .html file or a folder",
       "tables": "a folder (csv) or an .xlsx file or folder"}


def add_to(commands: Commands, options: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("export", parents=[options],
                                 help="the annual report or tables, safe to publish")
    exports = parser.add_subparsers(dest="export", required=True, metavar="WHAT")
    for name, text in WHAT.items():
        sub = exports.add_parser(name, parents=[options], help=text)
        add_filter_arguments(sub, period_required=True)
        sub.add_argument("--snapshot", type=int, default=None, metavar="N",
                         help="make it from the data as it stood at snapshot N, as an earlier "
                              "export states it (the embedded file: its last upload only)")
        sub.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD,
                         help=f"in figures about people's cases (the disclosure policy), counts "
                              f"from 1 to THRESHOLD-1 are shown as 'c' "
                              f"(default {DEFAULT_THRESHOLD})")
        sub.add_argument("--out", type=Path, default=None,
                         help=OUT[name] + "; default: the current folder, the file named for "
                                          "board and year")
        if name in ("report", "pack"):
            sub.add_argument("--edition", choices=("publication", "board"),  # report.EDITIONS
                             default="publication",
                             help="publication (the default): safe to publish, names no review "
                                  "or recommendation; board: adds the lists of reviews and "
                                  "recommendations, marked not for publication (for people "
                                  "allowed records)")
        if name == "report":
            sub.add_argument("--format", choices=("docx", "html", "pdf"), required=True)
            sub.add_argument("--template", type=Path, default=None, metavar="FILE.docx",
                             help="the board's own Word template, its placeholders filled "
                                  "(--format docx; see the README for the placeholders)")
        if name == "tables":
            sub.add_argument("--format", choices=("csv", "xlsx"), required=True)
            sub.add_argument("--records", action="store_true",
                             help="add the filtered records (not suppressed: not for publication)")
        sub.set_defaults(run=run)
    chase.add_to(exports, options)


@dataclass(frozen=True)
class Written:
    """An export written: what and in which format (as the export log names them), where
    (the file, or the folder of CSV files) and the files."""

    what: str
    fmt: str
    out: Path
    files: list[Path]


def run(args: argparse.Namespace) -> int:
    from publishing.disclosure import load_policy
    from publishing.tables import log_export

    if args.threshold < 2:
        raise CommandError("--threshold must be 2 or more")
    with exporting(args) as (con, db):
        f = filters_from(args, db, today())
        _check_edition(args, db)
        require_records(db, f)
        _check_template(args)
        written = OUTPUTS[_output(args)](args, db, f)
        log_export(con, what=written.what, fmt=written.fmt, f=f, scope=db.scope,
                   threshold=args.threshold, destination=str(written.out),
                   exported_by=exported_by(args))
    files = len(written.files)
    edition = (f"the {args.edition} edition; " if args.export in ("report", "pack") else "")
    print(f"Wrote {files} file{'' if files == 1 else 's'} to {written.out} ({edition}"
          f"{db.scope.describe(f)}; counts "
          f"from 1 to {args.threshold - 1} shown as 'c' in figures about people's cases; the "
          f"board's own process published as it is, as {load_policy().path.name} says).")
    return 0


def _output(args: argparse.Namespace) -> str:
    """Which of `OUTPUTS` the arguments ask for."""
    return "pack" if args.export == "pack" else f"{args.export} {args.format}"


def _check_edition(args: argparse.Namespace, db: Reader) -> None:
    """The board edition only for people allowed records, and not in a board's template."""
    from publishing.report import BOARD_ONLY

    if getattr(args, "edition", "publication") != "board":
        return
    if not db.scope.records:
        raise CommandError(BOARD_ONLY)
    if getattr(args, "template", None) is not None:
        raise CommandError("A board's template makes the publication edition: leave out "
                           "--edition board, or make the board edition without --template.")


def _check_template(args: argparse.Namespace) -> None:
    template = getattr(args, "template", None)
    if template is not None and (args.export != "report" or args.format != "docx"):
        raise CommandError("--template fills a Word template: use it with --format docx.")
    if template is not None and not template.is_file():
        raise CommandError(f"There is no template at {template}. Check the path.")


def _report_name(args: argparse.Namespace, f: Filters) -> str:
    """The report's file name: the board edition's says so."""
    from publishing.tables import export_name

    return export_name(f, "annual-report" + ("-board-edition" if args.edition == "board"
                                             else ""))


def _write(out: Path, content: bytes) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    return [out]


def _report_what(args: argparse.Namespace) -> str:
    """What the export log records: the report, and which edition where it is not the one to
    publish."""
    return "report (board edition)" if args.edition == "board" else "report"


def _report_docx(args: argparse.Namespace, db: Reader, f: Filters) -> Written:
    """The annual report as a Word document, or in the board's own template (--template)."""
    from publishing.report_docx import annual_report_docx

    out = destination(args.out, _report_name(args, f), ".docx")
    if args.template is None:
        content = annual_report_docx(db, f, args.threshold, args.edition)
    else:
        from publishing.template import TemplateError, annual_report_in_template

        try:
            content = annual_report_in_template(db, f, args.threshold,
                                                args.template.read_bytes())
        except TemplateError as error:
            raise CommandError(f"{args.template.name}: {error}") from None
    return Written(_report_what(args), "docx", out, _write(out, content))


def _report_pdf(args: argparse.Namespace, db: Reader, f: Filters) -> Written:
    """The annual report's HTML printed to PDF by the chart browser."""
    from publishing.pack import annual_report_pack
    from publishing.pdf import NoBrowser, html_to_pdf

    out = destination(args.out, _report_name(args, f), ".pdf")
    try:
        content = html_to_pdf(annual_report_pack(db, f, args.threshold, args.edition, "pdf"))
    except NoBrowser as error:
        raise CommandError(str(error)) from None
    return Written(_report_what(args), "pdf", out, _write(out, content))


def _report_html(args: argparse.Namespace, db: Reader, f: Filters) -> Written:
    """The annual report as one HTML file (`export report --format html` and `export pack`)."""
    from publishing.pack import annual_report_pack

    out = destination(args.out, _report_name(args, f), ".html")
    content = annual_report_pack(db, f, args.threshold, args.edition).encode("utf-8")
    return Written(_report_what(args) if args.export == "report" else args.export, "html", out,
                   _write(out, content))


def _tables_xlsx(args: argparse.Namespace, db: Reader, f: Filters) -> Written:
    """The summary tables (and with --records the records) as one workbook."""
    from publishing.tables import build_tables, export_name
    from publishing.workbook import workbook_bytes

    tables, notes_frame = build_tables(db, f, args.threshold, records=args.records)
    out = destination(args.out, export_name(f, _tables_what(args)), ".xlsx")
    return Written(_tables_what(args), "xlsx", out,
                   _write(out, workbook_bytes(tables, notes_frame)))


def _tables_csv(args: argparse.Namespace, db: Reader, f: Filters) -> Written:
    """The summary tables (and with --records the records) as a folder of CSV files."""
    from publishing.csv_files import write_csv_folder
    from publishing.tables import build_tables, export_name

    tables, notes_frame = build_tables(db, f, args.threshold, records=args.records)
    out = args.out if args.out is not None else Path(export_name(f, _tables_what(args)))
    out.parent.mkdir(parents=True, exist_ok=True)
    return Written(_tables_what(args), "csv", out, write_csv_folder(tables, notes_frame, out))


def _tables_what(args: argparse.Namespace) -> str:
    return "records" if args.records else "tables"


OUTPUTS: dict[str, Callable[[argparse.Namespace, Reader, Filters], Written]] = {
    "report docx": _report_docx, "report pdf": _report_pdf, "report html": _report_html,
    "pack": _report_html, "tables xlsx": _tables_xlsx, "tables csv": _tables_csv,
}
