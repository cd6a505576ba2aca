"""Settings that more than one part of the product must agree on."""

from __future__ import annotations

# Counts from 1 to one below this are too small to publish or to compare: exports show them as
# 'c' (as in the Department for Education's releases) unless the person exporting sets another
# threshold; pages show such a base as counts, with no rate and no change.
SUPPRESSION_THRESHOLD = 5
