#!/usr/bin/env bash
# Redis on loopback for tests, benchmarks and local production runs.
#
#   scripts/redis.sh start    # start, print redis://127.0.0.1:PORT/0 last
#   scripts/redis.sh stop     # stop the server this script started
#   scripts/redis.sh status   # "running <url>" / "stopped", exit 0/1
#
# Environment:
#   REDIS_PORT  port on 127.0.0.1 (default: the port of the last start, else a free one)
#   REDIS_USER  unprivileged user that runs the server when invoked as root (default redis,
#               created by Debian's redis-server package)
#   REDIS_NAME  instance name, so several can live beside each other (default dev)
#   REDIS_POLICY  maxmemory-policy (default allkeys-lru, the page cache; noeviction for the
#               store of rate-limit counters and cache generations, deploy/redis/limits.conf)
#
# Debian's `redis-server` (scripts/system-deps.sh installs it). No persistence: the cache is
# disposable. State in <repo>/.cache/redis/<name>/, the server's files in
# /var/tmp/portal-<checkout hash>/redis-<name>/ (see scripts/lib/common.sh for why).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

REDIS_USER="${REDIS_USER:-redis}"
REDIS_NAME="${REDIS_NAME:-dev}"
REDIS_POLICY="${REDIS_POLICY:-allkeys-lru}"
STATE_DIR="${REPO_ROOT}/.cache/redis/${REDIS_NAME}"
RUN_DIR="$(checkout_run_dir)/redis-${REDIS_NAME}"
PID_FILE="${RUN_DIR}/redis.pid"

log() { echo "redis.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

server_bin() {
    local bin
    bin="$(command -v redis-server 2>/dev/null || true)"
    [[ -n "$bin" ]] || die "redis-server is not installed: run scripts/system-deps.sh (apt-get install -y redis-server)"
    echo "$bin"
}

current_port() { cat "${STATE_DIR}/port" 2>/dev/null; }

url() { echo "redis://127.0.0.1:$1/0"; }

running() {
    local p pid
    p="$(current_port)" || return 1
    [[ -s "$PID_FILE" ]] || return 1
    pid="$(tr -dc '0-9' <"$PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    [[ "$(redis-cli -h 127.0.0.1 -p "$p" ping 2>/dev/null)" == "PONG" ]]
}

cmd_start() {
    if running; then
        url "$(current_port)"
        return 0
    fi
    ensure_service_user "$REDIS_USER"
    local p="${REDIS_PORT:-}"
    if [[ -z "$p" ]]; then
        p="$(current_port || true)"
        if [[ -z "$p" ]] || port_in_use "$p"; then p="$(free_ports 1)"; fi
    elif port_in_use "$p"; then
        die "port ${p} is taken; set REDIS_PORT to a free port"
    fi
    mkdir -p "$STATE_DIR" "$(dirname "$RUN_DIR")"
    chmod 0755 "$(dirname "$RUN_DIR")"
    owned_dir "$RUN_DIR" "$REDIS_USER"
    echo "$p" >"${STATE_DIR}/port"
    log "starting Redis on 127.0.0.1:${p} (log: ${RUN_DIR}/redis.log)"
    "${RUN_AS[@]}" "$(server_bin)" --bind 127.0.0.1 --port "$p" --dir "$RUN_DIR" \
        --daemonize yes --pidfile "$PID_FILE" --logfile "${RUN_DIR}/redis.log" \
        --save "" --appendonly no --maxmemory 256mb --maxmemory-policy "$REDIS_POLICY" \
        --protected-mode yes
    local i
    for ((i = 0; i < 100; i++)); do
        if running; then
            url "$p"
            return 0
        fi
        sleep 0.1
    done
    tail -n 20 "${RUN_DIR}/redis.log" >&2 || true
    die "Redis did not start"
}

cmd_stop() {
    if [[ ! -s "$PID_FILE" ]]; then
        log "not running"
        return 0
    fi
    local pid i
    pid="$(tr -dc '0-9' <"$PID_FILE")"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        log "stopping Redis pid ${pid}"
        kill -TERM "$pid"
        for ((i = 0; i < 100; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -f "$PID_FILE"
}

cmd_status() {
    if running; then
        echo "running $(url "$(current_port)")"
        return 0
    fi
    echo "stopped"
    return 1
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 start|stop|status   (env: REDIS_PORT, REDIS_NAME=${REDIS_NAME})" >&2
        exit 2
        ;;
esac
