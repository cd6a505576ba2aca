"""The benchmark: `make bench` (python -m bench). Prints one JSON document and a table."""
