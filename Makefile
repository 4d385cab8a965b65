# Two commands: `make run` (Neo4j + schema + demo data + API) and `make test`. Each sets itself up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_ACCOUNTS ?= 300
PORT ?= 8000

.PHONY: run test venv lint typecheck schema bench clean-neo4j help

help:
	@echo "make run    - start Neo4j (local unless NEO4J_URI is set), apply the schema, load demo data, serve the API on :$(PORT)"
	@echo "make test   - set everything up from nothing and run the test suite against a real Neo4j"
	@echo "make lint   - ruff; make typecheck - mypy; make schema - export schema.graphql"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is needed (python3.11 or python3 on PATH)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,speed]'
	@touch $(STAMP)

venv: $(STAMP)

run: venv
	@DEMO_ACCOUNTS=$(DEMO_ACCOUNTS) PORT=$(PORT) bash scripts/run.sh

test: venv
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check api graph queries tests bench

typecheck: venv
	$(BIN)/mypy

schema: venv
	$(BIN)/strawberry export-schema api.schema:schema --output schema.graphql

bench: venv
	@echo "See BENCHMARKS.md for each benchmark's command."
