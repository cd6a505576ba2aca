"""Ingest: an extract's bytes to stored records, in named stages, one module or folder each.

    read -> guard -> parse -> enrich -> check -> store

`read` (bytes to text cells), `guard` (personal data refused; `guard.stored` finds it in
records already stored), `parse` (text to typed columns, with the board's `mappings`
applied), `enrich` (themes matched), `checks` (the Great Expectations suites of
`expectations`, imported on a thread of their own), `store` (or reject), and `problems`
(what every stage reports). `pipeline.check_extract` composes the first five;
`pipeline.check_upload` is the Upload page's check in one call (the rejection logged, the
mappings to offer). What each data set holds is declared in `loaders.contracts`. The
published national files a board sets its figures beside, and the local authorities each board
covers, are stored by `national`.

The front ends (the command line and the dashboard's Upload, Admin and Data quality pages)
call only what this package exports; neither imports the other. Great Expectations is
imported nowhere a board member's page reaches.
"""

from ingest import national
from ingest.checks import start_importing_checks
from ingest.extract import CheckedExtract, Correction, NotStored
from ingest.guard.stored import act_on_stored, scan_stored
from ingest.mappings.offers import Offers, ValueOffer, offers
from ingest.mappings.rules import Mapping, MappingError, corrects, parse_pair
from ingest.mappings.stored import add_mappings, mapping_list, mapping_words, remove_mapping
from ingest.pipeline import UploadCheck, check_extract, check_upload
from ingest.problems import Problem, ordered, rows_in_words
from ingest.store import preview, reject, store

__all__ = ["CheckedExtract", "Correction", "Mapping", "MappingError", "NotStored", "Offers",
           "Problem", "UploadCheck", "ValueOffer", "act_on_stored", "add_mappings", "check_extract",
           "check_upload", "corrects",
           "mapping_list", "mapping_words", "national",
           "offers", "ordered", "parse_pair", "preview", "reject", "remove_mapping",
           "rows_in_words", "scan_stored", "start_importing_checks", "store"]
