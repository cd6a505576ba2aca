"""Agency names as boards write them, reconciled: "Children's social care", "Children's Social
Care" and "childrens social care" are one agency, and so are "The partnership" and
"Partnership" (`agency_key`, the same rule as the SQL macro `agency_key`). Names that differ
more ("CSC" for "Children's Social Care", a misspelling) are only ever suggested
(`likely_same`): a board confirms each once, as a mapping, and the mapping is applied to its
stored records too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The owner or agency column of each data set that has one.
AGENCY_COLUMNS = {"recommendations": "owner", "audits": "agency", "training": "agency"}
TABLES = {"recommendations": "recommendations", "audits": "audits",
          "training": "training_bookings"}

_APOSTROPHES = re.compile(r"['\u2019`]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Abbreviations of the field, written as boards write them, with the agency they stand for.
ABBREVIATIONS = {
    "csc": "children's social care", "asc": "adult social care", "cs": "children's services",
    "camhs": "child and adolescent mental health services", "hv": "health visiting",
    "yot": "youth offending team", "yjs": "youth justice service", "yj": "youth justice",
    "la": "local authority", "icb": "integrated care board", "gp": "gp practices",
    "gps": "gp practices", "mash": "multi agency safeguarding hub", "ed": "emergency department",
    "ae": "accident and emergency", "dsl": "designated safeguarding lead", "lado": "local "
    "authority designated officer", "scp": "safeguarding children partnership",
    "sab": "safeguarding adults board", "nhs": "national health service",
}
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "s"})


def agency_key(name: str) -> str:
    """How agency names are compared: lower case, apostrophes dropped, punctuation and runs of
    spaces as one space, a leading 'the' left off. The SQL macro agency_key says the same."""
    text = _NOT_WORD.sub(" ", _APOSTROPHES.sub("", name.casefold())).strip()
    return text.removeprefix("the ").strip()


def _initials(key: str) -> str:
    return "".join(word[0] for word in key.split() if word not in _SMALL_WORDS)


def likely_same(name: str, others: Iterable[str], cutoff: float = 80) -> str | None:
    """Another name that `name` most likely means (an abbreviation of the field, the initials
    of its words, or a close spelling), or None. Never applied without a person's word."""
    from rapidfuzz import fuzz, process

    key = agency_key(name)
    by_key = {agency_key(o): o for o in others if agency_key(o) != key}
    if not key or not by_key:
        return None
    meant = ABBREVIATIONS.get(key.replace(" ", ""))
    if meant is not None:
        for other_key, other in by_key.items():
            if other_key == meant or _initials(other_key) == key.replace(" ", ""):
                return other
    for other_key, other in by_key.items():
        if len(key.replace(" ", "")) >= 2 and " " not in key \
                and _initials(other_key) == key and len(other_key.split()) >= 2:
            return other
    best = process.extractOne(key, list(by_key), scorer=fuzz.ratio, score_cutoff=cutoff)
    return by_key[best[0]] if best else None
