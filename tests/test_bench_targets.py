"""The bench's targets: each met on its limit and missed just past it, one per measured place
(none for a store the run skipped), and the Markdown the performance page takes; and the
one-line page the capacity figures are read against, served and viewed as the dashboard is."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from bench.capacity import served_empty_page, view
from bench.targets import markdown, targets


def _on_the_limits() -> dict[str, Any]:
    """A run whose every figure sits on its target's limit."""
    page = {"default": {"cold_s": 0.4, "warm_s": 0.1}, "narrow": {"cold_s": 0.2, "warm_s": 0.05}}
    return {
        "ingest": {"rows": 1_000, "duckdb_alone": {"seconds": 1.0},
                   "assurance_warm": {"work_s": 2.0}, "plain": {"work_s": 5.0},
                   "warm_ratio_to_duckdb": 2.0, "warm_speedup_over_plain": 2.5,
                   "great_expectations_import_s": 3.4,
                   "small_load": {"seconds": 4.4, "target_s": 4.4}},
        "pages": {"overview": copy.deepcopy(page), "themes": copy.deepcopy(page)},
        "capacity": {"file": {"views_per_second": 5.0, "empty_page_views_per_second": 10.0,
                              "readers_held": 50, "every_s": 10.0},
                     "store": {"skipped": "no hosted environment (make hosted)"}},
        "reports": {"docx_warm_s": 2.0, "docx_queries_s": 1.0, "report_model_s": 1.5,
                    "docx_command_s": 4.0},
    }


PAST_THE_LIMIT = {
    "Warm ingest ≤ 2 × DuckDB alone": ("ingest", "warm_ratio_to_duckdb", 2.01),
    "Warm ingest ≥ 2.5 × faster than the plain approach's work":
        ("ingest", "warm_speedup_over_plain", 2.49),
    "Cold load of 10 rows ≤ the Great Expectations import + 1 s":
        ("ingest", "small_load", {"seconds": 4.5, "target_s": 4.4}),
    "Each page's first view ≤ 4 warm views (default filters)":
        ("pages", "themes", {"default": {"cold_s": 0.41, "warm_s": 0.1},
                             "narrow": {"cold_s": 0.2, "warm_s": 0.05}}),
    "Each page's first view ≤ 4 warm views (one board and year)":
        ("pages", "overview", {"default": {"cold_s": 0.4, "warm_s": 0.1},
                               "narrow": {"cold_s": 0.21, "warm_s": 0.05}}),
    "views_per_second ≥ ½ empty_page_views_per_second, one instance (the embedded file)":
        ("capacity", "file", {"views_per_second": 5.0, "empty_page_views_per_second": 10.2,
                              "readers_held": 50, "every_s": 10.0}),
    "readers_held ≥ 10 × views_per_second (the embedded file)":
        ("capacity", "file", {"views_per_second": 5.0, "empty_page_views_per_second": 10.0,
                              "readers_held": 49, "every_s": 10.0}),
    "The Word report in a warm process ≤ 2 × its own queries' time":
        ("reports", "docx_queries_s", 0.99),
    "The whole command ≤ 2 s beyond the warm Word report": ("reports", "docx_command_s", 4.1),
}


def test_every_target_is_met_on_its_limit():
    found = targets(_on_the_limits())
    assert {t.target: t.mark for t in found} == {name: "✓" for name in PAST_THE_LIMIT}


@pytest.mark.parametrize("name", PAST_THE_LIMIT)
def test_a_target_just_past_its_limit_is_missed_and_only_it(name):
    report = _on_the_limits()
    part, key, value = PAST_THE_LIMIT[name]
    report[part][key] = value
    missed = [t.target for t in targets(report) if not t.met]
    assert missed == [name]


def test_the_markdown_says_when_where_and_each_target_met_or_not():
    report = _on_the_limits()
    report["reports"]["docx_command_s"] = 4.5
    text = markdown(targets(report), when=dt.datetime(2026, 12, 8, 1, 5, tzinfo=dt.UTC),
                    scale="national", runs=3, short=False)
    assert text.startswith("Targets measured by `make bench` on 08 December 2026 at 01:05 UTC (")
    assert "national scale, 3 runs each): 8 of 9 met." in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + 9
    assert rows[-1] == ("| The whole command ≤ 2 s beyond the warm Word report | 4.50 s against "
                        "2.00 s | +2.50 s (target ≤ 2 s beyond) | ✗ |")
    assert "no measure of speed" not in text


@pytest.mark.slow
def test_the_one_line_page_is_served_and_each_view_weighed():
    with served_empty_page() as base:
        first = view(base, "", "")
        again = view(base, "", "")
    assert first.seconds > 0 and again.seconds > 0
    # the new session, the page's one element and the script's end at least, each with bytes
    assert again.messages >= 3 and again.bytes > again.messages
