# The README's two commands: `make demo` and `make test`. Both set up .venv first.
# Another supported interpreter (3.11-3.13) in its own venv:
#   make test PYTHON=python3.13 VENV=.venv-3.13
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= demo-report

.PHONY: demo test lint typecheck unit install clean browser-deps postgres-deps

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert (3, 11) <= sys.version_info[:2] <= (3, 13)' >/dev/null 2>&1 || { echo "error: $(PYTHON) not found or not Python 3.11-3.13 (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,multilingual,cluster]"
	@bash scripts/install-semantic.sh $(VENV)
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_OUT)/storylens.db
	$(BIN)/storylens analyze examples/corpus --out $(DEMO_OUT)
	@echo
	@echo "Report: $(abspath $(DEMO_OUT))/report.html"
	@echo "JSON:   $(abspath $(DEMO_OUT))/analysis.json"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

browser-deps:
	@bash scripts/browser-deps.sh

postgres-deps:
	@bash scripts/postgres-deps.sh

unit: $(STAMP) browser-deps postgres-deps
	$(BIN)/python -m pytest

test: lint typecheck unit

clean:
	rm -rf $(VENV) .venv-3.* build *.egg-info src/*.egg-info $(DEMO_OUT) test-output
