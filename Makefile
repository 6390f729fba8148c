# The README's commands. Each target makes .venv and installs what it needs when missing.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run demo test check format lint types bench bench-peers clean

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "homeops needs Python 3.11 ($(PY) not found; set PY=...)" >&2; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@touch $@

run: $(STAMP)
	$(BIN)/homeops

demo: $(STAMP)
	$(BIN)/homeops demo

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2

format: $(TEST_STAMP)
	$(BIN)/ruff format homeops storage config tui tests bench

lint: $(TEST_STAMP)
	$(BIN)/ruff format --check homeops storage config tui tests bench
	$(BIN)/ruff check homeops storage config tui tests bench

# Two runs: the console's tests import their helpers (pilot_helpers, board_data) as
# top-level modules, as pytest does, and have a conftest of their own.
types: $(TEST_STAMP)
	$(BIN)/mypy
	MYPYPATH=tests/tui $(BIN)/mypy tests/tui/*.py

check: lint types test

# The peer some benchmarks compare with (hledger), installed when this machine can (apt, as root);
# otherwise the rows that need it say it is missing.
bench-peers:
	@command -v hledger >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hledger >/dev/null; } 2>/dev/null \
	  || echo "hledger unavailable (apt-get install hledger): the rows comparing with it say so" >&2

bench: $(BENCH_STAMP) bench-peers
	$(BIN)/python -m bench
	$(BIN)/python -m bench.startup
	$(BIN)/python -m bench.board
	$(BIN)/python -m bench.ledger
	$(BIN)/python -m bench.planner
	$(BIN)/python -m bench.bandwidth
	$(BIN)/python -m bench.documents
	$(BIN)/python -m bench.targets

clean:
	rm -rf $(VENV) build *.egg-info
