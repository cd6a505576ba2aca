"""The cheap walk, over many generated data sets: every registered query with several filter
sets, the command line's figures for the same filters, and the summary tables exported as CSV
files and as a workbook. For every example: no fault; the command line prints what the query
returns; every table's counts add up to its totals; every percentage is the round-half-up of
100 x part / whole from its counts, rounded once; and a count the disclosure policy hides stays
hidden, in the CSV files and the workbook alike, and cannot be worked out from what is shown."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import example, given, settings, target
from hypothesis import strategies as st

from data_models.labels import column_label
from tests.property.conftest import ROWS, WALK, examples
from tests.property.properties import (
    EXPORTED,
    SUPPRESSED,
    Finding,
    closest_to_a_tie,
    cross_findings,
    exported_findings,
    figure_findings,
    new,
    training_by,
)
from tests.property.strategies import ROUNDING_TIES, THE_ISSUES_TBC, DataSet, data_sets, every_value
from tests.property.walk import (
    choices,
    command,
    csv_tables,
    drawn,
    figure_names,
    figures,
    flags,
    policies,
    policy_file,
    protected_groups,
    ran,
    registered,
    stored,
    workbook_tables,
)

THRESHOLD = 5


@st.composite
def filter_sets(draw: st.DrawFn, offered: Mapping[str, list[str]]) -> list[dict[str, str]]:
    """Two sets of the sidebar's filters, from what the data holds: a financial year (for the
    exports), and any mix of board, board type, year or quarter, agency and theme."""
    sets = []
    if offered["period"]:
        year: dict[str, str] = {"period": draw(st.sampled_from(offered["period"]))}
        if draw(st.booleans()):
            year["board_type"] = draw(st.sampled_from(("children", "adults")))
        sets.append(year)
    mixed: dict[str, str] = {}
    if len(offered["board"]) and draw(st.booleans()):
        mixed["board"] = draw(st.sampled_from(offered["board"]))
    if draw(st.booleans()):
        mixed["board_type"] = draw(st.sampled_from(("children", "adults")))
    if len(offered["period"]) and draw(st.booleans()):
        mixed["period"] = draw(st.sampled_from(offered["period"]))
        if draw(st.booleans()):
            mixed["quarter"] = f"{mixed['period']} Q{draw(st.integers(1, 4))}"
    if offered["agency"] and draw(st.integers(0, 2)) == 2:
        mixed["agency"] = draw(st.sampled_from(offered["agency"]))
    if draw(st.integers(0, 2)) == 2:
        mixed["theme"] = draw(st.sampled_from(offered["theme"]))
    return [*sets, mixed]


def _label(example: Mapping[str, object]) -> str:
    return ",".join(f"{k}={v}" for k, v in example.items())


def every_figure(db: Path, as_of: dt.date, chosen: Mapping[str, str]
                 ) -> tuple[dict[tuple[str, str], Any], list[Finding]]:
    """Every registered query with each of its examples, for these filters: no fault, and
    each figure's own rules and the figures against each other."""
    results: dict[tuple[str, str], Any] = {}
    found: list[Finding] = []
    with figures(db, as_of) as figure_of:
        for name, example in registered():
            result = figure_of(name, chosen, **example)
            results[(name, _label(example))] = result
            found += figure_findings(name, result)
    return results, found + cross_findings(results, chosen)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A figure as the command line's json holds it (dates as days)."""
    records = json.loads(frame.to_json(orient="records", date_format="iso"))
    for record in records:
        for key, value in record.items():
            if isinstance(value, str) and value.endswith("T00:00:00.000"):
                record[key] = value[:10]
    return records


FIGURE_FLAGS = {"by": "--by", "source": "--source", "theme": "--drill-theme"}


def command_line_findings(db: Path, as_of: dt.date, chosen: Mapping[str, str],
                          results: Mapping[tuple[str, str], Any],
                          asked: list[tuple[str, dict[str, object]]]) -> list[Finding]:
    """`assurance figure NAME --format json` prints, for the same filters, what the query
    returns."""
    found = []
    for name, arguments in asked:
        extra = [x for key, value in arguments.items() for x in (FIGURE_FLAGS[key], str(value))]
        said = ran(db, "figure", name, *extra, *flags(chosen), "--as-of", as_of.isoformat(),
                   "--format", "json")
        if said is None:
            continue
        printed = said.json()["records"]
        expected = _records(results[(name, _label(arguments))])
        if printed != expected:
            found.append(Finding("agrees", f"figure {name} {_label(arguments)}",
                                 f"with {dict(chosen)}: the command line printed "
                                 f"{str(printed)[:300]}, the query returned "
                                 f"{str(expected)[:300]}"))
    return found


def _source(results: Mapping[tuple[str, str], Any]) -> dict[str, pd.DataFrame]:
    """What each exported table is made from, by the same keys."""
    uptake = results[("training_uptake", "")]
    return {
        "timescales": results[("timescale_compliance", "by=measure")],
        "timescales_by_board": results[("timescale_compliance", "by=board")],
        "timescales_by_year": results[("timescale_compliance", "by=period")],
        "themes": results[("theme_shares", "source=reviews")],
        "learning_loop": results[("learning_loop", "")],
        "recommendations": results[("recommendation_status", "")],
        "audits_by_agency": results[("audit_grades", "by=agency")],
        "audits_by_year": results[("audit_grades", "by=period")],
        "training_by_agency": training_by(uptake, "agency"),
        "training_by_workforce": training_by(uptake, "workforce"),
        "completeness": results[("timescale_completeness", "")],
    }


def tables_findings(db: Path, as_of: dt.date, chosen: Mapping[str, str],
                    results: Mapping[tuple[str, str], Any], folder: Path,
                    protected: set[str]) -> list[Finding]:
    """`assurance export tables` as CSV files and as a workbook: each summary table against
    the figures it is made from, and the workbook's cells the CSV files' cells."""
    args = ["export", "tables", *flags(chosen), "--as-of", as_of.isoformat(), "--threshold",
            str(THRESHOLD)]
    said = command(db, *args, "--format", "csv", "--out", str(folder / "csv"))
    if said is None:
        return []
    if said.code != 0:
        if "nothing to export" in said.err and _nothing(results):
            return []
        return [Finding("agrees", "export tables", f"with {dict(chosen)}: ended with "
                                                   f"{said.code}: {said.err.strip()}")]
    found = exported_findings(csv_tables(folder / "csv"), _source(results), protected,
                              THRESHOLD, "tables.csv", chosen)
    if ran(db, *args, "--format", "xlsx", "--out", str(folder / "tables.xlsx")) is None:
        return found
    return found + _workbook_findings(csv_tables(folder / "csv"),
                                      workbook_tables(folder / "tables.xlsx"))


def _nothing(results: Mapping[tuple[str, str], Any]) -> bool:
    return all(len(results[(name, "")]) == 0 for name in
               ("recommendation_records", "audit_records", "training_records", "review_list"))


def _workbook_findings(csv: Mapping[str, pd.DataFrame], sheets: Mapping[str, pd.DataFrame]
                       ) -> list[Finding]:
    """Each summary table's counts and percentages the same in the workbook as in the CSV
    files: the same cells hidden, the same figures shown (its sheets are in the same order,
    headers in words)."""
    found = []
    names = [n for n in sheets if n != "Notes"]
    tables = [n for n in EXPORTED if n in csv]
    for name, sheet_name in zip(tables, names, strict=False):
        table, sheet = csv[name], sheets[sheet_name]
        spec = EXPORTED[name]
        for column in (*spec.counts, *(p[0] for p in spec.rules.percents)):
            words = column_label(column)
            if words not in sheet.columns:
                found.append(Finding("agrees", f"tables.xlsx {sheet_name}",
                                     f"no column '{words}' for {column}"))
                continue
            left = [str(v).strip() for v in table[column]]
            right = [str(v).strip() for v in sheet[words]]
            if [v == SUPPRESSED for v in left] != [v == SUPPRESSED for v in right] or [
                    round(float(a), 1) for a in left if a not in (SUPPRESSED, "")] != [
                    round(float(b), 1) for b in right if b not in (SUPPRESSED, "")]:
                found.append(Finding("agrees", f"tables.xlsx {sheet_name}.{words}",
                                     f"the workbook has {right}, the CSV file {left}"))
    return found


@pytest.mark.slow
@settings(WALK, max_examples=examples("figures"))
@given(data=data_sets(ROWS), draw=st.data(), policy=policies())
@example(data=every_value(), draw=None, policy="every group protected")
@example(data=ROUNDING_TIES, draw=None, policy="as shipped")
@example(data=THE_ISSUES_TBC, draw=None, policy="as shipped")
def test_every_figure_command_and_table(schema_template: Path, data: DataSet,
                                        draw: st.DataObject | None, policy: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, policy_file(policy, Path(tmp)):
        folder = Path(tmp)
        db = stored(data, schema_template, folder)
        offered = choices(db, data.as_of)
        sets = [{}, *drawn(draw, filter_sets(offered), "filter sets",
                           [{"period": p} for p in offered["period"][:1]])]
        found: list[Finding] = []
        results = {}
        for chosen in sets:
            results[tuple(chosen.items())], more = every_figure(db, data.as_of, chosen)
            found += more
        chosen = drawn(draw, st.sampled_from(sets), "filters for the command line", sets[-1])
        every = [(n, e) for n, e in registered() if n in figure_names()]
        asked = drawn(draw, st.lists(st.sampled_from(every), min_size=1, max_size=10,
                                     unique_by=lambda pair: (pair[0], _label(pair[1]))),
                      "figures asked", every)
        found += command_line_findings(db, data.as_of, chosen, results[tuple(chosen.items())],
                                       asked)
        yearly = [s for s in sets if "period" in s]
        if yearly:       # aim at shares that land on a rounding tie, where rounding goes wrong
            target(max(closest_to_a_tie(_source(results[tuple(s.items())])) for s in yearly),
                   label="nearest a rounding tie")
        for number, chosen in enumerate(yearly):
            found += tables_findings(db, data.as_of, chosen, results[tuple(chosen.items())],
                                     folder / f"tables{number}", protected_groups(policy))
        broken = new(found)
        assert not broken, "\n".join(map(str, broken))
