# Two entry points for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve test setup setup-test build clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

## Set up, build the embedded store when needed, and serve the SPARQL endpoint.
serve: setup
	$(PY) server.py --host $(HOST) --port $(PORT)

## Set up with the test extras and run the whole test suite.
test: setup-test
	$(PY) -m pytest

build: setup
	$(VENV)/bin/wsis-graph build

clean:
	rm -rf var build dist *.egg-info
