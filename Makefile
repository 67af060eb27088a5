# make help lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
FLASK := $(BIN)/flask --app registry
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

# Hash-pinned locks, resolved from pyproject.toml by `make lock`: runtime, and runtime + test extra.
LOCK := requirements/lock.txt
LOCK_TEST := requirements/lock-test.txt

# Lint and type-check these.
PACKAGES := certs registry verify webbase
LINT_PATHS := $(PACKAGES) tests bench deploy

.DEFAULT_GOAL := help
.PHONY: help run test lint lint-ruff lint-format lint-types lint-imports lock bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# A dependency added to pyproject.toml but not yet locked shows up here, not at import time.
LOCK_CHECK = @$(PIP) check >/dev/null || { $(PIP) check; echo "requirements/ is behind pyproject.toml: run make lock" >&2; exit 1; }

# The lock brings every distribution, setuptools included (pyproject's build-system), each
# checked against its hash; the project itself then goes in editable, built with that setuptools.
$(STAMP_RUN): $(LOCK) pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r $(LOCK)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(LOCK_CHECK)
	touch $@

$(STAMP_TEST): $(LOCK_TEST) $(LOCK) pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r $(LOCK_TEST)
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(LOCK_CHECK)
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN) ## Start registry (:8000) and verify (:8001) on SQLite with demo data
	@$(BIN)/python deploy/run_local.py

test: $(STAMP_TEST) ## Run the tests (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/pytest

lint: lint-ruff lint-format lint-types lint-imports ## All four checks below (make -k lint: report every one)

lint-ruff: $(STAMP_TEST) ## ruff check (rules and their reasons in pyproject.toml)
	$(BIN)/ruff check $(LINT_PATHS)

lint-format: $(STAMP_TEST) ## ruff format --check
	$(BIN)/ruff format --check $(LINT_PATHS)

lint-types: $(STAMP_TEST) ## mypy: certs strict, registry/verify check untyped bodies
	$(BIN)/mypy $(PACKAGES)

lint-imports: $(STAMP_TEST) ## import-linter contracts ([tool.importlinter])
	$(BIN)/lint-imports

bench: $(STAMP_TEST) ## Benchmarks (print ratios against a baseline measured in the same run)
	$(BIN)/python bench/verify_lookup.py
	$(BIN)/python bench/batch_issue.py
	$(BIN)/python bench/batch_eligibility.py

# Locking: uv, pinned, in a throwaway venv outside the tree. Pins already in the lock files are
# kept where they still fit; `make lock LOCK_FLAGS=--upgrade` (or --upgrade-package NAME) moves them.
LOCKENV ?= /tmp/lockenv
UV_VERSION := 0.13.8
UV := $(LOCKENV)/bin/uv
LOCK_FLAGS ?=
# CI and every developer machine: Linux x86_64 (glibc >= 2.28), CPython 3.11.
UV_COMPILE = $(UV) pip compile --quiet --no-header --generate-hashes \
	--python-version 3.11 --python-platform x86_64-manylinux_2_28 $(LOCK_FLAGS)
# setuptools (build-system.requires) goes into the lock too, so the editable install
# needs nothing unpinned; it is read from pyproject.toml and fed to uv on stdin.
BUILD_REQUIRES = $(PYTHON) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
LOCK_HEADER = printf '%s\n' \
	'\# $(1). Generated; do not edit.' \
	'\# Regenerate with `make lock` (LOCK_FLAGS=--upgrade to move every pin), which runs:' \
	'\#   $(PYTHON) -c <print build-system.requires of pyproject.toml> | \' \
	'\#   uv pip compile --no-header --generate-hashes --python-version 3.11 \' \
	'\#       --python-platform x86_64-manylinux_2_28 $(strip pyproject.toml - $(2) -o $(3))' \
	'\# Install: pip install --require-hashes -r $(3) && pip install --no-deps --no-build-isolation -e .'

$(UV):
	$(PYTHON) -m venv $(LOCKENV)
	$(LOCKENV)/bin/pip install --quiet uv==$(UV_VERSION)

lock: | $(UV) ## Re-resolve requirements/lock*.txt from pyproject.toml (hash-pinned; Linux x86_64, 3.11)
	@mkdir -p requirements
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -o $(LOCK)
	{ $(call LOCK_HEADER,Runtime dependencies (make run),,$(LOCK)); grep -v '^#' $(LOCK); } > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - --extra test -c $(LOCK) -o $(LOCK_TEST)
	{ $(call LOCK_HEADER,Runtime + test extra (make test / lint / bench),--extra test -c $(LOCK),$(LOCK_TEST)); grep -v '^#' $(LOCK_TEST); } > $(LOCK_TEST).tmp
	mv $(LOCK_TEST).tmp $(LOCK_TEST)

clean: ## Remove the venv and local data (var/)
	rm -rf $(VENV) var
