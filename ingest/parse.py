"""Stage 3, parse: text cells to typed columns (dates, numbers, allowed values), and a root
cause when the headers belong to another data set."""

from __future__ import annotations

from loaders.contracts import CONTRACTS
from loaders.mappings import Mappings
from loaders.parse import ParsedExtract, looks_like_another, parse_extract
from loaders.problems import Problem
from loaders.read import RawExtract


def parse(raw: RawExtract, kind: str, mappings: Mappings | None = None, *,
          consume: bool = False) -> tuple[ParsedExtract, list[Problem]]:
    """With `consume`, the extract's text is let go as it is parsed (see parse_extract)."""
    parsed = parse_extract(raw, kind, mappings, consume=consume)
    problems = list(parsed.problems)
    if not set(CONTRACTS[kind].required) <= set(parsed.frame.columns):
        looks_like = looks_like_another(raw.headers, kind)
        if looks_like:
            problems.append(Problem(
                None, None, "wrong_data_set",
                f"These headers look like a {looks_like} extract, not {kind}. Check the file "
                f"as {looks_like} instead.", value=looks_like))
    return parsed, problems
