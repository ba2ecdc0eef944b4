# Shared helpers of scripts/postgres.sh, scripts/redis.sh and scripts/elasticsearch.sh.
#
# Why a run directory outside the checkout: PostgreSQL, Redis and Elasticsearch refuse to
# run as root (or should not), so as root they run as an unprivileged user — and that user
# cannot enter a checkout whose parent folder is private (a clone in /root or in a
# `mktemp -d` folder, both mode 0700). Their binaries, configuration and data therefore live
# in a per-checkout directory under /var/tmp that the user owns; downloads and state files
# (ports, pid files) stay under <repo>/.cache/.
# shellcheck shell=bash

PATH="${PATH}:/usr/sbin:/sbin"  # runuser/useradd live there; some root shells lack it
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Every path below is absolute; the service user may not be allowed into the caller's folder.
cd /

# /var/tmp/portal-<hash of the checkout path>: one per checkout, stable across runs.
checkout_run_dir() {
    local hash
    hash="$(printf '%s' "$REPO_ROOT" | sha1sum | cut -c1-12)"
    echo "${PORTAL_RUN_ROOT:-/var/tmp}/portal-${hash}"
}

# N free TCP ports on 127.0.0.1, distinct, one per line (the kernel picks them).
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

port_in_use() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
# Like the servers themselves: a port whose old connections linger in TIME_WAIT is free.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}

# Sets RUN_AS (empty when not root) and makes sure the system user exists.
RUN_AS=()
ensure_service_user() {
    local user="$1"
    if [[ "$(id -u)" -ne 0 ]]; then
        RUN_AS=()
        return
    fi
    if ! id -u "$user" >/dev/null 2>&1; then
        echo "creating system user ${user}" >&2
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
    fi
    RUN_AS=(runuser -u "$user" --)
}

# A directory the service user owns (mode 0700), created on demand.
owned_dir() {
    local dir="$1" user="$2"
    mkdir -p "$dir"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown "$user:" "$dir"
    fi
    chmod 0700 "$dir"
}
