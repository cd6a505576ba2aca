"""The checks each extract must pass before it is stored, as Great Expectations suites.

One module per data set builds its suite; `validate` runs it on the parsed DataFrame and
turns the results into Problems. Importing this package imports Great Expectations (several
seconds): only the upload path may import it.
"""

from expectations.runner import CheckContext, validate

__all__ = ["CheckContext", "validate"]
