#!/usr/bin/env bash
# make demo: the demo register over real HTTP → the real sync → the portal on localhost.
# Elasticsearch is started too when it can be; otherwise search runs on the database fallback.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-8000}
REGISTER_PORT=${2:-8765}
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-portal.settings.dev}
# The demo shows what visitors see: the themed Latvian 404 and 500 pages, not Django's debug
# page (DEBUG=1 make demo brings the debug page back); runserver --insecure serves the static
# files then.
export DEBUG=${DEBUG:-0}
# Links that leave the site (sitemap, schema.org, open data, e-mails) name the demo's address.
export PORTAL_BASE_URL=${PORTAL_BASE_URL:-http://127.0.0.1:${PORT}}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-$PORTAL_BASE_URL}
mkdir -p var

# Demo mail goes to files (one per message) so requests and e-mails can be counted.
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$PWD/var/mail}

cleanup() {
  for pidfile in var/register.pid var/worker.pid var/scheduler.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}
trap cleanup EXIT INT TERM

echo "Starting the demo register (stand-in for VIRSIS) on 127.0.0.1:${REGISTER_PORT}…"
# The stand-in serves a copy of the snapshot; the register's second version (demo/register/v2.py)
# replaces it after the first sync, so the portal shows change notes and sends an alert.
cp demo/register/snapshot.jsonld var/register-snapshot.jsonld
$PY -m demo.register.server --port "$REGISTER_PORT" --bind 127.0.0.1 \
  --snapshot var/register-snapshot.jsonld > var/register.log 2>&1 &
echo $! > var/register.pid
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:${REGISTER_PORT}/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

if [ -z "${ELASTICSEARCH_URL:-}" ] && [ "${DEMO_ELASTICSEARCH:-1}" = "1" ]; then
  if url=$(bash scripts/elasticsearch.sh start | tail -n 1) && [[ "$url" == http* ]]; then
    export ELASTICSEARCH_URL="$url"
  else
    echo "Elasticsearch could not be started; search uses the database fallback."
  fi
fi

# The admin's Sync runs → "Run now" syncs this address too.
export REGISTER_URL=${REGISTER_URL:-http://127.0.0.1:${REGISTER_PORT}/snapshot.jsonld}
$PY manage.py sync_register --source "$REGISTER_URL"
# A confirmed alert on the guide "DS-002", then the register's second version: change notes on
# PAK-0001/2/3 and the alert e-mail in var/mail/ once the worker runs (docs/alerts.md).
$PY manage.py create_demo_alert --email iedzivotajs@example.lv --kind guide --key DS-002
$PY -m demo.register.v2 --out var/register-snapshot.jsonld.new
mv var/register-snapshot.jsonld.new var/register-snapshot.jsonld
sleep 1  # the stand-in re-reads its file on a new mtime (one-second HTTP dates)
$PY manage.py sync_register --source "$REGISTER_URL"
if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  $PY manage.py search_reindex
fi
$PY manage.py create_demo_accounts
# The owners' demo: demo-owner, a service without a cost section with a broken link (a page
# the register stand-in answers 404 for) and a problem report a resident just sent.
$PY manage.py demo_owner_scenario --broken-url "http://127.0.0.1:${REGISTER_PORT}/iestades-lapa-vairs-nav"
$PY manage.py create_portal_pages
$PY manage.py shell -c "
from django.contrib.auth import get_user_model
User = get_user_model()
user, _ = User.objects.get_or_create(username='admin', defaults={'email': 'admin@portal.example'})
user.is_staff = user.is_superuser = True
user.set_password('demo-admin-2026')
user.save()
"
$PY manage.py collectstatic --noinput -v 0

# The e-mail queue's worker (django-tasks database backend), beside the web server.
$PY manage.py db_worker > var/worker.log 2>&1 &
echo $! > var/worker.pid

# Scheduled editorial changes (an approved go-live date) publish within a minute of it.
# Production runs the same command as a service (deploy/).
( while true; do $PY manage.py publish_scheduled >> var/publish_scheduled.log 2>&1; sleep 60; done ) &
echo $! > var/scheduler.pid

cat <<MSG

  Portal:  http://127.0.0.1:${PORT}/lv/   (English: http://127.0.0.1:${PORT}/en/)
  Admin:   http://127.0.0.1:${PORT}/admin/   login: admin / demo-admin-2026   (demo only)
  Search:  ${ELASTICSEARCH_URL:-database fallback (Elasticsearch not running)}
  Register stand-in: http://127.0.0.1:${REGISTER_PORT}/snapshot.jsonld
  Demo institution accounts: demo-requester-1, demo-requester-2, demo-provider, demo-owner
                             password demo-parole-2026 (demo only; docs/requests.md)
  Owners' dashboard: http://127.0.0.1:${PORT}/admin/owners/   (sign in as demo-owner)
  E-mails sent by the queue worker: ${EMAIL_FILE_PATH}

MSG
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload --insecure
