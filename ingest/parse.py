"""Stage 3, parse: text cells to typed columns (dates, numbers, allowed values), and a root
cause when the headers belong to another data set."""

from __future__ import annotations

from loaders.contracts import CONTRACTS
from loaders.parse import ParsedExtract, parse_extract, recognise_kind
from loaders.problems import Problem
from loaders.read import RawExtract


def parse(raw: RawExtract, kind: str) -> tuple[ParsedExtract, list[Problem]]:
    parsed = parse_extract(raw, kind)
    problems = list(parsed.problems)
    if not set(CONTRACTS[kind].required) <= set(parsed.frame.columns):
        looks_like = recognise_kind(raw.headers)
        if looks_like and looks_like != kind:
            problems.append(Problem(
                None, None, "wrong_data_set",
                f"These headers look like a {looks_like} extract, not {kind}. "
                "Check which data set you chose."))
    return parsed, problems
