"""The full walk, over a few generated data sets: every page of the dashboard in AppTest, and
every document for the boards and years present: the annual report in Word, HTML and PDF and
in a board's own template, chase letters and the escalation list, the digest's dry run and
what followed each theme's actions. For every example: no fault and no traceback anywhere; each
page shows what the command line prints; the report's tables are the exported tables (a count
hidden in one is hidden in the other) in every format; every percentage shown is the one its
counts give, rounded once; and no hidden count can be worked out from a total the report
gives beside it."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from data_models.labels import value_labels
from tests.property.conftest import ROWS, WALK, examples
from tests.property.properties import (
    Finding,
    new,
    report_findings,
    report_sentence_findings,
    shown_percent,
)
from tests.property.strategies import ROUNDING_TIES, THE_ISSUES_TBC, DataSet, data_sets
from tests.property.walk import (
    BOARD_PAGES,
    DATA_PAGES,
    choices,
    command,
    csv_tables,
    docx_tables,
    drawn,
    environment,
    figures,
    flags,
    html_tables,
    html_text,
    page,
    pdf_text,
    policies,
    policy_file,
    ran,
    stored,
)

THRESHOLD = 5
_NUMBER = r"([\d,]+)"


def _int(text: str) -> int:
    return int(text.replace(",", ""))


# -- pages -------------------------------------------------------------------------------------

def _params(chosen: Mapping[str, str], as_of: dt.date) -> dict[str, str]:
    """The sidebar's filters as a link's query string (a quarter as Q1 to Q4)."""
    params = {k: v for k, v in chosen.items() if k != "quarter"}
    if "quarter" in chosen:
        params["quarter"] = chosen["quarter"][-2:]
    return {**params, "as_of": as_of.isoformat()}


def _tiles(app: Any) -> list[tuple[str, str, str]]:
    """Each headline tile: its title, its value and the caption beneath it."""
    out = []

    def visit(node: Any) -> None:
        children = getattr(node, "children", None)
        items = list(children.values()) if isinstance(children, dict) else list(children or [])
        for i, child in enumerate(items):
            if type(child).__name__ == "Metric":
                after = items[i + 1] if i + 1 < len(items) else None
                caption = str(getattr(after, "value", "")) \
                    if type(after).__name__ == "Caption" else ""
                out.append((str(child.label), str(child.value), caption.replace("\\", "")))
            else:
                visit(child)

    visit(app.main)
    return out


def _tile_findings(name: str, app: Any, chosen: Mapping[str, str]) -> list[Finding]:
    """A tile's percentage is the one the counts beneath it give, rounded once; a tile on a
    base below the threshold shows the counts."""
    found = []
    for title, value, caption in _tiles(app):
        counts = re.match(rf"^{_NUMBER} of {_NUMBER}\b", caption)
        if counts is None or not value.endswith("%"):
            continue
        part, whole = _int(counts.group(1)), _int(counts.group(2))
        if whole and value != shown_percent(part, whole):
            found.append(Finding("percentage", f"page {name} tile '{title.split(' · ')[0]}'",
                                 f"with {dict(chosen)}: {value} for {part} of {whole}; rounded "
                                 f"once, halves up, it is {shown_percent(part, whole)}",
                                 value, part, whole))
        if 0 < whole < THRESHOLD:
            found.append(Finding("percentage", f"page {name} tile '{title.split(' · ')[0]}'",
                                 f"with {dict(chosen)}: a rate on {whole}, below {THRESHOLD}"))
    return found


def _cli(db: Path, as_of: dt.date, chosen: Mapping[str, str], *args: str) -> list[dict[str, Any]]:
    said = ran(db, *args, *flags(chosen), "--as-of", as_of.isoformat(), "--format", "json")
    return said.json()["records"] if said is not None else []


def page_findings(db: Path, as_of: dt.date, chosen: Mapping[str, str]) -> list[Finding]:
    """Every page, run with these filters: no error, and the figures each shows are the
    command line's."""
    found: list[Finding] = []
    params = _params(chosen, as_of)
    where = f"with {dict(chosen)}"
    for name in (*BOARD_PAGES, *DATA_PAGES):
        app = page(db, name, params)
        if app is None:
            continue
        found += _tile_findings(name, app, chosen)
        captions = [str(c.value).replace("\\", "") for c in app.caption]
        metrics = {str(m.label): str(m.value) for m in app.metric}
        if name == "overview":
            tiles = {(r["met"], r["counted"], r["missed"], r["overdue"], r["pending"])
                     for r in _cli(db, as_of, chosen, "figure", "timescale_tiles")}
            for caption in captions:
                shown = re.match(rf"^{_NUMBER} of {_NUMBER} met · {_NUMBER} missed · "
                                 rf"{_NUMBER} overdue · {_NUMBER} pending", caption)
                if shown and tuple(_int(g) for g in shown.groups()) not in tiles:
                    found.append(Finding("agrees", "page overview timescale tile",
                                         f"{where}: '{caption}', the command line has {tiles}"))
            heads = {(r["audits_good_or_better"], r["audits"])
                     for r in _cli(db, as_of, chosen, "figure", "headline_indicators")}
            for caption in captions:
                shown = re.match(rf"^{_NUMBER} of {_NUMBER} audits$", caption)
                if shown and (_int(shown.group(1)), _int(shown.group(2))) not in heads:
                    found.append(Finding("agrees", "page overview audits tile",
                                         f"{where}: '{caption}', the command line has {heads}"))
        elif name == "timescales" and app.selectbox:
            measure = app.selectbox(key="measure").value
            rows = [r for r in _cli(db, as_of, chosen, "figure", "timescale_compliance",
                                    "--by", "measure") if r["measure"] == measure]
            headline = next((str(m.value).replace("\\", "") for m in app.markdown
                             if str(m.value).startswith("**")), "")
            said = f"**{rows[0]['met']} of {rows[0]['counted']}" if rows else ""
            if rows and rows[0]["counted"] and not headline.startswith(said):
                found.append(Finding("agrees", "page timescales headline",
                                     f"{where}: '{headline[:80]}', the command line has "
                                     f"{rows[0]['met']} of {rows[0]['counted']}"))
        elif name == "themes":
            shares = _cli(db, as_of, chosen, "themes")
            table = next((d.value for d in app.dataframe
                          if "Items with the theme" in d.value.columns), None)
            if table is not None and table["Items with the theme"].tolist() != [
                    r["items_with_theme"] for r in shares]:
                found.append(Finding("agrees", "page themes table",
                                     f"{where}: {table['Items with the theme'].tolist()}, the "
                                     f"command line has {[r['items_with_theme'] for r in shares]}"))
        elif name == "recommendations" and "Overdue" in metrics:
            owners = _cli(db, as_of, chosen, "figure", "recommendation_status")
            overdue = sum(int(r["overdue"]) for r in owners)
            still = sum(int(r["not_started"]) + int(r["in_progress"]) for r in owners)
            if metrics["Overdue"] != f"{overdue:,}" or metrics["Open"] != f"{still:,}":
                found.append(Finding("agrees", "page recommendations tiles",
                                     f"{where}: open {metrics['Open']}, overdue "
                                     f"{metrics['Overdue']}; the command line has {still} open, "
                                     f"{overdue} overdue"))
        elif name == "audits":
            rows = _cli(db, as_of, chosen, "figure", "audit_grades", "--by", "all")
            if rows and rows[0]["total"]:
                good = rows[0]["outstanding"] + rows[0]["good"]
                if not any(c.startswith(f"{good} of {rows[0]['total']} audits")
                           for c in captions):
                    found.append(Finding("agrees", "page audits caption",
                                         f"{where}: no caption '{good} of {rows[0]['total']} "
                                         "audits'"))
        elif name == "training" and "Booked" in metrics:
            uptake = _cli(db, as_of, chosen, "figure", "training_uptake")
            booked = sum(int(r["bookings"]) for r in uptake if r["grouped_by"] == "all")
            parts = next((c for t, _, c in _tiles(app) if t == "Booked"), "")
            split = [_int(n) for n in re.findall(_NUMBER, parts)]
            if metrics["Booked"] != f"{booked:,}" or sum(split) != booked:
                found.append(Finding("agrees", "page training tiles",
                                     f"{where}: booked {metrics['Booked']} ({parts}); the "
                                     f"command line has {booked}"))
    return found


# -- documents ---------------------------------------------------------------------------------

def _words(db: Path, as_of: dt.date, chosen: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The report's words for the exported tables' codes."""
    with figures(db, as_of) as figure_of:
        rules = figure_of("timescale_compliance", chosen, by="measure")
    short = {str(r.measure): str(r.short_label) if isinstance(r.short_label, str) else str(r.label)
             for r in rules.itertuples()}
    return {"measure": short, "board_type": value_labels("board_type"),
            "workforce": value_labels("workforce"), "review_type": value_labels("review_type")}


def _template(path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_heading("{{ title }}", level=1)
    document.add_paragraph("A board's own foreword, kept as written: {{ board }}, {{ year }}.")
    document.add_paragraph("{{p report }}")
    document.save(str(path))
    return path


def _squeezed(text: str) -> str:
    """Text as the PDF's and the HTML's can be compared: ligatures undone, no spaces or line
    breaks (the PDF breaks lines, and words at their hyphens, where the page ends them), and no
    pictographs (🙂, ✓: a machine without a font for them prints a glyph the PDF's text does
    not name)."""
    return "".join(ch for ch in "".join(unicodedata.normalize("NFKC", text).split())
                   if unicodedata.category(ch) not in ("So", "Cc", "Cs"))


def _in_order(cells: list[str], text: str, start: int) -> int | None:
    """Where the cells end, found one after another in `text` from `start`, or None."""
    at = start
    for cell in cells:
        found = text.find(_squeezed(cell), at)
        if found < 0:
            return None
        at = found + len(_squeezed(cell))
    return at


def document_findings(db: Path, as_of: dt.date, chosen: Mapping[str, str], folder: Path
                      ) -> list[Finding]:
    """The annual report in every format and a template, with the tables exported for the same
    filters: the same tables in each, each as the export has it."""
    found: list[Finding] = []
    year = chosen.get("quarter") or chosen["period"]
    base = [*flags(chosen), "--as-of", as_of.isoformat(), "--threshold", str(THRESHOLD)]
    said = command(db, "export", "tables", *base, "--format", "csv", "--out",
                   str(folder / "csv"))
    if said is None or said.code != 0:
        if said is not None and "nothing to export" not in said.err:
            found.append(Finding("agrees", "export tables", f"with {dict(chosen)}: {said.err}"))
        return found
    exported = csv_tables(folder / "csv")
    docx = ran(db, "export", "report", *base, "--format", "docx", "--out",
               str(folder / "report.docx"))
    page_html = ran(db, "export", "report", *base, "--format", "html", "--out",
                    str(folder / "report.html"))
    pdf = ran(db, "export", "report", *base, "--format", "pdf", "--out",
              str(folder / "report.pdf"))
    template = ran(db, "export", "report", *base, "--format", "docx", "--template",
                   str(_template(folder / "ours.docx")), "--out", str(folder / "filled.docx"))
    if page_html is None:
        return found
    where = "report"
    markup = (folder / "report.html").read_text(encoding="utf-8")
    tables = [(t.title, t.header, t.rows) for t in html_tables(markup)]
    found += [replace(f, detail=f"with {dict(chosen)}: {f.detail}") for f in
              report_findings(tables, exported, _words(db, as_of, chosen), year, where)
              + report_sentence_findings(tables, html_text(markup), year, where)]
    in_html = [[t.header, *t.rows] for t in html_tables(markup)]
    if docx is not None and docx_tables((folder / "report.docx").read_bytes()) != in_html:
        found.append(Finding("agrees", "report.docx", f"with {dict(chosen)}: its tables differ "
                                                      "from the HTML report's"))
    if template is not None:
        filled = docx_tables((folder / "filled.docx").read_bytes())
        if filled != in_html:
            found.append(Finding("agrees", "report in a template",
                                 f"with {dict(chosen)}: its tables differ from the HTML "
                                 "report's"))
    if pdf is not None:
        printed = _squeezed(pdf_text((folder / "report.pdf").read_bytes()))
        at = 0
        for title, header, rows in tables:
            ended = _in_order([title, *header, *(c for r in rows for c in r)], printed, at)
            if ended is None:
                found.append(Finding("agrees", "report.pdf",
                                     f"with {dict(chosen)}: the table '{title}' is not in the "
                                     "PDF as the HTML report has it"))
                break
            at = ended
    return found


def chase_findings(db: Path, as_of: dt.date, chosen: Mapping[str, str], folder: Path
                   ) -> list[Finding]:
    """Chase letters (Word and CSV) and the escalation list: made without a fault, and the
    letters list what the command line's chase list lists."""
    base = [*flags(chosen), "--as-of", as_of.isoformat()]
    ran(db, "export", "chase", *base, "--format", "docx", "--out", str(folder / "letters"))
    ran(db, "export", "chase", "--escalation", *base, "--format", "docx", "--out",
        str(folder / "escalation.docx"))
    said = ran(db, "export", "chase", *base, "--format", "csv", "--out", str(folder / "chase"))
    if said is None:
        return []
    listed = _cli(db, as_of, chosen, "figure", "chase_list")
    written = [pd.read_csv(p, dtype=str, keep_default_na=False)
               for p in sorted((folder / "chase").glob("*.csv"))]
    rows = sum(len(w) for w in written)
    if rows != len(listed):
        return [Finding("agrees", "chase letters", f"with {dict(chosen)}: {rows} rows in the "
                                                   f"letters, {len(listed)} in the chase list")]
    return []


def digest_findings(db: Path, as_of: dt.date, boards: list[str], folder: Path
                    ) -> list[Finding]:
    """Each board's quality lead's digest, a dry run: counts as the command line gives them."""
    import tomli_w

    roles = folder / "roles.toml"
    people = {f"lead{i}@walk.example": {"role": "uploader", "boards": [board]}
              for i, board in enumerate(boards)}
    roles.write_text(tomli_w.dumps({"people": people}), encoding="utf-8")
    found = []
    for email, person in people.items():
        said = ran(db, "digest", "--to", email, "--dry-run", "--as-of", as_of.isoformat(),
                   "--roles", str(roles))
        if said is None:
            continue
        chosen = {"board": person["boards"][0]}
        late = [r for r in _cli(db, as_of, chosen, "figure", "chase_list")
                if r["days_overdue"] is not None or r["rating"] == "off_track"]
        overdue = [r for r in _cli(db, as_of, chosen, "figure", "clocks_needing_attention")
                   if r["status"] == "overdue"]
        for title, count in (("Recommendations past due or rated off track, by owner",
                              len(late)), ("Timescale clocks overdue", len(overdue))):
            if f"{title}: {count} (as of" not in said.out:
                found.append(Finding("agrees", f"digest '{title}'",
                                     f"{chosen['board']}: the command line has {count}"))
    return found


def impact_findings(db: Path, as_of: dt.date, themes: list[str]) -> list[Finding]:
    """What followed each theme's actions, in every format: made without a fault."""
    for fmt in ("table", "json", "csv"):
        ran(db, "impact", "--as-of", as_of.isoformat(), "--format", fmt)
    for theme in themes:
        ran(db, "impact", "--theme", theme, "--as-of", as_of.isoformat(), "--format", "table")
    return []


@pytest.mark.slow
@settings(WALK, max_examples=examples("outputs"))
@given(data=data_sets(ROWS), draw=st.data(), policy=policies())
@example(data=ROUNDING_TIES, draw=None, policy="as shipped")
@example(data=THE_ISSUES_TBC, draw=None, policy="as shipped")
def test_every_page_and_document(schema_template: Path, data: DataSet,
                                 draw: st.DataObject | None, policy: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, policy_file(policy, Path(tmp)), \
            environment(ASSURANCE_ROLES=None):
        folder = Path(tmp)
        db = stored(data, schema_template, folder)
        offered = choices(db, data.as_of)
        found: list[Finding] = []
        year = drawn(draw, st.sampled_from(offered["period"]), "year", offered["period"][0]) \
            if offered["period"] else None
        board = drawn(draw, st.sampled_from(offered["board"]), "board", offered["board"][0])
        found += page_findings(db, data.as_of, {})
        if year:
            found += page_findings(db, data.as_of, {"period": year, "board": board})
        for number, chosen in enumerate([{"period": year}, {"period": year, "board": board}]
                                        if year else []):
            found += document_findings(db, data.as_of, chosen, folder / f"report{number}")
        found += chase_findings(db, data.as_of, {}, folder / "chase")
        found += digest_findings(db, data.as_of, offered["board"], folder)
        with figures(db, data.as_of) as figure_of:
            themes = figure_of("theme_impact", {})["theme"].tolist()[:2]
        found += impact_findings(db, data.as_of, themes)
        broken = new(found)
        assert not broken, "\n".join(map(str, broken))
