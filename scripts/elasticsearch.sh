#!/usr/bin/env bash
# Local Elasticsearch for tests and development: one node, or a cluster with ES_NODES=2.
#
#   scripts/elasticsearch.sh start    # fetch (Maven Central), start, print URL(s) last
#   ES_NODES=2 scripts/elasticsearch.sh start   # two-node cluster: "http://…:A,http://…:B"
#   scripts/elasticsearch.sh stop     # stop the nodes of this cluster
#   scripts/elasticsearch.sh status   # "running <urls>"/"stopped", exit 0/1
#   ES_NODE=2 scripts/elasticsearch.sh stop-node   # stop one node (fault tests)
#   ES_NODE=2 scripts/elasticsearch.sh start-node  # start it again
#
# Environment:
#   ES_VERSION  Elasticsearch version (default 8.19.3)
#   ES_CLUSTER  cluster name; each has its own ports and data (default dev)
#   ES_NODES    number of nodes on first start (default 1; remembered afterwards)
#   ES_PORT     HTTP port of node 1 (default: the port of the last start, else a free one);
#               the other HTTP ports and every transport port are always picked free
#   ES_HEAP     heap per node (default 512m)
#   ES_USER     unprivileged user the nodes run as when invoked as root
#               (default elasticsearch-dev; Elasticsearch refuses to run as root)
#   ES_START_TIMEOUT  seconds to wait for health (default 120)
#
# Why the integ-test-zip: it is the only Elasticsearch distribution published to Maven
# Central, and Maven Central is reachable here. It is a *minimal* distribution without the
# analysis-common module; scripts/es-analysis-plugin/ (compiled here with javac against the
# distribution's own jars) registers the analyzers and filters the search mapping needs
# under their production names. The core hunspell filter reads
# <config>/hunspell/lv_LV/, filled from Debian's hunspell-lv when installed.
#
# Topology of ES_NODES=2: node 1 is master-eligible and holds data, node 2 holds data only.
# Two master-eligible nodes cannot survive the loss of either (no quorum), so the node that
# may be killed in the fault tests is node 2; production runs three master-eligible nodes
# (docs/deployment.md).
#
# Where things live: the zip and the state (ports, pids) under <repo>/.cache/elasticsearch/;
# the unpacked distribution and node data under /var/tmp/portal-<checkout hash>/elasticsearch/,
# which the Elasticsearch user can reach even when the checkout sits in a private folder
# (scripts/lib/common.sh).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ES_VERSION="${ES_VERSION:-8.19.3}"
ES_CLUSTER="${ES_CLUSTER:-dev}"
ES_USER="${ES_USER:-elasticsearch-dev}"
ES_HEAP="${ES_HEAP:-512m}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"

CACHE_DIR="${REPO_ROOT}/.cache/elasticsearch"
ZIP_FILE="${CACHE_DIR}/elasticsearch-${ES_VERSION}.zip"
STATE_DIR="${CACHE_DIR}/${ES_CLUSTER}"
NODES_FILE="${STATE_DIR}/nodes"  # one line per node: <number> <http port> <transport port>
RUN_BASE="$(checkout_run_dir)/elasticsearch"
DIST_DIR="${RUN_BASE}/elasticsearch-${ES_VERSION}"
CLUSTER_DIR="${RUN_BASE}/${ES_CLUSTER}"
PLUGIN_SRC="${REPO_ROOT}/scripts/es-analysis-plugin"
HUNSPELL_SRC="/usr/share/hunspell"

log() { echo "elasticsearch.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_tools() {
    local missing=()
    command -v java >/dev/null 2>&1 || missing+=(java)
    command -v mvn >/dev/null 2>&1 || missing+=(mvn)
    if ((${#missing[@]})); then
        log "ERROR: missing ${missing[*]}. Install with:"
        log "    apt-get install -y openjdk-17-jdk-headless maven"
        exit 1
    fi
    command -v curl >/dev/null 2>&1 || die "curl is missing: apt-get install -y curl"
    command -v unzip >/dev/null 2>&1 || die "unzip is missing: apt-get install -y unzip"
}

node_dir() { echo "${CLUSTER_DIR}/node-$1"; }
node_http() { awk -v n="$1" '$1 == n {print $2}' "$NODES_FILE"; }
node_transport() { awk -v n="$1" '$1 == n {print $3}' "$NODES_FILE"; }
node_numbers() { awk '{print $1}' "$NODES_FILE" 2>/dev/null; }
urls() { awk '{printf "%shttp://127.0.0.1:%s", (NR > 1 ? "," : ""), $2} END {print ""}' "$NODES_FILE"; }

# True when node N answers as a member of this cluster with yellow/green health.
node_healthy() {
    local body
    body="$(curl -fsS --max-time 5 "http://127.0.0.1:$(node_http "$1")/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null)" \
        || return 1
    [[ "$body" == *"\"cluster_name\":\"${ES_CLUSTER}\""* && ( "$body" == *'"status":"yellow"'* || "$body" == *'"status":"green"'* ) ]]
}

# Every node up and the cluster has them all.
cluster_healthy() {
    [[ -s "$NODES_FILE" ]] || return 1
    local n count
    count="$(wc -l <"$NODES_FILE")"
    for n in $(node_numbers); do node_healthy "$n" || return 1; done
    curl -fsS --max-time 5 "http://127.0.0.1:$(node_http 1)/_cluster/health?wait_for_nodes=${count}&timeout=1s" 2>/dev/null \
        | grep -q '"timed_out":false'
}

node_pid() {
    local pid_file
    pid_file="$(node_dir "$1")/es.pid"
    [[ -s "$pid_file" ]] || return 1
    local pid
    pid="$(tr -dc '0-9' <"$pid_file")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

plugin_rev() {
    (cd "$PLUGIN_SRC" && find . -type f -not -name '*.md' | sort | xargs sha1sum; echo "$ES_VERSION") | sha1sum | cut -c1-16
}

fetch_distribution() {
    mkdir -p "$CACHE_DIR"
    if [[ ! -s "$ZIP_FILE" ]]; then
        log "fetching ${ES_ARTIFACT} with Maven"
        local out
        if ! out="$(mvn -B -q dependency:copy -Dartifact="$ES_ARTIFACT" \
                -DoutputDirectory="$CACHE_DIR" -Dmdep.overWriteIfNewer=true 2>&1)"; then
            log "ERROR: Maven could not deliver ${ES_ARTIFACT}:"
            printf '%s\n' "$out" >&2
            exit 1
        fi
        [[ -s "$ZIP_FILE" ]] || die "Maven reported success but ${ZIP_FILE} is missing"
    fi
    mkdir -p "$RUN_BASE"
    chmod 0755 "$(dirname "$RUN_BASE")" "$RUN_BASE"
    if [[ ! -x "${DIST_DIR}/bin/elasticsearch" ]]; then
        log "unpacking ${ZIP_FILE} into ${RUN_BASE}"
        local tmp
        tmp="$(mktemp -d "${RUN_BASE}/unpack.XXXXXX")"
        unzip -q "$ZIP_FILE" -d "$tmp"
        rm -rf "$DIST_DIR"
        mv "${tmp}/elasticsearch-${ES_VERSION}" "$DIST_DIR"
        rm -rf "$tmp"
    fi
    if [[ -f "${HUNSPELL_SRC}/lv_LV.dic" && -f "${HUNSPELL_SRC}/lv_LV.aff" ]]; then
        mkdir -p "${DIST_DIR}/config/hunspell/lv_LV"
        cp -f "${HUNSPELL_SRC}/lv_LV.dic" "${HUNSPELL_SRC}/lv_LV.aff" "${DIST_DIR}/config/hunspell/lv_LV/"
    fi
    build_dev_analysis_plugin
    chmod -R a+rX "$DIST_DIR"
}

# Compiles scripts/es-analysis-plugin/ into <dist>/plugins/dev-analysis/ when its sources changed.
build_dev_analysis_plugin() {
    local plugin_dir="${DIST_DIR}/plugins/dev-analysis" rev
    rev="$(plugin_rev)"
    [[ -s "${plugin_dir}/dev-analysis.jar" && "$(cat "${plugin_dir}/.rev" 2>/dev/null)" == "$rev" ]] && return 0
    if ! command -v javac >/dev/null 2>&1 || ! command -v jar >/dev/null 2>&1; then
        log "WARNING: javac/jar not found: analyzer 'latvian' and filter 'asciifolding' will be missing."
        log "    apt-get install -y openjdk-17-jdk-headless"
        return 0
    fi
    log "building dev-analysis plugin from scripts/es-analysis-plugin/"
    local build cp
    build="$(mktemp -d "${RUN_BASE}/plugin-build.XXXXXX")"
    cp="$(find "${DIST_DIR}/lib" -maxdepth 1 -name '*.jar' | tr '\n' ':')"
    # shellcheck disable=SC2046
    javac -nowarn --release 17 -cp "$cp" -d "$build" $(find "${PLUGIN_SRC}/src" -name '*.java')
    rm -rf "$plugin_dir"
    mkdir -p "$plugin_dir"
    jar cf "${plugin_dir}/dev-analysis.jar" -C "$build" .
    cp "${PLUGIN_SRC}/named_components.json" "${plugin_dir}/"
    cat >"${plugin_dir}/stable-plugin-descriptor.properties" <<DESC
description=Dev-only analysis components (scripts/es-analysis-plugin)
version=${ES_VERSION}
name=dev-analysis
java.version=17
elasticsearch.version=${ES_VERSION}
DESC
    echo "$rev" >"${plugin_dir}/.rev"
    rm -rf "$build"
}

# Ports: node 1 keeps ES_PORT (or its last port); everything else is picked free.
plan_nodes() {
    local count="$1" n http transport first="${ES_PORT:-}"
    mkdir -p "$STATE_DIR"
    if [[ -z "$first" && -s "$NODES_FILE" ]]; then
        first="$(node_http 1)"
        port_in_use "$first" && first=""
    fi
    if [[ -n "${ES_PORT:-}" ]] && port_in_use "$ES_PORT"; then
        die "something else answers on port ${ES_PORT}; set ES_PORT to a free port"
    fi
    local -a ports
    mapfile -t ports < <(free_ports $((2 * count)))
    : >"${NODES_FILE}.new"
    for ((n = 1; n <= count; n++)); do
        http="${ports[$((2 * n - 2))]}"
        transport="${ports[$((2 * n - 1))]}"
        if ((n == 1)) && [[ -n "$first" ]]; then http="$first"; fi
        echo "$n $http $transport" >>"${NODES_FILE}.new"
    done
    mv "${NODES_FILE}.new" "$NODES_FILE"
}

write_node_config() {
    local n="$1" count dir seeds="" m
    count="$(wc -l <"$NODES_FILE")"
    dir="$(node_dir "$n")"
    mkdir -p "${dir}/data" "${dir}/logs" "${dir}/config"
    cp -rf "${DIST_DIR}/config/." "${dir}/config/"
    for m in $(node_numbers); do seeds+="${seeds:+, }\"127.0.0.1:$(node_transport "$m")\""; done
    {
        echo "# Generated by scripts/elasticsearch.sh; overwritten on every start."
        echo "cluster.name: ${ES_CLUSTER}"
        echo "node.name: ${ES_CLUSTER}-${n}"
        echo "network.host: 127.0.0.1"
        echo "http.port: $(node_http "$n")"
        echo "transport.port: $(node_transport "$n")"
        if ((count == 1)); then
            echo "discovery.type: single-node"
        else
            echo "discovery.seed_hosts: [${seeds}]"
            echo "cluster.initial_master_nodes: [\"${ES_CLUSTER}-1\"]"
            if ((n == 1)); then echo "node.roles: [master, data, ingest]"; else echo "node.roles: [data, ingest]"; fi
        fi
        echo "path.data: ${dir}/data"
        echo "path.logs: ${dir}/logs"
        echo "xpack.security.enabled: false"
        echo "# A nearly full disk must not make test indices read-only."
        echo "cluster.routing.allocation.disk.threshold_enabled: false"
        echo "action.destructive_requires_name: false"
    } >"${dir}/config/elasticsearch.yml"
    : >"${dir}/console.log"
    if ((${#RUN_AS[@]})); then
        chown -R "$ES_USER:" "$dir"
        chmod 0700 "$dir"
    fi
}

java_home() {
    local java_bin
    java_bin="$(readlink -f "$(command -v java)")"
    dirname "$(dirname "$java_bin")"
}

print_log_tail() {
    local dir
    dir="$(node_dir "$1")"
    log "----- ${dir}/console.log (tail) -----"
    tail -n 60 "${dir}/console.log" >&2 2>/dev/null || true
    local server_log="${dir}/logs/${ES_CLUSTER}.log"
    if [[ -f "$server_log" ]]; then
        log "----- ${server_log} (tail) -----"
        tail -n 40 "$server_log" >&2 || true
    fi
}

launch_node() {
    local n="$1" dir
    dir="$(node_dir "$n")"
    node_pid "$n" >/dev/null && return 0
    write_node_config "$n"
    rm -f "${dir}/es.pid"
    log "starting node ${n} of ${ES_CLUSTER} on http://127.0.0.1:$(node_http "$n") (logs: ${dir}/logs)"
    (
        cd "$dir"
        # setsid: the node must outlive this shell and its process group.
        exec setsid "${RUN_AS[@]}" env \
            ES_JAVA_HOME="$(java_home)" \
            ES_PATH_CONF="${dir}/config" \
            ES_JAVA_OPTS="-Xms${ES_HEAP} -Xmx${ES_HEAP} ${ES_EXTRA_JAVA_OPTS:-}" \
            "${DIST_DIR}/bin/elasticsearch" -p "${dir}/es.pid"
    ) </dev/null >>"${dir}/console.log" 2>&1 &
    echo $! >"${dir}/launcher.pid"
}

wait_healthy() {
    local deadline=$((SECONDS + ES_START_TIMEOUT)) n launcher
    while ((SECONDS < deadline)); do
        if cluster_healthy; then
            urls
            return 0
        fi
        for n in $(node_numbers); do
            launcher="$(cat "$(node_dir "$n")/launcher.pid" 2>/dev/null || true)"
            if ! node_pid "$n" >/dev/null && [[ -n "$launcher" ]] && ! kill -0 "$launcher" 2>/dev/null; then
                log "ERROR: node ${n} exited during startup"
                print_log_tail "$n"
                exit 1
            fi
        done
        sleep 1
    done
    log "ERROR: the cluster did not become healthy within ${ES_START_TIMEOUT}s"
    for n in $(node_numbers); do print_log_tail "$n"; done
    exit 1
}

cmd_start() {
    if cluster_healthy; then
        urls
        return 0
    fi
    require_tools
    local count="${ES_NODES:-}" n
    if [[ -z "$count" ]]; then count="$( [[ -s "$NODES_FILE" ]] && wc -l <"$NODES_FILE" || echo 1)"; fi
    local running=0
    for n in $(node_numbers); do node_pid "$n" >/dev/null && running=1; done
    if ((running)); then
        log "nodes of ${ES_CLUSTER} exist but the cluster is not healthy yet; waiting"
    else
        fetch_distribution
        ensure_service_user "$ES_USER"
        "${RUN_AS[@]}" test -x "${DIST_DIR}/bin/elasticsearch" \
            || die "user ${ES_USER} cannot reach ${DIST_DIR}"
        plan_nodes "$count"
        mkdir -p "$CLUSTER_DIR"
        chmod 0755 "$CLUSTER_DIR"
        for n in $(node_numbers); do launch_node "$n"; done
    fi
    wait_healthy
}

stop_one() {
    local n="$1" pid launcher dir i
    dir="$(node_dir "$n")"
    pid="$(node_pid "$n" || true)"
    launcher="$(cat "${dir}/launcher.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]]; then
        log "stopping node ${n} of ${ES_CLUSTER} (pid ${pid}, port $(node_http "$n"))"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 60; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "still alive after 30s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
        fi
    fi
    if [[ -n "$launcher" ]] && kill -0 "$launcher" 2>/dev/null; then
        kill -TERM "$launcher" 2>/dev/null || true
    fi
    rm -f "${dir}/es.pid" "${dir}/launcher.pid"
}

cmd_stop() {
    if [[ ! -s "$NODES_FILE" ]]; then
        log "cluster ${ES_CLUSTER} not running"
        return 0
    fi
    local n
    # Data nodes first, the master last: no pointless shard recovery on the way down.
    for n in $(node_numbers | sort -rn); do stop_one "$n"; done
}

cmd_stop_node() {
    [[ -n "${ES_NODE:-}" ]] || die "set ES_NODE to the node number"
    stop_one "$ES_NODE"
}

cmd_start_node() {
    [[ -n "${ES_NODE:-}" ]] || die "set ES_NODE to the node number"
    ensure_service_user "$ES_USER"
    launch_node "$ES_NODE"
    local deadline=$((SECONDS + ES_START_TIMEOUT))
    while ((SECONDS < deadline)); do
        if node_healthy "$ES_NODE"; then
            echo "http://127.0.0.1:$(node_http "$ES_NODE")"
            return 0
        fi
        sleep 1
    done
    print_log_tail "$ES_NODE"
    die "node ${ES_NODE} did not come back within ${ES_START_TIMEOUT}s"
}

cmd_status() {
    if cluster_healthy; then
        echo "running $(urls)"
        return 0
    fi
    local n
    for n in $(node_numbers); do
        if node_pid "$n" >/dev/null; then
            echo "starting $(urls) (not healthy yet)"
            return 1
        fi
    done
    echo "stopped"
    return 1
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    stop-node) cmd_stop_node ;;
    start-node) cmd_start_node ;;
    *)
        echo "usage: $0 start|stop|status|stop-node|start-node   (env: ES_CLUSTER=${ES_CLUSTER}, ES_NODES, ES_PORT, ES_NODE)" >&2
        exit 2
        ;;
esac
