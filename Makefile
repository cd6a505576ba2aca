# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
DB ?= data/assurance.duckdb
PORT ?= 8501

.PHONY: install dev run test bench bench-short lint clean

# `make run` installs what running needs; `make test` (and bench, lint) adds the dev tools.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

install: $(STAMP)

dev: $(DEV_STAMP)

run: install
	$(BIN)/assurance --db $(DB) init
	$(BIN)/assurance --db $(DB) demo --if-empty
	$(BIN)/assurance --db $(DB) serve --port $(PORT)

test: dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: dev
	$(BIN)/python -m bench

# The same steps on the demo boards, a few thousand rows, one run: .ci/run runs it so the
# bench cannot break unseen (its figures are no measure of speed).
bench-short: dev
	BENCH_SHORT=1 $(BIN)/python -m bench

lint: dev
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache *.egg-info
