#!/usr/bin/env bash
# The whole suite against a real Elasticsearch node (started by the pytest plugin unless
# ELASTICSEARCH_URL points at one) and checks the import contracts and that migrations and
# catalogues are complete.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=portal.settings.test
.venv/bin/ruff check .
# The architecture (pyproject.toml [tool.importlinter], docs/architecture.md).
.venv/bin/lint-imports --no-cache
$PY manage.py makemigrations --check --dry-run
$PY manage.py compilemessages --ignore=.venv >/dev/null
$PY -m pytest "$@"
