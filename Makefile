# Two entry points for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
SSSOM_VENV ?= .venv-sssom
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
EDITOR := wsis_graph/web/frontend

.PHONY: serve test setup setup-test setup-sssom build clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## The query editor's JavaScript (YASGUI), as locked in $(EDITOR)/package-lock.json.
$(EDITOR)/node_modules/.installed: $(EDITOR)/package.json $(EDITOR)/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the query editor: install Node.js (>= 18) with npm" >&2; exit 1; }
	cd $(EDITOR) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

setup: $(VENV)/.installed $(EDITOR)/node_modules/.installed

## sssom-py in a virtual environment of its own, for the SSSOM tests (its linkml and rdflib plugins stay out of
## $(VENV)); does nothing once the pinned version is there.
setup-sssom:
	PYTHON=$(PYTHON) SSSOM_VENV=$(SSSOM_VENV) scripts/setup-sssom.sh

## Test extras, plus Debian's chromium for the editor's browser tests (scripts/install-test-deps.sh), plus
## sssom-py in $(SSSOM_VENV).
setup-test: setup $(VENV)/.installed-test setup-sssom
	scripts/install-test-deps.sh

## Set up, build the embedded store when needed, and serve the SPARQL endpoint.
serve: setup
	$(PY) server.py --host $(HOST) --port $(PORT)

## Set up with the test extras and run the whole test suite, in one process per core (TEST_WORKERS=1: in
## one process); each process has a remote test server of its own (tests/conftest.py).
TEST_WORKERS ?= auto
test: setup-test
	$(PY) -m pytest -n $(TEST_WORKERS)

build: setup
	$(VENV)/bin/wsis-graph build

clean:
	rm -rf var build dist *.egg-info

## Benchmarks at 100k, 1M and 10M triples beside plain rdflib and `oxigraph serve` (the test extras bring the
## oxigraph server; long: SCALES=100k,1M for less). Writes docs/BENCHMARKS.md.
.PHONY: bench
bench: setup $(VENV)/.installed-test
	$(PY) -m benchmarks.run --scales $(or $(SCALES),100k,1M,10M) --out docs/BENCHMARKS.md
