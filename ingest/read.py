"""Stage 1, read: the file's bytes to text cells under its headers, and which data set it is."""

from __future__ import annotations

from loaders.parse import recognise_kind
from loaders.problems import Problem
from loaders.read import DEFAULT_MAX_BYTES, ExtractRefused, RawExtract, read_extract

UNKNOWN_DATA_SET = Problem(
    None, None, "unknown_data_set",
    "The headers do not say which data set this is (reviews, recommendations, audits or "
    "training). Choose the data set, or start from its template.")


def read(data: bytes, kind: str | None, file_name: str,
         max_bytes: int = DEFAULT_MAX_BYTES,
         mapped_headers: dict[str, dict[str, str]] | None = None,
         ) -> tuple[RawExtract | None, str | None, list[Problem]]:
    """The text cells, the data set (recognised from the headers when not given), or the one
    problem that stops the file being read. `mapped_headers` (data set -> header key ->
    column) are the headers boards have mapped."""
    mapped = mapped_headers or {}
    also_known = frozenset(k for kinds, headers in mapped.items() if kind in (None, kinds)
                           for k in headers)
    try:
        raw = read_extract(data, kind=kind, max_bytes=max_bytes, file_name=file_name,
                           also_known=also_known)
    except ExtractRefused as refused:
        return None, kind, [refused.problem]
    kind = kind or recognise_kind(raw.headers, mapped)
    if kind is None:
        return None, None, [UNKNOWN_DATA_SET]
    return raw, kind, []
