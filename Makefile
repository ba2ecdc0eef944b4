# One interface for humans and CI: install, demo, test, lint, format.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
DEMO_PORT ?= 8000
REGISTER_PORT ?= 8765
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install system-deps demo test test-fast lint format messages clean bench

help:
	@echo "make install  - create .venv and install everything (Python, system packages, browser bits)"
	@echo "make demo     - install, migrate, load the demo register through the real sync, run the site"
	@echo "make test     - install, start Elasticsearch, run the whole suite, stop Elasticsearch"
	@echo "make lint     - ruff check + format check"
	@echo "make format   - ruff format + fix"
	@echo "make messages - refresh the lv/en gettext catalogues"

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required (apt-get install python3.11 python3.11-venv)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed system-deps
	npm ci --no-audit --no-fund

# Debian packages the project needs: gettext (catalogues), hunspell-lv (Latvian stemming
# dictionary for Elasticsearch), chromium (accessibility checks). Installed once, as root.
system-deps:
	@bash scripts/system-deps.sh

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) compilemessages --ignore=.venv >/dev/null
	bash scripts/demo.sh $(DEMO_PORT) $(REGISTER_PORT)

test: install
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(MANAGE) makemessages -l lv -l en --ignore=.venv --ignore=node_modules --ignore=.cache --ignore=var --ignore=tests --ignore=bench --ignore=demo --ignore=docs --no-obsolete
	$(MANAGE) makemessages -d djangojs -l lv -l en --ignore=.venv --ignore=node_modules --ignore=.cache --ignore=var --ignore=tests --ignore=bench --ignore=demo --ignore=docs --no-obsolete
	$(PY) scripts/fill_en_catalogue.py
	$(MANAGE) compilemessages --ignore=.venv

bench: install
	bash bench/run.sh

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache
