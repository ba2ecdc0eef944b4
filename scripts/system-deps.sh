#!/usr/bin/env bash
# Installs the Debian packages the project needs, once. Safe to run repeatedly.
set -euo pipefail
need=()
command -v msgfmt >/dev/null || need+=(gettext)
[ -f /usr/share/hunspell/lv_LV.dic ] || need+=(hunspell-lv)
command -v chromium >/dev/null || need+=(chromium)
# JDK: compiles the dev Elasticsearch analysis plugin; its java runs the Nu HTML Checker (vnu-jar).
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
# PostgreSQL and Redis for the production-topology tests (scripts/postgres.sh, scripts/redis.sh).
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
# clamd: the optional virus-scanner hook is tested against a real clamd (docs/security.md).
[ -x /usr/sbin/clamd ] || need+=(clamav-daemon)
# nginx: the TLS proxy of deploy/nginx/, run in front of gunicorn by the combined test.
[ -x /usr/sbin/nginx ] || need+=(nginx)
# varnish: the shared cache of deploy/varnish/, run between nginx and gunicorn by the combined test.
[ -x /usr/sbin/varnishd ] || need+=(varnish)
# wrk: a C load generator for bench/stack_bench.py, so the load does not eat the servers' CPU.
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
