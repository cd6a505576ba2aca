"""Stop personal data before it is stored.

The product holds no names, dates of birth, addresses, NHS or National Insurance numbers,
emails or phone numbers: a case is known by the board's own pseudonymous reference. A column
whose header names such data, or a value that looks like it (`ingest.guard.personal_data` says
what each kind looks like), is an error naming the column, the rows and the kind. The value
itself is never repeated back, so the message can be logged safely.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data_models.theme_matching import REDACTED as REDACTED
from ingest.guard import personal_data
from ingest.problems import Problem
from ingest.read import RawExtract
from loaders.contracts import CONTRACTS, header_key

# Header keys (letters and digits only) that name personal data.
_PERSONAL_HEADER = re.compile(
    r"(name|dob|dateofbirth|birth|nhs|address|postcode|zipcode|email|phone|mobile|telephone"
    r"|nino|nationalinsurance|upn|uniquepupil)"
)

ADVICE = ("The dashboard must not hold personal data. Remove it from the extract (use the "
          "board's pseudonymous reference, such as 'Child K') and load the file again.")


def what_it_looks_like(value: str) -> str | None:
    """The kind of personal data a value looks like, in words, or None."""
    kind = personal_data.kind_of(value)
    return personal_data.KINDS[kind] if kind else None


def scan(raw: RawExtract, kind: str) -> list[Problem]:
    """Errors for headers and values that look like personal data."""
    problems: list[Problem] = []
    known = CONTRACTS[kind].header_lookup()
    for position, header in enumerate(raw.headers):
        key = header_key(header)
        if key not in known and _PERSONAL_HEADER.search(key):
            problems.append(
                Problem(None, header, "personal_data",
                        f"The column '{header}' looks like personal data (names, dates of birth, "
                        f"addresses, NHS numbers and contact details are not allowed). {ADVICE}")
            )
            continue
        codes, uniques = raw.distinct(position)
        flagged = flag_values(pa.array(pd.Series(uniques, dtype="str").fillna(""),
                                       type=pa.large_string()))
        if not flagged:
            continue
        for record in np.flatnonzero(np.isin(codes, list(flagged))):
            problems.append(
                Problem(int(raw.row_numbers.iloc[record]), header, "personal_data",
                        f"This value looks like {personal_data.KINDS[flagged[codes[record]]]}. "
                        f"{ADVICE}")
            )
    return problems


def flag_values(values: list[str] | pa.Array) -> dict[int, str]:
    """Position -> kind (a key of personal_data.KINDS) of the values that hold personal data:
    the cheap vectorised pass first, the recognizers only on what it lets through. An Arrow
    array of a million values is never made into a million Python strings."""
    if not len(values):
        return {}
    array = values if isinstance(values, pa.Array) else pa.array(values, type=pa.large_string())
    # read as personal_data.normalised reads a value, so hidden characters hide nothing
    array = pc.utf8_normalize(array, form="NFKC")
    array = pc.replace_substring_regex(array, personal_data.INVISIBLE, "")
    array = pc.replace_substring_regex(array, r"[\p{Z}\t\r\n\v\f]", " ")
    hits = pc.match_substring_regex(array, personal_data.CANDIDATE)
    out = {}
    for i in np.flatnonzero(hits.to_numpy(zero_copy_only=False)):
        kind = personal_data.kind_of(array[int(i)].as_py() or "")
        if kind:
            out[int(i)] = kind
    return out


def redact(raw: RawExtract, problems: list[Problem]) -> RawExtract:
    """The extract with every flagged cell blanked out, so that no later message (or the
    problems stored with the upload) can repeat personal data."""
    return raw.with_cells((row, p.column, REDACTED) for p in problems
                          if p.rule == "personal_data" and p.column for row in p.rows)


# -- the stage ---------------------------------------------------------------------------------

def guard(raw: RawExtract, kind: str) -> tuple[RawExtract, list[Problem]]:
    """Stage 2, guard: personal data is found and refused before anything else reads the
    values, and the cells that hold it are blanked so no later message can echo them."""
    problems = list(scan(raw, kind))
    return redact(raw, problems), problems
