# newsframe: `make report` and `make test` set everything up on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CORPUS ?= data/sample
REPORT_ARGS ?= --jobs 2

.DEFAULT_GOAL := help

## help: list the targets
.PHONY: help
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  make /'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "newsframe needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,extras]'
	$(BIN)/python -m ipykernel install --sys-prefix --name newsframe --display-name "Python (newsframe)"
	touch $(STAMP)

## install: create .venv, install newsframe with its dependencies, register the `newsframe` kernel
.PHONY: install
install: $(STAMP)

## report: render every notebook over data/sample (CORPUS=... for another) into reports/<run-id>/
.PHONY: report
report: $(STAMP)
	$(BIN)/newsframe report --corpus $(CORPUS) $(REPORT_ARGS)

## test: run the test suite (unit, doctests, notebooks executed with Papermill)
.PHONY: test
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist load

## test-fast: unit tests and doctests without notebooks, browsers, report runs or stores (seconds, not minutes)
.PHONY: test-fast
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -q -p no:cacheprovider

## check: lint (ruff check), formatting (ruff format --check) and types (mypy); all three run, any failure fails
.PHONY: check
check: $(STAMP)
	@status=0; \
	for command in "$(BIN)/ruff check lib tests" "$(BIN)/ruff format --check lib tests" "$(BIN)/mypy"; do \
	  echo "$$command"; $$command || status=1; \
	done; \
	exit $$status

## lab: open JupyterLab on notebooks/ with the newsframe kernel
.PHONY: lab
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## bench: run the benchmarks over ../shared/corpora (not part of the tests)
.PHONY: bench
bench: $(STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

## clean: remove the virtual environment, caches and generated reports
.PHONY: clean
clean:
	rm -rf $(VENV) .cache .pytest_cache .hypothesis reports/*/ reports/index.html reports/latest
