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

.PHONY: help install system-deps demo test test-fast lint format messages clean bench lock

help:
	@echo "make install  - create .venv and install everything (Python, system packages, browser bits)"
	@echo "make demo     - install, migrate, load the demo register through the real sync, run the site"
	@echo "make test     - install, start Elasticsearch, run the whole suite, stop Elasticsearch"
	@echo "make lint     - ruff check + format check"
	@echo "make format   - ruff format + fix"
	@echo "make messages - refresh the lv/en gettext catalogues"
	@echo "make lock     - re-resolve requirements.lock (hashed pins) after changing pyproject.toml"

# Everything installed comes from requirements.lock: every package pinned with its PyPI hashes
# (pip and setuptools included), so two installs are the same install. The project itself is
# added without its dependencies (they are all in the lock) and built with the locked setuptools.
$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required (apt-get install python3.11 python3.11-venv)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-resolve requirements.lock from pyproject.toml (and lock-tools.in) on PyPI, with hashes.
# Run after changing a pin; tests/portal/test_lock.py fails while the two disagree.
UV_VERSION := 0.13.9
LOCK_TOOLS := .cache/lock-tools
lock:
	test -x $(LOCK_TOOLS)/bin/uv || { $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet uv==$(UV_VERSION); }
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml lock-tools.in --extra dev --generate-hashes \
		--python-version 3.11.7 --python-platform x86_64-unknown-linux-gnu \
		--index-url https://pypi.org/simple --custom-compile-command "make lock" -o requirements.lock

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
