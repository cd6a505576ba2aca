"""Ingest: an extract's bytes to stored records, in named stages.

    read -> guard -> parse -> enrich -> check -> store

`pipeline.check_extract` composes the first five; `store` (or `reject`) is the last. The
command line and the dashboard's Upload page both call these; neither imports the other.
Great Expectations is imported on a thread the check stage starts, and nowhere a board
member's page reaches.
"""

from ingest.check import start_importing_checks
from ingest.extract import CheckedExtract, NotStored
from ingest.pipeline import check_extract
from ingest.store import preview, reject, store

__all__ = ["CheckedExtract", "NotStored", "check_extract", "preview", "reject",
           "start_importing_checks", "store"]
