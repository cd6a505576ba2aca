"""Stop personal data before it is stored.

The product holds no names, dates of birth, addresses, NHS numbers, emails or phone numbers:
a case is known by the board's own pseudonymous reference. A column whose header names such
data, or a value that looks like it, is an error naming the column (and row). The value
itself is never repeated back, so the message can be logged safely.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.contracts import CONTRACTS, header_key
from loaders.problems import Problem
from loaders.read import RawExtract

# Header keys (letters and digits only) that name personal data.
_PERSONAL_HEADER = re.compile(
    r"(name|dob|dateofbirth|birth|nhs|address|postcode|zipcode|email|phone|mobile|telephone"
    r"|nino|nationalinsurance|upn|uniquepupil)"
)

_VALUE_PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "email": (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
              "an email address"),
    "postcode": (re.compile(
        r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b"),
        "a postcode"),
    "phone": (re.compile(r"(?<![\w/.-])(?:\+44\s?\(?0?\)?\s?\d|0\d)(?:[\s-]?\d){8,9}(?![\w/.-])"),
              "a phone number"),
    "nhs_number": (re.compile(r"(?<![\w/.-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/.-])"),
                   "an NHS number"),
    "date_of_birth": (re.compile(
        r"\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?)\b[:\s]*\d", re.IGNORECASE),
        "a date of birth"),
    "name_with_title": (re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z][a-z]+"),
                        "a person's name"),
}
# A cheap first pass over every distinct value, looser than the patterns above and written
# for RE2 (no look-behind), so that it runs in Arrow's vectorised regex engine; only the few
# values it finds are tried against the patterns above.
_CANDIDATE = (
    r"@"
    r"|[A-Z][A-Z]?\d[A-Z\d]? ?\d[A-Z]{2}"
    r"|\d(?:[\s()-]?\d){8,}"
    r"|(?i:dob|d\.o\.b|date of birth|born)"
    r"|(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z][a-z]"
)

ADVICE = ("The dashboard must not hold personal data. Remove it from the extract (use the "
          "board's pseudonymous reference, such as 'Child K') and load the file again.")


def _nhs_checksum_ok(candidate: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", candidate)]
    if len(digits) != 10:
        return False
    remainder = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def what_it_looks_like(value: str) -> str | None:
    """The kind of personal data a value looks like, or None."""
    for name, (pattern, description) in _VALUE_PATTERNS.items():
        for match in pattern.finditer(value):
            if name == "nhs_number" and not _nhs_checksum_ok(match.group()):
                continue
            if name == "postcode" and not match.group().isupper():
                continue
            return description
    return None


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
        if not len(uniques):
            continue
        candidates = pd.Series(uniques, dtype="str").fillna("")
        found = pc.match_substring_regex(pa.array(candidates, type=pa.large_string()), _CANDIDATE)
        hits = np.flatnonzero(found.to_numpy(zero_copy_only=False))
        flagged = {}
        for unique_index in hits:
            description = what_it_looks_like(candidates.iloc[unique_index])
            if description:
                flagged[unique_index] = description
        if not flagged:
            continue
        for record in np.flatnonzero(np.isin(codes, list(flagged))):
            problems.append(
                Problem(int(raw.row_numbers.iloc[record]), header, "personal_data",
                        f"This value looks like {flagged[codes[record]]}. {ADVICE}")
            )
    return problems


REDACTED = "[personal data removed]"


def redact(raw: RawExtract, problems: list[Problem]) -> RawExtract:
    """The extract with every flagged cell blanked out, so that no later message (or the
    problems stored with the upload) can repeat personal data."""
    flagged = [(p.row, p.column) for p in problems if p.rule == "personal_data" and p.row]
    if not flagged:
        return raw
    cells = raw.cells.copy()
    position = {header: i for i, header in enumerate(raw.headers)}
    index_of_row = {int(row): i for i, row in enumerate(raw.row_numbers)}
    for row, column in flagged:
        if column in position and row in index_of_row:
            cells.iat[index_of_row[row], position[column]] = REDACTED
    return RawExtract(cells, raw.headers, raw.row_numbers, raw.encoding, raw.delimiter,
                      raw.header_row, raw.problems, raw.from_workbook)
