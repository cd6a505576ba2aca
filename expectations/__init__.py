"""The checks each extract must pass before it is stored, as Great Expectations expectations:
one module per data set builds its suite (`suites.checks`), from the column contracts and the
checks' context. `ingest.checks` runs them. Importing the suites imports Great Expectations
(several seconds): only the upload path may import them.
"""
