# make help lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app registry
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.DEFAULT_GOAL := help
.PHONY: help run test lint bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN) ## Start registry (:8000) and verify (:8001) on SQLite with demo data
	@$(BIN)/python deploy/run_local.py

test: $(STAMP_TEST) ## Run the tests (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/pytest

lint: $(STAMP_TEST) ## ruff
	$(BIN)/ruff check certs registry verify tests bench deploy
	$(BIN)/ruff format --check certs registry verify tests bench deploy

bench: $(STAMP_TEST) ## Benchmarks (print ratios against a baseline measured in the same run)
	$(BIN)/python bench/verify_lookup.py
	$(BIN)/python bench/batch_issue.py

clean: ## Remove the venv and local data (var/)
	rm -rf $(VENV) var
