"""The issue's targets as ratios within one run of `make bench`, each met or not: printed after
the table and written as Markdown (bench/out/targets.md) for the performance page to take as
it is. Each target compares two figures of the same run, so it holds on a noisy machine."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

PAGE_NAMES = {"overview": "Overview", "timescales": "Timescales", "themes": "Themes",
              "impact": "Impact", "recommendations": "Recommendations", "audits": "Audits",
              "training": "Training"}
WHERE = {"file": "the embedded file", "store": "the shared store",
         "store_two_instances": "the shared store, two instances"}


@dataclass(frozen=True)
class Target:
    """One target: what it asks, what this run measured, the ratio (or difference) set against
    its limit, and whether it is met."""

    target: str
    measured: str
    value: float
    limit: str
    met: bool

    @property
    def mark(self) -> str:
        return "✓" if self.met else "✗"


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def targets(report: dict[str, Any]) -> list[Target]:
    """Every target of the issue that this run measured."""
    out: list[Target] = []
    i = report["ingest"]
    duckdb, warm = i["duckdb_alone"]["seconds"], i["assurance_warm"]["work_s"]
    out.append(Target("Warm ingest ≤ 2 × DuckDB alone",
                      f"{warm:.2f} s against DuckDB's {duckdb:.2f} s ({i['rows']:,} rows)",
                      i["warm_ratio_to_duckdb"], "≤ 2×", i["warm_ratio_to_duckdb"] <= 2))
    plain = i["plain"]["work_s"]
    out.append(Target("Warm ingest ≥ 2.5 × faster than the plain approach's work",
                      f"the plain approach's work {plain:.2f} s against {warm:.2f} s",
                      i["warm_speedup_over_plain"], "≥ 2.5×", i["warm_speedup_over_plain"] >= 2.5))
    small = i["small_load"]
    ratio = _ratio(small["seconds"], small["target_s"])
    out.append(Target("Cold load of 10 rows ≤ the Great Expectations import + 1 s",
                      f"{small['seconds']:.2f} s against {small['target_s']:.2f} s (the import "
                      f"{i['great_expectations_import_s']:.2f} s + 1 s)",
                      ratio, "≤ 1×", ratio <= 1))
    for name, words in (("default", "default filters"), ("narrow", "one board and year")):
        ratios = {page: _ratio(runs[name]["cold_s"], runs[name]["warm_s"])
                  for page, runs in report["pages"].items() if name in runs}
        if not ratios:
            continue
        worst = max(ratios.values())
        out.append(Target(f"Each page's first view ≤ 4 warm views ({words})",
                          ", ".join(f"{PAGE_NAMES.get(p, p)} {r:.1f}×" for p, r in ratios.items()),
                          worst, "≤ 4× (the worst page)", worst <= 4))
    capacity = report.get("capacity", {})
    for where in ("file", "store"):
        c = capacity.get(where, {})
        empty = c.get("empty_page_views_per_second")
        if "views_per_second" not in c or not empty:
            continue
        ratio = _ratio(c["views_per_second"], empty)
        out.append(Target(f"views_per_second ≥ ½ empty_page_views_per_second, one instance "
                          f"({WHERE[where]})",
                          f"{c['views_per_second']:.2f} against {empty:.2f} views a second "
                          "(the mean of the one-line page's just before and just after)",
                          ratio, "≥ 0.5×", ratio >= 0.5))
    for where in ("file", "store", "store_two_instances"):
        c = capacity.get(where, {})
        if "readers_held" not in c:
            continue
        ratio = _ratio(c["readers_held"], c["views_per_second"])
        out.append(Target(f"readers_held ≥ 10 × views_per_second ({WHERE[where]})",
                          f"{c['readers_held']} readers held (a page every "
                          f"{c['every_s']:.0f} s each) against {c['views_per_second']:.2f} "
                          "views a second", ratio, "≥ 10×", ratio >= 10))
    r = report["reports"]
    ratio = _ratio(r["docx_warm_s"], r["docx_queries_s"])
    out.append(Target("The Word report in a warm process ≤ 2 × its own queries' time",
                      f"{r['docx_warm_s']:.2f} s against its queries' {r['docx_queries_s']:.2f} s "
                      f"(the model with its queries {r['report_model_s']:.2f} s)",
                      ratio, "≤ 2×", ratio <= 2))
    beyond = round(r["docx_command_s"] - r["docx_warm_s"], 2)
    out.append(Target("The whole command ≤ 2 s beyond the warm Word report",
                      f"{r['docx_command_s']:.2f} s against {r['docx_warm_s']:.2f} s",
                      beyond, "≤ 2 s beyond", beyond <= 2))
    return out


def _value(t: Target) -> str:
    return f"{t.value:+.2f} s" if t.limit.endswith("beyond") else f"{t.value:.2f}×"


def lines(found: list[Target]) -> list[str]:
    """The targets as the bench prints them after its table."""
    met = sum(t.met for t in found)
    return [f"Targets ({met} of {len(found)} met; ratios within this run):",
            *(f"  {t.mark} {t.target}: {_value(t)} (target {t.limit}); {t.measured}"
              for t in found)]


def markdown(found: list[Target], *, when: dt.datetime, scale: str, runs: int,
             short: bool) -> str:
    """The targets as a Markdown table, with when and where the run was made."""
    cores = os.cpu_count() or 0
    met = sum(t.met for t in found)
    out = [f"Targets measured by `make bench{'-short' if short else ''}` on "
           f"{when:%d %B %Y at %H:%M} UTC ({cores} cores, {scale} scale, "
           f"{runs} run{'s' if runs != 1 else ''} each): {met} of {len(found)} met. Each is a "
           "ratio of two figures of this run.",
           *(["", "The short bench runs the steps on the demo boards: its figures are no "
                  "measure of speed."] if short else []),
           "",
           "| target | measured | ratio | met |",
           "|---|---|---|---|",
           *(f"| {t.target} | {t.measured} | {_value(t)} (target {t.limit}) | {t.mark} |"
             for t in found)]
    return "\n".join(out) + "\n"
