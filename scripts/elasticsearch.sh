#!/usr/bin/env bash
# Run a local single-node Elasticsearch 8 for development and CI.
#
#   scripts/elasticsearch.sh start    provision (cached under ~/.m2) and start; prints the URL
#   scripts/elasticsearch.sh stop     stop the node listening on ES_PORT
#   scripts/elasticsearch.sh status   print cluster health (exit 1 when not answering)
#   scripts/elasticsearch.sh restart
#
# The server is the integration-test zip that Elasticsearch publishes on Maven Central. It is the
# real server with the core modules only: BM25, dense_vector and kNN are there, but not the
# x-pack licensed features (no RRF retriever) and none of the optional modules (analysis-common,
# rest-root, painless, reindex, mapper-extras...). The two optional pieces the project relies on
# are added back by a small plugin built here against the unpacked jars: the `finnish` analyzer
# (Lucene's FinnishAnalyzer, registered as analysis-common does) and the root endpoint
# (GET / and HEAD /, which clients call for info() and ping()).
#
# Environment: ES_VERSION (default 8.19.21), ES_PORT (9200), ES_HEAP (1g), ES_USER (elastic),
# ES_VAR_DIR (default <repo>/var/elasticsearch), ES_JAVA_HOME (default: the machine's JDK 17),
# ES_START_TIMEOUT seconds (120).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ES_VERSION=${ES_VERSION:-8.19.21}
ES_PORT=${ES_PORT:-9200}
ES_HEAP=${ES_HEAP:-1g}
ES_USER=${ES_USER:-elastic}
ES_START_TIMEOUT=${ES_START_TIMEOUT:-120}
ES_VAR=${ES_VAR_DIR:-$ROOT/var/elasticsearch}
URL="http://127.0.0.1:$ES_PORT"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
M2_REPO=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
ZIP="$M2_REPO/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
CENTRAL="https://repo1.maven.org/maven2"
PLUGIN_NAME=zip-compat

log() { echo "elasticsearch: $*" >&2; }
die() {
    log "$*"
    exit 1
}

# Cluster health rather than "/", which a bare integration-test zip does not serve.
answering() { curl -fsS -m 2 "$URL/_cluster/health" >/dev/null 2>&1; }

set_paths() {
    ES_HOME="$ES_VAR/$ES_VERSION"
    ES_DATA="$ES_VAR/data/$ES_PORT"
    ES_LOGS="$ES_VAR/logs"
    ES_RUN="$ES_VAR/run"
    ES_TMP="$ES_VAR/tmp/$ES_PORT"
    PIDFILE="$ES_RUN/elasticsearch-$ES_PORT.pid"
    CLUSTER="marketplace-$ES_PORT"
}
set_paths

as_es_user() {
    # Elasticsearch refuses to run as root; a plain user runs it unchanged.
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    if ! id -u "$ES_USER" >/dev/null 2>&1; then
        log "creating system user $ES_USER"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$ES_USER"
    fi
    choose_var_dir
}

choose_var_dir() {
    # A checkout under a private home (/root is 0700) cannot be entered by the service user:
    # then the runtime tree lives in a shared place instead.
    [ "$(id -u)" -eq 0 ] && id -u "$ES_USER" >/dev/null 2>&1 || return 0
    local dir=$ES_VAR
    while [ ! -d "$dir" ]; do dir=$(dirname "$dir"); done
    runuser -u "$ES_USER" -- test -x "$dir" && return 0
    ES_VAR=/var/tmp/marketplace-elasticsearch
    log "$ES_USER cannot enter $dir; using $ES_VAR"
    set_paths
}

find_java_home() {
    if [ -n "${ES_JAVA_HOME:-}" ]; then
        echo "$ES_JAVA_HOME"
        return
    fi
    local candidate
    for candidate in /usr/lib/jvm/java-17-openjdk-* "${JAVA_HOME:-}"; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
            echo "$candidate"
            return
        fi
    done
    command -v java >/dev/null || die "no JDK found; install openjdk-17-jdk-headless or set ES_JAVA_HOME"
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
}

download() {
    [ -s "$ZIP" ] && return 0
    log "downloading $ARTIFACT"
    if command -v mvn >/dev/null; then
        local out
        if ! out=$(mvn -q -B -C dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false \
            -Dmaven.repo.local="$M2_REPO" 2>&1); then
            echo "$out" >&2
            die "mvn could not fetch $ARTIFACT"
        fi
    else
        # Same layout as Maven's local repository, so either route fills the same cache.
        local url="$CENTRAL/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION"
        url="$url/elasticsearch-$ES_VERSION.zip"
        mkdir -p "$(dirname "$ZIP")"
        curl -fsSL --retry 3 -o "$ZIP.part" "$url"
        curl -fsSL --retry 3 -o "$ZIP.sha1" "$url.sha1"
        echo "$(cut -c1-40 "$ZIP.sha1")  $ZIP.part" | sha1sum -c --quiet - ||
            die "checksum mismatch for $url"
        mv "$ZIP.part" "$ZIP"
    fi
    [ -s "$ZIP" ] || die "download of $ARTIFACT failed"
}

unpack() {
    [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
    command -v unzip >/dev/null || die "unzip is missing (apt-get install -y unzip)"
    log "unpacking into $ES_HOME"
    local tmp="$ES_VAR/.unpack.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    unzip -q "$ZIP" -d "$tmp"
    rm -rf "$ES_HOME"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$tmp"
}

write_plugin_source() {
    cat <<'JAVA'
package marketplace.elasticsearch;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.env.Environment;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/**
 * Two pieces of optional Elasticsearch modules that the integration-test zip leaves out: the
 * `finnish` analyzer of analysis-common, registered the same way, and the root endpoint
 * (GET and HEAD /) of rest-root, which clients call for info() and ping().
 */
public final class ZipCompatPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {
    private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("finnish", FinnishAnalyzerProvider::new);
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return List.of(
            new PreBuiltAnalyzerProviderFactory("finnish", CachingStrategy.LUCENE, FinnishAnalyzer::new)
        );
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoHandler(clusterService::get));
    }

    static final class FinnishAnalyzerProvider extends AbstractIndexAnalyzerProvider<FinnishAnalyzer> {
        private final FinnishAnalyzer analyzer;

        FinnishAnalyzerProvider(IndexSettings indexSettings, Environment env, String name, Settings settings) {
            super(name, settings);
            analyzer = new FinnishAnalyzer(
                Analysis.parseStopWords(env, settings, FinnishAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET)
            );
        }

        @Override
        public FinnishAnalyzer get() {
            return analyzer;
        }
    }

    /** The same body as Elasticsearch's own root endpoint; HEAD gets it without the body. */
    static final class RootInfoHandler extends BaseRestHandler {
        private final Supplier<ClusterService> clusterService;

        RootInfoHandler(Supplier<ClusterService> clusterService) {
            this.clusterService = clusterService;
        }

        @Override
        public String getName() {
            return "main_action";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            return channel -> {
                ClusterService cluster = clusterService.get();
                Build build = Build.current();
                XContentBuilder body = channel.newBuilder();
                body.startObject();
                body.field("name", cluster.getNodeName());
                body.field("cluster_name", cluster.getClusterName().value());
                body.field("cluster_uuid", cluster.state().metadata().clusterUUID());
                body.startObject("version");
                body.field("number", build.qualifiedVersion());
                body.field("build_flavor", build.flavor());
                body.field("build_type", build.type().displayName());
                body.field("build_hash", build.hash());
                body.field("build_date", build.date());
                body.field("build_snapshot", build.isSnapshot());
                body.field("lucene_version", org.apache.lucene.util.Version.LATEST.toString());
                body.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
                body.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
                body.endObject();
                body.field("tagline", "You Know, for Search");
                body.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, body));
            };
        }
    }
}
JAVA
}

install_compat_plugin() {
    # A full distribution has both modules, and registering their parts twice would fail.
    [ -d "$ES_HOME/modules/analysis-common" ] && return 0
    local dest="$ES_HOME/plugins/$PLUGIN_NAME" digest
    digest=$(write_plugin_source | sha1sum | cut -c1-40)
    [ "$(cat "$dest/source.sha1" 2>/dev/null)" = "$digest" ] && return 0
    log "building the $PLUGIN_NAME plugin"
    local java_home build src=marketplace/elasticsearch/ZipCompatPlugin.java
    java_home=$(find_java_home)
    build=$(mktemp -d)
    mkdir -p "$build/src/$(dirname "$src")" "$build/classes"
    write_plugin_source >"$build/src/$src"
    "$java_home/bin/javac" --release 17 -nowarn -cp "$ES_HOME/lib/*" -d "$build/classes" \
        "$build/src/$src"
    rm -rf "$dest"
    mkdir -p "$dest"
    "$java_home/bin/jar" --create --file "$dest/$PLUGIN_NAME.jar" -C "$build/classes" .
    cat >"$dest/plugin-descriptor.properties" <<EOF
description=finnish analyzer and root endpoint for the integration-test distribution
version=$ES_VERSION
name=$PLUGIN_NAME
classname=marketplace.elasticsearch.ZipCompatPlugin
java.version=17
elasticsearch.version=$ES_VERSION
EOF
    # Written last, so an interrupted build is redone on the next start.
    echo "$digest" >"$dest/source.sha1"
    rm -rf "$build"
}

print_log_tail() {
    local f
    for f in "$ES_LOGS/startup-$ES_PORT.log" "$ES_LOGS/$CLUSTER.log"; do
        if [ -s "$f" ]; then
            echo "----- tail of $f" >&2
            tail -n 40 "$f" >&2
        fi
    done
}

running_pid() {
    local pid
    [ -s "$PIDFILE" ] || return 1
    pid=$(cat "$PIDFILE")
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

wait_for_health() {
    local deadline=$1 health
    while [ "$(date +%s)" -lt "$deadline" ]; do
        health=$(curl -fsS -m 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=2s" \
            2>/dev/null || true)
        case "$health" in
            *'"status":"green"'* | *'"status":"yellow"'*) return 0 ;;
        esac
        if ! running_pid >/dev/null && ! answering; then
            return 1
        fi
        sleep 1
    done
    return 1
}

cmd_start() {
    if answering; then
        log "already running"
        echo "$URL"
        return 0
    fi
    local t0 java_home
    t0=$(date +%s)
    # Only the URL goes to stdout: callers capture it.
    {
        ensure_user
        download
        unpack
        install_compat_plugin
    } >&2
    java_home=$(find_java_home)
    rm -rf "$ES_TMP"
    mkdir -p "$ES_DATA" "$ES_LOGS" "$ES_RUN" "$ES_TMP"
    rm -f "$PIDFILE"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R "$ES_USER:" "$ES_HOME" "$ES_DATA" "$ES_LOGS" "$ES_RUN" "$ES_TMP"
    fi
    log "starting $ES_VERSION on $URL (java: $java_home)"
    # The timeout covers the server alone: a first download must not eat into it.
    local deadline=$(($(date +%s) + ES_START_TIMEOUT))
    # Loopback-only single-node discovery keeps the node in development mode, so the production
    # bootstrap checks (vm.max_map_count, file descriptors...) only warn. The disk threshold is
    # off because a developer's disk is often fuller than Elasticsearch's 85% default allows.
    # Merges likewise wait while less than 5% of the disk is free (8.19: a force merge then
    # hangs until space appears); on a big, mostly full disk that is gigabytes, so they only
    # wait once less than 1 GB is free.
    if ! as_es_user env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
        ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" ES_TMPDIR="$ES_TMP" \
        timeout "$ES_START_TIMEOUT" "$ES_HOME/bin/elasticsearch" -d -p "$PIDFILE" \
        -E cluster.name="$CLUSTER" \
        -E node.name="node-$ES_PORT" \
        -E discovery.type=single-node \
        -E network.host=127.0.0.1 \
        -E http.port="$ES_PORT" \
        -E path.data="$ES_DATA" \
        -E path.logs="$ES_LOGS" \
        -E xpack.security.enabled=false \
        -E cluster.routing.allocation.disk.threshold_enabled=false \
        -E indices.merge.disk.watermark.high=1gb \
        -E action.destructive_requires_name=false \
        >"$ES_LOGS/startup-$ES_PORT.log" 2>&1; then
        log "failed to start"
        print_log_tail
        exit 1
    fi
    if ! wait_for_health "$deadline"; then
        log "not healthy within ${ES_START_TIMEOUT}s"
        print_log_tail
        cmd_stop || true
        exit 1
    fi
    log "ready in $(($(date +%s) - t0))s (pid $(running_pid || echo '?'))"
    echo "$URL"
}

cmd_stop() {
    local pid
    if ! pid=$(running_pid); then
        # Started from another runtime tree, or the pid file is gone: ask the node itself.
        pid=$(curl -fsS -m 2 "$URL/_nodes/_local/process?filter_path=nodes.*.process.id" \
            2>/dev/null | grep -o '"id":[0-9]*' | cut -d: -f2 || true)
        if [ -z "$pid" ]; then
            log "not running"
            return 0
        fi
    fi
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still alive after 60s; killing"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
    log "stopped"
}

cmd_status() {
    if ! answering; then
        echo "elasticsearch: not running on $URL"
        return 1
    fi
    curl -fsS "$URL/_cluster/health?pretty"
}

choose_var_dir

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    restart)
        cmd_stop
        cmd_start
        ;;
    *)
        echo "usage: $0 {start|stop|status|restart}" >&2
        exit 2
        ;;
esac
