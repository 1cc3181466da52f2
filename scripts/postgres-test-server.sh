#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the data-layer tests and prints its URL.
#   scripts/postgres-test-server.sh start   -> prints postgres://... on stdout (nothing if unavailable)
#   scripts/postgres-test-server.sh stop
# Uses Debian's PostgreSQL binaries on a private data folder and port, so it never touches a
# real cluster. As root it runs the server as the `postgres` user (initdb refuses root).
set -euo pipefail
dir="${SHEGONG_PG_DIR:-/tmp/shegong-pg-test}"
port="${SHEGONG_PG_PORT:-54329}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "no PostgreSQL binaries found" >&2; exit 0; }
    if [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port/postgres"; exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -n "$bin" ] && [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
