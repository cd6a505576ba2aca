"""The product's entry points: the `assurance` command, the ingest workflow and demo data."""
