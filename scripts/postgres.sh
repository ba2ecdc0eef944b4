#!/usr/bin/env bash
# Throw-away PostgreSQL cluster on loopback for tests, benchmarks and local production runs.
#
#   scripts/postgres.sh start    # initdb on first use, start, print postgres://… last
#   scripts/postgres.sh stop     # stop it (the data stays for the next start)
#   scripts/postgres.sh status   # "running <url>" / "stopped", exit 0/1
#   scripts/postgres.sh destroy  # stop and delete the cluster
#
# Environment:
#   PG_PORT     port on 127.0.0.1 (default: the port of the last start, else a free one)
#   PG_USER     unprivileged system user that runs the server when invoked as root
#               (default postgres, created by Debian's package; PostgreSQL refuses root)
#   PG_NAME     cluster name, so several clusters can live beside each other (default dev)
#
# Debian's `postgresql` package provides the binaries (scripts/system-deps.sh installs it);
# the cluster is our own (initdb), not Debian's `pg_createcluster` one, so nothing outside
# this script's directories is touched. Durability is switched off (fsync, full page writes):
# the cluster is disposable and tests run several times faster.
# State (port, password) lives in <repo>/.cache/postgres/<name>/; the data directory in
# /var/tmp/portal-<checkout hash>/postgres-<name>/ (see scripts/lib/common.sh for why).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PG_USER="${PG_USER:-postgres}"
PG_NAME="${PG_NAME:-dev}"
STATE_DIR="${REPO_ROOT}/.cache/postgres/${PG_NAME}"
RUN_DIR="$(checkout_run_dir)/postgres-${PG_NAME}"
DATA_DIR="${RUN_DIR}/data"
SOCKET_DIR="${RUN_DIR}/socket"
LOG_FILE="${RUN_DIR}/server.log"
DB_NAME="portal"
DB_ROLE="portal"

log() { echo "postgres.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$dir" && -x "${dir}/pg_ctl" ]] \
        || die "PostgreSQL is not installed: run scripts/system-deps.sh (apt-get install -y postgresql)"
    echo "$dir"
}

port() {
    if [[ -n "${PG_PORT:-}" ]]; then
        echo "$PG_PORT"
    elif [[ -s "${STATE_DIR}/port" ]]; then
        cat "${STATE_DIR}/port"
    else
        free_ports 1
    fi
}

url() {
    echo "postgres://${DB_ROLE}:$(cat "${STATE_DIR}/password")@127.0.0.1:$1/${DB_NAME}"
}

running() {
    [[ -f "${DATA_DIR}/postmaster.pid" ]] || return 1
    "${RUN_AS[@]}" "$(pg_bin)/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

init_cluster() {
    [[ -f "${DATA_DIR}/PG_VERSION" ]] && return 0
    log "creating a throw-away cluster in ${DATA_DIR}"
    mkdir -p "$STATE_DIR" "$(dirname "$RUN_DIR")"
    chmod 0755 "$(dirname "$RUN_DIR")"
    [[ -s "${STATE_DIR}/password" ]] || python3 -c 'import secrets; print(secrets.token_hex(16))' >"${STATE_DIR}/password"
    owned_dir "$RUN_DIR" "$PG_USER"
    owned_dir "$SOCKET_DIR" "$PG_USER"
    local pwfile="${RUN_DIR}/.pw"
    cp "${STATE_DIR}/password" "$pwfile"
    [[ "$(id -u)" -eq 0 ]] && chown "$PG_USER:" "$pwfile"
    "${RUN_AS[@]}" "$(pg_bin)/initdb" -D "$DATA_DIR" -U "$DB_ROLE" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >>"${DATA_DIR}/postgresql.conf" <<CONF
# scripts/postgres.sh: disposable cluster, loopback only, speed over durability.
listen_addresses = '127.0.0.1'
unix_socket_directories = '${SOCKET_DIR}'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 128MB
CONF
}

# The data directory is keyed by the checkout's path, its password lives in the checkout's
# .cache/: a new clone made where an earlier one was (CI re-clones into the same folder) finds
# the earlier cluster but not its password. That cluster is unusable and disposable by
# design, so it is stopped and recreated rather than failing the start.
forget_orphaned_cluster() {
    [[ -f "${DATA_DIR}/PG_VERSION" && ! -s "${STATE_DIR}/password" ]] || return 0
    log "the cluster in ${DATA_DIR} belongs to an earlier checkout at this path (its password is gone): recreating it"
    if running; then
        "${RUN_AS[@]}" "$(pg_bin)/pg_ctl" -D "$DATA_DIR" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$RUN_DIR"
}

cmd_start() {
    ensure_service_user "$PG_USER"
    forget_orphaned_cluster
    local p
    p="$(port)"
    if running; then
        url "$(cat "${STATE_DIR}/port")"
        return 0
    fi
    init_cluster
    if port_in_use "$p"; then
        [[ -z "${PG_PORT:-}" ]] || die "port ${p} is taken; set PG_PORT to a free port"
        p="$(free_ports 1)"
    fi
    mkdir -p "$STATE_DIR"
    echo "$p" >"${STATE_DIR}/port"
    log "starting PostgreSQL on 127.0.0.1:${p} (log: ${LOG_FILE})"
    "${RUN_AS[@]}" "$(pg_bin)/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -o "-p ${p}" -w -t 60 start >/dev/null \
        || { tail -n 30 "$LOG_FILE" >&2 || true; die "PostgreSQL did not start"; }
    if ! "${RUN_AS[@]}" "$(pg_bin)/psql" -h "$SOCKET_DIR" -p "$p" -U "$DB_ROLE" -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}'" | grep -q 1; then
        "${RUN_AS[@]}" "$(pg_bin)/createdb" -h "$SOCKET_DIR" -p "$p" -U "$DB_ROLE" "$DB_NAME"
    fi
    url "$p"
}

cmd_stop() {
    ensure_service_user "$PG_USER"
    if ! running; then
        log "not running"
        return 0
    fi
    log "stopping PostgreSQL in ${DATA_DIR}"
    "${RUN_AS[@]}" "$(pg_bin)/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null
}

cmd_status() {
    ensure_service_user "$PG_USER"
    if running; then
        echo "running $(url "$(cat "${STATE_DIR}/port")")"
        return 0
    fi
    echo "stopped"
    return 1
}

cmd_destroy() {
    cmd_stop
    rm -rf "$RUN_DIR" "$STATE_DIR"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    destroy) cmd_destroy ;;
    *)
        echo "usage: $0 start|stop|status|destroy   (env: PG_PORT, PG_NAME=${PG_NAME})" >&2
        exit 2
        ;;
esac
