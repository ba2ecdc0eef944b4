#!/usr/bin/env bash
# The whole gate: ruff, the dependency audit, the import contracts, mypy, migrations and
# catalogues complete, then the suite, each test once (see below and the README).
# Elasticsearch is started by the pytest plugin unless ELASTICSEARCH_URL points at a node.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=portal.settings.test
.venv/bin/ruff check .
$PY scripts/audit_deps.py  # offline, against the dated PyPA advisory snapshot (docs/security.md)
# The architecture (pyproject.toml [tool.importlinter], docs/architecture.md).
.venv/bin/lint-imports --no-cache
# Types (pyproject.toml [tool.mypy], django-stubs) on the app packages.
.venv/bin/mypy alerts catalogue_pages sync search service_requests open_data improvement requestkit themes portal
$PY manage.py makemigrations --check --dry-run
$PY manage.py compilemessages --ignore=.venv >/dev/null

# Each test runs once, where it means something (README "Which tests run where"):
#   1. PostgreSQL (the production database, from scripts/postgres.sh): every test except the
#      combined stack test, the browser tests included (a live server and the test thread
#      share the database: SQLite's shared in-memory test database answers "database table
#      is locked" at once to a concurrent read, PostgreSQL lets both go on);
#   2. SQLite (the embedded default of `make demo`): the stack test (it starts its own
#      PostgreSQL) and the tests marked `both_databases`, where SQLite behaves differently
#      and the embedded default depends on it (the database fallback search, locking, the
#      bulk page writer, the sync run, the demo register, junk input).
# TEST_POSTGRES=0 runs every test on SQLite instead (a quick local run without PostgreSQL).
started=$SECONDS
if [[ "${TEST_POSTGRES:-1}" == 0 ]]; then
    echo "== pytest on SQLite (every test; TEST_POSTGRES=0)"
    DATABASE_URL= $PY -m pytest "$@"
    echo "TEST-PASS-SQLITE-SECONDS=$((SECONDS - started))"
    exit 0
fi

pg_was_running=1
PG_NAME=test bash scripts/postgres.sh status >/dev/null 2>&1 || pg_was_running=0
pg_url="$(PG_NAME=test bash scripts/postgres.sh start | tail -n 1)"
[[ "$pg_url" == postgres://* ]] || { echo "scripts/postgres.sh did not print a URL" >&2; exit 1; }
stop_pg() { [[ "$pg_was_running" == 1 ]] || PG_NAME=test bash scripts/postgres.sh stop; }
trap stop_pg EXIT
# The two passes run side by side (the SQLite pass is a sixth of the time, and this is a
# 2-core machine whose suite waits on services and browsers as much as on the CPU): the SQLite
# pass starts its own Redis, PostgreSQL and Elasticsearch parts (TEST_PARTS_SUFFIX, see
# tests/plugins/services.py), writes no pytest cache, and its output follows the first pass's.
sqlite_log="$(mktemp)"
(
    sqlite_started=$SECONDS
    status=0
    DATABASE_URL= TEST_PARTS_SUFFIX=-sqlite $PY -m pytest -p no:cacheprovider --durations=15 \
        -m "stack or both_databases" "$@" >"$sqlite_log" 2>&1 || status=$?
    echo "TEST-PASS-SQLITE-SECONDS=$((SECONDS - sqlite_started))" >>"$sqlite_log"
    exit "$status"
) &
sqlite_pid=$!
echo "== pytest on PostgreSQL (${pg_url#*@}), the SQLite pass beside it"
pg_status=0
DATABASE_URL="$pg_url" $PY -m pytest --durations=15 -m "not stack" "$@" || pg_status=$?
echo "TEST-PASS-POSTGRES-SECONDS=$((SECONDS - started))"
sqlite_status=0
wait "$sqlite_pid" || sqlite_status=$?
echo "== pytest on SQLite (stack, both_databases), run beside the PostgreSQL pass"
cat "$sqlite_log"
rm -f "$sqlite_log"
echo "TEST-BOTH-PASSES-SECONDS=$((SECONDS - started))"
[[ "$pg_status" == 0 && "$sqlite_status" == 0 ]] || exit 1
