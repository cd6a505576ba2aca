# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
DB ?= data/assurance.duckdb
PORT ?= 8501

HOSTED := .venv-hosted

.PHONY: install dev run test fuzz hosted hosted-store hosted-run hosted-stop test-hosted bench bench-short lint docs docs-serve pictures clean

# `make run` installs what running needs; `make test` (and bench, lint) adds the dev tools.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

# The shared store (DuckLake over PostgreSQL) needs DuckDB 1.5.5 and its extension wheels:
# an environment of its own (docs/administrators/hosting.md says why).
$(HOSTED)/.installed: pyproject.toml
	test -x $(HOSTED)/bin/python || $(PYTHON) -m venv $(HOSTED)
	$(HOSTED)/bin/python -m pip install --quiet --upgrade pip
	$(HOSTED)/bin/python -m pip install --quiet -e '.[dev,hosted]'
	touch $@

hosted: $(HOSTED)/.installed

# A local hosted set-up in two commands: `make hosted-store` starts PostgreSQL for the
# catalog in $(HOSTED_DIR) (made the first time, left running after), and `make hosted-run`
# brings the store to the current schema, puts demo data in it if it is empty and serves two
# instances on one store, on two ports. `make hosted-stop` stops PostgreSQL.
HOSTED_DIR ?= data/hosted
PG_PORT ?= 5433
PORTS ?= 8601 8602
HOSTED_ENV = ASSURANCE_STORE="ducklake:postgres:dbname=assurance host=127.0.0.1 port=$(PG_PORT) user=assurance" ASSURANCE_DATA_PATH="$(abspath $(HOSTED_DIR))/lake"

hosted-store: hosted
	$(HOSTED)/bin/python -m assurance.local_store start "$(HOSTED_DIR)" $(PG_PORT)

hosted-run: hosted
	$(HOSTED_ENV) $(HOSTED)/bin/assurance init
	$(HOSTED_ENV) $(HOSTED)/bin/assurance demo --if-empty
	@echo "Two instances on one shared store: $(foreach p,$(PORTS),http://localhost:$(p))"
	$(HOSTED_ENV) sh -c 'pids=; for port in $(PORTS); do $(HOSTED)/bin/assurance serve --port $$port & pids="$$pids $$!"; done; trap "kill $$pids 2>/dev/null" INT TERM; wait'

hosted-stop: hosted
	$(HOSTED)/bin/python -m assurance.local_store stop "$(HOSTED_DIR)"

# The shared store's tests, against a real PostgreSQL server they start (Debian's postgresql).
test-hosted: hosted
	$(HOSTED)/bin/python -m pytest tests/hosted

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

# The property walk at length (tests/property; `make test` runs it seeded and bounded): many
# more generated data sets, at random, each walked through every output. EXAMPLES=N sets how
# many each walk tries.
EXAMPLES ?=
fuzz: dev
	ASSURANCE_FUZZ=1 ASSURANCE_WALK_EXAMPLES=$(EXAMPLES) $(BIN)/python -m pytest tests/property \
		--hypothesis-show-statistics

bench: dev
	$(BIN)/python -m bench

# The same steps on the demo boards, a few thousand rows, one run: .ci/run runs it so the
# bench cannot break unseen (its figures are no measure of speed).
bench-short: dev
	BENCH_SHORT=1 $(BIN)/python -m bench

lint: dev
	$(BIN)/ruff check .
	$(BIN)/mypy

# The documentation site from mkdocs.yml (Material for MkDocs), built strictly: a broken link,
# anchor or page left out of the nav fails it. Material 9.8 prints a notice of its end of life
# on every build; docs/developers/documentation.md records it, so it is silenced here and a
# real warning stands out. `make docs-serve` serves it at http://localhost:8000 as you write.
docs: dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

docs-serve: dev
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

# Every picture the documentation shows, remade on the demo data (serves the app on a free
# port and drives Debian's Chromium; about a minute): after a change to what a pictured page,
# the digest or the report shows.
pictures: dev
	$(BIN)/python docs/pictures.py

clean:
	rm -rf $(VENV) $(HOSTED) .pytest_cache .ruff_cache .mypy_cache *.egg-info site
