#!/usr/bin/env bash
# The whole gate: ruff, migrations and catalogues complete, then the suite twice —
#   1. on SQLite (the embedded default), every test, the combined production-topology test
#      (@pytest.mark.stack) included;
#   2. on PostgreSQL (the production database) from scripts/postgres.sh, every test except
#      the browser tests (they check rendering and accessibility, which do not depend on the
#      database) and the stack test (it starts its own PostgreSQL anyway).
# Elasticsearch is started by the pytest plugin unless ELASTICSEARCH_URL points at a node.
# TEST_POSTGRES=0 skips the second pass (for a quick local run).
# The import contracts (pyproject.toml [tool.importlinter]) are checked first.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=portal.settings.test
.venv/bin/ruff check .
$PY scripts/audit_deps.py  # offline, against the dated PyPA advisory snapshot (docs/security.md)
# The architecture (pyproject.toml [tool.importlinter], docs/architecture.md).
.venv/bin/lint-imports --no-cache
# Types (pyproject.toml [tool.mypy], django-stubs) on the app packages.
.venv/bin/mypy catalogue_pages sync search service_requests open_data improvement requestkit themes portal
$PY manage.py makemigrations --check --dry-run
$PY manage.py compilemessages --ignore=.venv >/dev/null

started=$SECONDS
echo "== pytest on SQLite"
DATABASE_URL= $PY -m pytest "$@"
echo "TEST-PASS-SQLITE-SECONDS=$((SECONDS - started))"

if [[ "${TEST_POSTGRES:-1}" != 0 ]]; then
    started=$SECONDS
    pg_was_running=1
    PG_NAME=test bash scripts/postgres.sh status >/dev/null 2>&1 || pg_was_running=0
    pg_url="$(PG_NAME=test bash scripts/postgres.sh start | tail -n 1)"
    [[ "$pg_url" == postgres://* ]] || { echo "scripts/postgres.sh did not print a URL" >&2; exit 1; }
    stop_pg() { [[ "$pg_was_running" == 1 ]] || PG_NAME=test bash scripts/postgres.sh stop; }
    trap stop_pg EXIT
    echo "== pytest on PostgreSQL (${pg_url#*@})"
    DATABASE_URL="$pg_url" $PY -m pytest -m "not browser and not stack" "$@"
    echo "TEST-PASS-POSTGRES-SECONDS=$((SECONDS - started))"
fi
