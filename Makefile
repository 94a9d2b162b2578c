# casewatch: `make demo` sets up and runs the main job; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= casewatch.db

.PHONY: setup demo test test-fast lint bench clean

# Byte-compile the (editable) package as a wheel install would: where PYTHONDONTWRITEBYTECODE is set,
# Python never writes the .pyc files itself, and every process compiled casewatch from source (~0.1 s).
setup: $(STAMP)
	@$(BIN)/python -m compileall -q casewatch

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

demo: setup
	$(BIN)/casewatch --db $(DB) ingest casewatch/examples/
	$(BIN)/casewatch --db $(DB) cases

test: setup
	$(BIN)/python -m pytest -n 2 -q

test-fast: setup
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

lint: setup
	$(BIN)/ruff check casewatch tests bench
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis $(DB) $(DB)-wal $(DB)-shm
