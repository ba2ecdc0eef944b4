#!/usr/bin/env bash
# Local single-node Elasticsearch for tests and development.
#
#   scripts/elasticsearch.sh start    # fetch (Maven Central), start, print URL last
#   scripts/elasticsearch.sh stop     # stop the node this script started on ES_PORT
#   scripts/elasticsearch.sh status   # "running"/"stopped", exit 0/1
#
# Environment:
#   ES_VERSION  Elasticsearch version (default 8.19.3)
#   ES_PORT     HTTP port on 127.0.0.1 (default 9250; 9200 is left to anything else)
#   ES_USER     unprivileged user the node runs as when invoked as root
#               (default elasticsearch-dev; Elasticsearch refuses to run as root)
#   ES_START_TIMEOUT  seconds to wait for yellow health (default 120)
#
# Why the integ-test-zip: it is the only Elasticsearch distribution published to
# Maven Central, and Maven Central is reachable here. It is a *minimal*
# distribution: server + transport-netty4 + x-pack-core/security + apm. It has
# NO analysis-common module, so language analyzers ("latvian"), "lowercase",
# "asciifolding", "stemmer" etc. do not exist in it. Core analysis ("standard"
# analyzer/tokenizer, "lowercase", "stop", "shingle", "hunspell") does.
#  * The hunspell filter reads dictionaries from <config>/hunspell/<locale>/, so
#    when Debian's hunspell-lv is installed we copy lv_LV.{aff,dic} there.
#  * To get the production names "latvian" (analyzer) and "asciifolding" (token
#    filter) we compile a tiny *stable-API* analysis plugin (embedded below)
#    against the distribution's own lib/ jars: it wraps Lucene's LatvianAnalyzer
#    (what the full distribution's "latvian" analyzer is) and ASCIIFoldingFilter,
#    plus "latvian_stem", "english" (Lucene EnglishAnalyzer), "stemmer" (languages
#    latvian/english/light_english/minimal_english/possessive_english),
#    "stemmer_override" (inline rules), "pattern_replace" (pattern/replacement/all)
#    and "edge_ngram" (min_gram/max_gram), all
#    with the production names and settings so the search mapping is the same
#    on a full Elasticsearch 8.x (search/analysis.py). Needs javac
#    (openjdk-17-jdk-headless); without it the node starts without them.
#
# Everything is cached under <repo>/.cache/elasticsearch/ (git-ignored):
#   elasticsearch-<ver>.zip, elasticsearch-<ver>/ (unpacked distribution),
#   node-<port>/{config,data,logs,es.pid,console.log} (one per port).
set -euo pipefail
PATH="${PATH}:/usr/sbin:/sbin"  # runuser/useradd live there; some root shells lack it

ES_VERSION="${ES_VERSION:-8.19.3}"
ES_PORT="${ES_PORT:-9250}"
ES_USER="${ES_USER:-elasticsearch-dev}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${REPO_ROOT}/.cache/elasticsearch"
DIST_DIR="${CACHE_DIR}/elasticsearch-${ES_VERSION}"
ZIP_FILE="${CACHE_DIR}/elasticsearch-${ES_VERSION}.zip"
NODE_DIR="${CACHE_DIR}/node-${ES_PORT}"
PID_FILE="${NODE_DIR}/es.pid"
LAUNCHER_PID_FILE="${NODE_DIR}/launcher.pid"
CONSOLE_LOG="${NODE_DIR}/console.log"
URL="http://127.0.0.1:${ES_PORT}"
HUNSPELL_SRC="/usr/share/hunspell"

log() { echo "elasticsearch.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

require_tools() {
    local missing=()
    command -v java >/dev/null 2>&1 || missing+=(java)
    command -v mvn >/dev/null 2>&1 || missing+=(mvn)
    if ((${#missing[@]})); then
        log "ERROR: missing ${missing[*]}. Install with:"
        log "    apt-get install -y openjdk-17-jre-headless maven"
        exit 1
    fi
    command -v curl >/dev/null 2>&1 || die "curl is missing: apt-get install -y curl"
    command -v unzip >/dev/null 2>&1 || die "unzip is missing: apt-get install -y unzip"
}

# True when the port answers like an Elasticsearch node with yellow/green health.
healthy() {
    local body
    body="$(curl -fsS --max-time 5 "${URL}/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null)" \
        || return 1
    [[ "$body" == *'"cluster_name"'* && ( "$body" == *'"status":"yellow"'* || "$body" == *'"status":"green"'* ) ]]
}

node_pid() {
    [[ -s "$PID_FILE" ]] || return 1
    local pid
    pid="$(tr -dc '0-9' <"$PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
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
    if [[ ! -x "${DIST_DIR}/bin/elasticsearch" ]]; then
        log "unpacking ${ZIP_FILE}"
        local tmp
        tmp="$(mktemp -d "${CACHE_DIR}/unpack.XXXXXX")"
        unzip -q "$ZIP_FILE" -d "$tmp"
        rm -rf "$DIST_DIR"
        mv "${tmp}/elasticsearch-${ES_VERSION}" "$DIST_DIR"
        rm -rf "$tmp"
    fi
    # Core hunspell token filter: dictionaries live in <config>/hunspell/<locale>/.
    if [[ -f "${HUNSPELL_SRC}/lv_LV.dic" && -f "${HUNSPELL_SRC}/lv_LV.aff" ]]; then
        mkdir -p "${DIST_DIR}/config/hunspell/lv_LV"
        cp -f "${HUNSPELL_SRC}/lv_LV.dic" "${HUNSPELL_SRC}/lv_LV.aff" "${DIST_DIR}/config/hunspell/lv_LV/"
    fi
    build_dev_analysis_plugin
    chmod -R a+rX "$DIST_DIR"
}

# Stable-plugin-API analysis components missing from the integ-test-zip.
build_dev_analysis_plugin() {
    local plugin_dir="${DIST_DIR}/plugins/dev-analysis"
    # Bump when the Java below changes: an older jar is rebuilt on the next start.
    local plugin_rev="3"
    [[ -s "${plugin_dir}/dev-analysis.jar" && "$(cat "${plugin_dir}/.rev" 2>/dev/null)" == "$plugin_rev" ]] && return 0
    if ! command -v javac >/dev/null 2>&1 || ! command -v jar >/dev/null 2>&1; then
        log "WARNING: javac/jar not found: analyzer 'latvian' and filter 'asciifolding' will be missing."
        log "    apt-get install -y openjdk-17-jdk-headless"
        return 0
    fi
    log "building dev-analysis plugin (latvian, english, asciifolding, latvian_stem, stemmer, stemmer_override, edge_ngram, pattern_replace)"
    local build
    build="$(mktemp -d "${CACHE_DIR}/plugin-build.XXXXXX")"
    mkdir -p "${build}/src/dev/analysis" "${build}/classes"
    cat >"${build}/src/dev/analysis/DevAnalysis.java" <<'JAVA'
package dev.analysis;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.ListSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/**
 * Stand-ins for analysis-common components absent from the integ-test-zip, registered under
 * the names (and setting names) the full distribution uses, so index settings are identical.
 */
public final class DevAnalysis {
    private DevAnalysis() {}

    @NamedComponent("latvian")
    public static final class Latvian implements AnalyzerFactory {
        public Latvian() {}
        @Override public Analyzer create() { return new LatvianAnalyzer(); }
    }

    @NamedComponent("english")
    public static final class English implements AnalyzerFactory {
        public English() {}
        @Override public Analyzer create() { return new EnglishAnalyzer(); }
    }

    @NamedComponent("asciifolding")
    public static final class AsciiFolding implements TokenFilterFactory {
        public AsciiFolding() {}
        @Override public TokenStream create(TokenStream in) { return new ASCIIFoldingFilter(in); }
        @Override public TokenStream normalize(TokenStream in) { return new ASCIIFoldingFilter(in); }
    }

    @NamedComponent("latvian_stem")
    public static final class LatvianStem implements TokenFilterFactory {
        public LatvianStem() {}
        @Override public TokenStream create(TokenStream in) { return new LatvianStemFilter(in); }
    }

    @AnalysisSettings
    public interface StemmerSettings {
        @StringSetting(path = "language", defaultValue = "english")
        String language();
    }

    /** "stemmer" with the languages the portal uses (production: analysis-common's stemmer). */
    @NamedComponent("stemmer")
    public static final class Stemmer implements TokenFilterFactory {
        private final String language;
        @Inject
        public Stemmer(StemmerSettings settings) {
            this.language = settings.language();
            if (!List.of("latvian", "english", "porter", "light_english", "minimal_english", "possessive_english").contains(language)) {
                throw new IllegalArgumentException("dev-analysis stemmer: unsupported language [" + language + "]");
            }
        }
        @Override public TokenStream create(TokenStream in) {
            switch (language) {
                case "latvian": return new LatvianStemFilter(in);
                case "english": case "porter": return new PorterStemFilter(in);
                case "light_english": return new KStemFilter(in);
                case "minimal_english": return new EnglishMinimalStemFilter(in);
                case "possessive_english": return new EnglishPossessiveFilter(in);
                default: return in;
            }
        }
    }

    @AnalysisSettings
    public interface StemmerOverrideSettings {
        @ListSetting(path = "rules")
        List<String> rules();
    }

    /** "stemmer_override" with inline "a, b => c" rules (rules_path is production-only). */
    @NamedComponent("stemmer_override")
    public static final class StemmerOverride implements TokenFilterFactory {
        private final StemmerOverrideFilter.StemmerOverrideMap map;
        @Inject
        public StemmerOverride(StemmerOverrideSettings settings) {
            StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
            for (String rule : settings.rules()) {
                String[] sides = rule.split("=>");
                if (sides.length != 2) throw new IllegalArgumentException("bad stemmer_override rule [" + rule + "]");
                String target = sides[1].trim();
                for (String source : sides[0].split(",")) {
                    if (!source.trim().isEmpty()) builder.add(source.trim(), target);
                }
            }
            try { this.map = builder.build(); } catch (java.io.IOException e) { throw new IllegalStateException(e); }
        }
        @Override public TokenStream create(TokenStream in) { return new StemmerOverrideFilter(in, map); }
    }

    @AnalysisSettings
    public interface PatternReplaceSettings {
        @StringSetting(path = "pattern", defaultValue = "")
        String pattern();
        @StringSetting(path = "replacement", defaultValue = "")
        String replacement();
        @BooleanSetting(path = "all", defaultValue = true)
        boolean all();
    }

    /** "pattern_replace" token filter (production: analysis-common). */
    @NamedComponent("pattern_replace")
    public static final class PatternReplace implements TokenFilterFactory {
        private final java.util.regex.Pattern pattern;
        private final String replacement;
        private final boolean all;
        @Inject
        public PatternReplace(PatternReplaceSettings settings) {
            this.pattern = java.util.regex.Pattern.compile(settings.pattern());
            this.replacement = settings.replacement();
            this.all = settings.all();
        }
        @Override public TokenStream create(TokenStream in) { return new PatternReplaceFilter(in, pattern, replacement, all); }
    }

    @AnalysisSettings
    public interface EdgeNGramSettings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();
        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();
    }

    @NamedComponent("edge_ngram")
    public static final class EdgeNGram implements TokenFilterFactory {
        private final int min;
        private final int max;
        @Inject
        public EdgeNGram(EdgeNGramSettings settings) { this.min = settings.minGram(); this.max = settings.maxGram(); }
        @Override public TokenStream create(TokenStream in) { return new EdgeNGramTokenFilter(in, min, max, false); }
    }
}
JAVA
    local cp
    cp="$(find "${DIST_DIR}/lib" -maxdepth 1 -name '*.jar' | tr '\n' ':')"
    javac -nowarn --release 17 -cp "$cp" -d "${build}/classes" "${build}/src/dev/analysis/DevAnalysis.java"
    mkdir -p "$plugin_dir"
    jar cf "${plugin_dir}/dev-analysis.jar" -C "${build}/classes" .
    cat >"${plugin_dir}/stable-plugin-descriptor.properties" <<EOF
description=Dev-only latvian analyzer and asciifolding filter (scripts/elasticsearch.sh)
version=${ES_VERSION}
name=dev-analysis
java.version=17
elasticsearch.version=${ES_VERSION}
EOF
    cat >"${plugin_dir}/named_components.json" <<'EOF'
{
  "org.elasticsearch.plugin.analysis.AnalyzerFactory": {
    "latvian": "dev.analysis.DevAnalysis$Latvian",
    "english": "dev.analysis.DevAnalysis$English"
  },
  "org.elasticsearch.plugin.analysis.TokenFilterFactory": {
    "asciifolding": "dev.analysis.DevAnalysis$AsciiFolding",
    "latvian_stem": "dev.analysis.DevAnalysis$LatvianStem",
    "stemmer": "dev.analysis.DevAnalysis$Stemmer",
    "stemmer_override": "dev.analysis.DevAnalysis$StemmerOverride",
    "edge_ngram": "dev.analysis.DevAnalysis$EdgeNGram",
    "pattern_replace": "dev.analysis.DevAnalysis$PatternReplace"
  }
}
EOF
    echo "$plugin_rev" >"${plugin_dir}/.rev"
    rm -rf "$build"
}

# Decide who runs the node: as root, a dedicated system user; otherwise ourselves.
RUN_AS=()
prepare_user() {
    if [[ "$(id -u)" -ne 0 ]]; then
        return
    fi
    if ! id -u "$ES_USER" >/dev/null 2>&1; then
        log "creating system user ${ES_USER}"
        useradd --system --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$ES_USER"
    fi
    RUN_AS=(runuser -u "$ES_USER" --)
    "${RUN_AS[@]}" test -x "${DIST_DIR}/bin/elasticsearch" \
        || die "user ${ES_USER} cannot reach ${DIST_DIR} (check permissions of its parent directories)"
}

prepare_node_dir() {
    mkdir -p "${NODE_DIR}/data" "${NODE_DIR}/logs" "${NODE_DIR}/config"
    # Fresh config from the distribution each start (keeps the node's keystore).
    cp -rf "${DIST_DIR}/config/." "${NODE_DIR}/config/"
    cat >"${NODE_DIR}/config/elasticsearch.yml" <<EOF
# Generated by scripts/elasticsearch.sh; overwritten on every start.
cluster.name: dev-${ES_PORT}
node.name: dev-${ES_PORT}
network.host: 127.0.0.1
http.port: ${ES_PORT}
transport.port: $((ES_PORT + 100))
discovery.type: single-node
path.data: ${NODE_DIR}/data
path.logs: ${NODE_DIR}/logs
xpack.security.enabled: false
# A nearly full disk must not make test indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
    : >"$CONSOLE_LOG"
    if ((${#RUN_AS[@]})); then
        chown -R "$ES_USER:" "$NODE_DIR"
    fi
}

java_home() {
    local java_bin
    java_bin="$(readlink -f "$(command -v java)")"
    dirname "$(dirname "$java_bin")"
}

print_log_tail() {
    log "----- ${CONSOLE_LOG} (tail) -----"
    tail -n 60 "$CONSOLE_LOG" >&2 2>/dev/null || true
    local server_log="${NODE_DIR}/logs/dev-${ES_PORT}.log"
    if [[ -f "$server_log" ]]; then
        log "----- ${server_log} (tail) -----"
        tail -n 40 "$server_log" >&2 || true
    fi
}

cmd_start() {
    if healthy; then
        echo "$URL"
        return 0
    fi
    require_tools
    if node_pid >/dev/null; then
        log "node pid $(node_pid) exists but is not healthy yet; waiting"
    else
        if curl -s --max-time 3 -o /dev/null "$URL" 2>/dev/null; then
            die "something else answers on port ${ES_PORT}; set ES_PORT to a free port"
        fi
        fetch_distribution
        prepare_user
        prepare_node_dir
        rm -f "$PID_FILE"
        log "starting Elasticsearch ${ES_VERSION} on ${URL} (logs: ${NODE_DIR}/logs)"
        (
            cd "$NODE_DIR"
            # setsid: the node must outlive this shell and its process group.
            exec setsid "${RUN_AS[@]}" env \
                ES_JAVA_HOME="$(java_home)" \
                ES_PATH_CONF="${NODE_DIR}/config" \
                ES_JAVA_OPTS="-Xms512m -Xmx512m ${ES_EXTRA_JAVA_OPTS:-}" \
                "${DIST_DIR}/bin/elasticsearch" -p "$PID_FILE"
        ) </dev/null >>"$CONSOLE_LOG" 2>&1 &
        echo $! >"$LAUNCHER_PID_FILE"
    fi
    local deadline=$((SECONDS + ES_START_TIMEOUT))
    while ((SECONDS < deadline)); do
        if healthy; then
            echo "$URL"
            return 0
        fi
        local launcher
        launcher="$(cat "$LAUNCHER_PID_FILE" 2>/dev/null || true)"
        if ! node_pid >/dev/null && [[ -n "$launcher" ]] && ! kill -0 "$launcher" 2>/dev/null; then
            log "ERROR: Elasticsearch exited during startup"
            print_log_tail
            exit 1
        fi
        sleep 1
    done
    log "ERROR: Elasticsearch did not reach yellow health within ${ES_START_TIMEOUT}s"
    print_log_tail
    exit 1
}

cmd_stop() {
    local pid launcher
    pid="$(node_pid || true)"
    launcher="$(cat "$LAUNCHER_PID_FILE" 2>/dev/null || true)"
    if [[ -z "$pid" ]]; then
        if [[ -n "$launcher" ]] && kill -0 "$launcher" 2>/dev/null; then
            kill "$launcher" 2>/dev/null || true
        fi
        rm -f "$PID_FILE" "$LAUNCHER_PID_FILE"
        log "not running on port ${ES_PORT}"
        return 0
    fi
    log "stopping Elasticsearch pid ${pid} (port ${ES_PORT})"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 60; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still alive after 30s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
    if [[ -n "$launcher" ]] && kill -0 "$launcher" 2>/dev/null; then
        kill -TERM "$launcher" 2>/dev/null || true
    fi
    rm -f "$PID_FILE" "$LAUNCHER_PID_FILE"
}

cmd_status() {
    if healthy; then
        echo "running ${URL}"
        return 0
    fi
    if node_pid >/dev/null; then
        echo "starting ${URL} (pid $(node_pid), not healthy yet)"
        return 1
    fi
    echo "stopped"
    return 1
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 start|stop|status   (env: ES_PORT=${ES_PORT}, ES_VERSION=${ES_VERSION})" >&2
        exit 2
        ;;
esac
