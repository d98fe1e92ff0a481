# make serve [PORT=8000]   build the page and serve it on http://127.0.0.1:$(PORT)/
# make build               build site/dist/ only
# make test                ruff, mypy and pytest (browser tests included) from .venv
# make bench               the performance table: CLI, Pyodide worker and page, 10 MB to 1 GB
# make mutation            plant known privacy bugs in a copy; the suite must catch each
#
# Set-up happens on demand: .venv when pyproject.toml changes, site/node_modules when
# site/package-lock.json changes (npm ci, exactly the locked versions).

PORT ?= 8000
PYTHON ?= python3
VENV := .venv
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := site/node_modules/.package-lock.json

.PHONY: serve build test bench mutation clean

serve: $(VENV_STAMP) build
	PORT=$(PORT) $(VENV)/bin/python site/serve.py

build: $(NODE_STAMP)
	$(PYTHON) site/build.py

test: $(VENV_STAMP) $(NODE_STAMP)
	bash .ci/ensure-chromium
	$(VENV)/bin/ruff check py tests site
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

$(VENV_STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'
	touch $@

# npm writes node_modules/.package-lock.json on every install: newer than the lock = up to date.
$(NODE_STAMP): site/package-lock.json
	cd site && npm ci --ignore-scripts --no-audit --no-fund

mutation: $(VENV_STAMP) $(NODE_STAMP)
	$(VENV)/bin/python -m tests.mutation

bench: $(VENV_STAMP) $(NODE_STAMP)
	$(VENV)/bin/python -m tests.benchmarks.bench --sizes 10,100,1000 --repeat 3

clean:
	rm -rf site/dist
