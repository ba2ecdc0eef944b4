#!/usr/bin/env bash
# The whole suite against a real Elasticsearch node (started by the pytest plugin unless
# ELASTICSEARCH_URL points at one) and checks that migrations and catalogues are complete.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=portal.settings.test
.venv/bin/ruff check .
$PY scripts/audit_deps.py  # offline, against the dated PyPA advisory snapshot (docs/security.md)
$PY manage.py makemigrations --check --dry-run
$PY manage.py compilemessages --ignore=.venv >/dev/null
$PY -m pytest "$@"
