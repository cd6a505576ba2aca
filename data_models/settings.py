"""Settings that more than one part of the product must agree on."""

from __future__ import annotations

# Counts from 1 to one below this are too small to publish or to compare: exports show them as
# 'c' (as in the Department for Education's releases) unless the person exporting sets another
# threshold; pages show such a base as counts, with no rate and no change.
SUPPRESSION_THRESHOLD = 5

# Limits on an extract, checked before it is read in full, so that a hostile or broken file is
# refused in one sentence rather than filling the server's memory for minutes. A workbook is
# a zip file: a few megabytes can unpack to gigabytes, so its unpacked size and how much it
# was compressed are checked before anything is unpacked, and its cells are counted as they
# are read.
MAX_ROWS = 5_000_000                 # records in one file
MAX_COLUMNS = 200                    # columns in one file
MAX_FIELD_CHARACTERS = 32_767        # characters in one cell: Excel's own limit
MAX_WORKBOOK_UNPACKED_MB = 500       # the sum of a workbook's parts, unpacked
MAX_WORKBOOK_RATIO = 200             # unpacked size / file size
MAX_WORKBOOK_CELLS = 10_000_000      # cells of the sheet read

# Chasing recommendations: an open recommendation with no progress update for longer than this
# is on its owner's chase list; one overdue by more than ESCALATE_OVERDUE_DAYS (or rated off
# track in two successive uploads) is escalated to the executive. Calendar days.
CHASE_NO_UPDATE_DAYS = 90
ESCALATE_OVERDUE_DAYS = 90
