#!/usr/bin/env bash
# Run the machine's PostgreSQL for development and CI, with the project's role and databases.
#
#   scripts/postgres.sh start    start the cluster, create role and databases; prints the test URL
#   scripts/postgres.sh stop     stop the cluster
#   scripts/postgres.sh status   exit 0 when the server accepts connections
#
# Environment: PG_VERSION (15), PG_CLUSTER (main), PG_PORT (5432). Needs root (or the postgres
# user) and Debian's postgresql-common; installs postgresql-$PG_VERSION when it is missing.
set -euo pipefail

PG_VERSION=${PG_VERSION:-15}
PG_CLUSTER=${PG_CLUSTER:-main}
PG_PORT=${PG_PORT:-5432}
ROLE=marketplace
PASSWORD=marketplace
DATABASES=(marketplace marketplace_test)

log() { echo "postgres: $*" >&2; }
die() {
    log "$*"
    exit 1
}

as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    else
        runuser -u postgres -- "$@"
    fi
}

psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres "$@"; }

ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }

ensure_installed() {
    [ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] && command -v pg_ctlcluster >/dev/null &&
        return 0
    [ "$(id -u)" -eq 0 ] || die "postgresql-$PG_VERSION is not installed and this is not root"
    log "installing postgresql-$PG_VERSION"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" >/dev/null
}

ensure_cluster() {
    if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c' |
        grep -q .; then
        log "creating cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
        pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >&2
    fi
}

ensure_role_and_databases() {
    # psql variables are quoted by psql itself (:'name'), so the values are never spliced
    # into SQL text by the shell.
    psql_admin -v role="$ROLE" -v password="$PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password') \gexec
SQL
    local db
    for db in "${DATABASES[@]}"; do
        psql_admin -v role="$ROLE" -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'role') \gexec
SQL
    done
}

cmd_start() {
    ensure_installed >&2
    ensure_cluster
    if ! ready; then
        log "starting cluster $PG_VERSION/$PG_CLUSTER"
        # Its messages ("Removed stale pid file.") go to stderr: stdout carries only the URL.
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
        for _ in $(seq 1 30); do
            ready && break
            sleep 1
        done
        ready || die "not accepting connections on port $PG_PORT after 30s"
    fi
    ensure_role_and_databases >&2
    echo "postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PG_PORT/marketplace_test"
}

cmd_stop() {
    if pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" \
        '$1 == v && $2 == c && $4 == "online"' | grep -q .; then
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
        log "stopped"
    else
        log "not running"
    fi
}

cmd_status() {
    if ready; then
        echo "postgres: accepting connections on 127.0.0.1:$PG_PORT"
    else
        echo "postgres: not running on 127.0.0.1:$PG_PORT"
        return 1
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 {start|stop|status}" >&2
        exit 2
        ;;
esac
